/**
 * Copying an answer, a phone number or a row to the clipboard: the platform's clipboard command when
 * there is one and a display it can reach (pbcopy; wl-copy under Wayland; xclip or xsel under X), else
 * the OSC 52 escape sequence, which most terminals (also over SSH) turn into a clipboard write.
 * The text goes to the command on its stdin and to the terminal base64-encoded: data never becomes a
 * command line or terminal control.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

interface CopyWay {
  /** How it was copied, as the session says it: `xclip`, `OSC 52` … */
  via: string;
  /** A sentence to add when the way does not reach the clipboard (tmux without set-clipboard on). */
  caveat?: string;
}

function onPath(cmd: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      // Not here.
    }
  }
  return false;
}

/** The clipboard command to use, if any: [program, ...args]. */
function clipboardCommand(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] | undefined {
  if (platform === 'darwin' && onPath('pbcopy', env)) return ['pbcopy'];
  if (env.WAYLAND_DISPLAY && onPath('wl-copy', env)) return ['wl-copy'];
  if (env.DISPLAY && onPath('xclip', env)) return ['xclip', '-selection', 'clipboard'];
  if (env.DISPLAY && onPath('xsel', env)) return ['xsel', '--clipboard', '--input'];
  return undefined;
}

/** The OSC 52 sequence that asks the terminal to put `text` on the clipboard. */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

/** Copies `text`; `toTerminal` writes an escape sequence to the terminal. */
export function copy(text: string, toTerminal: (seq: string) => void, env: NodeJS.ProcessEnv = process.env): CopyWay {
  const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
  const cmd = clipboardCommand(env);
  if (cmd) {
    const r = spawnSync(cmd[0]!, cmd.slice(1), { input: clean, stdio: ['pipe', 'ignore', 'ignore'], timeout: 3000 });
    if (r.status === 0) return { via: cmd[0]! };
  }
  toTerminal(osc52(clean));
  const caveat = env.TMUX ? tmuxCaveat() : undefined;
  return caveat ? { via: 'OSC 52', caveat } : { via: 'OSC 52' };
}

/**
 * Inside tmux an OSC 52 reaches the clipboard only with tmux's set-clipboard on (its default, external,
 * drops what a program sends). Asked of tmux itself: nothing to say when it is on.
 */
function tmuxCaveat(): string | undefined {
  const r = spawnSync('tmux', ['show-options', '-gv', 'set-clipboard'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 1000 });
  const value = r.status === 0 ? r.stdout.trim() : '';
  if (value === 'on') return undefined;
  const now = /^[a-z]+$/.test(value) ? `tmux 的 set-clipboard 现在是 ${value}，` : '';
  return `${now}复制的内容进不了剪贴板：在 shell 中运行 tmux set -g set-clipboard on（长期使用写进 ~/.tmux.conf），再复制一次`;
}
