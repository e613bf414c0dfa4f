/**
 * The search index as bytes: built ahead (build.ts), written to dist/cache/search.bin. A one-shot `sbk`
 * must not read or decode what its query never looks at: a query asks for a few dozen of the index's
 * tens of thousands of terms, so terms sit in a hash table and each term's lists are read (by range,
 * from a ByteSource: src/kb/blocks.ts reads and checks only the blocks asked for) and decoded when it is
 * first asked for. Only a JSON header (a check of the entry ids, field lengths, the pinyin syllable table) and the
 * bucket table are read up front.
 *
 * Layout:
 *   "SBKV", u32 LE header length, header (UTF-8 JSON, IndexHeader), zero padding to 8 bytes; then the body:
 *   numbers  bytes    every term's lists, each as a count + that many values, as LEB128 varints; in the
 *                     BM25 lists (entry, frequency pairs in entry order) each entry is written as the
 *                     zigzag difference from the one before, so a common term's long list takes about a
 *                     byte a number (a knowledge base of 20,000 entries: a quarter of fixed u32s)
 *   buckets  u32[buckets + 1]  start of each hash bucket in `records`
 *   records  per term: u8 UTF-8 length, the term, u32 LE position of its lists in `numbers`, u32 LE
 *            their length in bytes
 *   slots    per entry: its phrases' content slots (UTF-8; see phrase.ts)
 * Section positions are in the header, relative to the body. Any number up to 2^32 - 1 fits.
 */

import type { FieldName, FieldStats } from './rank.js';
import type { SearchKnowledge } from './knowledge.js';
import { crc32 } from '../lazy.js';
import { pinyinText, type PinyinTableData } from './pinyin.js';

/** Bytes read by range: a plain byte array, or a cache part read block by block (src/kb/blocks.ts). */
export interface ByteSource {
  readonly length: number;
  /** Bytes start..end (end excluded), checked; throws when they fail their check. */
  read(start: number, end: number): Uint8Array;
}

/** A plain byte array as a ByteSource (an index just built, held in memory). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { length: bytes.length, read: (start, end) => bytes.subarray(start, end) };
}

/** The lists kept for each term: BM25 postings per field, and the phrases that have the term. */
export const LISTS = ['question', 'aliases', 'answer', 'phrases'] as const;
export type ListName = (typeof LISTS)[number];
export type TermLists = Record<ListName, Uint32Array>;

const MAGIC = 'SBKV';
const MAX_U32 = 0xffffffff;
/** Lists of (entry, frequency) pairs in entry order: entries are written as differences. */
const PAIRED: ReadonlySet<ListName> = new Set(['question', 'aliases', 'answer']);
/** PAIRED by position in LISTS. */
const PAIRED_AT: readonly boolean[] = LISTS.map((name) => PAIRED.has(name));

export interface IndexHeader {
  version: number;
  /**
   * A check of the entry ids in index order (idsCheck), compared with the entries the index is used
   * with: not the ids themselves, which the FAQ part already holds (20,000 ids are 0.5 MB of JSON that
   * a one-shot would parse twice).
   */
  idsCheck: string;
  /** Per field: each entry's length in terms, and the average. */
  fields: Record<FieldName, FieldStats>;
  /** Syllable → the characters read that way, as text (pinyin.ts pinyinText, read by loadPinyinTable). */
  pinyin: string;
  /**
   * Number of entries each single character occurs in (rarity weights without reading postings). An
   * object: a query looks up a few hundred characters, and measured cold, parsing it and looking them up
   * (0.2 ms) is cheaper than the same lookups in a text of them (0.5 ms).
   */
  unigramDf: Record<string, number>;
  /** The search knowledge (search.yaml) the index was built with; the query analyzer uses the same. */
  knowledge: SearchKnowledge;
  /** Byte positions of the body's sections, and each entry's slots within `slots`. */
  sections: { numbers: number; buckets: number; records: number; slots: number; end: number };
  bucketCount: number;
  slotOffsets: number[];
}

export interface IndexContent {
  header: Omit<IndexHeader, 'sections' | 'bucketCount' | 'slotOffsets' | 'pinyin'> & { pinyin: PinyinTableData };
  /** Term → its lists (a missing list is empty). */
  terms: Map<string, Partial<Record<ListName, ArrayLike<number>>>>;
  /** Per entry: its phrases' content slots, as phrase.ts writes them. */
  slots: string[];
  /** Lists already written (build.ts); a term may have some lists here and others in `terms`. */
  encoded?: Partial<Record<ListName, EncodedLists>>;
}

/** FNV-1a over the term's UTF-8 bytes. */
function hash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

/** A growing byte buffer of LEB128 varints. */
class VarintWriter {
  bytes: Buffer;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(Math.max(16, capacity));
  }
  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const more = Buffer.allocUnsafe(Math.max(Math.ceil(this.bytes.length * 1.5), this.length + n));
    this.bytes.copy(more, 0, 0, this.length);
    this.bytes = more;
  }
  put(n: number): void {
    this.room(5);
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.bytes[this.length++] = n;
  }
}

const zigzag = (d: number) => (d >= 0 ? d * 2 : -d * 2 - 1);

/** One list as the numbers section holds it: the count, then the values (entries as differences in a paired list). */
function putList(w: VarintWriter, list: ArrayLike<number>, paired: boolean, term: string): void {
  w.put(list.length);
  let prev = 0;
  for (let i = 0; i < list.length; i++) {
    const n = list[i]!;
    if (!Number.isInteger(n) || n < 0 || n > MAX_U32) throw new Error(`search index: number ${n} out of range (${term})`);
    if (paired && i % 2 === 0) {
      w.put(zigzag(n - prev));
      prev = n;
    } else w.put(n);
  }
}

/** Pages EncodedLists keeps lists in; a list longer than a quarter page gets a page of its own. */
const PAGE = 1 << 20;

/**
 * Many terms' lists of one name, written as the numbers section holds them as soon as they are built
 * (build.ts): 20,000 entries' lists take about a byte a number here instead of four in 32-bit arrays
 * until the index is written. Kept in pages of a MB, each list whole in one page: never one buffer
 * grown by copying (which needed its size two and a half times over), never more than a page unused.
 */
export class EncodedLists {
  private readonly w = new VarintWriter();
  private readonly pages: Buffer[] = [];
  /** The page short lists go to, and how much of it is used. */
  private current = -1;
  private used = 0;
  private readonly at = new Map<string, number>();
  /** Per list: its page, start and end. */
  private readonly places: number[] = [];
  constructor(readonly name: ListName) {}
  add(term: string, list: ArrayLike<number>): void {
    if (this.at.has(term)) throw new Error(`search index: ${term} listed twice`);
    this.w.length = 0;
    putList(this.w, list, PAIRED.has(this.name), term);
    const n = this.w.length;
    let page: number;
    let start = 0;
    if (n > PAGE / 4) page = this.pages.push(Buffer.allocUnsafe(n)) - 1;
    else {
      if (this.current < 0 || this.used + n > PAGE) {
        this.current = this.pages.push(Buffer.allocUnsafe(PAGE)) - 1;
        this.used = 0;
      }
      page = this.current;
      start = this.used;
      this.used += n;
    }
    this.w.bytes.copy(this.pages[page]!, start, 0, n);
    this.at.set(term, this.places.length);
    this.places.push(page, start, start + n);
  }
  terms(): IterableIterator<string> {
    return this.at.keys();
  }
  bytesOf(term: string): Uint8Array | undefined {
    const i = this.at.get(term);
    return i === undefined ? undefined : this.pages[this.places[i]!]!.subarray(this.places[i + 1]!, this.places[i + 2]!);
  }
}

export function writeIndex(content: IndexContent): Buffer {
  // Every list written first (those given as numbers too), so the index is written once, in place.
  const encoded: Partial<Record<ListName, EncodedLists>>[] = [content.encoded ?? {}, {}];
  for (const [term, lists] of content.terms) {
    for (const name of LISTS) {
      const list = lists[name];
      if (list?.length) (encoded[1]![name] ??= new EncodedLists(name)).add(term, list);
    }
  }
  const termSet = new Set<string>();
  for (const e of encoded) for (const lists of Object.values(e)) for (const t of lists!.terms()) termSet.add(t);
  for (const t of content.terms.keys()) termSet.add(t);
  const terms = [...termSet].sort();
  termSet.clear();
  const bucketCount = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, terms.length / 4))));
  /** A term's list of one name, as written (an empty list: its count, 0). */
  const EMPTY = new Uint8Array(1);
  const bytesOf = (term: string, name: ListName) => encoded[0]![name]?.bytesOf(term) ?? encoded[1]![name]?.bytesOf(term) ?? EMPTY;

  // Per term (in sorted order): its bucket, and where its lists are in the numbers section.
  const bucketOf = new Uint32Array(terms.length);
  const listAt = new Float64Array(terms.length);
  const listLen = new Uint32Array(terms.length);
  const bucketSize = new Uint32Array(bucketCount + 1);
  let numbersLength = 0;
  terms.forEach((term, k) => {
    const len = Buffer.byteLength(term, 'utf8');
    if (len > 255) throw new Error(`search index: term too long: ${term}`);
    let n = 0;
    for (const name of LISTS) n += bytesOf(term, name).length;
    listAt[k] = numbersLength;
    listLen[k] = n;
    numbersLength += n;
    if (numbersLength > MAX_U32) throw new Error('search index: more than 4 GB of lists');
    bucketOf[k] = hash(Buffer.from(term, 'utf8')) % bucketCount;
    bucketSize[bucketOf[k]! + 1] = bucketSize[bucketOf[k]! + 1]! + 1 + len + 8;
  });

  // Records, bucket by bucket (a bucket's terms in sorted order).
  const bucketStarts = new Uint32Array(bucketCount + 1);
  for (let b = 0; b < bucketCount; b++) bucketStarts[b + 1] = bucketStarts[b]! + bucketSize[b + 1]!;
  const recordBytes = bucketStarts[bucketCount]!;
  const records = Buffer.alloc(recordBytes);
  const fill = bucketStarts.slice(0, bucketCount);
  terms.forEach((term, k) => {
    const b = bucketOf[k]!;
    let p = fill[b]!;
    const len = records.write(term, p + 1, 'utf8');
    records[p] = len;
    p += 1 + len;
    records.writeUInt32LE(listAt[k]!, p);
    records.writeUInt32LE(listLen[k]!, p + 4);
    fill[b] = p + 8;
  });

  const slotBufs = content.slots.map((s) => Buffer.from(s, 'utf8'));
  const slotOffsets = [0];
  for (const b of slotBufs) slotOffsets.push(slotOffsets[slotOffsets.length - 1]! + b.length);

  const sections = { numbers: 0, buckets: 0, records: 0, slots: 0, end: 0 };
  sections.buckets = align(numbersLength, 4);
  sections.records = sections.buckets + bucketStarts.byteLength;
  sections.slots = sections.records + recordBytes;
  sections.end = sections.slots + slotOffsets[slotOffsets.length - 1]!;

  const header: IndexHeader = { ...content.header, pinyin: pinyinText(content.header.pinyin), sections, bucketCount, slotOffsets };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyAt = align(8 + headerBytes.length, 8);
  const out = Buffer.alloc(bodyAt + sections.end);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(out, 8);
  let at = bodyAt + sections.numbers;
  for (const term of terms) for (const name of LISTS) {
    const b = bytesOf(term, name);
    out.set(b, at);
    at += b.length;
  }
  Buffer.from(bucketStarts.buffer).copy(out, bodyAt + sections.buckets);
  records.copy(out, bodyAt + sections.records);
  at = bodyAt + sections.slots;
  for (const b of slotBufs) at += b.copy(out, at);
  return out;
}

/** Count, length and CRC-32 of the ids in order: what an index records of the entries it was built for. */
export function idsCheck(ids: readonly string[]): string {
  const b = Buffer.from(ids.join('\n'), 'utf8');
  return `${ids.length}:${b.length}:${crc32(b).toString(16)}`;
}

const u32 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! * 2 ** 24);

/**
 * Reads an index written by writeIndex, from its bytes or a ByteSource (a cache part read block by
 * block); terms are looked up on demand, each at most once.
 */
export class IndexReader {
  readonly header: IndexHeader;
  private readonly src: ByteSource;
  private readonly body: number;
  private readonly buckets: Uint32Array;
  private readonly found = new Map<string, TermLists | null>();
  private readonly decoder = new TextDecoder();

  /** Throws on bytes that are not an index of this kind (the caller then builds one). */
  constructor(data: Uint8Array | ByteSource) {
    const src = data instanceof Uint8Array ? bytesSource(data) : data;
    if (src.length < 8) throw new Error('search index: not an index file');
    const start = src.read(0, 8);
    if (String.fromCharCode(...start.subarray(0, 4)) !== MAGIC) throw new Error('search index: not an index file');
    const headerLen = u32(start, 4);
    if (src.length < 8 + headerLen) throw new Error('search index: truncated');
    this.header = JSON.parse(this.decoder.decode(src.read(8, 8 + headerLen))) as IndexHeader;
    const body = align(8 + headerLen, 8);
    const s = this.header.sections;
    if (src.length < body + s.end) throw new Error('search index: truncated');
    this.src = src;
    this.body = body;
    // A copy: typed array views need aligned positions, and a buffer from a pool may start anywhere.
    this.buckets = new Uint32Array(this.header.bucketCount + 1);
    new Uint8Array(this.buckets.buffer).set(src.read(body + s.buckets, body + s.buckets + this.buckets.byteLength));
  }

  /** The term's lists, or undefined when no entry has it. */
  lists(term: string): TermLists | undefined {
    let found = this.found.get(term);
    if (found === undefined) {
      found = this.find(term);
      // Bounded: a long batch of varied queries must not grow memory without end.
      if (this.found.size > 50_000) this.found.clear();
      this.found.set(term, found);
    }
    return found ?? undefined;
  }

  private find(term: string): TermLists | null {
    const key = Buffer.from(term, 'utf8');
    const b = hash(key) % this.header.bucketCount;
    const base = this.body + this.header.sections.records;
    const start = this.buckets[b]!;
    const bytes = this.src.read(base + start, base + this.buckets[b + 1]!);
    for (let at = 0; at < bytes.length; ) {
      const len = bytes[at]!;
      let same = len === key.length;
      for (let i = 0; same && i < len; i++) same = bytes[at + 1 + i] === key[i];
      const p = at + 1 + len;
      if (same) return this.listsAt(u32(bytes, p), u32(bytes, p + 4));
      at = p + 8;
    }
    return null;
  }

  private listsAt(at: number, length: number): TermLists {
    const from = this.body + this.header.sections.numbers + at;
    if (at + length > this.header.sections.buckets) throw new Error('search index: damaged lists');
    const bytes = this.src.read(from, from + length);
    const end = bytes.length;
    // Tens of thousands of numbers a query, decoded while the code is still cold (interpreted): one loop
    // per list with the varint read inline (no closure call per number), one-byte numbers first.
    let p = 0;
    const out = {} as TermLists;
    for (let l = 0; l < LISTS.length; l++) {
      let count = 0;
      for (let scale = 1; ; scale *= 128) {
        if (p >= end) throw new Error('search index: damaged lists');
        const b = bytes[p++]!;
        count += (b & 0x7f) * scale;
        if (b < 0x80) break;
      }
      const list = new Uint32Array(count);
      const paired = PAIRED_AT[l]!;
      let prev = 0;
      for (let i = 0; i < count; i++) {
        if (p >= end) throw new Error('search index: damaged lists');
        let n = bytes[p++]!;
        if (n >= 0x80) {
          n &= 0x7f;
          for (let scale = 128; ; scale *= 128) {
            if (p >= end) throw new Error('search index: damaged lists');
            const b = bytes[p++]!;
            n += (b & 0x7f) * scale;
            if (b < 0x80) break;
          }
        }
        // Entries as zigzag differences (see zigzag).
        if (paired && (i & 1) === 0) list[i] = prev = prev + (n % 2 === 0 ? n / 2 : -(n + 1) / 2);
        else list[i] = n;
      }
      out[LISTS[l]!] = list;
    }
    return out;
  }

  /** An entry's phrase slots, as phrase.ts wrote them. */
  slots(doc: number): string {
    const o = this.header.slotOffsets;
    if (doc < 0 || doc + 1 >= o.length) return '';
    const at = this.body + this.header.sections.slots;
    return this.decoder.decode(this.src.read(at + o[doc]!, at + o[doc + 1]!));
  }
}
