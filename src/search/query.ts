/**
 * A caller's words → weighted search terms, each remembering where it came from (for --explain) and
 * which parts of the query it stands for (for the confidence: how much of what was asked the best
 * entry explains). Sources: the words themselves, a synonym, the pinyin of a Han character (repairs
 * homophone typos), or Latin input read as pinyin or as initials.
 */
import { SYNONYMS } from './synonyms.js';
import {
  BREAK_CHARS, charTerms, MAX_QUERY_CHARS, normalize, splitRuns, STOP_CHARS, stripFiller, TERM, weakMask, type Run,
} from './tokenize.js';
import { segmentPinyin, type PinyinTable } from './pinyin.js';

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
  /** Multiplier for a bigram inside a question word (怎么, 如何) or half in one. */
  weakBoth: 0.1,
  weakOne: 0.3,
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
  /** Indices into AnalyzedQuery.units: the parts of the query this term stands for. */
  covers: number[];
}

/** A part of the query that carries content (a Han character that is not filler, a Latin word, a number). */
export interface ContentUnit {
  text: string;
  weight: number;
}

export interface AnalyzedQuery {
  /** The normalized text actually searched (after truncation). */
  text: string;
  terms: QueryTerm[];
  units: ContentUnit[];
  truncated: boolean;
  /** Latin input read as pinyin, syllables between spaces (' mi ma chong zhi '); '' when none. */
  syllables: string;
}

class TermBag {
  private readonly map = new Map<string, QueryTerm>();
  add(term: string, weight: number, origin: Origin, covers: number[]): void {
    const prev = this.map.get(term);
    if (!prev) this.map.set(term, { term, weight, origin, covers: [...covers] });
    else {
      if (prev.weight < weight) {
        prev.weight = weight;
        prev.origin = origin;
      }
      for (const c of covers) if (!prev.covers.includes(c)) prev.covers.push(c);
    }
  }
  list(): QueryTerm[] {
    return [...this.map.values()];
  }
}

const TEXT: Origin = { kind: 'text' };

let sayPinyin: { say: string; syllables: string; means: string[] }[] | undefined;
let sayTable: PinyinTable | undefined;
function synonymPinyin(table: PinyinTable) {
  if (!sayPinyin || sayTable !== table) {
    sayTable = table;
    sayPinyin = [];
    for (const g of SYNONYMS) {
      for (const say of g.say) {
        const r = Array.from(say, (ch) => table.reading(ch));
        if (r.every((x) => x)) sayPinyin.push({ say, syllables: ' ' + r.join(' ') + ' ', means: g.means });
      }
    }
  }
  return sayPinyin;
}

/** A group's phrases share the synonym weight, so a group with many phrases does not outvote the query. */
function addSynonym(bag: TermBag, said: string, means: string, groupSize: number, covers: number[]): void {
  const origin: Origin = { kind: 'synonym', said, means };
  const share = WEIGHT.synonym / Math.sqrt(groupSize);
  for (const t of charTerms(means)) {
    const w = t.startsWith(TERM.uni) ? WEIGHT.unigram : WEIGHT.bigram;
    bag.add(t, w * share, origin, covers);
  }
}

/** Consecutive Latin runs (words separated by spaces) are read as one stretch of pinyin. */
function latinGroups(runs: Run[]): Run[][] {
  const groups: Run[][] = [];
  let cur: Run[] = [];
  for (const r of runs) {
    if (r.kind === 'latin') cur.push(r);
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
  const stripped = stripFiller(text);
  const bag = new TermBag();
  const units: ContentUnit[] = [];
  /** String offset in `stripped` → content unit of the Han character there. */
  const unitAt = new Map<number, number>();
  const runs = splitRuns(stripped);
  const wordUnit = new Map<Run, number>();

  for (const run of runs) {
    if (run.kind === 'han') hanTerms(run, table, bag, units, unitAt);
    else {
      const u = units.push({ text: run.text, weight: 2 }) - 1;
      wordUnit.set(run, u);
      if (run.kind === 'digit') bag.add(TERM.digit + run.text, WEIGHT.digit, TEXT, [u]);
      else bag.add(TERM.word + run.text, WEIGHT.word, TEXT, [u]);
    }
  }

  const pinyinSeqs: { seq: string; covers: number[] }[] = [];
  for (const group of latinGroups(runs)) {
    const seq: { syllable?: string; unit: number }[] = [];
    for (const run of group) {
      const u = wordUnit.get(run)!;
      let pieces = segmentPinyin(run.text, table);
      if (pieces.some((x) => !x.syllable) && /[aeiouv]/.test(run.text)) {
        // Not pinyin and not initials (initials have no vowels: sbk, jh, dzsbk): an English word or
        // a typo. Its letters must not be read as initials (hello → h·l·l matched anything).
        pieces = pieces.filter((x) => x.syllable);
      } else if (pieces.some((x) => !x.syllable)) {
        // Initials (sbk, jh): bigrams and trigrams of first letters within the word.
        const origin: Origin = { kind: 'initials', from: run.text };
        for (let i = 0; i + 1 < pieces.length; i++) {
          bag.add(TERM.initials + pieces[i]!.initial + pieces[i + 1]!.initial, WEIGHT.initials2, origin, [u]);
          if (i + 2 < pieces.length) {
            const tri = pieces[i]!.initial + pieces[i + 1]!.initial + pieces[i + 2]!.initial;
            bag.add(TERM.initials + tri, WEIGHT.initials3, origin, [u]);
          }
        }
      }
      for (const p of pieces) seq.push({ syllable: p.syllable, unit: u });
    }
    const origin: Origin = { kind: 'pinyin', from: group.map((r) => r.text).join(' ') };
    seq.forEach((a, i) => {
      if (!a.syllable) return;
      bag.add(TERM.pyUni + a.syllable, WEIGHT.latinPinyinUnigram, origin, [a.unit]);
      const b = seq[i + 1];
      if (b?.syllable) bag.add(TERM.pyBi + a.syllable + '|' + b.syllable, WEIGHT.latinPinyinBigram, origin, [a.unit, b.unit]);
    });
    pinyinSeqs.push({
      seq: ' ' + seq.map((x) => x.syllable ?? '?').join(' ') + ' ',
      covers: [...new Set(seq.map((x) => x.unit))],
    });
  }

  for (const g of SYNONYMS) {
    for (const say of g.say) {
      let at = stripped.indexOf(say);
      if (at < 0) continue;
      const covers: number[] = [];
      for (; at >= 0; at = stripped.indexOf(say, at + 1)) {
        for (let k = at; k < at + say.length; k++) {
          const u = unitAt.get(k);
          if (u !== undefined && !covers.includes(u)) covers.push(u);
        }
      }
      for (const m of g.means) addSynonym(bag, say, m, g.means.length, covers);
    }
  }
  if (pinyinSeqs.length) {
    for (const s of synonymPinyin(table)) {
      const hit = pinyinSeqs.find((p) => p.seq.includes(s.syllables));
      if (hit) for (const m of s.means) addSynonym(bag, s.say, m, s.means.length, hit.covers);
    }
  }
  const syllables = pinyinSeqs.length ? ' ' + pinyinSeqs.map((p) => p.seq.trim()).join(' ') + ' ' : '';
  return { text, terms: bag.list(), units, truncated, syllables };
}

/** Character, bigram and pinyin terms of one Han run, with its content units. */
function hanTerms(run: Run, table: PinyinTable, bag: TermBag, units: ContentUnit[], unitAt: Map<number, number>): void {
  const chars: { ch: string; at: number; weak: boolean; unit?: number }[] = [];
  let off = run.at;
  for (const ch of run.text) {
    chars.push({ ch, at: off, weak: false });
    off += ch.length;
  }
  weakMask(run.text).forEach((w, i) => (chars[i]!.weak = w));
  for (const c of chars) {
    if (c.weak || STOP_CHARS.has(c.ch) || BREAK_CHARS.has(c.ch)) continue;
    c.unit = units.push({ text: c.ch, weight: 1 }) - 1;
    unitAt.set(c.at, c.unit);
    bag.add(TERM.uni + c.ch, WEIGHT.unigram, TEXT, [c.unit]);
  }
  const origin: Origin = { kind: 'pinyin', from: run.text };
  const readings = chars.map((c) => table.reading(c.ch));
  chars.forEach((c, i) => {
    if (BREAK_CHARS.has(c.ch)) return;
    const r = readings[i];
    if (r && c.unit !== undefined) bag.add(TERM.pyUni + r, WEIGHT.hanPinyinUnigram, origin, [c.unit]);
    const d = chars[i + 1];
    if (!d || BREAK_CHARS.has(d.ch)) return;
    const factor = c.weak && d.weak ? WEIGHT.weakBoth : c.weak || d.weak ? WEIGHT.weakOne : 1;
    const covers = [c.unit, d.unit].filter((u): u is number => u !== undefined);
    bag.add(TERM.bi + c.ch + d.ch, WEIGHT.bigram * factor, TEXT, covers);
    const rd = readings[i + 1];
    if (r && rd) bag.add(TERM.pyBi + r + '|' + rd, WEIGHT.hanPinyinBigram * factor, origin, covers);
  });
}
