/**
 * Keys from the terminal, one at a time, in the order they came: the line editor and the live search
 * take them from this queue. Keys that arrive while a line is being answered wait here, so two lines
 * pasted at once are both read, each when its turn comes. A window resize is queued as a key too, so
 * whoever draws redraws at the new width.
 */
import { emitKeypressEvents } from 'node:readline';

export interface Key {
  /** The text the key types ('' for a key that types nothing). */
  str: string;
  /** 'return', 'backspace', 'up', 'tab', 'escape' … for a named key; 'a'…'z' with ctrl; 'resize'. */
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
}

/** A lone Esc is told from the start of an arrow key's sequence by this pause (Node's default is 500 ms). */
const ESCAPE_TIMEOUT_MS = 40;

export class KeyQueue {
  private readonly queue: Key[] = [];
  private waiting: ((k: Key) => void) | undefined;
  private running = false;
  private readonly onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean; sequence?: string } | undefined) => {
    this.push({ str: str ?? '', name: key?.name, ctrl: key?.ctrl, meta: key?.meta, shift: key?.shift });
  };

  constructor(private readonly input: NodeJS.ReadStream) {
    emitKeypressEvents(input, { escapeCodeTimeout: ESCAPE_TIMEOUT_MS } as unknown as Parameters<typeof emitKeypressEvents>[1]);
  }

  /** Raw mode on and keys flowing into the queue. */
  start(): void {
    if (!this.running) {
      this.input.on('keypress', this.onKey);
      this.running = true;
    }
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.resume();
  }

  /** Keys left to the terminal (a pager, a suspended or finished session). */
  stop(): void {
    if (this.running) this.input.off('keypress', this.onKey);
    this.running = false;
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
  }

  push(k: Key): void {
    if (k.name === 'resize' && this.queue[this.queue.length - 1]?.name === 'resize') return;
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w(k);
    } else this.queue.push(k);
  }

  /** Whether more keys are already waiting (a paste or an IME's whole phrase): draw once after them. */
  get pending(): number {
    return this.queue.length;
  }

  /** Throws away keys typed ahead (into a prompt that is gone). */
  clear(): void {
    this.queue.length = 0;
  }

  next(): Promise<Key> {
    const k = this.queue.shift();
    if (k) return Promise.resolve(k);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/** The text a key types, if it is a plain character (not a control key, not Alt-something). */
export function typed(k: Key): string | undefined {
  if (k.ctrl || k.meta || !k.str) return undefined;
  if (k.name === 'return' || k.name === 'enter' || k.name === 'tab' || k.name === 'backspace' || k.name === 'escape' || k.name === 'delete') return undefined;
  // Control characters never reach the line (a stray escape sequence the decoder did not name).
  const text = k.str.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
  return text || undefined;
}

export const isEnter = (k: Key) => k.name === 'return' || k.name === 'enter';
export const isCtrl = (k: Key, letter: string) => Boolean(k.ctrl) && !k.meta && k.name === letter;
