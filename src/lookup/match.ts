/** Text matching for Chinese keywords, where words are not separated by spaces. */

/** A keyword split into terms; every term must match. */
export function terms(keyword: string): string[] {
  return keyword.split(/\s+/).map((t) => t.trim()).filter(Boolean);
}

/**
 * The term occurs in the text, or (for terms of 3+ characters) its characters occur in order with at
 * most two characters between them in all: 政务中心 finds 政务服务中心, but 经八路 never finds 经七路.
 */
export function looselyContains(text: string, term: string): boolean {
  const t = term.toLowerCase();
  const s = text.toLowerCase();
  if (s.includes(t)) return true;
  const chars = [...t];
  if (chars.length < 3) return false;
  const hay = [...s];
  for (let start = 0; start < hay.length; start++) {
    if (hay[start] !== chars[0]) continue;
    let i = start + 1;
    let gaps = 0;
    let k = 1;
    while (k < chars.length && i < hay.length && gaps <= 2) {
      if (hay[i] === chars[k]) k++;
      else gaps++;
      i++;
    }
    if (k === chars.length && gaps <= 2) return true;
  }
  return false;
}

/**
 * What the lookups need of the search's pinyin (src/search/pinyin.ts, the one analyzer's table, given by
 * the Searcher): a Han character's reading. The lookups never load a pinyin library of their own.
 */
export interface Readings {
  reading(ch: string): string | undefined;
}

/** A term typed as pinyin (`jingbalu`, `li xia`, `Lai-Wu`): its letters, lower case; else undefined. */
export function pinyinKey(term: string): string | undefined {
  const s = term.toLowerCase().replace(/ü/g, 'v').replace(/[\s'’-]/g, '');
  return /^[a-z]{2,40}$/.test(s) ? s : undefined;
}

/** Whether any input has Latin letters (only then is the pinyin table worth opening). */
export function hasLatin(...inputs: (string | undefined)[]): boolean {
  return inputs.some((s) => s !== undefined && /[a-z]/i.test(s));
}

/** The text has a run of Han characters whose readings, run together, are `key` (经八路 for jingbalu). */
function pinyinContains(text: string, key: string, py: Readings): boolean {
  const chars = [...text];
  const readings = chars.map((c) => py.reading(c));
  for (let i = 0; i < chars.length; i++) if (readsAs(readings, i, key) === 'all') return true;
  return false;
}

/**
 * A term's test of a text: the text contains it (`contains`, loosely by default), or (given the search's
 * readings) has a run that reads as it in pinyin (经八路 for jingbalu). The term is read once.
 */
export function mentions(term: string, py?: Readings, contains: (text: string, term: string) => boolean = looselyContains): (text: string) => boolean {
  const key = py && pinyinKey(term);
  return (text) => contains(text, term) || (key !== undefined && pinyinContains(text, key, py!));
}

/** The whole text reads as `key` (历下 for lixia). */
export function pinyinEquals(text: string, key: string, py: Readings): boolean {
  const readings = [...text].map((c) => py.reading(c));
  let pos = 0;
  for (const r of readings) {
    if (!r || !key.startsWith(r, pos)) return false;
    pos += r.length;
  }
  return pos === key.length;
}

function readsAs(readings: (string | undefined)[], from: number, key: string): 'all' | 'no' {
  let pos = 0;
  for (let j = from; j < readings.length && pos < key.length; j++) {
    const r = readings[j];
    if (!r || !key.startsWith(r, pos)) break;
    pos += r.length;
  }
  return pos === key.length ? 'all' : 'no';
}
