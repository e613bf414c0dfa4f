/**
 * sbk's entry point: process-level concerns (closed pipes, Ctrl-C, the session mode default), then the
 * command line from program.ts, with every error turned into a message and an exit code.
 */
import { buildProgram, reportError } from './program.js';
import { EXIT } from './errors.js';

export async function main(argv: string[] = process.argv): Promise<void> {
  // Output into a closed pipe (`sbk outlets | head -1`) ends quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.on('SIGINT', () => process.exit(EXIT.interrupted));

  const program = buildProgram();
  const args = argv.slice(2);
  // `sbk` alone on a terminal starts the session mode; on a pipe it answers each line (batch search).
  if (args.length === 0 && process.stdin.isTTY && process.stdout.isTTY) argv = [...argv, 'repl'];
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}


await main();
