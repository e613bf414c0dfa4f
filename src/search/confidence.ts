/**
 * How sure a result is, 0..1. The main signal is coverage: the share of the query's content (Han
 * characters that are not filler or question words, Latin words, numbers) that the best entry's matched
 * terms stand for. Questions the knowledge base does not cover fall below MIN_CONFIDENCE and get no
 * answer rather than a confident wrong one.
 */
import { TERM, type Analyzer, type AnalyzedQuery } from './analyzer.js';
import type { Ranker } from './rank.js';

export const MIN_CONFIDENCE = 0.2;

/**
 * A query that names nothing of the card must be explained more fully before it is answered: coverage
 * below NO_ANCHOR_FLOOR counts as nothing. Calibrated on the project's own in-scope and out-of-scope
 * queries (scripts/bench-search.queries.jsonl): anchored in-scope queries reach 0.2+, unanchored ones 0.65+,
 * while unanchored questions about other services stay below 0.6.
 */
const NO_ANCHOR_FLOOR = 0.5;

export interface Confidence {
  top: number;
  coverage: number;
  of(rank: number): number;
}

export function coverage(q: AnalyzedQuery, doc: number, ranker: Ranker): number {
  return coverageBy(q, (term) => ranker.has(doc, term));
}

/**
 * The share of the query's content (by unit weight) that the terms `has` accepts stand for: bigrams,
 * words, numbers and initials (an entry's terms here, one phrase's in phrase.ts).
 */
export function coverageBy(q: AnalyzedQuery, has: (term: string) => boolean): number {
  const total = q.units.reduce((a, u) => a + u.weight, 0);
  if (total === 0) return 0;
  const covered = new Set<number>();
  for (const t of q.terms) {
    // A single character in common proves little: only bigrams, words, numbers and initials cover.
    if (t.term.startsWith(TERM.uni) || t.term.startsWith(TERM.pyUni)) continue;
    if (t.covers.every((c) => covered.has(c))) continue;
    if (has(t.term)) for (const c of t.covers) covered.add(c);
  }
  let w = 0;
  for (const c of covered) w += q.units[c]!.weight;
  return w / total;
}

/** A number of five or more digits that the knowledge base has (a hotline or bank number) anchors the query. */
function knownNumber(q: AnalyzedQuery, ranker: Ranker): boolean {
  return q.terms.some((t) => t.term.startsWith(TERM.digit) && t.term.length >= TERM.digit.length + 5 && ranker.idf(t.term) > 0);
}

/**
 * `phraseCoverage`: the share of the query the best entry's own question or an alias explains. A query
 * that names nothing of the card is judged by it rather than by the whole entry, so words found only
 * deep in an answer (居住证 in the list of documents a foreigner may show) do not make it ours.
 */
export function confidence(
  q: AnalyzedQuery, points: Float64Array, order: number[], ranker: Ranker, analyzer: Analyzer, phraseCoverage?: number,
): Confidence {
  const best = points[order[0]!]!;
  const cov = coverage(q, order[0]!, ranker);
  const anchored = analyzer.mentionsCard(q.text, q.syllables) || knownNumber(q, ranker);
  const loose = analyzer.disable.has('no_anchor_floor') ? cov : (phraseCoverage ?? cov);
  const floor = analyzer.disable.has('no_anchor_floor') ? 0 : NO_ANCHOR_FLOOR;
  const top = analyzer.offTopic(q.text, q.syllables) ? 0 : anchored ? cov : Math.max(0, (loose - floor) / (1 - floor));
  return { top, coverage: cov, of: (rank) => (best > 0 ? (top * points[order[rank]!]!) / best : 0) };
}
