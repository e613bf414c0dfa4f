/**
 * What a line typed in the session mode asks for. Pure: no terminal, no knowledge base; which words
 * are commands and whether a bare `tree lost-card` fits its command come from `Commands` (src/repl/options.ts
 * derives them from the command line's own declarations).
 *
 * A Chinese IME types full-width forms (`：q`, `３`, `－－limit`, `——limit`): the syntax is read after
 * NFKC normalization, so they mean what their ASCII forms mean.
 */
import { closest } from '../suggest.js';
import { isPhoneNumber } from '../lookup/phones.js';

export type Action =
  | { kind: 'empty' }
  | { kind: 'exit' }
  | { kind: 'help'; topic?: string }
  /** A result of the last search, by its number (1-based). */
  | { kind: 'open'; n: number }
  /** A bare phone number: whose is it (`phones`). */
  | { kind: 'phone'; number: string }
  | { kind: 'more' }
  | { kind: 'copy'; what: string }
  | { kind: 'live'; query: string }
  | { kind: 'mark'; mark: 'good' | 'bad'; reason?: string }
  /** A command of the command line, with its arguments (`:outlets 章丘`, or `tree lost-card`). */
  | { kind: 'command'; name: string; argv: string[] }
  | { kind: 'unknown'; name: string; suggestion?: string }
  /** A query, with any options typed after it still among the words. */
  | { kind: 'search'; words: string[] };

export interface Commands {
  /** The commands of the command line (`tree`, `outlets` …). */
  names: readonly string[];
  /** Whether `name args…` reads as that command (known options, the right number of arguments, a real id). */
  fits(name: string, args: string[]): boolean;
}

/** What the session itself understands after a colon, besides the command line's commands. */
export const SESSION_WORDS = ['help', 'more', 'copy', 'live', 'good', 'bad', 'search', 'q'] as const;

const EXIT_WORDS = new Set(['exit', 'quit', '退出', ':q', ':quit', ':exit', ':退出']);
const ALIASES: Record<string, string> = { h: 'help', '?': 'help', quit: 'q', exit: 'q', 退出: 'q', y: 'copy' };

/** The line as the syntax reads it: full-width forms made ASCII, an IME's —— (for --) made --. */
export function normalizeLine(raw: string): string {
  return raw.normalize('NFKC').replace(/(^|\s)[—–]{1,2}(?=[A-Za-z])/g, '$1--');
}

/** Split a line on spaces, keeping "quoted parts" together. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** At most 3 digits: a result number; 4 or more: a phone number, by the lookup's own rule (lookup/phones.ts). */
const RESULT_NUMBER = /^\d{1,3}$/;

export function parseLine(raw: string, commands: Commands): Action {
  const line = normalizeLine(raw).trim();
  if (!line) return { kind: 'empty' };
  if (EXIT_WORDS.has(line.toLowerCase())) return { kind: 'exit' };
  if (line === '?') return { kind: 'help' };
  if (RESULT_NUMBER.test(line)) return { kind: 'open', n: Number(line) };
  if (isPhoneNumber(line)) return { kind: 'phone', number: line.replace(/[\s-]/g, '') };
  if (line.toLowerCase() === 'y') return { kind: 'copy', what: '' };

  if (line.startsWith(':')) {
    const m = /^:\s*(\S+)\s*(.*)$/.exec(line);
    if (!m) return { kind: 'help' };
    const word = m[1]!.toLowerCase();
    const rest = m[2]!;
    const name = ALIASES[word] ?? word;
    switch (name) {
      case 'q':
        return { kind: 'exit' };
      case 'help':
        return rest ? { kind: 'help', topic: splitArgs(rest)[0]!.replace(/^:/, '') } : { kind: 'help' };
      case 'more':
        return { kind: 'more' };
      case 'copy':
        return { kind: 'copy', what: rest.trim() };
      case 'live':
        return { kind: 'live', query: rest.trim() };
      case 'good':
      case 'bad':
        return { kind: 'mark', mark: name, ...(rest.trim() ? { reason: rest.trim() } : {}) };
      case 'search':
        return rest.trim() ? { kind: 'search', words: splitArgs(rest) } : { kind: 'live', query: '' };
    }
    if (commands.names.includes(name)) return { kind: 'command', name, argv: splitArgs(rest) };
    const suggestion = closest(word, [...commands.names, ...SESSION_WORDS.filter((w) => w !== 'q')], 0.34);
    return { kind: 'unknown', name: word, ...(suggestion ? { suggestion } : {}) };
  }

  // `tree lost-card`, `help tree`, `outlets 章丘` without the colon: the command, when the words fit it.
  const words = splitArgs(line);
  const first = words[0]!.toLowerCase();
  const rest = words.slice(1);
  if (first === 'help' && (rest.length === 0 || (rest.length === 1 && commands.names.includes(rest[0]!.toLowerCase())))) {
    return rest.length ? { kind: 'help', topic: rest[0]!.toLowerCase() } : { kind: 'help' };
  }
  if (first === 'search' && rest.length) return { kind: 'search', words: rest };
  if (commands.names.includes(first) && first !== 'search' && commands.fits(first, rest)) {
    return { kind: 'command', name: first, argv: rest };
  }
  return { kind: 'search', words };
}
