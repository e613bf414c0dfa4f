/**
 * How sure a result is, 0..1. The main signal is coverage: the share of the query's content (Han
 * characters that are not filler or question words, Latin words, numbers) that the best entry's matched
 * terms stand for. Questions the knowledge base does not cover fall below MIN_CONFIDENCE and get no
 * answer rather than a confident wrong one.
 *
 * Two things make coverage evidence rather than coincidence:
 * - A homophone (the pinyin of the caller's own Han characters, 社宝卡 → she bao) is weaker evidence than
 *   the characters themselves: it covers a unit at HOMOPHONE_CREDIT. A typo has most of its characters
 *   right; a random string of characters only ever matches by sound (述十 → 属实).
 * - Naming the card is not an answer. 社保卡, 卡 are in every entry, so coverage weighted by how rare
 *   each character is (index.ts charWeight) says how much of what the caller asks *about the card* the
 *   entry explains; `社保卡能透支吗` names the card and asks about something no entry has. A question of
 *   several clauses (a caller's story, then the ask) is judged by its best-explained clause.
 */
import { isHan, TERM, type Analyzer, type AnalyzedQuery, type QueryTerm } from './analyzer.js';
import type { Ranker } from './rank.js';

export const MIN_CONFIDENCE = 0.2;

/**
 * A query that names nothing of the card must be explained more fully before it is answered: coverage
 * below NO_ANCHOR_FLOOR counts as nothing. Calibrated on the project's own in-scope and out-of-scope
 * queries (scripts/bench-search.queries.jsonl): anchored in-scope queries reach 0.2+, unanchored ones 0.65+,
 * while unanchored questions about other services stay below 0.6.
 */
const NO_ANCHOR_FLOOR = 0.5;

/** How much a unit covered only by the sound of the caller's own characters counts. */
export const HOMOPHONE_CREDIT = 0.5;

/**
 * How much a lone character counts that the entry's own question or an alias has (a one-character word:
 * 捡, 锁), when it is rare (its weight, with `lone`, at least LONE_RARITY: 丢, 费, 交 are in too many entries).
 */
export const LONE_CREDIT = 0.5;
const LONE_RARITY = 0.6;

/**
 * Least share of a query's content, weighted by rarity, that the best entry must explain in at least one
 * clause of a query that names the card. Measured on the project's query sets: in-scope queries whose
 * entry comes first reach 0.27 and more (narratives included), questions about what the card cannot do
 * (贷款, 利息, 透支, 买火车票) mostly stay below 0.25.
 */
const CARD_CONTENT_FLOOR = 0.25;

/**
 * A character whose rarity weight (index.ts charWeight) is at most this is in nearly every entry (社, 保,
 * 卡): that an entry has it proves nothing about the asked-for end (社保卡里的钱能买商业保险吗: 保).
 */
const COMMON_CHAR = 0.15;

export interface Confidence {
  top: number;
  coverage: number;
  of(rank: number): number;
}

export function coverage(q: AnalyzedQuery, doc: number, ranker: Ranker): number {
  return coverageBy(q, (term) => ranker.has(doc, term));
}

/** How much a term proves about the units it covers: its own characters 1, their sound HOMOPHONE_CREDIT. */
export function termCredit(t: QueryTerm): number {
  return t.origin.kind === 'pinyin' && isHan(t.origin.from.charAt(0)) ? HOMOPHONE_CREDIT : 1;
}

/**
 * The share of the query's content (by unit weight, or `weights`) that the terms `has` accepts stand
 * for: bigrams, words, numbers and initials (an entry's terms here, one phrase's in phrase.ts). With
 * `credit`, each unit counts by the best evidence covering it (termCredit); without it, fully.
 * `units`: only these units (one clause); all when absent. `covered`: units already explained (a run
 * of the query that the entry's answer has word for word, phrase.ts answerRunUnits).
 */
export function coverageBy(
  q: AnalyzedQuery, has: (term: string) => boolean,
  opts: { credit?: boolean; weights?: number[]; units?: number[]; covered?: Set<number>; lone?: (term: string) => boolean } = {},
): number {
  const weights = opts.weights ?? q.units.map((u) => u.weight);
  const units = opts.units ?? q.units.map((_, i) => i);
  const total = units.reduce((a, u) => a + weights[u]!, 0);
  if (total === 0) return 0;
  const got = new Map<number, number>();
  if (opts.covered) for (const u of opts.covered) got.set(u, 1);
  for (const t of q.terms) {
    // A single character in common proves little: only bigrams, words, numbers and initials cover, and
    // with `lone`, a rare character the entry's own question or alias has (捡 of 捡着 in 捡到社保卡), at LONE_CREDIT.
    if (t.term.startsWith(TERM.pyUni)) continue;
    if (t.term.startsWith(TERM.uni)) {
      if (!opts.lone || !t.covers.every((u) => (got.get(u) ?? 0) < LONE_CREDIT && weights[u]! >= LONE_RARITY) || !opts.lone(t.term)) continue;
      for (const u of t.covers) got.set(u, Math.max(got.get(u) ?? 0, LONE_CREDIT));
      continue;
    }
    const c = opts.credit ? termCredit(t) : 1;
    if (t.covers.every((u) => (got.get(u) ?? 0) >= c)) continue;
    if (has(t.term)) for (const u of t.covers) got.set(u, Math.max(got.get(u) ?? 0, c));
  }
  let w = 0;
  for (const u of units) w += weights[u]! * (got.get(u) ?? 0);
  return w / total;
}

/** A number of five or more digits that the knowledge base has (a hotline or bank number) anchors the query. */
function knownNumber(q: AnalyzedQuery, ranker: Ranker): boolean {
  return q.terms.some((t) => t.term.startsWith(TERM.digit) && t.term.length >= TERM.digit.length + 5 && ranker.idf(t.term) > 0);
}

/** The query's content units by clause (analyzer.ts ContentUnit.clause), clauses with content only. */
function clauses(q: AnalyzedQuery): number[][] {
  const by = new Map<number, number[]>();
  q.units.forEach((u, i) => {
    const list = by.get(u.clause) ?? [];
    list.push(i);
    by.set(u.clause, list);
  });
  return [...by.values()];
}

/**
 * What a one-clause question asks is said at its end (社保卡能透支吗, 社保卡的利息怎么算: the predicate
 * before the question word). When the last two content characters appear nowhere in the best entry
 * (question, aliases, answer) and no term covers them, the entry does not answer what was asked, however
 * much of the rest it shares. A caller's story of several clauses may end in a complaint rather than the
 * ask, so only one-clause questions are judged so; Latin input (pinyin) is judged by coverage alone.
 * In ranking, when some leading entry has a term for it, the leaders that have none count less
 * (index.ts ASKED_MISSING); the gate here refuses a best entry that still misses it.
 */
/** `rarity`: each unit's weight by how rare its character is; characters in nearly every entry do not count as present. */
export function askedPartMissing(q: AnalyzedQuery, doc: number, ranker: Ranker, rarity?: number[]): boolean {
  const focus = askedPart(q);
  const telling = (u: number) => !rarity || rarity[u]! > COMMON_CHAR;
  return focus !== undefined && !focus.some((u) => telling(u) && ranker.has(doc, TERM.uni + q.units[u]!.text)) && !askedPartCovered(q, doc, ranker, focus);
}

/** The units of the asked-for end of a one-clause Han question (its last two content units), else undefined. */
export function askedPart(q: AnalyzedQuery): number[] | undefined {
  const n = q.units.length;
  if (!n || q.units.some((u) => u.clause !== q.units[0]!.clause)) return undefined;
  const focus = q.timeAsk ?? (n === 1 ? [0] : [n - 2, n - 1]);
  return focus.every((u) => isHan(q.units[u]!.text)) ? focus : undefined;
}

/** Whether a term of the entry (a bigram, word, homophone: not a lone character) covers the asked-for end. */
export function askedPartCovered(q: AnalyzedQuery, doc: number, ranker: Ranker, focus = askedPart(q)): boolean {
  return focus !== undefined && askedPartTerms(q, focus).some((t) => ranker.has(doc, t));
}

/** The terms (not lone characters) that cover the asked-for end: looked up once per query, not per entry. */
export function askedPartTerms(q: AnalyzedQuery, focus: number[]): string[] {
  return q.terms.filter((t) => !t.term.startsWith(TERM.uni) && !t.term.startsWith(TERM.pyUni) && t.covers.some((c) => focus.includes(c))).map((t) => t.term);
}

/**
 * `phraseCoverage`: the share of the query the best entry's own question or an alias explains (with
 * homophone credit). A query that names nothing of the card is judged by it rather than by the whole
 * entry, so words found only deep in an answer (居住证 in the list of documents a foreigner may show) do
 * not make it ours. `rarity`: each unit's weight by how rare its character is.
 */
export function confidence(
  q: AnalyzedQuery, points: Float64Array, order: number[], ranker: Ranker, analyzer: Analyzer, phraseCoverage: number | undefined, rarity: number[],
): Confidence {
  const best = points[order[0]!]!;
  const doc = order[0]!;
  const has = (term: string) => ranker.has(doc, term);
  const cov = coverage(q, doc, ranker);
  const anchored = analyzer.mentionsCard(q.text, q.syllables) || knownNumber(q, ranker);
  const off = analyzer.disable;
  const lone = off.has('lone_chars') ? undefined : (term: string) => ranker.inPhrases(doc, term);
  const loose = off.has('no_anchor_floor') ? cov : (phraseCoverage ?? cov);
  const floor = off.has('no_anchor_floor') ? 0 : NO_ANCHOR_FLOOR;
  const cardContent = () =>
    off.has('card_content') || Math.max(...clauses(q).map((units) => coverageBy(q, has, { credit: true, weights: rarity, units, lone }))) >= CARD_CONTENT_FLOOR;
  const top = analyzer.offTopic(q.text, q.syllables) ? 0
    : anchored ? (cardContent() && (off.has('asked_part') || !askedPartMissing(q, doc, ranker, rarity)) ? cov : 0)
    : Math.max(0, (loose - floor) / (1 - floor));
  return { top, coverage: cov, of: (rank) => (best > 0 ? (top * points[order[rank]!]!) / best : 0) };
}
