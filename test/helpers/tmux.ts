/**
 * Drive sbk in a real terminal emulator (tmux, on a private server socket) at a given size, and read
 * the screen as an operator sees it: what is on the rows now, not the bytes written.
 */
import { spawnSync } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

let n = 0;

export interface TmuxScreen {
  /** The visible rows, trailing spaces trimmed. */
  rows(): string[];
  /** Everything written so far, the rows scrolled off the top included. */
  history(): string;
  /** The visible text with colours (tmux's capture with escape sequences). */
  ansi(): string;
  /** Send keys by tmux name (Enter, Up, Escape, BSpace, Left, C-c) or literal text. */
  keys(...keys: string[]): Promise<void>;
  /** Wait until the screen contains `text` (or the test fails with the screen). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string[]>;
  /** Wait until the command has exited; its exit code. */
  exited(timeoutMs?: number): Promise<number>;
  kill(): void;
  /** A tmux command on this window's server (`set -g set-clipboard on`, `show-buffer`): what it printed. */
  tmux(...args: string[]): string;
}

/** Start `sbk <args>` in a new tmux window of `width`×`height`. */
export function tmuxSbk(args: string, width: number, height: number, env: Record<string, string> = {}): TmuxScreen {
  const socket = `sbk-test-${process.pid}-${n++}`;
  const tmux = (...a: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });
  const exports = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env })
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  // The exit code is left on the last row once sbk has finished; the window stays until killed.
  const cmd = `cd '${ROOT}' && env -u NO_COLOR -u FORCE_COLOR ${exports} '${process.execPath}' '${BIN}' ${args}; echo "<exit $?>"; sleep 600`;
  return startIn(tmux, width, height, ['sh', '-c', cmd]);
}

/**
 * `sbk <args>` started from an interactive shell (job control: Ctrl-Z stops it, `fg` brings it back) in
 * a new tmux window; the shell's prompt is `SH$ `. `exited` is not for it: the test asks the shell ($?).
 */
export function tmuxShellSbk(args: string, width: number, height: number, env: Record<string, string> = {}): TmuxScreen {
  const socket = `sbk-test-${process.pid}-${n++}`;
  const tmux = (...a: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });
  const vars = { TERM: 'xterm-256color', LANG: 'C.UTF-8', PS1: 'SH$ ', ...env };
  const screen = startIn(tmux, width, height, ['env', '-u', 'NO_COLOR', '-u', 'FORCE_COLOR', ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'bash', '--norc', '--noprofile', '-i']);
  tmux('send-keys', '-t', 't', '-l', `cd '${ROOT}' && clear && '${process.execPath}' '${BIN}' ${args}`);
  tmux('send-keys', '-t', 't', 'Enter');
  return screen;
}

function startIn(tmux: (...a: string[]) => ReturnType<typeof spawnSync>, width: number, height: number, command: string[]): TmuxScreen {
  const r = tmux('new-session', '-d', '-s', 't', '-x', String(width), '-y', String(height), ...command);
  if (r.status !== 0) throw new Error(`tmux: ${String(r.stderr)}`);
  tmux('set-option', '-t', 't', 'status', 'off');
  const rows = () => String(tmux('capture-pane', '-p', '-t', 't').stdout).replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
  const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
  const screen: TmuxScreen = {
    rows,
    history: () => String(tmux('capture-pane', '-p', '-S', '-', '-t', 't').stdout),
    ansi: () => String(tmux('capture-pane', '-p', '-e', '-t', 't').stdout),
    // Each key a send of its own; after a lone Escape a longer pause (see pypty.ts press).
    async keys(...keys) {
      for (const k of keys) {
        tmux('send-keys', '-t', 't', k);
        await sleep(k === 'Escape' ? 150 : 30);
      }
    },
    async waitFor(text, timeoutMs = 8000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const now = rows();
        const joined = now.join('\n');
        if (typeof text === 'string' ? joined.includes(text) : text.test(joined)) return now;
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(text)}; screen:\n${joined}`);
        await sleep(50);
      }
    },
    async exited(timeoutMs = 8000) {
      const got = await screen.waitFor(/<exit \d+>/, timeoutMs);
      return Number(/<exit (\d+)>/.exec(got.join('\n'))![1]);
    },
    kill: () => void tmux('kill-server'),
    tmux: (...a) => String(tmux(...a).stdout),
  };
  return screen;
}
