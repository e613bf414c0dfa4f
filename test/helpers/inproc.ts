/**
 * Run sbk in this process with a fake terminal, as the GitHub CLI tests its commands: the same
 * command line reader, commands and reporters as bin/sbk.js, but stdout, stderr and stdin are strings
 * and whether they are terminals is chosen by the test. Much faster than a process per case; the
 * process-level edges (closed pipes, signals, start-up, the real pty) keep real-process tests.
 */
import { Readable } from 'node:stream';
import { runArgs } from '../../src/program.js';
import { colorWanted, pagerFor, type Terminal, type TerminalOptions } from '../../src/io.js';

export interface FakeOptions {
  /** stdout and stdin are terminals (default: both pipes). */
  tty?: boolean;
  /** Only stdin a terminal (stdout a pipe). */
  stdinTTY?: boolean;
  input?: string;
  width?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** A result went to the pager (decided as io.ts decides; the fake writes it to stdout all the same). */
  paged?: boolean;
}

export function fakeTerminal(opts: FakeOptions, sink: { stdout: string; stderr: string; paged?: boolean }): (o: TerminalOptions) => Terminal {
  return (o) => {
    const tty = Boolean(opts.tty);
    const env = { ...opts.env } as NodeJS.ProcessEnv;
    const width = opts.width ?? 80;
    const rows = opts.rows ?? 24;
    return {
      out: (t) => void (sink.stdout += t),
      rows,
      page: async (t) => {
        if (pagerFor(t, { stdoutIsTTY: tty, width, rows, noPager: o.noPager }, { ...env, SBK_PAGER: env.SBK_PAGER ?? 'less' })) sink.paged = true;
        sink.stdout += t;
      },
      err: (t) => void (sink.stderr += t),
      drain: () => Promise.resolve(),
      color: colorWanted(o, env, tty),
      width: opts.width ?? 80,
      stdoutIsTTY: tty,
      stdinIsTTY: tty || Boolean(opts.stdinTTY),
      input: Readable.from([Buffer.from(opts.input ?? '')]) as unknown as NodeJS.ReadStream,
      prompts: { write: (t: string) => void (sink.stderr += t), rows: 24, columns: opts.width ?? 80 } as unknown as NodeJS.WriteStream,
    } as Terminal;
  };
}

/** `sbk <args>` in-process: its exit code and what it wrote. */
export async function sbk(args: string[], opts: FakeOptions = {}): Promise<Run> {
  const sink: { stdout: string; stderr: string; paged?: boolean } = { stdout: '', stderr: '' };
  const code = await runArgs(args, fakeTerminal(opts, sink));
  return { code, ...sink };
}
