/** Drive sbk in a pseudo-terminal (util-linux `script`), as an operator at a terminal would. */
import { spawn, spawnSync } from 'node:child_process';
import { BIN } from './cli.js';

export const hasScript = spawnSync('script', ['--version']).status === 0;

export const KEY = { enter: '\r', up: '\x1b[A', down: '\x1b[B', ctrlC: '\x03', ctrlD: '\x04' };

/** Start `sbk <args>` in a pty; `screen` accumulates everything written to the terminal. */
export function ptySession(args: string, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm', ...extraEnv };
  delete env.FORCE_COLOR;
  const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} ${args}`, '/dev/null'], { env });
  let screen = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (screen += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    get screen() {
      return screen;
    },
    /** Wait until `text` appears after position `from` of the screen; returns the new position. */
    async waitFor(text: string, from = 0, timeoutMs = 8000): Promise<number> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const i = screen.indexOf(text, from);
        if (i >= 0) return i + text.length;
        await new Promise((r) => setTimeout(r, 30));
      }
      throw new Error(`timed out waiting for “${text}”; screen so far:\n${screen}`);
    },
    async press(...keys: string[]) {
      for (const k of keys) {
        child.stdin.write(k);
        await new Promise((r) => setTimeout(r, 60));
      }
    },
    exited,
  };
}

