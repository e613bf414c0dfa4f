/**
 * Search over the FAQ entries: what the rest of sbk calls. Pure (no I/O). A searcher comes from a
 * prebuilt index, as bytes (`buildSearchIndex` at build time, `searcherFromIndex` at run time), or
 * `createSearcher(entries)` builds the index on the spot.
 */
import type { FaqEntry } from '../kb/schema.js';
import { buildSearchIndex, INDEX_VERSION } from './build.js';
import { loadPinyinTable } from './pinyin.js';
import { analyzeQuery, type Origin, type QueryTerm } from './query.js';
import { Ranker, type FieldName, type Hit } from './rank.js';
import { confidence, coverage, MIN_CONFIDENCE } from './confidence.js';
import { PhraseIndex } from './phrase.js';
import { IndexReader } from './store.js';
import { isHan, TERM } from './tokenize.js';

/** How many of the BM25 leaders are reranked by coverage and closeness. */
const RERANK_DEPTH = 20;
const COORDINATION_BASE = 0.5;
/**
 * Weight of closeness to the entry's own phrasings against BM25 (normalized to the leader). Large on
 * purpose: measured on the project's query sets, the phrase match is the better signal of what was asked,
 * and BM25 mostly decides which entries are looked at.
 */
const CLOSENESS = 4;
/** Least weight of a character in closeness (社, 保, 卡 are in every entry). */
const RARITY_FLOOR = 0.1;

export { buildSearchIndex } from './build.js';

export interface MatchedTerm {
  /** The term as a person reads it: 挂失, she|bao, i:sbk. */
  term: string;
  field: FieldName;
  points: number;
  origin: Origin;
}

export interface SearchResult {
  entry: FaqEntry;
  /** 0..1, higher is better. */
  score: number;
  /** Raw BM25 points (only comparable within one query). */
  points: number;
  /** With `explain`: the terms that matched, best first. */
  matched?: MatchedTerm[];
}

export interface SearchOptions {
  explain?: boolean;
}

export interface Searcher {
  search(query: string, limit: number, opts?: SearchOptions): SearchResult[];
}

/** Reads an index; one that is not an index of this version, or of other entries, is built again. */
function readIndex(data: Uint8Array, entries: FaqEntry[]): IndexReader {
  try {
    const reader = new IndexReader(data);
    const { version, ids } = reader.header;
    if (version === INDEX_VERSION && ids.length === entries.length && ids.every((id, i) => entries[i]!.id === id)) return reader;
  } catch {
    // Not an index (truncated, or another format): build one.
  }
  // A stale prebuilt index (the data changed since it was built) would rank the wrong entries.
  return new IndexReader(buildSearchIndex(entries));
}

export function searcherFromIndex(data: Uint8Array, entries: FaqEntry[]): Searcher {
  const index = readIndex(data, entries);
  const { header } = index;
  const ranker = new Ranker(header.fields, (term) => index.lists(term), header.unigramDf);
  const table = loadPinyinTable(header.pinyin);
  const maxIdf = ranker.maxIdf();
  /** Rarity of a character across entries: 社, 保, 卡 are in every entry and say little. */
  const charWeight = (t: string) => {
    if (t.length !== 1 || !isHan(t)) return 1;
    const idf = ranker.idf(TERM.uni + t);
    return idf === 0 ? 1 : Math.max(RARITY_FLOOR, idf / maxIdf);
  };
  const phrases = new PhraseIndex({ postings: (term) => index.lists(term)?.phrases, slots: (doc) => index.slots(doc) }, charWeight);
  return {
    search(query, limit, opts = {}) {
      if (limit < 1) return [];
      const q = analyzeQuery(query, table);
      if (!q.terms.length) return [];
      const hits = opts.explain ? new Map<number, Hit[]>() : undefined;
      const points = ranker.score(q.terms, hits);
      const order = Array.from(points.keys()).filter((d) => points[d]! > 0);
      order.sort((a, b) => points[b]! - points[a]! || a - b);
      if (!order.length) return [];
      // Coordination: among the leaders, an entry that explains more of the query moves up.
      const head = order.slice(0, RERANK_DEPTH);
      const best = points[order[0]!]!;
      const unitWeights = q.units.map((u) => u.weight * charWeight(u.text));
      const close = phrases.closeness(q, head, unitWeights);
      for (const d of head) {
        points[d] = best * ((points[d]! / best) * (COORDINATION_BASE + coverage(q, d, ranker)) + CLOSENESS * close.get(d)!);
      }
      head.sort((a, b) => points[b]! - points[a]! || a - b);
      order.splice(0, head.length, ...head);
      const conf = confidence(q, points, order, ranker, phrases.queryCoverage(q, order[0]!));
      if (conf.top < MIN_CONFIDENCE) return [];
      const byTerm = new Map<string, QueryTerm>(q.terms.map((t) => [t.term, t]));
      return order.slice(0, limit).map((doc, rank) => {
        const r: SearchResult = { entry: entries[doc]!, score: round(conf.of(rank)), points: round(points[doc]!) };
        if (hits) {
          r.matched = (hits.get(doc) ?? [])
            .sort((a, b) => b.points - a.points)
            .map((h) => ({ term: h.term, field: h.field, points: round(h.points), origin: byTerm.get(h.term)!.origin }));
        }
        return r;
      });
    },
  };
}

export function createSearcher(entries: FaqEntry[]): Searcher {
  return searcherFromIndex(buildSearchIndex(entries), entries);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
