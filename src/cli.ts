/**
 * sbk's entry point: process-level concerns (closed pipes, Ctrl-C), then the command line
 * (src/program.ts) with the real terminal. A plain one-shot search (`sbk 卡丢了怎么办`) loads only
 * the declarations, the reader and the search: no help, table or prompt code.
 */
import { writeSync } from 'node:fs';
import { EXIT } from './errors.js';
import { flushStdio, outputFailure, processTerminal, stdoutClosedAtStart, watchStdio } from './io.js';
import { runArgs } from './program.js';

function failOutput(e: NodeJS.ErrnoException): never {
  try {
    writeSync(2, outputFailure(e));
  } catch {
    // stderr failed too: the exit code is all that is left.
  }
  process.exit(EXIT.usage);
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // Output into a closed pipe (`sbk outlets | head -1`) ends quietly. Any other failure to write (a full
  // disk) loses results: say so, and exit 2 rather than 1, which would claim "nothing found".
  // The module object without a namespace import (which the bundle would turn into a copy of every export).
  if (stdoutClosedAtStart(process.getBuiltinModule('node:fs'))) failOutput({ code: 'EBADF' } as NodeJS.ErrnoException);
  watchStdio((e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    failOutput(e);
  });
  process.on('SIGINT', () => process.exit(EXIT.interrupted));
  process.exitCode = await runArgs(argv.slice(2), processTerminal);
  // Leave as soon as everything is written: left to itself, Node would first wait for the JIT's background
  // compilations of hot search loops, which a one-shot run never uses (~10-20 ms).
  await flushStdio();
  process.exit();
}

void main();
