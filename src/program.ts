/**
 * Runs a command line: reads it with the declarations (src/commandline.ts), decides the mode (one
 * search, batch search of stdin lines, the session mode, help), loads the command's module and runs
 * it with a Context, renders what it returns (src/render/formats.ts) and turns any error into its
 * message and exit code (src/errors.ts). Used by cli.ts and by the in-process tests, which pass a fake
 * Terminal; the session mode runs its commands with `execute` (src/commandline.ts).
 */
import { answerWithoutCommand, COMMAND_NAMES, execute, flagGlobals, parseCommandLine, programOptionsEnd, searchMode, type CommandLine } from './commandline.js';
import { reportError } from './errors.js';
import { makeContext } from './context.js';
import type { Terminal, TerminalOptions } from './io.js';

type TerminalFactory = (opts: TerminalOptions) => Terminal;


/** `sbk` alone on a terminal is the session mode (src/commandline.ts `searchMode` decides). */
function chooseMode(argv: readonly string[], line: CommandLine, term: Pick<Terminal, 'stdinIsTTY' | 'stdoutIsTTY'>): CommandLine {
  // Only a command line empty but for program options (`sbk`, `sbk --notes`, `sbk --data-dir D`) can be
  // the session: any other never asks about stdin (fstat, maybe node:tty).
  if (programOptionsEnd(argv) < argv.length || searchMode([], [], term) !== 'session') return line;
  return parseCommandLine([...argv, 'repl']);
}

/** Run one command line (without `node sbk`) and give its exit code; errors are reported on the terminal's stderr. */
export async function runArgs(argv: readonly string[], terminal: TerminalFactory): Promise<number> {
  let read: CommandLine | undefined;
  let unreadable: unknown;
  try {
    read = parseCommandLine(argv);
  } catch (e) {
    unreadable = e;
  }
  // The terminal as the program options ask (a command line that cannot be read is reported on it too).
  const globals = read?.kind === 'run' ? read.globals : flagGlobals(argv);
  const term = terminal({ noColor: globals.color === false, noPager: globals.pager === false });
  if (!read) return reportError(unreadable, term.err);
  try {
    const line = chooseMode(argv, read, term);
    if (line.kind !== 'run') return await answerWithoutCommand(line, term);
    const ctx = await makeContext(line.globals, term);
    return await execute(line, ctx);
  } catch (e) {
    return reportError(e, term.err);
  }
}

/** Every command name (a first word that is one of these is a command, not a query). */
export function commandNames(): readonly string[] {
  return COMMAND_NAMES;
}

