/**
 * The one analyzer: every text search looks at (an entry's question, aliases and answer for the index,
 * each question and alias for phrase closeness, the caller's query) becomes terms here, with the same
 * normalization and the same search knowledge (search.yaml: stop characters, filler, question words,
 * synonyms, card and other-service words). Nothing else splits text.
 *
 * Chinese has no spaces and callers do not use the document's words, so a Han run becomes overlapping
 * character bigrams (the unit that carries meaning: 社保, 保卡, 挂失) plus single characters (a weak
 * back-off for one-character words such as 丢 or 锁). Latin words and digit runs stay whole (PIN, app,
 * 68967600). Measured alternative: Intl.Segmenter splits 社保卡 into 社|保|卡 and 制卡进度 into 制|卡|进度,
 * so dictionary words from it match less than bigrams do on this corpus.
 */
import type { SearchKnowledge } from './knowledge.js';
import { loadPinyinTable, segmentPinyin, type PinyinTable, type Readings } from './pinyin.js';

/** Longest query text looked at; a caller's narrative is a few hundred characters at most. */
export const MAX_QUERY_CHARS = 1000;

export type RunKind = 'han' | 'latin' | 'digit';

export interface Run {
  kind: RunKind;
  text: string;
  /** Offset in the string it was split from. */
  at: number;
}

/** Term prefixes: one vocabulary, kept apart by kind. */
export const TERM = {
  uni: 'u:',
  bi: 'b:',
  word: 'w:',
  digit: 'd:',
  pyUni: 'p:',
  pyBi: 'q:',
  /** Whole-phrase initials (build time): x:sbkgs → the phrases whose initials these are. */
  initials: 'x:',
  /** How a question asks (search.yaml question_kinds): k:怎么 for 怎么, 如何, 咋; in phrases only, weightless in a query. */
  ask: 'k:',
} as const;

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
  /** Latin initials that spell a whole phrase stand for that phrase's words. */
  initials: 0.8,
  synonym: 0.6,
  /** First and third character of three (an abbreviation the document may use: 解除绑定 → 解绑). */
  skipBigram: 0.3,
  /** Multiplier for a bigram inside a question word (怎么, 如何) or half in one. */
  weakBoth: 0.1,
  weakOne: 0.3,
} as const;

/** Letters outside any syllable that Latin input may have and still be read as pinyin with a typo. */
const MAX_LOOSE_LETTERS = 1;

const HAN = /\p{Script=Han}/u;
const RUN = /(\p{Script=Han}+)|([a-z\u00fc]+)|(\d+)/gu;

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/**
 * Full-width to half-width and compatibility forms (NFKC), lower case, ü typed as v. Lone surrogates and
 * replacement characters (invalid UTF-8 on stdin) become spaces.
 */
export function normalize(text: string): string {
  let s = text.length > MAX_QUERY_CHARS * 4 ? text.slice(0, MAX_QUERY_CHARS * 4) : text;
  s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\ufffd/g, ' ');
  s = s.normalize('NFKC').toLowerCase();
  return s.replace(/ü/g, 'v');
}

/** Han, Latin and digit runs, in order; everything else (punctuation, spaces) only separates. */
export function splitRuns(normalized: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalized.matchAll(RUN)) {
    const at = m.index;
    if (m[1]) runs.push({ kind: 'han', text: m[1], at });
    else if (m[2]) runs.push({ kind: 'latin', text: m[2], at });
    else runs.push({ kind: 'digit', text: m[3]!, at });
  }
  return runs;
}

/** Web addresses in answers are not words a caller says (and their letters look like pinyin). */
export function stripUrls(text: string): string {
  return text.replace(/https?:\/\/[^\s）)]+/gi, ' ');
}

export function hanBigrams(run: string): string[] {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

const alternation = (words: readonly string[]) =>
  words.length ? new RegExp(words.slice().sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'g') : undefined;
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const spaced = (list: readonly string[]) => list.map((s) => ` ${s} `);

export type Origin =
  | { kind: 'text' }
  | { kind: 'synonym'; said: string; means: string }
  | { kind: 'pinyin'; from: string }
  | { kind: 'initials'; from: string; means: string };

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
  /** Which clause of the query it is in (clauses end at , . ? ! ; 。 、 and line breaks), from 0. */
  clause: number;
}

/** Punctuation that ends a clause (after normalize: full-width ，？！； are half-width). */
const CLAUSE_END = /[,.?!;。、\n]/g;

/** For each offset of a text, the clause it is in. */
function clauseIndex(text: string): (at: number) => number {
  const ends = [...text.matchAll(CLAUSE_END)].map((m) => m.index);
  return (at) => {
    let n = 0;
    while (n < ends.length && ends[n]! < at) n++;
    return n;
  };
}

export interface AnalyzedQuery {
  /** The normalized text actually searched (after truncation). */
  text: string;
  terms: QueryTerm[];
  units: ContentUnit[];
  truncated: boolean;
  /** Latin input read as pinyin, syllables between spaces (' mi ma chong zhi '); '' when none. */
  syllables: string;
  /**
   * Units of a question word that asks for a time or a length of time (多久, 什么时候) when more of
   * the question follows it (多久能拿到): then that is what is asked, not the verb at the end.
   */
  timeAsk?: number[];
  /** Whether the query asks with a question word (怎么, 如何, 什么): then how a phrase asks counts in closeness (phrase.ts). */
  questionForm: boolean;
  /** The query's Han runs (after filler), with the content unit of each character (undefined: stop or question word). */
  hanRuns: { chars: string[]; units: (number | undefined)[] }[];
}

/** One phrase (an entry's question or alias), analysed: its content slots and, per term, the slots it stands for. */
export interface Phrase {
  terms: Map<string, number[]>;
  slots: string[];
}

/**
 * Negation inside a phrase (领不了, 刷不了, 没收到) is content there: 电子社保卡领不了 is about failing,
 * and a query that does not say so (电子社保卡怎么领) explains less of it. A query that does say it
 * covers the slot with its bigram (领不). Stop characters elsewhere, so only phrases carry the slot.
 */
export const NEGATION = new Set(Array.from('不没'));

/**
 * Marks a phrase slot that is part of a question word (怎么, 什么情况下, 如何办理): how the phrase asks,
 * kept in a phrase's slots at a small fixed weight (phrase.ts QUESTION_WORD_WEIGHT), so that of two
 * phrases with the same content the one asked the caller's way is closer (社保卡怎么注销: 社保卡怎么注销,
 * not 什么情况下社保卡会被注销), whatever the corpus makes of the words' rarity.
 */
export const QUESTION_SLOT = '?';

/** Phrase texts whose whole-phrase initials are `key` (sbkgs → 社保卡挂失), from the index. */
export type InitialsLookup = (key: string) => string[];

/** Whether some entry has the term (the index vocabulary). */
export type KnownTerm = (term: string) => boolean;

const TEXT: Origin = { kind: 'text' };

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

export class Analyzer {
  readonly stop: ReadonlySet<string>;
  readonly breaks: ReadonlySet<string>;
  private readonly fillerRe?: RegExp;
  private readonly weakRe?: RegExp;
  private readonly otherCardsRe?: RegExp;
  private readonly ownWordsRe?: RegExp;
  private readonly otherCardsPinyin: string[];
  private readonly anchorsPinyin: string[];
  private readonly verbsPinyin: string[];
  private readonly servicesPinyin: string[];
  private keywordInitials?: Map<string, string[]>;
  /** Question word → the first word of its question_kinds group (itself when in none). */
  private readonly askKind = new Map<string, string>();

  constructor(
    readonly knowledge: SearchKnowledge,
    /** Syllable table of the index (readings of query characters, splitting Latin pinyin). */
    readonly table: PinyinTable,
    /** Rules switched off (bench:search -- --ablate). */
    readonly disable: ReadonlySet<string> = new Set(),
  ) {
    const k = knowledge;
    this.stop = new Set(Array.from(k.stop_chars));
    this.breaks = new Set(disable.has('break_chars') ? [] : Array.from(k.break_chars));
    this.fillerRe = disable.has('filler') ? undefined : alternation(k.filler);
    this.weakRe = disable.has('weak_words') ? undefined : alternation(k.weak_words);
    this.otherCardsRe = alternation(k.other_cards);
    this.ownWordsRe = alternation(k.card_own_words);
    this.otherCardsPinyin = spaced(k.other_cards_pinyin);
    this.anchorsPinyin = spaced(k.card_anchors_pinyin);
    this.verbsPinyin = spaced(k.card_verbs_pinyin);
    this.servicesPinyin = spaced(k.other_services_pinyin);
    for (const g of k.question_kinds) for (const w of g) if (!this.askKind.has(w)) this.askKind.set(w, g[0]!);
  }

  /**
   * The question words of a Han run (weakMask's words): each as its kind term (TERM.ask + kind) and the
   * characters (code point indices) it spans.
   */
  private askTerms(run: string): { term: string; chars: number[] }[] {
    if (!this.weakRe || this.disable.has('question_form')) return [];
    const index: number[] = [];
    Array.from(run).forEach((ch, i) => {
      for (let k = 0; k < ch.length; k++) index.push(i);
    });
    return [...run.matchAll(this.weakRe)].map((m) => ({
      term: TERM.ask + (this.askKind.get(m[0]) ?? m[0]),
      chars: [...new Set(Array.from({ length: m[0].length }, (_, k) => index[m.index + k]!))],
    }));
  }

  /**
   * A query that asks two things (卡丢了，另外问下电子社保卡还能用吗): its main ask first, then each
   * aside, cut where an aside begins (search.yaml aside_markers at a clause start, aside_phrases
   * anywhere), the words that begin it left out. Parts without content are dropped; a query with no
   * aside is one part.
   */
  clauses(query: string): string[] {
    const text = normalize(query);
    if (this.disable.has('clauses')) return [text];
    const k = this.knowledge;
    const cuts: [number, number][] = [];
    const find = (words: readonly string[], atStart: boolean) => {
      for (const w of words) {
        for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
          if (!hasContent(text.slice(0, at))) continue;
          if (atStart && !/[,.?!;。、\s]\s*$/.test(text.slice(0, at))) continue;
          cuts.push([at, at + w.length]);
        }
      }
    };
    find(k.aside_phrases, false);
    find(k.aside_markers, true);
    if (!cuts.length) return [text];
    // Longest word at each place; overlapping cuts are one.
    cuts.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const parts: string[] = [];
    let from = 0;
    let end = 0;
    for (const [a, b] of cuts) {
      if (a < end) continue;
      parts.push(text.slice(from, a));
      from = end = b;
    }
    parts.push(text.slice(from));
    const kept = parts.filter(hasContent);
    return kept.length ? kept : [text];
  }

  stripFiller(normalized: string): string {
    return this.fillerRe ? normalized.replace(this.fillerRe, ' ') : normalized;
  }

  /** For each character of a Han run (by code point), whether it belongs to a question word. */
  weakMask(run: string): boolean[] {
    const chars = Array.from(run);
    const mask = chars.map(() => false);
    if (!this.weakRe) return mask;
    const index: number[] = [];
    chars.forEach((ch, i) => {
      for (let k = 0; k < ch.length; k++) index.push(i);
    });
    for (const m of run.matchAll(this.weakRe)) for (let k = m.index; k < m.index + m[0].length; k++) mask[index[k]!] = true;
    return mask;
  }

  private weakSounds?: string[][];

  /**
   * A question word typed by its sound (流成 for 流程, 怎末 for 怎么): a query's characters whose
   * readings spell a weak word of two or more characters are weak too. Only in queries (an entry's own
   * text is spelt right) and only where one of the characters differs (else weakMask found it).
   */
  private weakBySound(chars: { ch: string; weak: boolean }[]): void {
    if (!this.weakSounds) {
      this.weakSounds = (this.weakRe ? this.knowledge.weak_words : [])
        .filter((w) => Array.from(w).length >= 2)
        .map((w) => Array.from(w).map((ch) => this.table.reading(ch) ?? ''))
        .filter((r) => r.every((x) => x));
    }
    const r = chars.map((c) => this.table.reading(c.ch));
    for (const sound of this.weakSounds) {
      for (let i = 0; i + sound.length <= chars.length; i++) {
        if (sound.every((syl, k) => r[i + k] === syl)) for (let k = 0; k < sound.length; k++) chars[i + k]!.weak = true;
      }
    }
  }

  /** Han runs cut at the break characters. */
  hanSegments(run: string): string[] {
    const out: string[] = [];
    let cur = '';
    for (const ch of run) {
      if (this.breaks.has(ch)) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  }

  /** Character terms of a document text: bigrams, non-stop unigrams, words, digits. */
  charTerms(text: string): string[] {
    const out: string[] = [];
    for (const run of splitRuns(normalize(stripUrls(text)))) {
      if (run.kind === 'han') {
        for (const ch of run.text) if (!this.stop.has(ch)) out.push(TERM.uni + ch);
        for (const seg of this.hanSegments(run.text)) for (const b of hanBigrams(seg)) out.push(TERM.bi + b);
      } else if (run.kind === 'latin') {
        out.push(TERM.word + run.text);
      } else {
        out.push(TERM.digit + run.text);
      }
    }
    return out;
  }

  /**
   * Index terms of one field of an entry: its character terms and the pinyin of its Han segments
   * (`readings` gives each character's readings in context, at build time). Single-syllable pinyin
   * only for the short fields (question, aliases): in a long answer they match everything.
   */
  fieldTerms(text: string, short: boolean, readings: (segment: string) => Readings): string[] {
    const terms = this.charTerms(text);
    for (const run of splitRuns(normalize(stripUrls(text)))) {
      if (run.kind !== 'han') continue;
      for (const seg of this.hanSegments(run.text)) terms.push(...pinyinTerms(readings(seg), { unigrams: short }));
    }
    return terms;
  }

  /**
   * One question or alias for phrase closeness: content slots, and per term the slots it stands for.
   * `questionWords`: question words get slots too, marked QUESTION_SLOT (the phrase index; the alias
   * check looks at content only).
   */
  phrase(text: string, opts: { questionWords?: boolean } = {}): Phrase {
    const terms = new Map<string, number[]>();
    const slots: string[] = [];
    const add = (term: string, at: number[]) => {
      if (!at.length) return;
      const prev = terms.get(term);
      if (!prev) terms.set(term, [...at]);
      else for (const s of at) if (!prev.includes(s)) prev.push(s);
    };
    const negation = !this.disable.has('negation');
    const asked = opts.questionWords === true && !this.disable.has('question_form');
    for (const run of splitRuns(this.stripFiller(normalize(stripUrls(text))))) {
      if (run.kind !== 'han') {
        const s = slots.push(run.text) - 1;
        add((run.kind === 'digit' ? TERM.digit : TERM.word) + run.text, [s]);
        continue;
      }
      const chars = Array.from(run.text);
      const weak = this.weakMask(run.text);
      const slot = chars.map((ch, i) =>
        negation && NEGATION.has(ch) && i > 0 ? slots.push(ch) - 1
        : this.breaks.has(ch) || !isHan(ch) ? undefined
        : weak[i] ? (asked ? slots.push(QUESTION_SLOT + ch) - 1 : undefined)
        : this.stop.has(ch) ? undefined : slots.push(ch) - 1,
      );
      const r = chars.map((ch) => this.table.reading(ch));
      chars.forEach((ch, i) => {
        if (slot[i] !== undefined && !weak[i]) add(TERM.uni + ch, [slot[i]!]);
      });
      if (asked) for (const a of this.askTerms(run.text)) add(a.term, a.chars.map((i) => slot[i]).filter((x): x is number => x !== undefined));
      for (let i = 0; i + 1 < chars.length; i++) {
        if (this.breaks.has(chars[i]!) || this.breaks.has(chars[i + 1]!)) continue;
        const at = [slot[i], slot[i + 1]].filter((x): x is number => x !== undefined);
        add(TERM.bi + chars[i] + chars[i + 1], at);
        if (r[i] && r[i + 1]) add(TERM.pyBi + r[i] + '|' + r[i + 1], at);
      }
    }
    return { terms, slots };
  }

  /**
   * The initials a caller may type for a whole phrase: of all its Han characters (社保卡丢了怎么办 →
   * sbkdlzmb) and of its content characters only (sbkd). At least two letters.
   */
  initialsKeys(text: string): string[] {
    const all: string[] = [];
    const content: string[] = [];
    for (const run of splitRuns(this.stripFiller(normalize(stripUrls(text))))) {
      if (run.kind !== 'han') continue;
      const chars = Array.from(run.text);
      const weak = this.weakMask(run.text);
      chars.forEach((ch, i) => {
        const r = this.table.reading(ch);
        if (!r) return;
        all.push(r[0]!);
        if (!weak[i] && !this.stop.has(ch) && !this.breaks.has(ch)) content.push(r[0]!);
      });
    }
    return [...new Set([all.join(''), content.join('')])].filter((k) => k.length >= 2);
  }

  /** Data-defined words (initials_words) by their initials: sbk → 社保卡. */
  private keywordsByInitials(): Map<string, string[]> {
    if (!this.keywordInitials) {
      this.keywordInitials = new Map();
      for (const w of this.knowledge.initials_words) {
        for (const key of this.initialsKeys(w)) {
          const list = this.keywordInitials.get(key) ?? [];
          if (!list.includes(w)) list.push(w);
          this.keywordInitials.set(key, list);
        }
      }
    }
    return this.keywordInitials;
  }

  /** A caller's words → weighted search terms, each remembering where it came from and what it covers. */
  query(query: string, initials?: InitialsLookup, known?: KnownTerm): AnalyzedQuery {
    const full = normalize(query);
    const truncated = full.length > MAX_QUERY_CHARS;
    const text = truncated ? full.slice(0, MAX_QUERY_CHARS) : full;
    const stripped = this.stripFiller(text);
    const bag = new TermBag();
    const units: ContentUnit[] = [];
    /** String offset in `stripped` → content unit of the Han character there. */
    const unitAt = new Map<number, number>();
    const runs = splitRuns(stripped);
    const wordUnit = new Map<Run, number>();
    const clauseAt = clauseIndex(stripped);

    for (const run of runs) {
      if (run.kind === 'han') this.hanTerms(run, bag, units, unitAt, clauseAt, known);
      else {
        const u = units.push({ text: run.text, weight: 2, clause: clauseAt(run.at) }) - 1;
        wordUnit.set(run, u);
        if (run.kind === 'digit') bag.add(TERM.digit + run.text, WEIGHT.digit, TEXT, [u]);
        else bag.add(TERM.word + run.text, WEIGHT.word, TEXT, [u]);
      }
    }

    const pinyinSeqs: { seq: string; covers: number[] }[] = [];
    for (const group of latinGroups(runs)) {
      const seq: { syllable: string; unit: number }[] = [];
      const spelt: Run[] = [];
      for (const run of group) {
        const u = wordUnit.get(run)!;
        const pieces = segmentPinyin(run.text, this.table);
        const loose = pieces.filter((x) => !x.syllable).length;
        if (loose) {
          // Not all syllables: initials (sbk, jh) when it has no vowel, else an English word or a typo.
          // Either way its loose letters are not read one by one: a run of letters that happens to hold
          // the initials of some words (zxddcrkfr) must not find them.
          // Pinyin with one slip (shebaok) keeps its syllables; a string with more loose letters than that
          // (owaagjjvng) is not pinyin, and its few syllables found by chance are not read either.
          if (!/[aeiouv]/.test(run.text)) spelt.push(run);
        }
        if (loose <= MAX_LOOSE_LETTERS) for (const p of pieces) if (p.syllable) seq.push({ syllable: p.syllable, unit: u });
      }
      this.addInitials(spelt, wordUnit, bag, initials);
      const origin: Origin = { kind: 'pinyin', from: group.map((r) => r.text).join(' ') };
      seq.forEach((a, i) => {
        bag.add(TERM.pyUni + a.syllable, WEIGHT.latinPinyinUnigram, origin, [a.unit]);
        const b = seq[i + 1];
        if (b) bag.add(TERM.pyBi + a.syllable + '|' + b.syllable, WEIGHT.latinPinyinBigram, origin, [a.unit, b.unit]);
      });
      if (seq.length) {
        pinyinSeqs.push({
          seq: ' ' + seq.map((x) => x.syllable).join(' ') + ' ',
          covers: [...new Set(seq.map((x) => x.unit))],
        });
      }
    }

    for (const g of this.knowledge.synonyms) {
      for (const say of g.say) {
        let at = stripped.indexOf(say);
        if (at < 0) continue;
        const covers: number[] = [];
        for (; at >= 0; at = stripped.indexOf(say, at + 1)) {
          for (let k = at; k < at + say.length; k++) {
            const u = unitAt.get(k);
            if (u !== undefined && !covers.includes(u)) covers.push(u);
          }
          const w = [...wordUnit].find(([r]) => r.at === at && r.text === say);
          if (w && !covers.includes(w[1])) covers.push(w[1]);
        }
        for (const m of g.means) this.addMeaning(bag, { kind: 'synonym', said: say, means: m }, m, WEIGHT.synonym / Math.sqrt(g.means.length), covers);
      }
    }
    const syllables = pinyinSeqs.length ? ' ' + pinyinSeqs.map((p) => p.seq.trim()).join(' ') + ' ' : '';
    const hanRuns = runs.filter((r) => r.kind === 'han').map((r) => {
      const chars: string[] = [];
      const at: (number | undefined)[] = [];
      let off = r.at;
      for (const ch of r.text) {
        chars.push(ch);
        at.push(unitAt.get(off));
        off += ch.length;
      }
      return { chars, units: at };
    });
    let questionForm = false;
    for (const run of runs) {
      if (run.kind !== 'han') continue;
      for (const a of this.askTerms(run.text)) {
        questionForm = true;
        bag.add(a.term, 0, TEXT, []);
      }
    }
    return { text, terms: bag.list(), units, truncated, syllables, timeAsk: this.timeAsk(stripped, unitAt), hanRuns, questionForm };
  }

  /**
   * The units of the first time question word (search.yaml time_asks: 多久, 什么时候) that has more of
   * the question after it (多久能拿到): what such a question asks is the time, not the verb at its end.
   */
  private timeAsk(stripped: string, unitAt: Map<number, number>): number[] | undefined {
    if (this.disable.has('time_asks')) return undefined;
    let best: { at: number; len: number } | undefined;
    for (const w of this.knowledge.time_asks) {
      const at = stripped.indexOf(w);
      if (at >= 0 && (!best || at < best.at || (at === best.at && w.length > best.len))) best = { at, len: w.length };
    }
    if (!best) return undefined;
    const end = best.at + best.len;
    const own: number[] = [];
    for (let k = best.at; k < end; k++) if (unitAt.has(k)) own.push(unitAt.get(k)!);
    return own.length && [...unitAt.keys()].some((k) => k >= end) ? own : undefined;
  }

  /**
   * Latin words typed as initials stand for the phrases whose whole initials they spell: the words
   * together (sbkgs → 社保卡挂失) or each on its own (sbk gs → 社保卡, 挂失); never a run inside them.
   */
  private addInitials(spelt: Run[], wordUnit: Map<Run, number>, bag: TermBag, lookup?: InitialsLookup): void {
    if (!spelt.length) return;
    const find = (key: string) => [...new Set([...(this.keywordsByInitials().get(key) ?? []), ...(lookup?.(key) ?? [])])];
    const whole = spelt.map((r) => r.text).join('');
    const all = find(whole);
    const pieces: [Run[], string[]][] = all.length || spelt.length === 1 ? [[spelt, all]] : spelt.map((r) => [[r], find(r.text)]);
    for (const [runs, phrases] of pieces) {
      if (!phrases.length) continue;
      const covers = runs.map((r) => wordUnit.get(r)!);
      const from = runs.map((r) => r.text).join(' ');
      const share = WEIGHT.initials / Math.sqrt(phrases.length);
      for (const p of phrases) this.addMeaning(bag, { kind: 'initials', from, means: p }, p, share, covers);
    }
  }

  /** A phrase's words added at `share` of their own weight (synonyms, initials). */
  private addMeaning(bag: TermBag, origin: Origin, phrase: string, share: number, covers: number[]): void {
    for (const t of this.charTerms(phrase)) {
      const w = t.startsWith(TERM.uni) ? WEIGHT.unigram : WEIGHT.bigram;
      bag.add(t, w * share, origin, covers);
    }
  }

  /** Character, bigram and pinyin terms of one Han run, with its content units. */
  private hanTerms(
    run: Run, bag: TermBag, units: ContentUnit[], unitAt: Map<number, number>, clauseAt: (at: number) => number, known?: KnownTerm,
  ): void {
    const chars: { ch: string; at: number; weak: boolean; unit?: number }[] = [];
    let off = run.at;
    for (const ch of run.text) {
      chars.push({ ch, at: off, weak: false });
      off += ch.length;
    }
    this.weakMask(run.text).forEach((w, i) => (chars[i]!.weak = w));
    if (!this.disable.has('weak_sound')) this.weakBySound(chars);
    for (const c of chars) {
      if (c.weak || this.stop.has(c.ch) || this.breaks.has(c.ch)) continue;
      c.unit = units.push({ text: c.ch, weight: 1, clause: clauseAt(c.at) }) - 1;
      unitAt.set(c.at, c.unit);
      bag.add(TERM.uni + c.ch, WEIGHT.unigram, TEXT, [c.unit]);
    }
    const pinyin = !this.disable.has('han_pinyin');
    const skip = !this.disable.has('skip_bigram');
    const origin: Origin = { kind: 'pinyin', from: run.text };
    const readings = chars.map((c) => (pinyin ? this.table.reading(c.ch) : undefined));
    chars.forEach((c, i) => {
      if (this.breaks.has(c.ch)) return;
      const r = readings[i];
      if (r && c.unit !== undefined) bag.add(TERM.pyUni + r, WEIGHT.hanPinyinUnigram, origin, [c.unit]);
      const d = chars[i + 1];
      if (!d) return;
      if (this.breaks.has(d.ch)) {
        // A particle typed for the sound of a word's second character (密吗 for 密码): its reading
        // still pairs with the character before it, as a homophone of that word only.
        const rd = readings[i + 1];
        if (r && rd && c.unit !== undefined) bag.add(TERM.pyBi + r + '|' + rd, WEIGHT.hanPinyinBigram, origin, [c.unit]);
        return;
      }
      // A word shortened by its first and third characters (解除绑定 → 解绑, 社会保险 → 社保): the caller
      // says the long form, the document the short one. Only across content characters of one segment.
      const e = chars[i + 2];
      if (skip && e && c.unit !== undefined && d.unit !== undefined && e.unit !== undefined) {
        bag.add(TERM.bi + c.ch + e.ch, WEIGHT.skipBigram, { kind: 'synonym', said: c.ch + d.ch + e.ch, means: c.ch + e.ch }, [c.unit, e.unit]);
      }
      const factor = c.weak && d.weak ? WEIGHT.weakBoth : c.weak || d.weak ? WEIGHT.weakOne : 1;
      const covers = [c.unit, d.unit].filter((u): u is number => u !== undefined);
      bag.add(TERM.bi + c.ch + d.ch, WEIGHT.bigram * factor, TEXT, covers);
      const rd = readings[i + 1];
      if (r && rd && this.typoOf(c.ch, d.ch, r, rd, known)) bag.add(TERM.pyBi + r + '|' + rd, WEIGHT.hanPinyinBigram * factor, origin, covers);
    });
  }

  /**
   * Whether the sound of two characters of the query may be a typo of a word the entries have: a typo
   * (社宝卡, 密吗, 挂师) gets one character of a word wrong and keeps the other, so some entry has a
   * word with one of the two and a character of the other's sound. Two characters both unlike any word
   * of that sound (飞机 and 费记 of 缴费记录) are a different word that merely sounds the same. Without
   * the index's vocabulary (`known`), every sound is kept.
   */
  private typoOf(a: string, b: string, ra: string, rb: string, known?: KnownTerm): boolean {
    if (!known || this.disable.has('typo_sound')) return true;
    const key = a + b;
    let v = this.typoCache.get(key);
    if (v === undefined) {
      v = known(TERM.bi + a + b)
        || Array.from(this.table.chars(rb)).some((x) => x !== b && known(TERM.bi + a + x))
        || Array.from(this.table.chars(ra)).some((x) => x !== a && known(TERM.bi + x + b));
      // Bounded: a long batch of varied queries must not grow memory without end.
      if (this.typoCache.size > 50_000) this.typoCache.clear();
      this.typoCache.set(key, v);
    }
    return v;
  }

  /** typoOf by character pair: the answer depends on the index only, which one analyzer keeps. */
  private readonly typoCache = new Map<string, boolean>();

  // What the knowledge base is about, for the confidence gate. 12345 operators also get calls about
  // neighbouring services (pensions, housing fund, medical-insurance payments and claims, licences): a
  // query that names one of those and nothing of the card is not ours, however many of its words also
  // appear in some answer.

  private othersOf(text: string, syllables: string): boolean {
    const k = this.knowledge;
    const own = this.ownWordsRe ? text.replace(this.ownWordsRe, ' ') : text;
    return (
      k.other_services.some((w) => text.includes(w)) ||
      k.other_documents.some((w) => text.includes(w)) ||
      (this.otherCardsRe !== undefined && own.search(this.otherCardsRe) >= 0) ||
      (syllables !== '' && (this.servicesPinyin.some((w) => syllables.includes(w)) || this.otherCardsPinyin.some((w) => syllables.includes(w))))
    );
  }

  /**
   * Where the query names another service or card (养老金, 失业金, 信用卡, 工资卡): each word and its
   * offset in `text`. A card's own words (银行卡功能) are not another card; a document (驾照, 护照:
   * other_documents) may be what a caller brings for the card, so it is not counted here.
   */
  namedOthers(text: string): { word: string; at: number }[] {
    const k = this.knowledge;
    const out: { word: string; at: number }[] = [];
    for (const w of k.other_services) {
      if (k.other_documents.some((d) => d.includes(w))) continue;
      for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) out.push({ word: w, at });
    }
    if (this.otherCardsRe) {
      const keep: [number, number][] = [];
      if (this.ownWordsRe) for (const m of text.matchAll(this.ownWordsRe)) keep.push([m.index, m.index + m[0].length]);
      for (const m of text.matchAll(this.otherCardsRe)) if (!keep.some(([a, b]) => m.index >= a && m.index < b)) out.push({ word: m[0], at: m.index });
    }
    return out;
  }

  /**
   * Whether the query is about the card itself. Naming the card (卡, PIN, the hotline) is enough on its
   * own; the business verbs (密码, 挂失, 注销) also go with other documents and accounts, so they only
   * anchor a query that names nothing else. Other cards (信用卡) are taken out before looking for 卡.
   * `syllables`: Latin input read as pinyin (AnalyzedQuery.syllables).
   */
  mentionsCard(text: string, syllables = ''): boolean {
    const k = this.knowledge;
    const t = removeOtherCards(text, this.ownWordsRe, this.otherCardsRe);
    let y = syllables;
    for (const w of this.otherCardsPinyin) y = y.split(w).join('  ');
    const hasY = y.trim() !== '';
    if (k.card_anchors.some((w) => t.includes(w)) || (hasY && this.anchorsPinyin.some((w) => y.includes(w)))) return true;
    if (!k.card_verbs.some((w) => t.includes(w)) && !(hasY && this.verbsPinyin.some((w) => y.includes(w)))) return false;
    return !this.othersOf(text, syllables);
  }

  /** Offset of the first word in `text` that names the card itself (search.yaml card_anchors), -1 when none. */
  cardAt(text: string): number {
    const t = removeOtherCards(text, this.ownWordsRe, this.otherCardsRe);
    let first = -1;
    for (const w of this.knowledge.card_anchors) {
      const at = t.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  }

  offTopic(text: string, syllables = ''): boolean {
    if (this.disable.has('off_topic')) return false;
    return !this.mentionsCard(text, syllables) && this.othersOf(text, syllables);
  }
}

/** `text` with other cards blanked out, except where they are part of a card's own words (银行卡功能). */
function removeOtherCards(text: string, own?: RegExp, others?: RegExp): string {
  if (!others) return text;
  const keep: [number, number][] = [];
  if (own) for (const m of text.matchAll(own)) keep.push([m.index, m.index + m[0].length]);
  // Blanked to the same length: offsets in the text stay offsets in the result (Analyzer.cardAt).
  return text.replace(others, (m, at: number) => (keep.some(([a, b]) => at >= a && at < b) ? m : ' '.repeat(m.length)));
}

/**
 * An analyzer for comparing texts by their terms (charTerms, stripFiller) without the index's syllable
 * table: the query log's grouping (log/report.ts) and the source diff's similarity (source/diff.ts) use
 * the search's own stop characters, breaks and filler, not a copy of them.
 */
export function textAnalyzer(knowledge: SearchKnowledge): Analyzer {
  return new Analyzer(knowledge, loadPinyinTable({}));
}

function hasContent(text: string): boolean {
  return /[\p{Script=Han}a-z\d]/u.test(text);
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

/**
 * Pinyin terms of one run: syllable unigrams (with `unigrams`) and bigrams (q:she|bao), every reading
 * of a character with two; positions without a reading break the bigrams.
 */
export function pinyinTerms(readings: Readings, opts: { unigrams: boolean }): string[] {
  const out: string[] = [];
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i];
    if (!r) continue;
    if (opts.unigrams) for (const s of r) out.push(TERM.pyUni + s);
    const next = readings[i + 1];
    if (next) for (const a of r) for (const b of next) out.push(TERM.pyBi + a + '|' + b);
  }
  return out;
}
