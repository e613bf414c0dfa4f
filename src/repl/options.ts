/**
 * The session reads options with the command line's own declarations, never a copy of them.
 *
 * Adapter, until issue 13A's one option declaration per command lands: the declarations are
 * commander's (src/program.ts). A query's options (`卡丢了 --limit 8`) are read by the `search`
 * command's declaration; whether `tree lost-card` typed without a colon reads as that command is
 * checked against its declared options and arguments. Each call builds a fresh program (commander
 * keeps parsed values on the command), about a millisecond.
 */
import type { Command } from 'commander';
import { buildProgram } from '../program.js';
import type { SearchOptions } from '../commands/search.js';
import type { Commands } from './parse.js';

function command(name: string): Command | undefined {
  return buildProgram().commands.find((c) => c.name() === name);
}

/** The command line's command names (what `:name` may run), except the session mode itself. */
export function commandNames(): string[] {
  return buildProgram()
    .commands.map((c) => c.name())
    .filter((n) => n !== 'repl');
}

/**
 * A query's words and the search options typed among them, read as `sbk search` reads them.
 * Throws commander's error (unknown option, missing value) or the option's own SbkError (bad --limit).
 */
export function searchArgs(words: string[]): { query: string[]; opts: SearchOptions } {
  const cmd = command('search')!;
  const { operands, unknown } = cmd.parseOptions(words);
  // commander's own error for it (translated by reportError like every other).
  if (unknown.length) (cmd as unknown as { unknownOption(flag: string): never }).unknownOption(unknown[0]!);
  const o = cmd.opts<{ limit: number; json?: boolean; explain?: boolean }>();
  const opts: SearchOptions = { limit: o.limit, numbered: true };
  if (o.json) opts.json = true;
  if (o.explain) opts.explain = true;
  return { query: operands, opts };
}

/** The ids an argument must be one of for a bare command to count (`tree lost-card`, `show lost-card`). */
export interface KnownIds {
  trees: () => readonly string[];
  entries: () => readonly string[];
}

/** `Commands` for parseLine: the declared names, and whether words fit a command's declaration. */
export function declaredCommands(ids: KnownIds): Commands {
  const names = commandNames();
  return {
    names,
    fits(name, args) {
      const cmd = command(name);
      if (!cmd || cmd.commands.length) return false; // `source`, `config`: only with their subcommand, after a colon
      let parsed;
      try {
        parsed = cmd.parseOptions(args);
      } catch {
        return false;
      }
      if (parsed.unknown.length) return false;
      const operands = parsed.operands;
      const declared = cmd.registeredArguments;
      const required = declared.filter((a) => a.required).length;
      const variadic = declared.some((a) => a.variadic);
      if (operands.length < required || (!variadic && operands.length > declared.length)) return false;
      if (name === 'tree' && operands[0] !== undefined) return ids.trees().includes(operands[0]);
      if (name === 'show') return ids.entries().includes(operands[0]!);
      if (name === 'completion') return operands[0] === 'bash' || operands[0] === 'zsh';
      return true;
    },
  };
}

/** A command's long options (`--limit`, `--bank` …), as declared, for Tab completion. */
export function optionFlags(name: string): string[] {
  return (command(name)?.options ?? []).map((o) => o.long).filter((l): l is string => Boolean(l));
}
