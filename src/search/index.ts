/**
 * Search over the FAQ entries. First plain version (Fuse.js over question and answer) so the quick start
 * answers; the search issue replaces it with real ranking.
 */
import Fuse from 'fuse.js';
import type { FaqEntry } from '../kb/schema.js';

export interface SearchResult {
  entry: FaqEntry;
  /** 0..1, higher is better. */
  score: number;
}

export interface Searcher {
  search(query: string, limit: number): SearchResult[];
}

export function createSearcher(entries: FaqEntry[]): Searcher {
  const fuse = new Fuse(entries, {
    keys: [
      { name: 'question', weight: 2 },
      { name: 'aliases', weight: 2 },
      { name: 'answer', weight: 1 },
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.6,
  });
  return {
    search(query, limit) {
      const q = query.trim();
      if (!q) return [];
      return fuse.search(q, { limit }).map((r) => ({ entry: r.item, score: 1 - (r.score ?? 1) }));
    },
  };
}
