/**
 * The session reads options with the command line's own declarations (src/commandline.ts), never a
 * copy of them. A query's options (`卡丢了 --limit 8`) are read by the `search` command's declaration;
 * whether `tree lost-card` typed without a colon reads as that command is checked against its declared
 * options and arguments by the same reader the command line uses.
 */
import { COMMAND_NAMES, commandSpec, parseCommandArgs } from '../commandline.js';
import type { SearchOptions } from '../commands/search.js';
import type { Commands } from './parse.js';

/** The command line's command names (what `:name` may run), except the session mode itself. */
export function commandNames(): string[] {
  return COMMAND_NAMES.filter((n) => !commandSpec(n)?.noSession);
}

/**
 * A query's words and the search options typed among them, read as `sbk search` reads them.
 * Throws the reader's SbkError (unknown option, missing value, bad --limit).
 */
export function searchArgs(words: string[]): { query: string[]; opts: SearchOptions } {
  const line = parseCommandArgs('search', words);
  if (line.kind !== 'run') return { query: words, opts: { limit: 5, numbered: true } };
  const o = line.opts as { limit: number; json?: boolean; explain?: boolean };
  const opts: SearchOptions = { limit: o.limit, numbered: true };
  if (o.json) opts.json = true;
  if (o.explain) opts.explain = true;
  return { query: line.args[0] as string[], opts };
}

/** The ids an argument must be one of for a bare command to count (`tree lost-card`, `show lost-card`). */
interface KnownIds {
  trees: () => readonly string[];
  entries: () => readonly string[];
}

/** `Commands` for parseLine: the declared names, and whether words fit a command's declaration. */
export function declaredCommands(ids: KnownIds): Commands {
  const names = commandNames();
  return {
    names,
    fits(name, args) {
      const spec = commandSpec(name);
      if (!spec || spec.subcommands) return false; // `source`, `config`: only with their subcommand, after a colon
      let line;
      try {
        line = parseCommandArgs(name, args);
      } catch {
        return false;
      }
      if (line.kind !== 'run') return false;
      const first = line.args[0];
      if (name === 'tree' && first !== undefined) return ids.trees().includes(first as string);
      if (name === 'show') return ids.entries().includes(first as string);
      if (name === 'completion') return first === 'bash' || first === 'zsh';
      return true;
    },
  };
}

/** A command's long options (`--limit`, `--bank` …), as declared, for Tab completion. */
export function optionFlags(name: string): string[] {
  return (commandSpec(name)?.options ?? []).map((o) => `--${o.long}`);
}
