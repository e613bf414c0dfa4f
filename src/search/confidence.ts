/**
 * How sure a result is, 0..1: the share of the query's information (IDF-weighted terms) that the best
 * entry explains, calibrated so that questions the knowledge base does not cover fall below
 * MIN_CONFIDENCE and get no answer rather than a confident wrong one.
 */
import type { QueryTerm } from './query.js';
import { FIELD_WEIGHT, type Ranker } from './rank.js';

export const MIN_CONFIDENCE = 0;

export interface Confidence {
  top: number;
  of(rank: number): number;
}

export function confidence(terms: QueryTerm[], points: Float64Array, order: number[], ranker: Ranker): Confidence {
  let ideal = 0;
  for (const t of terms) ideal += t.weight * ranker.idf(t.term) * FIELD_WEIGHT.question;
  const best = points[order[0]!]!;
  const top = ideal > 0 ? Math.min(1, best / ideal) : 0;
  return { top, of: (rank) => (best > 0 ? (top * points[order[rank]!]!) / best : 0) };
}
