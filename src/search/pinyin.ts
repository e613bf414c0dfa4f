/**
 * Pinyin matching at query time, without loading a pinyin library: the index carries a compact
 * syllable → characters table (the 3,755 common characters of GB2312 level 1 plus every character of
 * the corpus), built ahead by build.ts. From it come
 * - the reading of each Han character of a query, so a homophone typo (社宝卡, 查卡电化) reads the same
 *   as the document's words (she bao ka, cha ka dian hua);
 * - the set of valid syllables, to split Latin input typed without an input method (shebaoka diule →
 *   she bao ka diu le), and to recognise initials (sbk jh) when it does not split.
 * Tones are ignored (callers and input methods do not type them) and ü is written v.
 */

/** Serialized form: syllable → the characters read that way (default reading). */
export type PinyinTableData = Record<string, string>;

export interface PinyinTable {
  isSyllable(s: string): boolean;
  /** A Han character's default reading; undefined when the table does not know it. */
  reading(ch: string): string | undefined;
  /** The characters whose default reading is the syllable ('' for none). */
  chars(syllable: string): string;
}

/**
 * Readings are found on demand (a query has a handful of characters; building a map of all 4,000 on
 * every start cost more than the query): the first syllable whose characters include it, as remembered.
 * Found by one native indexOf in all syllables' characters joined in table order (a character of two
 * syllables is found in the first), not by a scan of 400 syllables, which on cold code cost ~2 ms of a
 * one-shot search (the query's characters and every weak word's).
 */
export function loadPinyinTable(data: PinyinTableData | string): PinyinTable {
  if (typeof data === 'string') return textTable(data);
  const known = new Map<string, string | undefined>();
  const syllables = Object.keys(data);
  /** Every syllable's characters, in table order, each followed by a line break; and where each begins. */
  let joined: string | undefined;
  let starts: number[] = [];
  const find = (ch: string): string | undefined => {
    // A line break is the separator: such text is looked for as before (it is in no syllable).
    if (ch.includes('\n')) return syllables.find((syl) => data[syl]!.includes(ch));
    if (joined === undefined) {
      starts = [];
      let at = 0;
      for (const syl of syllables) {
        starts.push(at);
        at += data[syl]!.length + 1;
      }
      joined = syllables.map((syl) => data[syl]!).join('\n') + '\n';
    }
    const at = joined.indexOf(ch);
    if (at < 0) return undefined;
    // The syllable whose characters hold position `at`: the last that starts at or before it.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return syllables[lo];
  };
  return {
    isSyllable: (s) => Object.hasOwn(data, s),
    chars: (s) => (Object.hasOwn(data, s) ? data[s]! : ''),
    reading(ch) {
      if (known.has(ch)) return known.get(ch);
      const r = ch.length > 0 ? find(ch) : undefined;
      known.set(ch, r);
      return r;
    },
  };
}

/**
 * The table as the index header holds it: "\n", then "<syllable>\t<characters>\n" for each syllable in
 * table order. Read as text (textTable), not parsed into an object of 400 keys at every start.
 */
export function pinyinText(data: PinyinTableData): string {
  let out = '\n';
  for (const [syl, chars] of Object.entries(data)) {
    if (/[\t\n]/.test(syl + chars)) throw new Error(`pinyin table: a separator in ${syl}`);
    out += `${syl}\t${chars}\n`;
  }
  return out;
}

/** The table of pinyinText's text, answering as loadPinyinTable of the object it was made from. */
function textTable(text: string): PinyinTable {
  const known = new Map<string, string | undefined>();
  const at = (s: string) => (s === '' || s.includes('\n') || s.includes('\t') ? -1 : text.indexOf(`\n${s}\t`));
  return {
    isSyllable: (s) => at(s) >= 0,
    chars: (s) => {
      const i = at(s);
      if (i < 0) return '';
      const from = i + s.length + 2;
      return text.slice(from, text.indexOf('\n', from));
    },
    reading(ch) {
      if (known.has(ch)) return known.get(ch);
      let r: string | undefined;
      // The first syllable whose characters include it: the first place it is found after a syllable's tab
      // (it holds no line break, so it is then within that syllable's characters).
      if (ch.length > 0 && !ch.includes('\n') && !ch.includes('\t')) {
        for (let p = text.indexOf(ch); p >= 0; p = text.indexOf(ch, p + 1)) {
          const line = text.lastIndexOf('\n', p);
          const tab = text.indexOf('\t', line);
          if (p > tab) {
            r = text.slice(line + 1, tab);
            break;
          }
        }
      }
      known.set(ch, r);
      return r;
    },
  };
}

/** One unit of Latin input: a full syllable, or a lone letter taken as an initial. */
export interface PinyinUnit {
  syllable?: string;
  initial: string;
}

const MAX_SYLLABLE = 6;
const INITIAL_COST = 2.5;

/**
 * Split a Latin word into syllables with as few pieces as possible; letters that start no syllable are
 * taken as initials (sbk → s b k). A word longer than 40 letters is not pinyin and is not split.
 */
export function segmentPinyin(word: string, table: PinyinTable): PinyinUnit[] {
  const n = word.length;
  if (n === 0 || n > 40) return [];
  const cost = new Array<number>(n + 1).fill(Infinity);
  const back = new Array<number>(n + 1).fill(-1);
  cost[0] = 0;
  for (let i = 0; i < n; i++) {
    const c = cost[i]!;
    if (c === Infinity) continue;
    for (let len = 1; len <= MAX_SYLLABLE && i + len <= n; len++) {
      const piece = word.slice(i, i + len);
      const step = table.isSyllable(piece) ? 1 : len === 1 ? INITIAL_COST : Infinity;
      if (c + step < cost[i + len]!) {
        cost[i + len] = c + step;
        back[i + len] = i;
      }
    }
  }
  const units: PinyinUnit[] = [];
  for (let end = n; end > 0; ) {
    const start = back[end]!;
    const piece = word.slice(start, end);
    units.unshift(table.isSyllable(piece) ? { syllable: piece, initial: piece[0]! } : { initial: piece });
    end = start;
  }
  return units;
}

/** Per-position readings; `undefined` where a character has no known reading. */
export type Readings = (string[] | undefined)[];
