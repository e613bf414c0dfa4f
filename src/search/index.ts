/**
 * Search over the FAQ entries: what the rest of sbk calls. Pure (no I/O). A searcher comes from a
 * prebuilt index, as bytes (`buildSearchIndex` at build time, `searcherFromIndex` at run time), or
 * `createSearcher(entries)` builds the index on the spot.
 */
import type { FaqEntry } from '../kb/schema.js';
import { buildSearchIndex, INDEX_VERSION } from './build.js';
import { loadPinyinTable, type PinyinTable } from './pinyin.js';
import { Analyzer, isHan, normalize, QUESTION_SLOT, stripUrls, TERM, type Origin, type QueryTerm } from './analyzer.js';
import { Ranker, type FieldName, type Hit } from './rank.js';
import { askedPart, askedPartTerms, confidence, coverage, MIN_CONFIDENCE } from './confidence.js';
import { ANSWER_RUN_UNITS, answerRunUnits, PhraseIndex } from './phrase.js';
import { idsCheck, IndexReader, type ByteSource } from './store.js';
import { entryIds } from '../kb/entries.js';
import type { SearchKnowledge } from './knowledge.js';
import { TableMatcher, type RowHit, type Tables } from './tables.js';

/** How many of the BM25 leaders are reranked by coverage and closeness. */
const RERANK_DEPTH = 20;
const COORDINATION_BASE = 0.5;
/**
 * Weight of closeness to the entry's own phrasings against BM25 (normalized to the leader). Large on
 * purpose: measured on the project's query sets, the phrase match is the better signal of what was asked,
 * and BM25 mostly decides which entries are looked at.
 */
const CLOSENESS = 4;
/**
 * How much an entry's own question says that the query does not (by character rarity), per unit of
 * what the query says, takes away: a bare question (补卡, 电子社保卡) gets the entry whose question adds
 * least to it, while a caller who says much is not held to the question's wording. A query that says less
 * than one rare character's worth is held to it the more (补卡: lost-card, not reissue-by-proxy, whose
 * question has 补卡 but adds 职工, 金融功能, 代办).
 */
const QUESTION_EXTRA = 0.1;
/**
 * Closeness within this of 1 is the caller saying one of the entry's own phrasings: that phrasing speaks
 * for the entry, and what its question adds counts less, not at all at closeness 1 (电子社保卡有什么用 is
 * an alias of ecard-functions, whose question is long).
 */
const OWN_PHRASE = 0.1;
/** How much of an entry's score missing the asked-for end of a one-clause question takes away (confidence.ts askedPartMissing). */
const ASKED_MISSING = 0.3;
/**
 * Least share of the first entry's points a leader needs to come first because it alone answers what the
 * query asks for (a fee the answer mentions, another service it names): a close second, not any entry.
 */
const ASK_LEADER = 0.5;
/** How close a query is to an entry whose answer has its words word for word, against its own phrasings. */
const ANSWER_RUN = 0.8;
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

/** An FAQ entry found by a search. */
export interface SearchResult {
  kind: 'faq';
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

/** Any result of the one query box: an FAQ entry or a table row (office, yibao, bank, outlet, phone). */
export type AnyResult = SearchResult | RowHit;
export type { RowHit, RowKind, Tables } from './tables.js';

/** What a search gives a reporter: the results, best first, and whether the first two are a close call. */
export interface SearchResponse {
  query: string;
  results: AnyResult[];
  /** The first two results are nearly tied: show both and let the operator choose. */
  ambiguous: boolean;
}

export interface Searcher {
  /** The one query box: FAQ entries and table rows ranked together. */
  search(query: string, limit: number, opts?: SearchOptions): SearchResponse;
  /** FAQ entries only. */
  searchFaq(query: string, limit: number, opts?: SearchOptions): SearchResult[];
  /** The search's own pinyin (each Han character's reading, valid syllables): the lookups read pinyin with it. */
  pinyin: PinyinTable;
}

export interface SearcherOptions {
  /** Search knowledge to build with when the given index cannot be used (else the index's own). */
  knowledge?: SearchKnowledge;
  /** The tables whose rows the query box finds (banks.yaml, offices.yaml); none: FAQ entries only. */
  tables?: Tables;
  /** Rules switched off (bench:search -- --ablate). */
  disable?: ReadonlySet<string>;
}

/**
 * Second score within this share of the first: a close call, shown as such (both, and a question)
 * rather than the first in full.
 */
export const AMBIGUOUS_MARGIN = 0.08;


/** Reads an index; one that is not an index of this version, or of other entries, is built again. */
function readIndex(data: Uint8Array | ByteSource, entries: FaqEntry[], knowledge?: SearchKnowledge): IndexReader {
  let header: IndexReader['header'] | undefined;
  try {
    const reader = new IndexReader(data);
    header = reader.header;
    // The ids only: entries read from the cache are parsed when shown (src/kb/entries.ts).
    if (header.version === INDEX_VERSION && header.idsCheck === idsCheck(entryIds(entries))) {
      if (!knowledge || JSON.stringify(knowledge) === JSON.stringify(header.knowledge)) return reader;
    }
  } catch (e) {
    // A cache part that failed its check: the caller starts again from the YAML (src/kb/blocks.ts).
    if ((e as Error).name === 'CacheDamaged') throw e;
    // Not an index (truncated, or another format): build one.
  }
  // A stale prebuilt index (the data changed since it was built) would rank the wrong entries.
  const k = knowledge ?? header?.knowledge;
  if (!k) throw new Error('search index: no search knowledge to build with');
  return new IndexReader(buildSearchIndex(entries, k));
}

export function searcherFromIndex(data: Uint8Array | ByteSource, entries: FaqEntry[], opts: SearcherOptions = {}): Searcher {
  const index = readIndex(data, entries, opts.knowledge);
  const { header } = index;
  const disable = opts.disable ?? new Set<string>();
  const ranker = new Ranker(header.fields, (term) => index.lists(term), header.unigramDf);
  const table = loadPinyinTable(header.pinyin);
  const analyzer = new Analyzer(header.knowledge, table, disable);
  /** Phrase texts (their content characters) whose whole initials are `key`. */
  const initials = (key: string) => {
    const list = index.lists(TERM.initials + key)?.question;
    const out: string[] = [];
    if (list) for (let i = 0; i < list.length; i += 2) out.push(index.slots(list[i]!).split('\n')[list[i + 1]!]!.split('\t').filter((x) => !x.startsWith(QUESTION_SLOT)).join(''));
    return out;
  };
  const rows = opts.tables && !disable.has('tables') ? new TableMatcher(opts.tables, header.knowledge.tables) : undefined;
  const maxIdf = ranker.maxIdf();
  /** Rarity of a character across entries: 社, 保, 卡 are in every entry and say little. */
  const charWeight = (t: string) => {
    if (t.length !== 1 || !isHan(t)) return 1;
    const idf = ranker.idf(TERM.uni + t);
    return idf === 0 ? 1 : Math.max(RARITY_FLOOR, idf / maxIdf);
  };
  const answers = new Map<number, string>();
  /** An entry's answer as the analyzer normalizes text (for runs found word for word). */
  const answerText = (doc: number) => {
    let t = answers.get(doc);
    if (t === undefined) answers.set(doc, (t = normalize(stripUrls(entries[doc]!.answer))));
    return t;
  };
  const phrases = new PhraseIndex({ postings: (term) => index.lists(term)?.phrases, slots: (doc) => index.slots(doc) }, charWeight);
  /** The entries whose text has the word (all its bigrams: the index has no longer terms). */
  const docsWithWord = (word: string): Set<number> => {
    const grams = analyzer.charTerms(word).filter((t) => t.startsWith(TERM.bi));
    if (!grams.length) return new Set();
    return grams.slice(1).reduce((acc, g) => new Set([...acc].filter((d) => ranker.has(d, g))), ranker.docsWith(grams[0]!));
  };
  /**
   * Whether the entry speaks of what the query asks about when that is another service or card
   * (社保卡挂失了还能领养老金吗, 社保卡能当工资卡用吗): the card is only the topic there, and an entry
   * about the card that never names the other thing does not answer it. Judged where the query says it
   * after first naming the card (the predicate follows the topic): a caller who first says where they pay
   * in (外国人在济南交社保能办卡吗) or what they did (异地就医备案了人在外地怎么激活) still asks about the card.
   */
  const answersNamed = (text: string, doc: number): boolean => {
    const named = analyzer.namedOthers(text);
    if (!named.length) return true;
    const topic = analyzer.cardAt(text);
    return named.every((n) => n.at < topic || docsWithWord(n.word).has(doc));
  };
  const searchOne = (query: string, limit: number, opts: SearchOptions = {}): SearchResult[] => {
      if (limit < 1) return [];
      const q = analyzer.query(query, initials, (term: string) => ranker.idf(term) > 0);
      if (!q.terms.length) return [];
      const hits = opts.explain ? new Map<number, Hit[]>() : undefined;
      const points = ranker.score(q.terms, hits);
      const order = leaders(points, Math.max(RERANK_DEPTH, limit));
      if (!order.length) return [];
      // Coordination: among the leaders, an entry that explains more of the query moves up.
      const head = order.slice(0, RERANK_DEPTH);
      const best = points[order[0]!]!;
      const unitWeights = q.units.map((u) => u.weight * charWeight(u.text));
      const qExtra = disable.has('question_specific') ? undefined : new Map<number, number>();
      const close = phrases.closeness(q, head, unitWeights, qExtra);
      const qTotal = unitWeights.reduce((a, b) => a + b, 0) || 1;
      // A query that names nothing of the card is ours only by a phrase of an entry (confidence.ts): the
      // caller's words found word for word in an answer count as one, a little less than its own phrasings.
      const runs = new Map<number, Set<number>>();
      if (!disable.has('answer_runs') && q.hanRuns.some((r) => r.chars.length >= ANSWER_RUN_UNITS) && !analyzer.mentionsCard(q.text, q.syllables)) {
        for (const d of head) {
          const got = answerRunUnits(q, answerText(d));
          if (!got.size) continue;
          runs.set(d, got);
          let w = 0;
          for (const u of got) w += unitWeights[u]!;
          close.set(d, Math.max(close.get(d)!, ANSWER_RUN * (w / qTotal)));
        }
      }
      const coord = !disable.has('coordination');
      // The asked-for end of a one-clause question: when a leader has a term for it, leaders without one count less.
      const focus = disable.has('asked_part') ? undefined : askedPart(q);
      const focusTerms = focus ? askedPartTerms(q, focus) : [];
      const answering = new Set(head.filter((d) => focusTerms.some((t) => ranker.has(d, t))));
      const closeW = disable.has('closeness') ? 0 : CLOSENESS;
      for (const d of head) {
        const fit = (points[d]! / best) * (coord ? COORDINATION_BASE + coverage(q, d, ranker) : 1) + closeW * close.get(d)!;
        // What an entry's phrasings say and the query never touches counts against it, so a bare or
        // general question gets the general entry, not one that adds a condition (政务中心, 代办, 跨行).
        points[d] = (best * fit * (answering.size && !answering.has(d) ? 1 - ASKED_MISSING : 1)) / (qExtra ? 1 + (QUESTION_EXTRA * qExtra.get(d)! * Math.min(1, (1 - close.get(d)!) / OWN_PHRASE)) / (qTotal * Math.min(1, qTotal)) : 1);
      }
      head.sort((a, b) => points[b]! - points[a]! || a - b);
      // What the query asks for (a fee, a limit) must be in the answer: the best of the close leaders that
      // speaks of it comes first, and with none, there is no answer. Another service the query names must
      // be in the first entry itself: an answer that lists many services (gen3-uses) does not answer one.
      const answers = (d: number) => disable.has('asks') || answersAsk(analyzer, q.text, entries[d]!);
      const first = head.findIndex(answers);
      if (first < 0 || (first > 0 && (disable.has('ask_leader') || points[head[first]!]! < ASK_LEADER * points[head[0]!]!))) return [];
      if (first > 0) {
        // It takes the lead; the leaders that do not answer the ask follow at a distance (not a close call).
        const lead = points[head[0]!]!;
        for (const d of head) if (d !== head[first] && !answers(d)) points[d] = points[d]! * (1 - AMBIGUOUS_MARGIN) ** 2;
        points[head[first]!] = Math.max(points[head[first]!]!, lead);
        head.sort((a, b) => points[b]! - points[a]! || a - b);
      }
      order.splice(0, head.length, ...head);
      const rarity = q.units.map((u) => charWeight(u.text));
      const conf = confidence(q, points, order, ranker, analyzer, phrases.queryCoverage(q, order[0]!, runs.get(order[0]!)), rarity);
      if (conf.top < MIN_CONFIDENCE || !(disable.has('other_named') || answersNamed(q.text, order[0]!))) return [];
      const byTerm = new Map<string, QueryTerm>(q.terms.map((t) => [t.term, t]));
      return order.slice(0, limit).map((doc, rank) => {
        const r: SearchResult = { kind: 'faq', entry: entries[doc]!, score: round(conf.of(rank)), points: round(points[doc]!) };
        if (hits) {
          r.matched = (hits.get(doc) ?? [])
            .sort((a, b) => b.points - a.points)
            .map((h) => ({ term: h.term, field: h.field, points: round(h.points), origin: byTerm.get(h.term)!.origin }));
        }
        return r;
      });
  };
  /**
   * A query of several asks: the main ask's results (the first part that gets any), with the best
   * entry of each aside placed after its first result (after its first two when those are a close
   * call), never before it. `main`: the part ranked, for the table rows and the close call.
   */
  const searchClauses = (query: string, limit: number, opts: SearchOptions = {}) => {
    const parts = analyzer.clauses(query);
    if (parts.length === 1) return { faq: searchOne(query, limit, opts), main: query, mainAmbiguous: undefined };
    // Each clause searched once: the first that finds anything is the main ask, the others' best are asides.
    const found = parts.map((p) => searchOne(p, limit, opts));
    const at = Math.max(0, found.findIndex((r) => r.length > 0));
    const faq = found[at]!;
    const mainAmbiguous = nearlyTied(faq[0], faq[1]);
    let insert = mainAmbiguous ? 2 : 1;
    for (const i of parts.keys()) {
      if (i === at || insert > faq.length) continue;
      const aside = found[i]![0];
      if (!aside) continue;
      const was = faq.findIndex((r) => r.entry.id === aside.entry.id);
      if (was >= 0 && was < insert) continue;
      if (was >= 0) faq.splice(was, 1);
      faq.splice(insert, 0, { ...aside, score: Math.min(aside.score, faq[insert - 1]!.score) });
      insert++;
    }
    return { faq: faq.slice(0, limit), main: parts[at]!, mainAmbiguous };
  };
  return {
    searchFaq: (query, limit, opts) => searchClauses(query, limit, opts).faq,
    pinyin: table,
    search(query, limit, o = {}) {
      const { faq, main, mainAmbiguous } = searchClauses(query, Math.max(limit, 2), o);
      const results: AnyResult[] = rows ? rows.merge(main, faq) : faq;
      const [a, b] = results;
      const ambiguous = mainAmbiguous ?? (a?.kind === 'faq' && b?.kind === 'faq' && nearlyTied(a, b));
      return { query, results: results.slice(0, Math.max(0, limit)), ambiguous: ambiguous && limit >= 2 };
    },
  };
}

/**
 * The `k` entries with the most points (above 0), best first, equal points in entry order: the first
 * `k` of a full sort, without sorting every entry (a knowledge base of 20,000 entries, at every query).
 */
function leaders(points: Float64Array, k: number): number[] {
  const before = (a: number, b: number) => points[b]! - points[a]! || a - b;
  if (k > 200) {
    const all = Array.from(points.keys()).filter((d) => points[d]! > 0);
    return all.sort(before).slice(0, k);
  }
  const top: number[] = [];
  for (let d = 0; d < points.length; d++) {
    const p = points[d]!;
    if (!(p > 0)) continue;
    // Entries come in order: one with the same points as the last leader ranks after it.
    if (top.length === k && p <= points[top[k - 1]!]!) continue;
    let i = top.length;
    while (i > 0 && points[top[i - 1]!]! < p) i--;
    top.splice(i, 0, d);
    if (top.length > k) top.pop();
  }
  return top;
}

function nearlyTied(a?: { score: number }, b?: { score: number }): boolean {
  return a !== undefined && b !== undefined && a.score > 0 && (a.score - b.score) / a.score < AMBIGUOUS_MARGIN;
}

/**
 * Whether the entry can answer what the query asks for: a query that asks for an aspect (a fee, a
 * limit, a claim) that the entry never mentions gets no answer rather than a confident wrong one.
 */
function answersAsk(analyzer: Analyzer, text: string, entry: FaqEntry): boolean {
  const said = `${entry.question}\n${entry.aliases.join('\n')}\n${entry.answer}`;
  return analyzer.knowledge.asks.every((rule) => !rule.ask.some((w) => text.includes(w)) || rule.answered_by.some((w) => said.includes(w)));
}

export function createSearcher(entries: FaqEntry[], knowledge: SearchKnowledge, opts: Omit<SearcherOptions, 'knowledge'> = {}): Searcher {
  return searcherFromIndex(buildSearchIndex(entries, knowledge, opts.disable), entries, { ...opts, knowledge });
}

/** How a result is named in query sets (bench:search): the FAQ question, or kind:name of a row. */
export function resultLabel(r: AnyResult): string {
  return r.kind === 'faq' ? r.entry.question : `${r.kind}:${r.title}`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
