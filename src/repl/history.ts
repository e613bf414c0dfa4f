/**
 * The session's line history, kept between sessions in `$XDG_STATE_HOME/sbk/history` (default
 * ~/.local/state/sbk/history): one line per entry, the file 0600 in a 0700 folder, the newest
 * MAX_LINES kept. Off with `SBK_HISTORY=0` or `history: false` in the config file.
 *
 * A caller's ID card, mobile or bank card number typed into a query is recalled within the session
 * but written to the file as a placeholder ([身份证号] …), as the query log does.
 */
import { appendFileSync, chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configSetting, stateDir } from '../log/config.js';
import { redact } from '../log/redact.js';

export const MAX_LINES = 1000;
/** A history file larger than this is not read (it is not ours, or it is damaged). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The history file, or undefined when history is off. */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.SBK_HISTORY?.trim().toLowerCase();
  if (v === '0' || v === 'off' || v === 'false' || v === 'no') return undefined;
  if (configSetting('history', env).value === false) return undefined;
  return join(stateDir(env), 'history');
}

export class History {
  /** Oldest first. */
  readonly lines: string[] = [];
  private written = 0;
  private failed = false;

  constructor(
    private readonly file: string | undefined,
    private readonly warn: (message: string) => void = () => {},
    private readonly max = MAX_LINES,
  ) {
    if (!file) return;
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return;
      const text = readFileSync(file, 'utf8');
      this.lines.push(...text.split('\n').filter((l) => l.trim() !== '').slice(-max));
      this.written = text.split('\n').length - 1;
    } catch {
      // No history yet.
    }
  }

  add(line: string): void {
    const l = line.replace(/[\r\n]+/g, ' ');
    if (!l.trim()) return;
    // The same line again is recalled once.
    if (this.lines[this.lines.length - 1] === l) return;
    this.lines.push(l);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    this.persist(l);
  }

  private persist(line: string): void {
    if (!this.file || this.failed) return;
    const text = redact(line, () => true) + '\n';
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      if (this.written + 1 > this.max * 2) {
        // Bounded: rewrite the newest lines (a temp file renamed over the old one, never half a file).
        const tmp = `${this.file}.${process.pid}.tmp`;
        writeFileSync(tmp, this.lines.map((l) => redact(l, () => true) + '\n').join(''), { mode: 0o600 });
        renameSync(tmp, this.file);
        this.written = this.lines.length;
      } else {
        appendFileSync(this.file, text, { mode: 0o600 });
        this.written++;
      }
      chmodSync(this.file, 0o600);
    } catch (e) {
      this.failed = true;
      this.warn(`无法保存输入历史 ${this.file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：本次会话的历史不会保留\n`);
    }
  }
}
