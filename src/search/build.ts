/**
 * Building the search index: run once at build time (or on first use when no prebuilt index is given),
 * into the bytes store.ts reads.
 * This is the only search module that needs a pinyin library; it is required lazily so that loading the
 * search code for a query never pays for it.
 */
import type { FaqEntry } from '../kb/schema.js';
import { lazyRequire } from '../lazy.js';
import { buildFieldIndex, entriesWith, FIELDS, type FieldIndex, type FieldName } from './rank.js';
import { Analyzer, isHan, normalize, TERM } from './analyzer.js';
import { loadPinyinTable, type PinyinTableData, type Readings } from './pinyin.js';
import { buildPhraseData } from './phrase.js';
import { writeIndex, type IndexContent, type ListName } from './store.js';
import type { SearchKnowledge } from './knowledge.js';

export const INDEX_VERSION = 9;

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
    if (!r) readingsOf.set(run, (r = readRun(run)));
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
  const fields = {} as Record<FieldName, FieldIndex['stats']>;
  // Each field's lists as 32-bit arrays as soon as the field is built: a third of the memory of growing
  // JS arrays, so a knowledge base of 20,000 entries builds in bounded memory.
  const compact = (postings: Map<string, number[]>) => new Map([...postings].map(([t, l]) => [t, Uint32Array.from(l)] as const));
  const fieldPostings = {} as Record<FieldName, Map<string, Uint32Array>>;
  for (const f of FIELDS) {
    const index = buildFieldIndex(
      (function* () {
        for (const e of entries) yield analyzer.fieldTerms(fieldText(e, f), f !== 'answer', docReadings);
      })(),
    );
    fields[f] = index.stats;
    fieldPostings[f] = compact(index.postings);
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

  const terms: IndexContent['terms'] = new Map();
  const put = (name: ListName, postings: Map<string, ArrayLike<number>>) => {
    for (const [term, list] of postings) {
      let lists = terms.get(term);
      if (!lists) terms.set(term, (lists = {}));
      lists[name] = list;
    }
  };
  for (const f of FIELDS) put(f, fieldPostings[f]);
  put('phrases', compact(phrases.postings));
  put('question', initials);

  const unigramDf: Record<string, number> = {};
  for (const [term, lists] of terms) {
    if (!term.startsWith(TERM.uni)) continue;
    const df = entriesWith(lists).size;
    if (df) unigramDf[term.slice(TERM.uni.length)] = df;
  }
  return writeIndex({
    header: {
      version: INDEX_VERSION,
      ids: entries.map((e) => e.id),
      fields: { question: fields.question, aliases: fields.aliases, answer: fields.answer },
      pinyin: table,
      unigramDf,
      knowledge,
    },
    terms,
    slots: phrases.slots,
  });
}
