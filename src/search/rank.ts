/**
 * BM25 over three fields of each entry (question, aliases, answer), scored separately and summed with
 * field weights: a term in the question says far more about what an entry answers than the same term
 * somewhere in a long answer. Document frequency is counted over the whole entry so one term has one
 * IDF whichever field it is found in.
 */
import { TERM } from './analyzer.js';

export const FIELDS = ['question', 'aliases', 'answer'] as const;
export type FieldName = (typeof FIELDS)[number];

export const FIELD_WEIGHT: Record<FieldName, number> = { question: 3, aliases: 2.5, answer: 1 };
const B: Record<FieldName, number> = { question: 0.4, aliases: 0.4, answer: 0.75 };
const K1 = 1.2;

/** Length statistics of one field: each entry's length in terms, and the average. */
export interface FieldStats {
  docLen: number[];
  avgLen: number;
}

/** The entries a term's postings name in any field (fields without the term may be left out). */
export function entriesWith(lists: Partial<Record<FieldName, ArrayLike<number>>>): Set<number> {
  const docs = new Set<number>();
  for (const f of FIELDS) {
    const p = lists[f];
    if (p) for (let i = 0; i < p.length; i += 2) docs.add(p[i]!);
  }
  return docs;
}

/** A term's postings in each field (entry, term frequency pairs); undefined when no entry has it. */
export type PostingsOf = (term: string) => Record<FieldName, ArrayLike<number>> | undefined;

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Hit {
  term: string;
  field: FieldName;
  points: number;
}

/** Whether (entry, frequency) pairs in entry order name `doc`: a binary search. */
function inList(p: ArrayLike<number> | undefined, doc: number): boolean {
  if (!p) return false;
  let lo = 0;
  let hi = p.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = p[mid * 2]!;
    if (d === doc) return true;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class Ranker {
  readonly docCount: number;
  /** Entry counts of single characters, precomputed at build time (idf of `u:` terms without decoding). */
  private readonly unigramDf?: Record<string, number>;
  private readonly idfCache = new Map<string, number>();

  constructor(
    private readonly fields: Record<FieldName, FieldStats>,
    private readonly postings: PostingsOf,
    unigramDf?: Record<string, number>,
  ) {
    this.docCount = fields.question.docLen.length;
    this.unigramDf = unigramDf;
  }

  private readonly docsCache = new Map<string, Set<number>>();

  /** The entries that have the term in any field (cached per term; idf and has() do without it). */
  docsWith(term: string): Set<number> {
    let docs = this.docsCache.get(term);
    if (!docs) {
      const lists = this.postings(term);
      docs = lists ? entriesWith(lists) : new Set<number>();
      // Bounded: a long batch of varied queries must not grow memory without end.
      if (this.docsCache.size > 50_000) this.docsCache.clear();
      this.docsCache.set(term, docs);
    }
    return docs;
  }

  /** Per entry, the last count that met it (entry counts without a Set per term). */
  private seen?: Uint32Array;
  private stamp = 0;

  /** How many entries have the term in any field (each field's list names an entry at most once). */
  private entryCount(lists: Partial<Record<FieldName, ArrayLike<number>>>): number {
    const seen = (this.seen ??= new Uint32Array(this.docCount));
    if (++this.stamp === 0xffffffff) {
      seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let n = 0;
    for (const f of FIELDS) {
      const p = lists[f];
      if (!p) continue;
      for (let i = 0; i < p.length; i += 2) {
        const doc = p[i]!;
        if (seen[doc] !== stamp) {
          seen[doc] = stamp;
          n++;
        }
      }
    }
    return n;
  }

  /** Inverse document frequency over whole entries; 0 for a term no entry has. */
  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v !== undefined) return v;
    const pre = this.unigramDf && term.startsWith(TERM.uni) ? (this.unigramDf[term.slice(TERM.uni.length)] ?? 0) : undefined;
    let df = pre;
    if (df === undefined) {
      const lists = this.postings(term);
      df = lists ? this.entryCount(lists) : 0;
    }
    const n = this.docCount;
    v = df === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5));
    // Bounded: a long batch of varied queries must not grow memory without end.
    if (this.idfCache.size > 50_000) this.idfCache.clear();
    this.idfCache.set(term, v);
    return v;
  }

  /** Highest IDF any term can have (a term found in one entry). */
  maxIdf(): number {
    const n = this.docCount;
    return Math.log(1 + (n - 0.5) / 1.5);
  }

  /** Whether an entry has the term in its own question or an alias (not only somewhere in its answer). */
  inPhrases(doc: number, term: string): boolean {
    const lists = this.postings(term);
    if (!lists) return false;
    return inList(lists.question, doc) || inList(lists.aliases, doc);
  }

  /**
   * Whether an entry has the term in any field: a binary search of each field's list, whose entries
   * are in entry order (build.ts fieldLists), not a set of every entry that has the term (at 20,000
   * entries a common character's set cost a one-shot search more than its scoring).
   */
  has(doc: number, term: string): boolean {
    const lists = this.postings(term);
    return !!lists && FIELDS.some((f) => inList(lists[f], doc));
  }

  private lengthNorms?: Record<FieldName, Float64Array>;

  /** Per field, each entry's K1 × length normalisation: computed once, not at every posting of every query. */
  private norms(): Record<FieldName, Float64Array> {
    if (!this.lengthNorms) {
      const out = {} as Record<FieldName, Float64Array>;
      for (const f of FIELDS) {
        const fi = this.fields[f];
        const b = B[f];
        const a = new Float64Array(this.docCount);
        for (let doc = 0; doc < a.length; doc++) a[doc] = K1 * (1 - b + (b * fi.docLen[doc]!) / fi.avgLen);
        out[f] = a;
      }
      this.lengthNorms = out;
    }
    return this.lengthNorms;
  }

  score(terms: WeightedTerm[], hits?: Map<number, Hit[]>): Float64Array {
    const scores = new Float64Array(this.docCount);
    const norms = this.norms();
    for (const { term, weight } of terms) {
      const idf = this.idf(term);
      if (idf === 0) continue;
      const lists = this.postings(term);
      if (!lists) continue;
      for (const f of FIELDS) {
        const kNorm = norms[f];
        const p = lists[f];
        const wf = FIELD_WEIGHT[f] * weight * idf;
        for (let i = 0; i < p.length; i += 2) {
          const doc = p[i]!;
          const tf = p[i + 1]!;
          const points = (wf * tf * (K1 + 1)) / (tf + kNorm[doc]!);
          scores[doc]! += points;
          if (hits) {
            let list = hits.get(doc);
            if (!list) hits.set(doc, (list = []));
            list.push({ term, field: f, points });
          }
        }
      }
    }
    return scores;
  }
}
