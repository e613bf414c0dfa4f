/**
 * Closeness of a query to an entry's own phrasings (its question and each alias), the way a FAQ system
 * matches "similar questions": BM25 sums evidence over whole fields, so a long answer that happens to
 * share a caller's filler words can outscore the entry whose question says exactly what was asked. Here
 * each phrase is compared with the query on its own, both ways:
 * - how much of the query the phrase explains (query units covered by terms the phrase has), and
 * - how much of the phrase the query explains (phrase characters covered by query terms),
 * each weighted by how rare the characters are, so 社保卡 (in every entry) says little and 挂失 says a lot.
 * The best phrase of an entry gives its closeness, 0..1.
 *
 * The phrases are analysed at build time (buildPhraseData) into postings: for each term, the
 * phrases that have it and the phrase characters it stands for. At query time only the postings of the
 * query's own terms are read, for the few dozen entries being reranked. Phrases are analysed by the one
 * analyzer (analyzer.ts Analyzer.phrase), with pinyin from the index's syllable table, so a homophone
 * typo or Latin pinyin matches a phrase as it matches the fields.
 */
import { NEGATION, QUESTION_SLOT, TERM, type Analyzer, type AnalyzedQuery } from './analyzer.js';
import { coverageBy } from './confidence.js';
import { U32Log } from './u32log.js';

/** The phrase index, as the search index stores it (store.ts). */
export interface PhraseData {
  /** Per entry, its phrases' content slots: phrases separated by "\n", slots within one by "\t". */
  slots: string[];
  /**
   * Term → for each entry with a phrase that has it: the entry, how many numbers follow for it, then
   * for each such phrase: phrase number, slot count, that many slots. Grouped by entry so a query that
   * looks at 20 entries skips the others whole.
   */
  postings: Map<string, Uint32Array>;
}

/** How much a single shared character counts next to a shared bigram. */
export const UNIGRAM_SHARE = 0.5;

export type CharWeight = (slot: string) => number;

/** Weight of a negation slot (analyzer.ts NEGATION) in a phrase. */
export const NEGATION_WEIGHT = 0.5;

/** Weight of a question-word slot (analyzer.ts QUESTION_SLOT) in a phrase: fixed, the least a character weighs. */
export const QUESTION_WORD_WEIGHT = 0.1;

/** Least content characters of a run of the query found word for word in an answer (异地人员) to count. */
export const ANSWER_RUN_UNITS = 3;

/**
 * The query's content units inside runs of its text that an answer has word for word (the caller's
 * 异地人员 in 提示异地人员): a caller's word found only in an answer, but found whole, not as scattered
 * bigrams. `answer` is normalized text (analyzer.ts normalize). Runs are taken greedily, longest first
 * from each start, and count when they hold at least ANSWER_RUN_UNITS content characters.
 */
export function answerRunUnits(q: AnalyzedQuery, answer: string): Set<number> {
  const out = new Set<number>();
  for (const run of q.hanRuns) {
    const n = run.chars.length;
    for (let i = 0; i + ANSWER_RUN_UNITS <= n; ) {
      let j = i + ANSWER_RUN_UNITS;
      if (!answer.includes(run.chars.slice(i, j).join(''))) {
        i++;
        continue;
      }
      while (j < n && answer.includes(run.chars.slice(i, j + 1).join(''))) j++;
      const units = run.units.slice(i, j).filter((u): u is number => u !== undefined);
      if (units.length >= ANSWER_RUN_UNITS) for (const u of units) out.add(u);
      i = j;
    }
  }
  return out;
}

/** Phrases per entry are far fewer than this; an entry and phrase number make one key. */
const PHRASE_KEY = 4096;

/** Analyses every phrase of every entry (build time). `texts[doc]` are the entry's question and aliases. */
export function buildPhraseData(texts: string[][], analyzer: Analyzer): PhraseData {
  if (texts.some((t) => t.length >= PHRASE_KEY)) throw new Error(`search index: at most ${PHRASE_KEY - 1} phrases per entry`);
  // Every (term, entry, phrase, slots) appended to one 32-bit log in entry order, then sorted out by
  // term into one array the terms' lists are views of: 20,000 entries' phrases without hundreds of
  // thousands of growing JS arrays (measured: 170 MB of them).
  const ids = new Map<string, number>();
  const names: string[] = [];
  const log = new U32Log();
  const put = (x: number) => log.push(x);
  const slots = texts.map((phrases, doc) =>
    phrases
      .map((text, ph) => {
        const p = analyzer.phrase(text, { questionWords: true });
        for (const [term, at] of p.terms) {
          let id = ids.get(term);
          if (id === undefined) ids.set(term, (id = names.push(term) - 1));
          put(id);
          put(doc);
          put(ph);
          put(at.length);
          for (const s of at) put(s);
        }
        if (p.slots.some((x) => /[\n\t]/.test(x))) throw new Error('search index: a phrase slot holds a separator');
        return p.slots.join('\t');
      })
      .join('\n'),
  );
  // Each term's list: per entry, the entry and how many numbers follow, then (phrase, slot count, slots).
  const size = new Uint32Array(names.length + 1);
  const lastDoc = new Int32Array(names.length).fill(-1);
  for (let i = 0; i < log.n; i += 4 + log.get(i + 3)) {
    const t = log.get(i);
    if (lastDoc[t] !== log.get(i + 1)) {
      lastDoc[t] = log.get(i + 1);
      size[t + 1] = size[t + 1]! + 2;
    }
    size[t + 1] = size[t + 1]! + 2 + log.get(i + 3);
  }
  for (let t = 0; t < names.length; t++) size[t + 1] = size[t + 1]! + size[t]!;
  const all = new Uint32Array(size[names.length]!);
  const at = size.slice(0, names.length);
  const group = new Uint32Array(names.length);
  lastDoc.fill(-1);
  for (let i = 0; i < log.n; i += 4 + log.get(i + 3)) {
    const t = log.get(i);
    const len = log.get(i + 3);
    if (lastDoc[t] !== log.get(i + 1)) {
      lastDoc[t] = log.get(i + 1);
      group[t] = at[t]!;
      all[at[t]!++] = log.get(i + 1);
      all[at[t]!++] = 0;
    }
    all[at[t]!++] = log.get(i + 2);
    all[at[t]!++] = len;
    for (let k = 0; k < len; k++) all[at[t]!++] = log.get(i + 4 + k);
    all[group[t]! + 1] = all[group[t]! + 1]! + 2 + len;
  }
  log.clear();
  const postings = new Map<string, Uint32Array>();
  names.forEach((name, t) => postings.set(name, all.subarray(size[t]!, size[t + 1]!)));
  return { slots, postings };
}

/**
 * Per phrase: how much of the query it covers (unit → share) and how much of itself (slot → share), as
 * arrays by unit and slot with the order each was first covered (sums are added in that order): about
 * a thousand phrases a query, on cold code, where two maps each cost far more.
 */
interface Cover {
  query: number[];
  queryOrder: number[];
  phrase: number[];
  phraseOrder: number[];
}

/** Covers `at` with `share` (the larger share stays). */
function cover(shares: number[], order: number[], at: number, share: number): void {
  const prev = shares[at];
  if (prev === undefined) {
    order.push(at);
    shares[at] = share;
  } else if (share > prev) shares[at] = share;
}

/** Reads a stored phrase index: a term's postings (as in PhraseData) and an entry's slots. */
export interface PhraseSource {
  postings(term: string): ArrayLike<number> | undefined;
  slots(doc: number): string;
}

export class PhraseIndex {
  /** Slot weights of each entry's phrases, which are question words, and their sums with and without them (filled on first use). */
  private readonly weights = new Map<number, { slots: number[]; asked: boolean[]; total: number; content: number }[]>();

  constructor(
    private readonly source: PhraseSource,
    private readonly weightOf: CharWeight,
  ) {}

  private weightsOf(doc: number) {
    let w = this.weights.get(doc);
    if (!w) {
      w = this.source.slots(doc).split('\n').map((phrase) => {
        const texts = phrase === '' ? [] : phrase.split('\t');
        const asked = texts.map((t) => t.startsWith(QUESTION_SLOT));
        const slots = texts.map((t, i) => (NEGATION.has(t) ? NEGATION_WEIGHT : asked[i] ? QUESTION_WORD_WEIGHT : this.weightOf(t)));
        const total = slots.reduce((a, b) => a + b, 0);
        return { slots, asked, total, content: slots.reduce((a, b, i) => a + (asked[i] ? 0 : b), 0) };
      });
      this.weights.set(doc, w);
    }
    return w;
  }

  /**
   * Calls `visit(doc, phrase, list, from, to)` for each phrase of the given entries that has the term;
   * `list[from..to)` are the phrase slots the term stands for.
   */
  private eachPhrase(
    term: string, docs: Set<number>, visit: (doc: number, phrase: number, list: ArrayLike<number>, from: number, to: number) => void,
  ): void {
    const list = this.source.postings(term);
    if (!list) return;
    for (let i = 0; i < list.length; ) {
      const doc = list[i]!;
      const end = i + 2 + list[i + 1]!;
      if (docs.has(doc)) {
        for (let j = i + 2; j < end; j += 2 + list[j + 1]!) visit(doc, list[j]!, list, j + 2, j + 2 + list[j + 1]!);
      }
      i = end;
    }
  }

  /** The largest share of the query's content (by unit weight) one phrase of the entry explains with bigrams, words, numbers. */
  queryCoverage(q: AnalyzedQuery, doc: number, covered?: Set<number>): number {
    const termsOf = new Map<number, Set<string>>();
    const only = new Set([doc]);
    for (const t of q.terms) {
      this.eachPhrase(t.term, only, (_, ph) => {
        let set = termsOf.get(ph);
        if (!set) termsOf.set(ph, (set = new Set()));
        set.add(t.term);
      });
    }
    let best = 0;
    for (const set of termsOf.values()) best = Math.max(best, coverageBy(q, (term) => set.has(term), { credit: true, covered }));
    if (covered?.size) best = Math.max(best, coverageBy(q, () => false, { covered }));
    return best;
  }

  /**
   * Best closeness of the query to any phrase of each entry, 0..1 (entries with no phrase in common: 0).
   * `questionExtra`, when given, receives for each entry how much of its own question's content (by
   * character rarity) the query does not cover: what the question adds to what the caller said
   * (社保卡丢了怎么办 adds 丢 to 补卡; 职工社保卡带金融功能，补卡可以代办吗 adds 职工, 金融功能, 代办).
   */
  closeness(q: AnalyzedQuery, docs: number[], unitWeights: number[], questionExtra?: Map<number, number>): Map<number, number> {
    const best = new Map<number, number>(docs.map((d) => [d, 0]));
    if (questionExtra) for (const d of docs) questionExtra.set(d, this.weightsOf(d)[0]?.content ?? 0);
    // How a phrase asks (its question words) counts only when the caller asked a question too.
    const form = q.questionForm;
    const qTotal = unitWeights.reduce((a, b) => a + b, 0);
    if (qTotal === 0) return best;
    const want = new Set(docs);
    const covers = new Map<number, Cover>();
    // Covered by a bigram, word or number: fully; by a lone character only (领, 补, 锁): partly.
    for (const t of q.terms) {
      if (t.term.startsWith(TERM.pyUni)) continue;
      const share = t.term.startsWith(TERM.uni) ? UNIGRAM_SHARE : 1;
      this.eachPhrase(t.term, want, (doc, ph, list, from, to) => {
        const key = doc * PHRASE_KEY + ph;
        let c = covers.get(key);
        if (!c) covers.set(key, (c = { query: [], queryOrder: [], phrase: [], phraseOrder: [] }));
        for (const u of t.covers) cover(c.query, c.queryOrder, u, share);
        for (let i = from; i < to; i++) cover(c.phrase, c.phraseOrder, list[i]!, share);
      });
    }
    for (const [key, c] of covers) {
      const doc = Math.floor(key / PHRASE_KEY);
      const w = this.weightsOf(doc)[key % PHRASE_KEY];
      if (!w) continue;
      const total = form ? w.total : w.content;
      if (total === 0) continue;
      let qw = 0;
      for (const u of c.queryOrder) qw += unitWeights[u]! * c.query[u]!;
      let pw = 0;
      let pwContent = 0;
      for (const s of c.phraseOrder) {
        const v = w.slots[s]! * c.phrase[s]!;
        if (!w.asked[s]) pwContent += v;
        else if (form) pw += v;
      }
      pw += pwContent;
      const a = qw / qTotal;
      const b = pw / total;
      if (questionExtra && key % PHRASE_KEY === 0) questionExtra.set(doc, w.content - pwContent);
      const f = a + b > 0 ? (2 * a * b) / (a + b) : 0;
      if (f > best.get(doc)!) best.set(doc, f);
    }
    return best;
  }
}
