/**
 * Building the search index: run once at build time (or on first use when no prebuilt index is given).
 * This is the only search module that needs a pinyin library; it is required lazily so that loading the
 * search code for a query never pays for it.
 */
import { createRequire } from 'node:module';
import type { FaqEntry } from '../kb/schema.js';
import { allTerms, buildFieldIndex, FIELDS, Ranker, type FieldIndexes, type FieldName } from './rank.js';
import { charTerms, hanSegments, isHan, normalize, splitRuns, stripUrls, TERM, weakMask } from './tokenize.js';
import { initialsOf, pinyinTerms, type PinyinTableData, type Readings } from './pinyin.js';

export const INDEX_VERSION = 5;

export interface SearchIndexData {
  version: number;
  /** Entry ids in index order; searcherFromIndex checks them against the entries it is given. */
  ids: string[];
  fields: FieldIndexes;
  pinyin: PinyinTableData;
  /** Number of entries each single character occurs in (any field): rarity weights without decoding postings. */
  unigramDf: Record<string, number>;
}

type PinyinFn = (text: string, opts: Record<string, unknown>) => string[];

let pinyinFn: PinyinFn | undefined;
function pinyinLib(): PinyinFn {
  if (!pinyinFn) {
    const require = createRequire(import.meta.url);
    pinyinFn = (require('pinyin-pro') as { pinyin: PinyinFn }).pinyin;
  }
  return pinyinFn;
}

function reading(ch: string): string {
  return (pinyinLib()(ch, { toneType: 'none', type: 'array', v: true })[0] ?? '').toLowerCase();
}

/** GB2312 level 1: the 3,755 most common characters, enough to read almost any typo's characters. */
function commonChars(): string[] {
  const dec = new TextDecoder('gb2312');
  const out: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && isHan(ch)) out.push(ch);
    }
  }
  return out;
}

function fieldText(entry: FaqEntry, field: FieldName): string {
  if (field === 'aliases') return entry.aliases.join('\n');
  return entry[field];
}

export function buildSearchIndex(entries: FaqEntry[]): SearchIndexData {
  const corpusChars = new Set<string>();
  for (const e of entries) for (const f of FIELDS) for (const ch of normalize(fieldText(e, f))) if (isHan(ch)) corpusChars.add(ch);

  const table: PinyinTableData = {};
  const defaultReading = new Map<string, string>();
  for (const ch of new Set([...commonChars(), ...corpusChars])) {
    const r = reading(ch);
    if (!/^[a-z]+$/.test(r)) continue;
    defaultReading.set(ch, r);
    table[r] = (table[r] ?? '') + ch;
  }

  const py = pinyinLib();
  /** Each character's reading in context (银行 → hang) and alone (行 → xing): a caller may type either. */
  const docReadings = (run: string): Readings => {
    const chars = Array.from(run);
    const ctx = py(run, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
    return chars.map((ch, i) => {
      const set = new Set<string>();
      const c = ctx.length === chars.length ? ctx[i] : undefined;
      if (c && /^[a-z]+$/.test(c)) set.add(c);
      const d = defaultReading.get(ch);
      if (d) set.add(d);
      return set.size ? [...set] : undefined;
    });
  };

  const termsOf = (text: string, field: FieldName): string[] => {
    const terms = charTerms(text);
    const full = field !== 'answer';
    for (const run of splitRuns(normalize(stripUrls(text)))) {
      if (run.kind !== 'han') continue;
      for (const seg of hanSegments(run.text)) {
        const r = docReadings(seg);
        // Initials of question words (咨询 → zx) would match any short initials query.
        const weak = weakMask(seg);
        const ini = initialsOf(r).map((x, i) => (weak[i] ? undefined : x));
        terms.push(...pinyinTerms(r, ini, { unigrams: full, initials: full }));
      }
    }
    return terms;
  };

  const fields = {} as FieldIndexes;
  for (const f of FIELDS) fields[f] = buildFieldIndex(entries.map((e) => termsOf(fieldText(e, f), f)));
  const ranker = new Ranker(fields);
  const unigramDf: Record<string, number> = {};
  for (const f of FIELDS) {
    for (const term of fields[f].terms ? allTerms(fields[f]) : []) {
      if (term.startsWith(TERM.uni) && unigramDf[term.slice(TERM.uni.length)] === undefined) {
        unigramDf[term.slice(TERM.uni.length)] = ranker.docsWith(term).size;
      }
    }
  }
  return { version: INDEX_VERSION, ids: entries.map((e) => e.id), fields, pinyin: table, unigramDf };
}
