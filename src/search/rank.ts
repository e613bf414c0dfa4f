/**
 * BM25 over three fields of each entry (question, aliases, answer), scored separately and summed with
 * field weights: a term in the question says far more about what an entry answers than the same term
 * somewhere in a long answer. Document frequency is counted over the whole entry so one term has one
 * IDF whichever field it is found in.
 */
import { TERM } from './tokenize.js';

export const FIELDS = ['question', 'aliases', 'answer'] as const;
export type FieldName = (typeof FIELDS)[number];

export const FIELD_WEIGHT: Record<FieldName, number> = { question: 3, aliases: 2.5, answer: 1 };
const B: Record<FieldName, number> = { question: 0.4, aliases: 0.4, answer: 0.75 };
const K1 = 1.2;

/**
 * One field's postings, packed for a fast start: a one-shot `sbk` parses this JSON on every call, and a
 * query touches a few dozen of the ~16,000 terms. Two long strings and two arrays of small numbers parse
 * in a fraction of the time of an object of arrays and leave almost nothing for the garbage collector;
 * a term is found by binary search and its list decoded when a query first asks for it.
 */
export interface FieldIndex {
  docLen: number[];
  avgLen: number;
  /** All terms, sorted, concatenated. */
  terms: string;
  /** Length of each term in `terms`, in order, as characters (see `encodeLengths`). */
  termLengths: string;
  /**
   * Each term's posting list, concatenated in the same order: base-36 numbers joined by ",", each
   * `doc + (tf - 1) * TF_STEP` (one number per entry that has the term).
   */
  lists: string;
  /** Length of each list in `lists`, as characters. */
  listLengths: string;
}

export type FieldIndexes = Record<FieldName, FieldIndex>;

/** Postings pack term frequency above the entry number; entries are far fewer than this. */
export const TF_STEP = 4096;

export function buildFieldIndex(docs: string[][]): FieldIndex {
  if (docs.length >= TF_STEP) throw new Error(`search index: at most ${TF_STEP - 1} entries`);
  const postings = new Map<string, number[]>();
  const docLen = docs.map((terms) => terms.length);
  docs.forEach((terms, doc) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push(doc + (n - 1) * TF_STEP);
    }
  });
  const total = docLen.reduce((a, b) => a + b, 0);
  const terms = [...postings.keys()].sort();
  const lists = terms.map((t) => postings.get(t)!.map((v) => v.toString(36)).join(','));
  return {
    docLen,
    avgLen: docs.length ? Math.max(1, total / docs.length) : 1,
    terms: terms.join(''),
    termLengths: encodeLengths(terms.map((t) => t.length)),
    lists: lists.join(''),
    listLengths: encodeLengths(lists.map((l) => l.length)),
  };
}

/** Every term of a packed field, in order (build time only). */
export function allTerms(field: FieldIndex): string[] {
  const start = prefixSums(field.termLengths);
  return Array.from({ length: start.length - 1 }, (_, i) => field.terms.slice(start[i]!, start[i + 1]!));
}

/** Finds and decodes a packed field's posting lists on demand; each term's list at most once. */
class Postings {
  private readonly termStart: Int32Array;
  private readonly listStart: Int32Array;
  private readonly decoded = new Map<string, number[] | null>();

  constructor(private readonly field: FieldIndex) {
    this.termStart = prefixSums(field.termLengths);
    this.listStart = prefixSums(field.listLengths);
  }

  private termAt(i: number): string {
    return this.field.terms.slice(this.termStart[i]!, this.termStart[i + 1]!);
  }

  get(term: string): number[] | undefined {
    let list = this.decoded.get(term);
    if (list === undefined) {
      const i = this.find(term);
      list = i < 0 ? null : this.field.lists.slice(this.listStart[i]!, this.listStart[i + 1]!).split(',').map((v) => parseInt(v, 36));
      if (this.decoded.size > 50_000) this.decoded.clear();
      this.decoded.set(term, list);
    }
    return list ?? undefined;
  }

  private find(key: string): number {
    let lo = 0;
    let hi = this.termStart.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.termAt(mid);
      if (v === key) return mid;
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * Small numbers as one character each (offset past the characters JSON would escape): a string parses
 * much faster than an array of numbers.
 */
const LENGTH_BASE = 0x30;

export function encodeLengths(lengths: number[]): string {
  return lengths.map((n) => {
    if (n + LENGTH_BASE > 0xd7ff) throw new Error(`search index: length ${n} too large`);
    return String.fromCharCode(n + LENGTH_BASE);
  }).join('');
}

function prefixSums(lengths: string): Int32Array {
  const out = new Int32Array(lengths.length + 1);
  for (let i = 0; i < lengths.length; i++) out[i + 1] = out[i]! + lengths.charCodeAt(i) - LENGTH_BASE;
  return out;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Hit {
  term: string;
  field: FieldName;
  points: number;
}

export class Ranker {
  readonly docCount: number;
  /** Entry counts of single characters, precomputed at build time (idf of `u:` terms without decoding). */
  private readonly unigramDf?: Record<string, number>;
  private readonly idfCache = new Map<string, number>();

  private readonly postings: Record<FieldName, Postings>;

  constructor(
    private readonly fields: FieldIndexes,
    unigramDf?: Record<string, number>,
  ) {
    this.docCount = fields.question.docLen.length;
    this.unigramDf = unigramDf;
    this.postings = { question: new Postings(fields.question), aliases: new Postings(fields.aliases), answer: new Postings(fields.answer) };
  }

  private readonly docsCache = new Map<string, Set<number>>();

  /** The entries that have the term in any field (cached per term). */
  docsWith(term: string): Set<number> {
    let docs = this.docsCache.get(term);
    if (!docs) {
      docs = new Set<number>();
      for (const f of FIELDS) {
        const p = this.postings[f].get(term);
        if (p) for (const v of p) docs.add(v % TF_STEP);
      }
      // Bounded: a long batch of varied queries must not grow memory without end.
      if (this.docsCache.size > 50_000) {
        this.docsCache.clear();
        this.idfCache.clear();
      }
      this.docsCache.set(term, docs);
    }
    return docs;
  }

  /** Inverse document frequency over whole entries; 0 for a term no entry has. */
  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v !== undefined) return v;
    const pre = this.unigramDf && term.startsWith(TERM.uni) ? (this.unigramDf[term.slice(TERM.uni.length)] ?? 0) : undefined;
    const df = pre ?? this.docsWith(term).size;
    const n = this.docCount;
    v = df === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5));
    this.idfCache.set(term, v);
    return v;
  }

  /** Highest IDF any term can have (a term found in one entry). */
  maxIdf(): number {
    const n = this.docCount;
    return Math.log(1 + (n - 0.5) / 1.5);
  }

  /** Whether an entry has the term in any field. */
  has(doc: number, term: string): boolean {
    return this.docsWith(term).has(doc);
  }

  score(terms: WeightedTerm[], hits?: Map<number, Hit[]>): Float64Array {
    const scores = new Float64Array(this.docCount);
    for (const { term, weight } of terms) {
      const idf = this.idf(term);
      if (idf === 0) continue;
      for (const f of FIELDS) {
        const fi = this.fields[f];
        const p = this.postings[f].get(term);
        if (!p) continue;
        const wf = FIELD_WEIGHT[f] * weight * idf;
        const b = B[f];
        for (const v of p) {
          const doc = v % TF_STEP;
          const tf = Math.floor(v / TF_STEP) + 1;
          const norm = 1 - b + (b * fi.docLen[doc]!) / fi.avgLen;
          const points = (wf * tf * (K1 + 1)) / (tf + K1 * norm);
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
