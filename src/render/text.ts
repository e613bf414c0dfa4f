/** Wrapping and highlighting of knowledge-base prose for a terminal. */
import { displayWidth as stringWidth } from './width.js';
import { PHONE_PATTERN } from '../kb/phone.js';
import type { Style } from './style.js';

/** Punctuation that must not begin a line (Chinese line-breaking rule). */
const NO_LINE_START_RUN = /^[，。、；：？！）》」』”’,.;:?!)\]】]+/u;

/**
 * Greedy wrap to `width` display columns (CJK characters are two columns). Runs of Latin letters,
 * digits and phone punctuation stay whole, so a phone number is never split across lines
 * (a general-purpose wrapper breaks inside them because Chinese text has no spaces).
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  const avail = Math.max(10, width - stringWidth(indent));
  for (const para of text.split('\n')) {
    if (para === '') {
      out.push('');
      continue;
    }
    const tokens = para.match(/[A-Za-z0-9@._:/\\%+\-—]+|\s+|./gsu) ?? [];
    let line = '';
    let w = 0;
    for (const tok of tokens) {
      const tw = stringWidth(tok);
      if (w + tw > avail && line !== '') {
        out.push(indent + line.trimEnd());
        line = '';
        w = 0;
        if (/^\s+$/.test(tok)) continue;
      }
      if (tw > avail) {
        // A single unbreakable run wider than the line (a long URL): let it overflow on its own line.
        out.push(indent + tok);
        continue;
      }
      line += tok;
      w += tw;
    }
    if (line.trim() !== '') out.push(indent + line.trimEnd());
  }
  // Closing punctuation never starts a line: it hangs at the end of the previous one instead.
  for (let i = 1; i < out.length; i++) {
    const body = out[i]!.slice(indent.length).replace(/^\s+/, '');
    const m = body.match(NO_LINE_START_RUN);
    if (m && out[i - 1]!.trim() !== '') {
      out[i - 1] = out[i - 1]!.trimEnd() + m[0];
      out[i] = indent + body.slice(m[0].length);
      if (out[i]!.trim() === '') out.splice(i--, 1);
    }
  }
  return out;
}

/** Make phone numbers stand out; also key figures such as 7天, 30个工作日, 000000. */
export function highlight(line: string, style: Style): string {
  return line
    .replace(PHONE_PATTERN, (m) => style.phone(m))
    .replace(/(?<![\d-])(\d+(?:个工作日|个月|天|周|日)|“?(?:000000|123456)”?|按[123])/g, (m) => style.figure(m));
}
