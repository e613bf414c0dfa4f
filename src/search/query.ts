/**
 * A caller's words → weighted search terms, each remembering where it came from (for --explain):
 * the words themselves, a synonym, the pinyin of a Han character (repairs homophone typos), or Latin
 * input read as pinyin or initials.
 */
import { SYNONYMS } from './synonyms.js';
import {
  charTerms, hanBigrams, MAX_QUERY_CHARS, normalize, splitRuns, STOP_CHARS, stripFiller, TERM, type Run,
} from './tokenize.js';
import {
  hanReadings, initialsOf, pinyinTerms, segmentPinyin, unitsToReadings, type PinyinTable, type PinyinUnit,
} from './pinyin.js';

export const WEIGHT = {
  bigram: 1,
  unigram: 0.2,
  word: 1.2,
  digit: 1.5,
  /** Pinyin of the query's own Han characters: a second, weaker look at the same words. */
  hanPinyinBigram: 0.5,
  hanPinyinUnigram: 0.05,
  latinPinyinBigram: 1,
  latinPinyinUnigram: 0.25,
  initials3: 0.8,
  initials2: 0.4,
  synonym: 0.6,
} as const;

export type Origin =
  | { kind: 'text' }
  | { kind: 'synonym'; said: string; means: string }
  | { kind: 'pinyin'; from: string }
  | { kind: 'initials'; from: string };

export interface QueryTerm {
  term: string;
  weight: number;
  origin: Origin;
}

export interface AnalyzedQuery {
  /** The normalized text actually searched (after truncation). */
  text: string;
  terms: QueryTerm[];
  truncated: boolean;
}

class TermBag {
  private readonly map = new Map<string, QueryTerm>();
  add(term: string, weight: number, origin: Origin): void {
    const prev = this.map.get(term);
    if (!prev || prev.weight < weight) this.map.set(term, { term, weight, origin });
  }
  list(): QueryTerm[] {
    return [...this.map.values()];
  }
}

const TEXT: Origin = { kind: 'text' };

let sayPinyin: { say: string; syllables: string; means: string[] }[] | undefined;
function synonymPinyin(table: PinyinTable) {
  if (!sayPinyin) {
    sayPinyin = [];
    for (const g of SYNONYMS) {
      for (const say of g.say) {
        const r = Array.from(say, (ch) => table.readingOf.get(ch));
        if (r.every((x) => x)) sayPinyin.push({ say, syllables: ' ' + r.join(' ') + ' ', means: g.means });
      }
    }
  }
  return sayPinyin;
}

function addSynonym(bag: TermBag, said: string, means: string): void {
  const origin: Origin = { kind: 'synonym', said, means };
  for (const t of charTerms(means)) {
    const w = t.startsWith(TERM.uni) ? WEIGHT.unigram : WEIGHT.bigram;
    bag.add(t, w * WEIGHT.synonym, origin);
  }
}

/** Consecutive Latin runs (words separated by spaces) are read as one stretch of pinyin. */
function latinGroups(runs: Run[]): string[][] {
  const groups: string[][] = [];
  let cur: string[] = [];
  for (const r of runs) {
    if (r.kind === 'latin') cur.push(r.text);
    else if (cur.length) {
      groups.push(cur);
      cur = [];
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

export function analyzeQuery(query: string, table: PinyinTable): AnalyzedQuery {
  const full = normalize(query);
  const truncated = full.length > MAX_QUERY_CHARS;
  const text = truncated ? full.slice(0, MAX_QUERY_CHARS) : full;
  const bag = new TermBag();
  const runs = splitRuns(stripFiller(text));

  for (const run of runs) {
    if (run.kind === 'han') {
      for (const ch of run.text) if (!STOP_CHARS.has(ch)) bag.add(TERM.uni + ch, WEIGHT.unigram, TEXT);
      for (const b of hanBigrams(run.text)) bag.add(TERM.bi + b, WEIGHT.bigram, TEXT);
      const r = hanReadings(run.text, table);
      const origin: Origin = { kind: 'pinyin', from: run.text };
      for (const t of pinyinTerms(r, [], { unigrams: true, initials: false })) {
        bag.add(t, t.startsWith(TERM.pyBi) ? WEIGHT.hanPinyinBigram : WEIGHT.hanPinyinUnigram, origin);
      }
    } else if (run.kind === 'digit') {
      bag.add(TERM.digit + run.text, WEIGHT.digit, TEXT);
    } else {
      bag.add(TERM.word + run.text, WEIGHT.word, TEXT);
    }
  }

  const pinyinSeqs: string[] = [];
  for (const group of latinGroups(runs)) {
    const units: PinyinUnit[] = [];
    for (const word of group) {
      const u = segmentPinyin(word, table);
      if (u.some((x) => !x.syllable)) {
        // Initials (sbk, jh): n-grams of first letters within the word.
        const origin: Origin = { kind: 'initials', from: word };
        const ini = u.map((x) => [x.initial]);
        for (const t of pinyinTerms([], ini, { unigrams: false, initials: true })) {
          bag.add(t, t.length - TERM.initials.length >= 3 ? WEIGHT.initials3 : WEIGHT.initials2, origin);
        }
      }
      units.push(...u);
    }
    const origin: Origin = { kind: 'pinyin', from: group.join(' ') };
    for (const t of pinyinTerms(unitsToReadings(units), [], { unigrams: true, initials: false })) {
      bag.add(t, t.startsWith(TERM.pyBi) ? WEIGHT.latinPinyinBigram : WEIGHT.latinPinyinUnigram, origin);
    }
    pinyinSeqs.push(' ' + units.map((x) => x.syllable ?? '?').join(' ') + ' ');
  }

  for (const g of SYNONYMS) {
    for (const say of g.say) {
      if (!text.includes(say)) continue;
      for (const m of g.means) addSynonym(bag, say, m);
    }
  }
  if (pinyinSeqs.length) {
    for (const s of synonymPinyin(table)) {
      if (!pinyinSeqs.some((seq) => seq.includes(s.syllables))) continue;
      for (const m of s.means) addSynonym(bag, s.say, m);
    }
  }
  return { text, terms: bag.list(), truncated };
}
