/**
 * Building the search index: run once at build time (or on first use when no prebuilt index is given),
 * into the bytes store.ts reads.
 * This is the only search module that needs a pinyin library; it is required lazily so that loading the
 * search code for a query never pays for it.
 */
import type { FaqEntry } from '../kb/schema.js';
import { lazyRequire } from '../lazy.js';
import { FIELDS, type FieldName, type FieldStats } from './rank.js';
import { Analyzer, isHan, normalize, TERM } from './analyzer.js';
import { loadPinyinTable, type PinyinTableData, type Readings } from './pinyin.js';
import { buildPhraseData } from './phrase.js';
import { U32Log } from './u32log.js';
import { EncodedLists, idsCheck, writeIndex, type IndexContent, type ListName } from './store.js';
import type { SearchKnowledge } from './knowledge.js';

export const INDEX_VERSION = 12;

type PinyinFn = (text: string, opts: Record<string, unknown>) => string[];

let pinyinFn: PinyinFn | undefined;
function pinyinLib(): PinyinFn {
  pinyinFn ??= lazyRequire<{ pinyin: PinyinFn }>('pinyin-pro').pinyin;
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

/** Runs whose readings are kept at once while building (a run read again after a clear reads the same). */
const MAX_READINGS = 20_000;

/** The longest term's share of the log (`start`: where each term's share begins). */
function longest(start: Uint32Array): number {
  let most = 0;
  for (let t = 0; t + 1 < start.length; t++) most = Math.max(most, start[t + 1]! - start[t]!);
  return most;
}

/** Numbers of the log sorted out by term at once (16 MB): more terms than that take several passes. */
const SORT_PASS = 4 << 20;

/** Marks a number that stands alone for (number, 1): most terms occur once in an entry. */
const ONCE = 0x80000000;

/**
 * One field's BM25 lists: per term, (entry, term frequency) pairs in entry order, handed to `each`
 * one term at a time (the pairs' array is reused: use it before returning), and each entry's length
 * in terms. Built in 32-bit arrays: every entry's terms with their frequencies appended to one list
 * (a term found once as one number), then sorted out by term into one array of the same packing: a
 * knowledge base of 20,000 entries (10 million numbers in the answer lists) builds in a few tens of MB,
 * without millions of small JS arrays to hold and collect. One entry's terms at a time.
 */
export function fieldLists(docs: Iterable<string[]>, each: (term: string, pairs: Uint32Array) => void, pass = SORT_PASS): FieldStats {
  const ids = new Map<string, number>();
  const names: string[] = [];
  let counts = new Uint32Array(1 << 12);
  const touched: number[] = [];
  const log = new U32Log();
  /** Where each entry's terms end in the log. */
  const ends: number[] = [];
  const docLen: number[] = [];
  for (const terms of docs) {
    docLen.push(terms.length);
    for (const t of terms) {
      let id = ids.get(t);
      if (id === undefined) {
        ids.set(t, (id = names.push(t) - 1));
        if (id >= ONCE) throw new Error('search index: too many terms');
        if (id >= counts.length) {
          const more = new Uint32Array(counts.length * 2);
          more.set(counts);
          counts = more;
        }
      }
      if (counts[id] === 0) touched.push(id);
      counts[id] = counts[id]! + 1;
    }
    for (const id of touched) {
      if (counts[id] === 1) log.push(id | ONCE);
      else {
        log.push(id);
        log.push(counts[id]!);
      }
      counts[id] = 0;
    }
    touched.length = 0;
    ends.push(log.n);
  }
  ids.clear();
  // Per term: where its entries start in one array (a counting sort of the log by term, entry order kept).
  const start = new Uint32Array(names.length + 1);
  const pairs = new Uint32Array(names.length + 1);
  for (let i = 0; i < log.n; ) {
    const v = log.get(i);
    const t = v >= ONCE ? v - ONCE : v;
    const n = v >= ONCE ? 1 : 2;
    start[t + 1] = start[t + 1]! + n;
    pairs[t] = pairs[t]! + 1;
    i += n;
  }
  let most = 0;
  for (let t = 0; t < names.length; t++) {
    start[t + 1] = start[t + 1]! + start[t]!;
    most = Math.max(most, pairs[t]!);
  }
  // Sorted out by term a range of terms at a time (a pass over the log each), into one array of at
  // most SORT_PASS numbers (or the longest list), not one as long as the log.
  const scratch = new Uint32Array(most * 2);
  const part = new Uint32Array(Math.min(start[names.length]!, Math.max(pass, longest(start))));
  for (let lo = 0, hi = 0; lo < names.length; lo = hi) {
    const base = start[lo]!;
    while (hi < names.length && start[hi + 1]! - base <= part.length) hi++;
    const at = start.slice(lo, hi);
    let i = 0;
    ends.forEach((end, doc) => {
      while (i < end) {
        const v = log.get(i);
        const t = v >= ONCE ? v - ONCE : v;
        if (t < lo || t >= hi) {
          i += v >= ONCE ? 1 : 2;
          continue;
        }
        const to = at[t - lo]! - base;
        if (v >= ONCE) {
          part[to] = doc + ONCE;
          at[t - lo] = at[t - lo]! + 1;
          i += 1;
        } else {
          part[to] = doc;
          part[to + 1] = log.get(i + 1);
          at[t - lo] = at[t - lo]! + 2;
          i += 2;
        }
      }
    });
    for (let t = lo; t < hi; t++) {
      let k = 0;
      for (let j = start[t]! - base, e = start[t + 1]! - base; j < e; ) {
        const v = part[j]!;
        if (v >= ONCE) {
          scratch[k++] = v - ONCE;
          scratch[k++] = 1;
          j += 1;
        } else {
          scratch[k++] = v;
          scratch[k++] = part[j + 1]!;
          j += 2;
        }
      }
      each(names[t]!, scratch.subarray(0, k));
    }
  }
  log.clear();
  const total = docLen.reduce((a, b) => a + b, 0);
  return { docLen, avgLen: docLen.length ? Math.max(1, total / docLen.length) : 1 };
}

function fieldText(entry: FaqEntry, field: FieldName): string {
  if (field === 'aliases') return entry.aliases.join('\n');
  return entry[field];
}

/**
 * The search index of the entries, as bytes (store.ts), with the search knowledge it was built with.
 * `disable`: rules switched off (bench:search -- --ablate).
 */
export function buildSearchIndex(entries: FaqEntry[], knowledge: SearchKnowledge, disable: ReadonlySet<string> = new Set()): Buffer {
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
  // Runs repeat across entries and fields (社会保障卡, 身份证): each is read once.
  const readingsOf = new Map<string, Readings>();
  const docReadings = (run: string): Readings => {
    let r = readingsOf.get(run);
    if (!r) {
      // Bounded: the runs of 20,000 entries' answers would hold hundreds of MB of readings.
      if (readingsOf.size >= MAX_READINGS) readingsOf.clear();
      readingsOf.set(run, (r = readRun(run)));
    }
    return r;
  };
  const readRun = (run: string): Readings => {
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

  const analyzer = new Analyzer(knowledge, loadPinyinTable(table), disable);
  const fields = {} as Record<FieldName, FieldStats>;
  // Each field's lists written as the index holds them as soon as the field is built (store.ts
  // EncodedLists: about a byte a number), and the entries with each single character marked (for its
  // entry count, unigramDf): 20,000 entries build in bounded memory.
  const encoded: Partial<Record<ListName, EncodedLists>> = {};
  const uniDocs = new Map<string, Uint32Array>();
  for (const f of FIELDS) {
    const lists = (encoded[f] = new EncodedLists(f));
    fields[f] = fieldLists(
      (function* () {
        for (const e of entries) yield analyzer.fieldTerms(fieldText(e, f), f !== 'answer', docReadings);
      })(),
      (term, list) => {
        if (term.startsWith(TERM.uni)) {
          let docs = uniDocs.get(term);
          if (!docs) uniDocs.set(term, (docs = new Uint32Array((entries.length + 31) >>> 5)));
          for (let i = 0; i < list.length; i += 2) docs[list[i]! >>> 5] = docs[list[i]! >>> 5]! | (1 << (list[i]! & 31));
        }
        lists.add(term, list);
      },
    );
  }
  readingsOf.clear();
  const phraseTexts = entries.map((e) => [e.question, ...e.aliases]);
  const phrases = buildPhraseData(phraseTexts, analyzer);
  // Whole-phrase initials: x:sbkd → (entry, phrase number) pairs, so Latin initials find a whole phrase.
  const initials = new Map<string, number[]>();
  phraseTexts.forEach((texts, doc) =>
    texts.forEach((text, ph) => {
      for (const key of analyzer.initialsKeys(text)) {
        const t = TERM.initials + key;
        if (Buffer.byteLength(t) > 255) continue;
        const list = initials.get(t) ?? [];
        list.push(doc, ph);
        initials.set(t, list);
      }
    }),
  );

  const phraseLists = (encoded.phrases = new EncodedLists('phrases'));
  for (const [term, list] of phrases.postings) phraseLists.add(term, list);
  phrases.postings.clear();
  const terms: IndexContent['terms'] = new Map();
  for (const [term, list] of initials) terms.set(term, { question: list });

  const unigramDf: Record<string, number> = {};
  for (const [term, docs] of uniDocs) {
    let df = 0;
    for (let w of docs) for (; w; w &= w - 1) df++;
    if (df) unigramDf[term.slice(TERM.uni.length)] = df;
  }
  uniDocs.clear();
  return writeIndex({
    header: {
      version: INDEX_VERSION,
      idsCheck: idsCheck(entries.map((e) => e.id)),
      fields: { question: fields.question, aliases: fields.aliases, answer: fields.answer },
      pinyin: table,
      unigramDf,
      knowledge,
    },
    terms,
    slots: phrases.slots,
    encoded,
  });
}
