/**
 * What the query log says a maintainer should look at: queries that got no answer, grouped when they
 * use the same words (the search analyzer's terms, so order, filler, punctuation and full-width forms do
 * not split a group); close calls between the first two results; answers marked bad in the session,
 * with reasons; the entries asked most. Each with examples. Pure: log lines in, report out.
 */
import { normalize, TERM, textAnalyzer, type Analyzer } from '../search/analyzer.js';
import type { SearchKnowledge } from '../search/knowledge.js';
import type { LogLine } from './querylog.js';

interface Group {
  count: number;
  examples: string[];
}

export interface Report {
  queries: number;
  unanswered: number;
  since?: string;
  /** Unanswered queries, one group per set of words, most frequent first. */
  unanswered_groups: (Group & { query: string })[];
  /** Searches whose first two results nearly tied, per pair of entries. */
  near_ties: (Group & { ids: [string, string] })[];
  /** Answers marked :bad in the session, per entry, with the reasons given. */
  bad: (Group & { id: string; reasons: string[] })[];
  good: { id: string; count: number }[];
  /** Entries that came first for the most answered searches. */
  top_entries: (Group & { id: string })[];
}

/** A line that is not a log record: the caller reports it with its line number. */
export class BadLogLine extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** Parses the log's text; the first line that is not a JSON record throws BadLogLine. */
export function parseLog(text: string): LogLine[] {
  const out: LogLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new BadLogLine(i + 1, '不是 JSON');
    }
    const r = v as Partial<LogLine> | null;
    if (!r || typeof r !== 'object' || typeof r.time !== 'string' || typeof r.query !== 'string') {
      throw new BadLogLine(i + 1, '不是查询记录（缺少 time 或 query）');
    }
    out.push(r as LogLine);
  });
  return out;
}

/**
 * The analyzer's terms of a query as one key, so the same words give the same key: its characters
 * (stop characters and filler removed), Latin words and numbers, in any order. Bigrams are left out:
 * 签证 火星 and 火星签证 are the same words, but only one has the bigram 星签.
 */
export function wordsKey(query: string, analyzer: Analyzer): string {
  const terms = analyzer.charTerms(analyzer.stripFiller(normalize(query))).filter((t) => !t.startsWith(TERM.bi));
  return [...new Set(terms)].sort().join(' ');
}

const EXAMPLES = 3;

/** Counts keyed things and keeps their most frequent distinct example queries. */
class Tally<E = object> {
  private readonly map = new Map<string, { count: number; queries: Map<string, number>; extra: E }>();
  add(key: string, query: string, extra: () => E): E {
    let g = this.map.get(key);
    if (!g) this.map.set(key, (g = { count: 0, queries: new Map(), extra: extra() }));
    g.count++;
    g.queries.set(query, (g.queries.get(query) ?? 0) + 1);
    return g.extra;
  }
  list(): (Group & { key: string; extra: E })[] {
    return [...this.map.entries()]
      .map(([key, g]) => ({
        key,
        count: g.count,
        examples: [...g.queries.entries()].sort((a, b) => b[1] - a[1]).slice(0, EXAMPLES).map(([q]) => q),
        extra: g.extra,
      }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
}

/** `knowledge`: the search's (search.yaml), whose stop characters and filler the grouping uses. */
export function buildReport(lines: LogLine[], knowledge: SearchKnowledge, since?: string): Report {
  const analyzer = textAnalyzer(knowledge);
  const inRange = since ? lines.filter((l) => l.time >= since) : lines;
  const searches = inRange.filter((l) => !l.event);
  const unanswered = new Tally();
  const ties = new Tally<{ ids: [string, string] }>();
  const bad = new Tally<{ reasons: Map<string, number> }>();
  const good = new Tally();
  const top = new Tally();
  for (const s of searches) {
    const results = s.results ?? [];
    if (!results.length) {
      const key = wordsKey(s.query, analyzer) || s.query.trim();
      unanswered.add(key, s.query, () => ({}));
      continue;
    }
    if (s.near_tie && results.length > 1) {
      const ids = [results[0]!.id, results[1]!.id].sort() as [string, string];
      ties.add(ids.join(' '), s.query, () => ({ ids }));
    }
    top.add(results[0]!.id, s.query, () => ({}));
  }
  for (const e of inRange) {
    if (!e.event || !e.id) continue;
    if (e.event === 'bad') {
      const reasons = bad.add(e.id, e.query, () => ({ reasons: new Map() })).reasons;
      if (e.reason) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    } else if (e.event === 'good') good.add(e.id, e.query, () => ({}));
  }
  return {
    queries: searches.length,
    unanswered: searches.filter((s) => !(s.results ?? []).length).length,
    ...(since ? { since } : {}),
    unanswered_groups: unanswered.list().map((g) => ({ query: g.examples[0]!, count: g.count, examples: g.examples })),
    near_ties: ties.list().map((g) => ({ ids: g.extra.ids, count: g.count, examples: g.examples })),
    bad: bad.list().map((g) => ({
      id: g.key,
      count: g.count,
      reasons: [...g.extra.reasons.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r),
      examples: g.examples,
    })),
    good: good.list().map((g) => ({ id: g.key, count: g.count })),
    top_entries: top.list().map((g) => ({ id: g.key, count: g.count, examples: g.examples })),
  };
}
