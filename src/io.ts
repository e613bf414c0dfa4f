/**
 * The only module that knows about the terminal: is stdout a TTY, may we use colour, how wide and tall
 * is it, may we prompt, and whether a result goes through a pager. Commands receive a `Terminal` and
 * never look at process.* themselves.
 *
 * One-shot output is written with fs.writeSync to fds 1 and 2, and a terminal is recognised without
 * node:tty where fstat already says "pipe" or "file": creating process.stdout/stderr/stdin (or loading
 * node:tty, which needs node:net) loads some 30 of Node's stream modules, measured at about 3 ms of a
 * one-shot search that takes 40. The streams are still used once something else has made them (the
 * session, a prompt), so that everything written to a fd goes one way, in order.
 */
import { fstatSync, writeSync } from 'node:fs';
import { SbkError, EXIT } from './errors.js';
import { displayWidth } from './render/width.js';
import { lazyRequire } from './lazy.js';

/**
 * Whether `fd` is a terminal (as tty.isatty). Only a character device can be one: a pipe or a file is
 * answered from fstat alone, and node:tty is asked only about a character device (a terminal, /dev/null).
 */
export function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return lazyRequire<typeof import('node:tty')>('node:tty').isatty(fd);
}

type OutFd = 1 | 2;
const STREAM_NAME = { 1: 'stdout', 2: 'stderr' } as const;
/** process.stdout / process.stderr once they exist (made by sbk or by anyone else: see watchStdio). */
const made: { 1?: NodeJS.WriteStream; 2?: NodeJS.WriteStream } = {};
let onWriteError: (e: NodeJS.ErrnoException) => void = (e) => {
  throw e;
};

/**
 * Calls `onError` for a failed write to stdout or stderr, however it was written: directly (writeSync
 * throws) or through process.stdout/stderr, whenever and by whom those streams are created (their
 * getters are wrapped, so that creating them stays lazy).
 */
export function watchStdio(onError: (e: NodeJS.ErrnoException) => void): void {
  onWriteError = onError;
  for (const fd of [1, 2] as const) {
    const name = STREAM_NAME[fd];
    const desc = Object.getOwnPropertyDescriptor(process, name);
    const hook = (s: NodeJS.WriteStream) => {
      made[fd] = s;
      s.on('error', onError);
      return s;
    };
    if (!desc?.get || !desc.configurable) {
      hook(process[name]);
      continue;
    }
    const create = desc.get;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: desc.enumerable,
      get: () => made[fd] ?? hook(create.call(process) as NodeJS.WriteStream),
    });
  }
}

/** Resolves when whatever went through process.stdout/stderr has been handed to the system. */
export function flushStdio(): Promise<void> {
  return Promise.all(Object.values(made).map((s) => new Promise<void>((done) => s.write('', () => done())))).then(() => {});
}

/**
 * Write all of `text` to fd 1 or 2: directly while no stream for it exists; through the stream when one
 * does (the session's), or once the fd would block (a non-blocking pipe handed over by the parent).
 */
function writeOut(fd: OutFd, text: string): void {
  const stream = made[fd];
  if (stream) {
    stream.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        // From here on through the stream (made[fd], even where watchStdio was not called), in order.
        const s = process[STREAM_NAME[fd]];
        made[fd] ??= s;
        s.write(bytes.subarray(done));
        return;
      }
      onWriteError(e as NodeJS.ErrnoException);
      return;
    }
  }
}

function isDirectory(fd: number): boolean {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
}
let restoring = false;

/**
 * Killed (SIGTERM, SIGHUP) while a prompt or the line editor holds the terminal: give the terminal back
 * as it was found (line mode, echo, the cursor shown) before leaving, with the usual 128 + signal code.
 */
function restoreTerminalOnKill(input: NodeJS.ReadStream): void {
  if (restoring || !input.isTTY) return;
  restoring = true;
  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      try {
        input.setRawMode(false);
      } catch {
        // The terminal is gone (a hang-up): nothing to restore.
      }
      try {
        if (isTerminal(2)) writeSync(2, '\x1b[?25h\n');
      } catch {
        // As above.
      }
      process.exit(code);
    });
  }
}

export interface Terminal {
  /** Results go here (stdout). */
  out: (text: string) => void;
  /** Prompts, progress and diagnostics go here (stderr). */
  err: (text: string) => void;
  /** Resolves once stdout has taken what was written (a long batch waits here instead of buffering output). */
  drain: () => Promise<void>;
  color: boolean;
  /** Columns available for wrapping results. */
  width: number;
  /** Rows of the terminal stdout is (24 when it is not one). */
  rows: number;
  /**
   * Write a whole result to stdout: through the pager when paging is on (see `pagerFor`) and the text is
   * taller than the terminal, else as `out` does. Resolves when the pager has exited.
   */
  page: (text: string) => Promise<void>;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** What the user types or a script pipes in (stdin). */
  readonly input: NodeJS.ReadStream;
  /** Where prompts and the line editor draw (stderr), so stdout carries results only. */
  readonly prompts: NodeJS.WriteStream;
}

export interface TerminalOptions {
  /** `--no-color` given. */
  noColor?: boolean;
  /** `--no-pager` given. */
  noPager?: boolean;
}

/** The pager git would use, by the same rules: SBK_PAGER, else PAGER, else `less -FRX`; empty or `cat` means none. */
export function pagerCommand(env: NodeJS.ProcessEnv): string | undefined {
  const cmd = (env.SBK_PAGER ?? env.PAGER ?? 'less -FRX').trim();
  return cmd === '' || cmd === 'cat' ? undefined : cmd;
}

/**
 * Whether a result is paged: only when stdout is a terminal (never on a pipe or into a file), not with
 * --no-pager or TERM=dumb, a pager is set, and the text needs as many rows as the terminal has or more
 * (the shell prompt after it takes one; counted in display columns, so a long Chinese line that the
 * terminal wraps counts as the rows it takes).
 */
export function pagerFor(text: string, t: { stdoutIsTTY: boolean; width: number; rows: number; noPager?: boolean }, env: NodeJS.ProcessEnv): string | undefined {
  if (!t.stdoutIsTTY || t.noPager || env.TERM === 'dumb') return undefined;
  const cmd = pagerCommand(env);
  if (!cmd) return undefined;
  // The shell prompt after the result takes a row: a result as tall as the terminal would lose its first row.
  return rowsNeeded(text, t.width) >= t.rows ? cmd : undefined;
}

/** Terminal rows `text` takes at `width` columns (a line wider than the terminal takes several). */
export function rowsNeeded(text: string, width: number): number {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  let rows = 0;
  for (const l of lines) rows += Math.max(1, Math.ceil(displayWidth(l) / width));
  return rows;
}

/**
 * Run `cmd` through the shell with `text` on its stdin and the terminal as its stdout, as git runs its
 * pager (LESS=FRX and LV=-c unless set). Ctrl-C belongs to the pager while it runs. A pager that cannot be
 * started leaves the text to be written directly (false).
 */
async function runPager(cmd: string, text: string): Promise<boolean> {
  const { spawn } = lazyRequire<typeof import('node:child_process')>('node:child_process');
  const env = { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' };
  const sigint = process.listeners('SIGINT');
  process.removeAllListeners('SIGINT');
  const ignore = () => {};
  process.on('SIGINT', ignore);
  try {
    return await new Promise<boolean>((resolve) => {
      let child;
      try {
        child = spawn(cmd, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env });
      } catch {
        return resolve(false);
      }
      child.on('error', () => resolve(false));
      // Quitting the pager before it read everything closes its stdin: not an error.
      child.stdin.on('error', () => {});
      child.on('exit', (code) => resolve(code !== 127 && code !== 126));
      child.stdin.end(text);
    });
  } finally {
    process.removeListener('SIGINT', ignore);
    for (const l of sigint) process.on('SIGINT', l as () => void);
  }
}

/** Colour only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR=1+ forces it on (tests). */
export function colorWanted(opts: TerminalOptions, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (opts.noColor) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stdoutIsTTY && env.TERM !== 'dumb';
}

export function processTerminal(opts: TerminalOptions = {}): Terminal {
  const stdoutIsTTY = isTerminal(1);
  const envWidth = Number(process.env.COLUMNS);
  const fixedWidth = Number.isFinite(envWidth) && envWidth > 20 ? envWidth : 80;
  const out = (t: string) => writeOut(1, t);
  let stdinIsTTY: boolean | undefined;
  const term: Terminal = {
    out,
    err: (t) => writeOut(2, t),
    // A direct write has been taken when writeSync returns; only a stream can be behind.
    drain: () => {
      const s = made[1];
      return s?.writableNeedDrain ? new Promise((done) => s.once('drain', done)) : Promise.resolve();
    },
    color: colorWanted(opts, process.env, stdoutIsTTY),
    // A terminal's width is read at each use: a session outlives a resize of the window.
    get width() {
      return Math.max(20, Math.min(stdoutIsTTY ? process.stdout.columns || 80 : fixedWidth, 200));
    },
    // Read at each use too: the window may have been made taller or shorter since the start.
    get rows() {
      return (stdoutIsTTY && process.stdout.rows) || 24;
    },
    page: async (text) => {
      const cmd = pagerFor(text, { stdoutIsTTY, width: term.width, rows: term.rows, noPager: opts.noPager }, process.env);
      // child_process is loaded only when a result is paged.
      if (cmd && (await runPager(cmd, text))) return;
      out(text);
    },
    stdoutIsTTY,
    get stdinIsTTY() {
      return (stdinIsTTY ??= isTerminal(0));
    },
    get input() {
      // Node gives a directory on stdin as an empty stream: say what is wrong instead of answering nothing.
      if (isDirectory(0)) throw new SbkError('无法读取标准输入（这是一个目录）：请把问题逐行写入文件或通过管道传给 sbk', EXIT.usage);
      restoreTerminalOnKill(process.stdin);
      return process.stdin;
    },
    get prompts() {
      return process.stderr;
    },
  };
  return term;
}

/**
 * Whether the program was started with stdout closed (`sbk ... >&-`). Node then opens /dev/null in its
 * place, read-write, so everything written would vanish with exit 0; a shell's `> /dev/null` opens it
 * write-only. Linux only (/proc); costs one fstat unless stdout is /dev/null.
 */
export function stdoutClosedAtStart(fs: typeof import('node:fs')): boolean {
  try {
    const st = fs.fstatSync(1);
    // /dev/null is character device 1:3.
    if (!st.isCharacterDevice() || st.rdev !== 0x103) return false;
    const flags = /^flags:\s*(\d+)/m.exec(fs.readFileSync('/proc/self/fdinfo/1', 'utf8'));
    return flags !== null && (parseInt(flags[1]!, 8) & 3) === 2;
  } catch {
    return false;
  }
}

/** A failed write to stdout or stderr, as one line saying what happened and what to do. */
export function outputFailure(e: NodeJS.ErrnoException): string {
  const why =
    e.code === 'ENOSPC' ? '磁盘空间已满' : e.code === 'EBADF' ? '标准输出已关闭' : e.code === 'EIO' ? '输入输出错误' : (e.code ?? '写入错误');
  return `sbk：无法输出结果（${why}）：结果没有写出，请检查标准输出的去处（磁盘空间、重定向）后重试\n`;
}
