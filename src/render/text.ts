/** Highlighting of knowledge-base prose for a terminal, and the lines of it that hold a phone number or key. */
import { PHONE_PATTERN } from '../kb/phone.js';
import { PLAIN, type Style } from './style.js';

/** Wrapping lives in width.ts (the one wrapping routine); re-exported for the renderers that import it here. */
export { wrap } from './width.js';

/** A key to press on a phone menu: 按1, 按2 …. */
const KEY_PATTERN = /按[0-9#*＃＊]+/g;

/** Make phone numbers and keys stand out; also key figures such as 7天, 30个工作日, 000000. */
export function highlight(line: string, style: Style): string {
  // Without colour every style is the text itself: the three patterns (on cold code, at every line of
  // a one-shot answer) would give back the line as it is.
  if (style === PLAIN) return line;
  return line
    .replace(PHONE_PATTERN, (m) => style.phone(m))
    .replace(/(?<![\d-])(\d+(?:个工作日|个月|天|周|日)|“?(?:000000|123456)”?)/g, (m) => style.figure(m))
    .replace(KEY_PATTERN, (m) => style.phone(m));
}

/** A phone number or a key, as it appears in the text. */
export const KEY_TOKEN = new RegExp(`${PHONE_PATTERN.source}|${KEY_PATTERN.source}`, 'g');

/** Where a clause ends (a clause with a phone number or key is quoted whole). */
const CLAUSE_END = /[，。；！？\n]|,(?!\d)|;/u;

/**
 * The clauses of an answer that hold a phone number or a key (按1), in the source's own words and
 * order: adjacent ones are one excerpt, quoted from the first clause's start to the last one's end with
 * the punctuation between them. Nothing is added or reworded; the answer is shown in full after them.
 */
const LIST_NUMBER = /^(?:[（(][\d０-９]{1,2}[）)]|[\d０-９]{1,2}[）).、．])\s*/;

export function keyExcerpts(text: string): string[] {
  const clauses: { from: number; to: number; key: boolean }[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || CLAUSE_END.test(text[i]!)) {
      const body = text.slice(from, i);
      if (body.trim()) clauses.push({ from, to: i, key: hasKey(body) });
      from = i + 1;
    }
  }
  const out: string[] = [];
  for (let i = 0; i < clauses.length; i++) {
    if (!clauses[i]!.key) continue;
    let j = i;
    while (j + 1 < clauses.length && clauses[j + 1]!.key && !text.slice(clauses[j]!.to, clauses[j + 1]!.from).includes('\n')) j++;
    // Lifted out of a numbered list, a clause leaves its list number (4） (4) 4.) behind.
    out.push(text.slice(clauses[i]!.from, clauses[j]!.to).trim().replace(LIST_NUMBER, ''));
    i = j;
  }
  return out;
}

function hasKey(s: string): boolean {
  PHONE_PATTERN.lastIndex = 0;
  KEY_PATTERN.lastIndex = 0;
  const yes = PHONE_PATTERN.test(s) || KEY_PATTERN.test(s);
  PHONE_PATTERN.lastIndex = 0;
  KEY_PATTERN.lastIndex = 0;
  return yes;
}
