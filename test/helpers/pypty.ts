/**
 * Drive a program in a real pseudo-terminal of a given size (80×24 unless told), through python3's
 * pty module (test/helpers/ptydriver.py): typed keys, window resizes, and everything the terminal is sent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { BIN } from './cli.js';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ptydriver.py');

export const hasPython = spawnSync('python3', ['-c', 'import pty, termios, fcntl']).status === 0;

export const KEY = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  esc: '\x1b',
  tab: '\t',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlF: '\x06',
  ctrlR: '\x12',
  ctrlU: '\x15',
  ctrlZ: '\x1a',
};

export interface PtyOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
}

/** `command` (argv) in a pty; `sbk(args)` is the usual case. */
export function ptyRun(command: string[], opts: PtyOptions = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TERM: 'xterm', FORCE_COLOR: undefined, DISPLAY: undefined, WAYLAND_DISPLAY: undefined, TMUX: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn('python3', [DRIVER, String(opts.cols ?? 80), String(opts.rows ?? 24), '--', ...command], { env: env as NodeJS.ProcessEnv });
  let raw = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (raw += d));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (raw += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const send = (msg: object) => child.stdin.write(JSON.stringify(msg) + '\n');
  return {
    /** Everything sent to the terminal, escape sequences included. */
    get raw() {
      return raw;
    },
    /** What was sent, as lines of text (escape sequences and carriage returns taken out). */
    get lines(): string[] {
      return stripVTControlCharacters(raw.replace(/\x1b\][^\x07]*\x07/g, ''))
        .split('\n')
        .map((l) => l.replace(/^.*\r(?!$)/, '').replace(/\r/g, ''));
    },
    /** Wait until `text` appears after position `from` of the raw output; returns the new position. */
    async waitFor(text: string | RegExp, from = 0, timeoutMs = 8000): Promise<number> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (typeof text === 'string') {
          const i = raw.indexOf(text, from);
          if (i >= 0) return i + text.length;
        } else {
          const m = new RegExp(text.source, text.flags.replace('g', '') + 'g');
          m.lastIndex = from;
          const r = m.exec(raw);
          if (r) return r.index + r[0].length;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`timed out waiting for “${String(text)}”; terminal so far:\n${raw.slice(-3000)}`);
    },
    /**
     * Keys one after another, each in a write of its own (as typed). A lone Esc is followed by a longer
     * pause: the program tells it from the start of an arrow key's sequence by the time until the next byte.
     */
    async press(...keys: string[]) {
      for (const k of keys) {
        send({ keys: k });
        await new Promise((r) => setTimeout(r, k === '\x1b' ? 150 : 20));
      }
    },
    /** Text in one write, as a paste or an IME's committed phrase arrives. */
    paste(text: string) {
      send({ keys: text });
    },
    resize(cols: number, rows: number) {
      send({ resize: [cols, rows] });
    },
    /** Send the program a signal (SIGTERM, SIGHUP), as a closing terminal or `kill` does. */
    signal(name: 'SIGTERM' | 'SIGHUP') {
      send({ signal: name });
    },
    exited,
    kill() {
      child.kill();
    },
  };
}

export function sbk(args: string[], opts: PtyOptions = {}) {
  return ptyRun([process.execPath, BIN, ...args], opts);
}
