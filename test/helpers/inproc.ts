/**
 * Run sbk in this process with a fake terminal, as the GitHub CLI tests its commands: the same
 * command line reader, commands and reporters as bin/sbk.js, but stdout, stderr and stdin are strings
 * and whether they are terminals is chosen by the test. Much faster than a process per case; the
 * process-level edges (closed pipes, signals, start-up, the real pty) keep real-process tests.
 */
import { Readable } from 'node:stream';
import { vi } from 'vitest';
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

export interface FreshOptions extends FakeOptions {
  /**
   * process.env for the run (XDG_CACHE_HOME, TMPDIR…: what sbk reads from the environment itself, not
   * through the terminal); a value undefined unsets it. Restored after the run.
   */
  processEnv?: Record<string, string | undefined>;
  /** Where sbk is installed (its dist/cache), as for a copy's bin/sbk.js: the package root it finds. */
  installedAt?: string;
}

/**
 * `sbk <args>` in-process as a new process runs it: sbk's modules are loaded anew, so nothing opened
 * by an earlier run (the knowledge base, the caches found) is kept, and every cache is found and read
 * from disk again. The modules of node_modules (yaml, zod, pinyin) stay loaded: a run here costs the
 * work sbk does, not Node's start-up.
 */
export async function sbkFresh(args: string[], opts: FreshOptions = {}): Promise<Run> {
  vi.resetModules();
  if (opts.installedAt) {
    const root = opts.installedAt;
    vi.doMock('../../src/paths.js', () => ({ packageRoot: () => root }));
  } else vi.doUnmock('../../src/paths.js');
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(opts.processEnv ?? {})) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const program = (await import('../../src/program.js')) as typeof import('../../src/program.js');
    const sink: { stdout: string; stderr: string; paged?: boolean } = { stdout: '', stderr: '' };
    const code = await program.runArgs(args, fakeTerminal(opts, sink));
    return { code, ...sink };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    // Test files share a worker's modules (vitest.config.ts isolate: false): leave no mock and none of
    // this run's module instances behind for the next file.
    if (opts.installedAt) vi.doUnmock('../../src/paths.js');
    vi.resetModules();
  }
}
