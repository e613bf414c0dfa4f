/**
 * The only module that knows about the terminal: is stdout a TTY, may we use colour, how wide and tall
 * is it, may we prompt, and whether a result goes through a pager. Commands receive a `Terminal` and
 * never look at process.* themselves.
 */
import { fstatSync, writeSync } from 'node:fs';
import { SbkError, EXIT } from './errors.js';
import { displayWidth } from './render/width.js';
import { lazyRequire } from './lazy.js';

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
 * --no-pager or TERM=dumb, a pager is set, and the text needs more rows than the terminal has (counted in
 * display columns, so a long Chinese line that the terminal wraps counts as the rows it takes).
 */
export function pagerFor(text: string, t: { stdoutIsTTY: boolean; width: number; rows: number; noPager?: boolean }, env: NodeJS.ProcessEnv): string | undefined {
  if (!t.stdoutIsTTY || t.noPager || env.TERM === 'dumb') return undefined;
  const cmd = pagerCommand(env);
  if (!cmd) return undefined;
  return rowsNeeded(text, t.width) > t.rows ? cmd : undefined;
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
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const envWidth = Number(process.env.COLUMNS);
  const width = stdoutIsTTY ? process.stdout.columns || 80 : Number.isFinite(envWidth) && envWidth > 20 ? envWidth : 80;
  const out = (t: string) => void process.stdout.write(t);
  const term: Terminal = {
    out,
    err: (t) => void process.stderr.write(t),
    drain: () => (process.stdout.writableNeedDrain ? new Promise((done) => process.stdout.once('drain', done)) : Promise.resolve()),
    color: colorWanted(opts, process.env, stdoutIsTTY),
    width: Math.max(20, Math.min(width, 200)),
    rows: (stdoutIsTTY && process.stdout.rows) || 24,
    page: async (text) => {
      const cmd = pagerFor(text, { stdoutIsTTY, width: term.width, rows: term.rows, noPager: opts.noPager }, process.env);
      // child_process is loaded only when a result is paged.
      if (cmd && (await runPager(cmd, text))) return;
      out(text);
    },
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
