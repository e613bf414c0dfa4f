/**
 * The session's line editor: one line with the cursor anywhere in it, measured in display columns
 * (a Chinese character is two) and wrapped at the terminal's width as it is now; history (↑/↓, and
 * Ctrl-R to search it), Tab completion, Ctrl-F for the live search, Ctrl-Z to suspend.
 *
 * Keys:  ←/→ Ctrl-B/F… move · Home/End Ctrl-A/E · Backspace/Delete · Ctrl-U/K/W cut · Ctrl-L clear screen ·
 *        Ctrl-C clear the line · Ctrl-D leave (on an empty line).
 */
import { stripVTControlCharacters } from 'node:util';
import { displayWidth, padEnd } from '../render/width.js';
import { isCtrl, isEnter, typed, type Key } from './keys.js';

export interface KeySource {
  next(): Promise<Key>;
  readonly pending: number;
}

interface EditorTerminal {
  /** Draw on the terminal (stderr: the prompt is not a result). */
  write(text: string): void;
  /** Columns, asked at every draw (the window may have been resized). */
  width(): number;
}

/** What Tab may put in place of the text from `start` to the cursor. */
export interface Completion {
  start: number;
  candidates: string[];
}

type ReadResult =
  | { kind: 'line'; text: string }
  /** Ctrl-D on an empty line. */
  | { kind: 'eof' }
  /** Ctrl-F (the live search), with the text typed so far. */
  | { kind: 'live'; text: string }
  /** Ctrl-Z: the caller suspends the process and, back in the foreground, reads again. */
  | { kind: 'suspend'; text: string };

interface ReadOptions {
  prompt: string;
  /** Oldest first; the editor never changes it. */
  history: readonly string[];
  complete?: (before: string) => Completion;
  initial?: string;
  /** Said under the prompt when Ctrl-C is pressed on an empty line. */
  interruptHint?: string;
}

interface Layout {
  /** Rows the text takes below its first row, and where it ends. */
  endRow: number;
  endCol: number;
  cursorRow: number;
  cursorCol: number;
}

/**
 * Where text written from column 0 ends, and where the character at `cursor` (or the end) sits, in a
 * terminal `width` columns wide: a wide character that does not fit in the last column moves to the
 * next row, as terminals draw it.
 */
export function layout(chars: readonly string[], cursor: number, width: number): Layout {
  let row = 0;
  let col = 0;
  let cursorRow = 0;
  let cursorCol = 0;
  for (let i = 0; i <= chars.length; i++) {
    const cw = i < chars.length ? displayWidth(chars[i]!) : 0;
    if (i === cursor) {
      if (col + Math.max(cw, 1) > width) {
        cursorRow = row + 1;
        cursorCol = 0;
      } else {
        cursorRow = row;
        cursorCol = col;
      }
    }
    if (i === chars.length) break;
    if (cw === 0) continue;
    if (col + cw > width) {
      row++;
      col = 0;
    }
    col += cw;
  }
  return { endRow: row, endCol: col, cursorRow, cursorCol };
}

/** The longest start all `words` share. */
function commonPrefix(words: readonly string[]): string {
  if (!words.length) return '';
  let p = [...words[0]!];
  for (const w of words.slice(1)) {
    const c = [...w];
    let i = 0;
    while (i < p.length && i < c.length && p[i] === c[i]) i++;
    p = p.slice(0, i);
  }
  return p.join('');
}

export class LineEditor {
  private chars: string[] = [];
  private pos = 0;
  /** Row of the cursor below the prompt's first row, as last drawn. */
  private row = 0;
  private opts!: ReadOptions;
  private histIndex = 0;
  private draft = '';
  /** Ctrl-R: what is searched for, and the history line it found. */
  private searching: { pattern: string; at: number; saved: string } | undefined;
  private lastTab = false;

  constructor(
    private readonly term: EditorTerminal,
    private readonly keys: KeySource,
  ) {}

  get text(): string {
    return this.chars.join('');
  }

  async read(opts: ReadOptions): Promise<ReadResult> {
    this.opts = opts;
    this.setText(opts.initial ?? '');
    this.histIndex = opts.history.length;
    this.draft = '';
    this.searching = undefined;
    this.row = 0;
    this.draw();
    for (;;) {
      const key = await this.keys.next();
      const result = this.handle(key);
      if (result) return result;
      // A paste or an IME's phrase comes as many keys at once: draw once they are all in.
      if (!this.keys.pending) this.draw();
    }
  }

  /** Draw the prompt again from where the cursor is now (after something else wrote on the terminal). */
  redrawFresh(): void {
    this.row = 0;
    this.draw();
  }

  private setText(t: string): void {
    this.chars = [...t];
    this.pos = this.chars.length;
  }

  private handle(k: Key): ReadResult | undefined {
    const tab = k.name === 'tab' && !k.ctrl && !k.meta;
    const wasTab = this.lastTab;
    this.lastTab = tab;
    if (k.name === 'resize') return undefined;
    if (this.searching) {
      const r = this.handleSearch(k);
      if (r !== 'fallthrough') return r;
    }
    const t = typed(k);
    if (t !== undefined) {
      this.chars.splice(this.pos, 0, ...t);
      this.pos += [...t].length;
      return undefined;
    }
    if (isEnter(k)) return this.commit({ kind: 'line', text: this.text });
    if (tab) return void this.complete(wasTab);
    if (isCtrl(k, 'c')) {
      if (this.chars.length) {
        this.setText('');
      } else if (this.opts.interruptHint) {
        this.finishLine();
        this.term.write(this.opts.interruptHint + '\n');
      }
      return undefined;
    }
    if (isCtrl(k, 'd')) {
      if (!this.chars.length) return this.commit({ kind: 'eof' });
      this.chars.splice(this.pos, 1);
      return undefined;
    }
    if (isCtrl(k, 'f')) {
      const text = this.text;
      this.setText('');
      this.draw();
      return { kind: 'live', text };
    }
    if (isCtrl(k, 'z')) {
      this.finishLine();
      return { kind: 'suspend', text: this.text };
    }
    if (isCtrl(k, 'r')) {
      this.searching = { pattern: '', at: this.opts.history.length, saved: this.text };
      return undefined;
    }
    if (isCtrl(k, 'l')) {
      this.term.write('\x1b[H\x1b[2J');
      this.row = 0;
      return undefined;
    }
    switch (k.ctrl ? `C-${k.name}` : k.meta ? `M-${k.name}` : k.name) {
      case 'left':
      case 'C-b':
        this.pos = Math.max(0, this.pos - 1);
        break;
      case 'right':
        this.pos = Math.min(this.chars.length, this.pos + 1);
        break;
      case 'home':
      case 'C-a':
        this.pos = 0;
        break;
      case 'end':
      case 'C-e':
        this.pos = this.chars.length;
        break;
      case 'backspace':
      case 'C-h':
        if (this.pos > 0) this.chars.splice(--this.pos, 1);
        break;
      case 'delete':
        this.chars.splice(this.pos, 1);
        break;
      case 'C-u':
        this.chars.splice(0, this.pos);
        this.pos = 0;
        break;
      case 'C-k':
        this.chars.splice(this.pos);
        break;
      case 'C-w':
      case 'M-backspace': {
        let i = this.pos;
        while (i > 0 && this.chars[i - 1] === ' ') i--;
        while (i > 0 && this.chars[i - 1] !== ' ') i--;
        this.chars.splice(i, this.pos - i);
        this.pos = i;
        break;
      }
      case 'up':
      case 'C-p':
        this.recall(-1);
        break;
      case 'down':
      case 'C-n':
        this.recall(1);
        break;
    }
    return undefined;
  }

  private recall(step: number): void {
    const h = this.opts.history;
    const next = this.histIndex + step;
    if (next < 0 || next > h.length) return;
    if (this.histIndex === h.length) this.draft = this.text;
    this.histIndex = next;
    this.setText(next === h.length ? this.draft : h[next]!);
  }

  /** Ctrl-R: each key narrows the search; Ctrl-R again finds an older line; Enter runs it; Esc or Ctrl-G gives up. */
  private handleSearch(k: Key): ReadResult | undefined | 'fallthrough' {
    const s = this.searching!;
    const t = typed(k);
    const find = (from: number) => {
      const h = this.opts.history;
      for (let i = Math.min(from, h.length - 1); i >= 0; i--) if (s.pattern && h[i]!.includes(s.pattern)) return i;
      return -1;
    };
    if (t !== undefined || k.name === 'backspace') {
      s.pattern = t !== undefined ? s.pattern + t : [...s.pattern].slice(0, -1).join('');
      const i = find(this.opts.history.length - 1);
      if (i >= 0) s.at = i;
      this.setText(i >= 0 ? this.opts.history[i]! : s.pattern ? this.text : s.saved);
      return undefined;
    }
    if (isCtrl(k, 'r')) {
      const i = find(s.at - 1);
      if (i >= 0) {
        s.at = i;
        this.setText(this.opts.history[i]!);
      }
      return undefined;
    }
    if (isCtrl(k, 'g') || isCtrl(k, 'c') || k.name === 'escape') {
      this.searching = undefined;
      this.setText(s.saved);
      return undefined;
    }
    // Any other key takes the line found and does what it does (Enter runs it, ← edits it).
    this.searching = undefined;
    this.histIndex = s.at;
    return 'fallthrough';
  }

  private complete(again: boolean): void {
    if (!this.opts.complete) return;
    const before = this.chars.slice(0, this.pos).join('');
    const { start, candidates } = this.opts.complete(before);
    if (!candidates.length) return;
    const typedPart = [...before].slice(start).join('');
    const insert = (text: string) => {
      this.chars.splice(start, this.pos - start, ...text);
      this.pos = start + [...text].length;
    };
    if (candidates.length === 1) {
      const after = this.chars[this.pos];
      insert(candidates[0]! + (after === ' ' ? '' : ' '));
      if (after === ' ') this.pos++;
      return;
    }
    const prefix = commonPrefix(candidates);
    if ([...prefix].length > [...typedPart].length) {
      insert(prefix);
      if (!again) return;
    }
    this.list(candidates);
  }

  /** The choices Tab has, in columns under the prompt, then the prompt again. */
  private list(candidates: string[]): void {
    const width = this.term.width();
    const colWidth = Math.max(...candidates.map(displayWidth)) + 2;
    const perRow = Math.max(1, Math.floor(width / colWidth));
    const maxRows = 12;
    const shown = candidates.slice(0, perRow * maxRows);
    let out = '';
    for (let i = 0; i < shown.length; i += perRow) {
      out +=
        shown
          .slice(i, i + perRow)
          .map((c) => padEnd(c, colWidth))
          .join('')
          .trimEnd() + '\n';
    }
    if (shown.length < candidates.length) out += `…还有 ${candidates.length - shown.length} 个，多输入几个字母再按 Tab\n`;
    this.finishLine();
    this.term.write(out);
  }

  /** Leave the cursor on a fresh row below the line as drawn; the next draw starts there. */
  private finishLine(): void {
    const saved = this.pos;
    this.pos = this.chars.length;
    this.draw();
    this.pos = saved;
    this.term.write('\r\n');
    this.row = 0;
  }

  private commit(r: ReadResult): ReadResult {
    this.searching = undefined;
    this.pos = this.chars.length;
    this.draw();
    this.term.write('\r\n');
    this.row = 0;
    return r;
  }

  private draw(): void {
    const width = this.term.width();
    const s = this.searching;
    const label = s ? `（历史搜索）“${s.pattern}”${s.pattern && !this.opts.history[s.at]?.includes(s.pattern) ? '（没有）' : ''}：` : this.opts.prompt;
    const promptChars = [...stripVTControlCharacters(label)];
    const all = [...promptChars, ...this.chars];
    const at = layout(all, promptChars.length + (s ? this.chars.length : this.pos), width);
    let out = this.row > 0 ? `\x1b[${this.row}A` : '';
    out += '\r\x1b[J' + label + this.text;
    let endRow = at.endRow;
    if (at.endCol >= width) {
      // The terminal waits at the last column: step to the next row, where the layout says we are.
      out += '\r\n';
      endRow++;
    }
    const up = endRow - at.cursorRow;
    if (up > 0) out += `\x1b[${up}A`;
    out += '\r' + (at.cursorCol > 0 ? `\x1b[${at.cursorCol}C` : '');
    this.row = at.cursorRow;
    this.term.write(out);
  }
}
