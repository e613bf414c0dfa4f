/**
 * The only module that knows about the terminal: is stdout a TTY, may we use colour, how wide is it,
 * may we prompt. Commands receive a `Terminal` and never look at process.* themselves.
 */
export interface Terminal {
  /** Results go here (stdout). */
  out: (text: string) => void;
  /** Prompts, progress and diagnostics go here (stderr). */
  err: (text: string) => void;
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
    color: colorWanted(opts, process.env, stdoutIsTTY),
    width: Math.max(20, Math.min(width, 200)),
    stdoutIsTTY,
    // Asked only by commands that may read stdin: creating process.stdin loads Node's stream modules.
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    get input() {
      return process.stdin;
    },
    prompts: process.stderr,
  };
}
