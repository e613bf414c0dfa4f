/**
 * The only module that knows about the terminal: is stdout a TTY, may we use colour, how wide is it,
 * may we prompt. Commands receive a `Terminal` and never look at process.* themselves.
 */
import { fstatSync, writeSync } from 'node:fs';
import { SbkError, EXIT } from './errors.js';

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
        if (process.stderr.isTTY) writeSync(2, '\x1b[?25h\n');
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
}

/** Colour only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR=1+ forces it on (tests). */
export function colorWanted(opts: TerminalOptions, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (opts.noColor) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stdoutIsTTY && env.TERM !== 'dumb';
}

export function processTerminal(opts: TerminalOptions = {}): Terminal {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const envWidth = Number(process.env.COLUMNS);
  const width = stdoutIsTTY ? process.stdout.columns || 80 : Number.isFinite(envWidth) && envWidth > 20 ? envWidth : 80;
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    drain: () => (process.stdout.writableNeedDrain ? new Promise((done) => process.stdout.once('drain', done)) : Promise.resolve()),
    color: colorWanted(opts, process.env, stdoutIsTTY),
    width: Math.max(20, Math.min(width, 200)),
    stdoutIsTTY,
    // Asked only by commands that may read stdin: creating process.stdin loads Node's stream modules.
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    get input() {
      // Node gives a directory on stdin as an empty stream: say what is wrong instead of answering nothing.
      if (isDirectory(0)) throw new SbkError('无法读取标准输入（这是一个目录）：请把问题逐行写入文件或通过管道传给 sbk', EXIT.usage);
      restoreTerminalOnKill(process.stdin);
      return process.stdin;
    },
    prompts: process.stderr,
  };
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
  return `无法输出结果（${why}）：结果没有写出，请检查标准输出的去处（磁盘空间、重定向）后重试\n`;
}
