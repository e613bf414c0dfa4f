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
 * Phrases come from the entries at load time (no index space); their pinyin comes from the index's
 * syllable table, so a homophone typo or Latin pinyin matches a phrase as it matches the fields.
 */
import type { AnalyzedQuery } from './query.js';
import type { PinyinTable } from './pinyin.js';
import { coverageBy } from './confidence.js';
import { BREAK_CHARS, isHan, normalize, splitRuns, STOP_CHARS, stripFiller, stripUrls, TERM, weakMask } from './tokenize.js';

interface Phrase {
  /** term → indices of the phrase's content slots it stands for */
  terms: Map<string, number[]>;
  /** content slot → its characters (for rarity weights) */
  slots: string[];
  /** content slot → weight, and their sum (filled on first use) */
  weights?: number[];
  total?: number;
}

/** How much a single shared character counts next to a shared bigram. */
export const UNIGRAM_SHARE = 0.5;

export type CharWeight = (slot: string) => number;

/**
 * Negation inside a phrase (领不了, 刷不了, 没收到) is content there: 电子社保卡领不了 is about failing,
 * and a query that does not say so (电子社保卡怎么领) explains less of it. A query that does say it
 * covers the slot with its bigram (领不). Stop characters elsewhere, so only phrases carry the slot.
 */
const NEGATION = new Set(Array.from('不没'));
export const NEGATION_WEIGHT = 0.5;

export class PhraseIndex {
  /** Built per entry on first use: a query looks at a few dozen entries, a one-shot call at one query. */
  private readonly phrases: (Phrase[] | undefined)[];

  constructor(
    private readonly texts: string[][],
    private readonly table: PinyinTable,
    private readonly weightOf: CharWeight,
  ) {
    this.phrases = new Array(texts.length);
  }

  private of(doc: number): Phrase[] {
    let list = this.phrases[doc];
    if (!list) {
      list = (this.texts[doc] ?? []).map((t) => {
        const p = phraseOf(t, this.table);
        p.weights = p.slots.map((t) => (NEGATION.has(t) ? NEGATION_WEIGHT : this.weightOf(t)));
        p.total = p.weights.reduce((a, b) => a + b, 0);
        return p;
      });
      this.phrases[doc] = list;
    }
    return list;
  }

  /** The largest share of the query's content (by unit weight) one phrase of the entry explains with bigrams, words, numbers. */
  queryCoverage(q: AnalyzedQuery, doc: number): number {
    let best = 0;
    for (const p of this.of(doc)) best = Math.max(best, coverageBy(q, (term) => p.terms.has(term)));
    return best;
  }

  /** Best closeness of the query to any phrase of the entry, 0..1. */
  closeness(q: AnalyzedQuery, doc: number, unitWeights: number[]): number {
    const qTotal = unitWeights.reduce((a, b) => a + b, 0);
    if (qTotal === 0) return 0;
    let best = 0;
    for (const p of this.of(doc)) {
      const pw = p.weights!;
      const pTotal = p.total!;
      if (pTotal === 0) continue;
      // Covered by a bigram, word or number: fully; by a lone character only (领, 补, 锁): partly.
      const qCov = new Map<number, number>();
      const pCov = new Map<number, number>();
      for (const t of q.terms) {
        const uni = t.term.startsWith(TERM.uni);
        if (t.term.startsWith(TERM.pyUni)) continue;
        const at = p.terms.get(t.term);
        if (!at) continue;
        const share = uni ? UNIGRAM_SHARE : 1;
        for (const c of t.covers) qCov.set(c, Math.max(qCov.get(c) ?? 0, share));
        for (const s of at) pCov.set(s, Math.max(pCov.get(s) ?? 0, share));
      }
      let qw = 0;
      for (const [c, share] of qCov) qw += unitWeights[c]! * share;
      let pwSum = 0;
      for (const [s, share] of pCov) pwSum += pw[s]! * share;
      const a = qw / qTotal;
      const b = pwSum / pTotal;
      const f = a + b > 0 ? (2 * a * b) / (a + b) : 0;
      if (f > best) best = f;
    }
    return best;
  }
}

function phraseOf(text: string, table: PinyinTable): Phrase {
  const terms = new Map<string, number[]>();
  const slots: string[] = [];
  const add = (term: string, at: number[]) => {
    if (!at.length) return;
    const prev = terms.get(term);
    if (!prev) terms.set(term, [...at]);
    else for (const s of at) if (!prev.includes(s)) prev.push(s);
  };
  for (const run of splitRuns(stripFiller(normalize(stripUrls(text))))) {
    if (run.kind !== 'han') {
      const s = slots.push(run.text) - 1;
      add((run.kind === 'digit' ? TERM.digit : TERM.word) + run.text, [s]);
      continue;
    }
    const chars = Array.from(run.text);
    const weak = weakMask(run.text);
    const slot = chars.map((ch, i) =>
      NEGATION.has(ch) && i > 0 ? slots.push(ch) - 1
      : weak[i] || STOP_CHARS.has(ch) || BREAK_CHARS.has(ch) || !isHan(ch) ? undefined : slots.push(ch) - 1,
    );
    const r = chars.map((ch) => table.readingOf.get(ch));
    chars.forEach((ch, i) => {
      if (slot[i] !== undefined) add(TERM.uni + ch, [slot[i]!]);
    });
    for (let i = 0; i + 1 < chars.length; i++) {
      if (BREAK_CHARS.has(chars[i]!) || BREAK_CHARS.has(chars[i + 1]!)) continue;
      const at = [slot[i], slot[i + 1]].filter((x): x is number => x !== undefined);
      add(TERM.bi + chars[i] + chars[i + 1], at);
      if (r[i] && r[i + 1]) add(TERM.pyBi + r[i] + '|' + r[i + 1], at);
    }
    // Initials over the content characters only (社保卡挂失 → sb, sbk, bkg ...).
    const content = chars.map((_, i) => i).filter((i) => slot[i] !== undefined && r[i]);
    for (let k = 0; k + 1 < content.length; k++) {
      const i = content[k]!;
      const j = content[k + 1]!;
      add(TERM.initials + r[i]![0] + r[j]![0], [slot[i]!, slot[j]!]);
      const m = content[k + 2];
      if (m !== undefined) add(TERM.initials + r[i]![0] + r[j]![0] + r[m]![0], [slot[i]!, slot[j]!, slot[m]!]);
    }
  }
  return { terms, slots };
}
