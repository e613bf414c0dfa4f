/**
 * sbk's entry point: process-level concerns (closed pipes, Ctrl-C, the session mode default), then
 * either the quick path for a plain one-shot search (quick.ts) or the full command line (program.ts),
 * with every error turned into a message and an exit code.
 */
import * as fs from 'node:fs';
import { EXIT } from './errors.js';
import { outputFailure, stdoutClosedAtStart } from './io.js';
import { quickSearch } from './quick.js';

function failOutput(e: NodeJS.ErrnoException): never {
  try {
    fs.writeSync(2, outputFailure(e));
  } catch {
    // stderr failed too: the exit code is all that is left.
  }
  process.exit(EXIT.usage);
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // Output into a closed pipe (`sbk outlets | head -1`) ends quietly. Any other failure to write (a full
  // disk) loses results: say so, and exit 2 rather than 1, which would claim "nothing found".
  if (stdoutClosedAtStart(fs)) failOutput({ code: 'EBADF' } as NodeJS.ErrnoException);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      failOutput(e);
    });
  }
  process.on('SIGINT', () => process.exit(EXIT.interrupted));

  const args = argv.slice(2);
  try {
    const quick = quickSearch(args);
    if (quick) {
      const [{ makeContext }, search] = await Promise.all([import('./context.js'), import('./commands/search.js')]);
      process.exitCode = await search.run(await makeContext(quick.globals), quick.query, quick.opts);
    } else {
      // `sbk` alone on a terminal starts the session mode; on a pipe it answers each line (batch search).
      if (args.length === 0 && process.stdin.isTTY && process.stdout.isTTY) argv = [...argv, 'repl'];
      const { buildProgram } = await import('./program.js');
      await buildProgram().parseAsync(argv);
    }
  } catch (e) {
    process.exitCode = (await import('./program.js')).reportError(e);
  }
  // Leave as soon as everything is written: left to itself, Node would first wait for the JIT's background
  // compilations of hot search loops, which a one-shot run never uses (~10-20 ms).
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise((done) => s.write('', done))));
  process.exit();
}

void main();
