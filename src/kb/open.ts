/**
 * Fast path for one-shot commands. `npm run build` validates the shipped data once and writes
 * dist/cache/: the validated FAQ, tables (banks, offices) and trees, and the search index built ahead,
 * one file each so a command reads only what it needs (a search never parses the outlet table).
 *
 * A cache is trusted only as far as it can be checked, every run:
 * - it is used only if it was built from exactly the data files now in the data directory: their
 *   sizes and CRC-32s, computed from the current bytes (never from sizes and times, which an edit can
 *   keep), must equal the ones recorded in meta.json; otherwise the YAML is parsed and validated as usual;
 * - each part is checked against its size and CRC-32 recorded in meta.json before use: a damaged or
 *   missing part is ignored and that part comes from the YAML instead (the caller's fallback).
 * - the two large parts, the FAQ entries (faq.bin) and the search index (search.bin), are block files
 *   (blocks.ts): meta.json checks their head, the head every block, and a run reads and checks only
 *   the blocks it uses (a one-shot search of 20,000 entries reads a few hundred KB of 40 MB). The FAQ
 *   part holds the entry ids and each entry's place, then each entry as its own JSON, parsed when used
 *   (entries.ts). A block found damaged while a command runs throws CacheDamaged: the command runs
 *   again from the YAML (commandline.ts), so nothing read from a damaged block is ever shown.
 * Measured on this machine: hashing the shipped data files (210 KB) costs about 0.1 ms (src/lazy.ts
 * crc32: zlib's CRC-32 without loading node:zlib). The cached path loads neither yaml nor zod.
 *
 * The same directory format serves the user cache (userCache.ts): a --data-dir, or an installed copy
 * edited since its build, gets one there, keyed by a SHA-256 of its bytes. There a part may be absent
 * (trees.yaml is broken, or the index is not built yet) and added later (addPart).
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { crc32 } from '../lazy.js';
import { DATA_FILES, readDataBytes } from './dataFiles.js';
import { blocksHead, openBlocks, writeBlocks, type ByteSource } from './blocks.js';
import { lazyEntries } from './entries.js';
import type { FaqFile, BanksFile, OfficesFile, FaqEntry } from './schema.js';
import type { SearchKnowledge } from '../search/knowledge.js';

export const CACHE_DIR = join(packageRoot(), 'dist', 'cache');

/** Format of a cache directory (meta.json and its parts): a cache of another format is not used. */
export const CACHE_FORMAT = 3;

/** What each cache file holds (as written; the search index reads back as a ByteSource). */
export interface CacheParts {
  faq: FaqFile;
  tables: { banks: BanksFile; offices: OfficesFile; search: SearchKnowledge };
  /** Validated trees.yaml content (src/trees/schema.ts TreesFile). */
  trees: unknown;
  /** Prebuilt search index, as bytes (src/search/store.ts). */
  search: Uint8Array | ByteSource;
}
type PartName = keyof CacheParts;

const PART_FILES: Record<PartName, string> = { faq: 'faq.bin', tables: 'tables.json', trees: 'trees.json', search: 'search.bin' };
/** Parts read block by block (blocks.ts); the others are small JSON files, read and checked whole. */
const BLOCK_PARTS: ReadonlySet<PartName> = new Set(['faq', 'search']);

interface CacheMeta {
  format: number;
  /** The data files the cache was built from (dataFingerprint, or a user cache's content key). */
  data: string;
  /** Size and CRC-32 of each part file (of a block file: of its head); a part not listed is not in the cache. */
  parts: Partial<Record<PartName, string>>;
}

/** Size and CRC-32 of some bytes: enough to tell an edited or damaged file from the one recorded. */
export function checksum(bytes: Uint8Array): string {
  return `${bytes.length}:${crc32(bytes).toString(16)}`;
}

/** What the data files in `dataDir` are now, from their bytes (an unreadable file counts as such). */
export function dataFingerprint(dataDir: string): string {
  return DATA_FILES.map((f) => {
    let sum: string;
    try {
      sum = checksum(readDataBytes(dataDir, f));
    } catch {
      sum = 'unreadable';
    }
    return `${f}=${sum}`;
  }).join('|');
}

/** Whether the data files have the sizes a fingerprint records (a file not there counts as a match). */
function sameSizes(dataDir: string, fingerprint: string): boolean {
  for (const item of fingerprint.split('|')) {
    const m = /^(.+?)=(\d+):/.exec(item);
    if (!m) continue;
    try {
      if (statSync(join(dataDir, m[1]!)).size !== Number(m[2])) return false;
    } catch {
      // Unreadable: the fingerprint decides.
    }
  }
  return true;
}

/** What a part reads back as: the search index as checked bytes read on demand. */
type CacheValues = Omit<CacheParts, 'search'> & { search: ByteSource | Uint8Array };

/** Each part, read and checked on first use; undefined when the part is missing or damaged. */
export type Cache = { [K in PartName]: () => CacheValues[K] | undefined } & {
  /** Where the cache is (undefined: only in memory). */
  dir?: string;
  /** Parts the cache has (a part listed may still turn out damaged). */
  has: ReadonlySet<PartName>;
  /** Puts a part the cache does not have yet into it (a user cache: the index, built on first search). */
  add?: <K extends PartName>(name: K, value: CacheParts[K]) => void;
  /**
   * Reads and checks every block of the parts read so far, now (throws CacheDamaged): a batch, which
   * writes as it goes, finds any damage before its first answer.
   */
  readAll?: () => void;
};

interface OpenOptions {
  /** What the data is now (else dataFingerprint(dataDir)). */
  fingerprint?: string;
  /** Called when a part listed in meta.json is missing or fails its checksum. */
  onDamage?: () => void;
}

/**
 * The FAQ part's body: u32 LE length of a JSON head (appendix, entry ids, where each entry's JSON ends),
 * then the entries, each as its own JSON text.
 */
function encodeFaq(faq: FaqFile): Buffer {
  const texts = faq.entries.map((e) => Buffer.from(JSON.stringify(e), 'utf8'));
  const ends: number[] = [];
  let at = 0;
  for (const t of texts) ends.push((at += t.length));
  const { entries, appendix, ...rest } = faq;
  if (Object.keys(rest).length) throw new Error(`faq cache: unknown fields ${Object.keys(rest).join(', ')}`);
  const head = Buffer.from(JSON.stringify({ appendix, ids: entries.map((e) => e.id), ends }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return Buffer.concat([len, head, ...texts]);
}

/** The FAQ from its part: the head now, each entry when it is first used. */
function decodeFaq(src: ByteSource): FaqFile {
  const decoder = new TextDecoder();
  const l = src.read(0, 4);
  const headEnd = 4 + (l[0]! | (l[1]! << 8) | (l[2]! << 16) | (l[3]! * 2 ** 24));
  const head = JSON.parse(decoder.decode(src.read(4, headEnd))) as { appendix: FaqFile['appendix']; ids: string[]; ends: number[] };
  const { ids, ends } = head;
  if (ids.length !== ends.length) throw new Error('faq cache: head damaged');
  const entries = lazyEntries(ids, (i) => {
    const e = JSON.parse(decoder.decode(src.read(headEnd + (i ? ends[i - 1]! : 0), headEnd + ends[i]!))) as FaqEntry;
    if (e.id !== ids[i]) throw new Error('faq cache: entry out of place');
    return e;
  });
  return { entries, appendix: head.appendix };
}

/** The cache in `dir` if it was built from the data files now in `dataDir`; parts load on first use. */
export function openCache(dataDir: string, dir: string = CACHE_DIR, opts: OpenOptions = {}): Cache | undefined {
  let meta: CacheMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as CacheMeta;
  } catch {
    return undefined;
  }
  if (meta.format !== CACHE_FORMAT || !meta.parts) return undefined;
  // Files of other sizes cannot be the ones recorded: no need to read and hash them (a large --data-dir).
  if (!opts.fingerprint && !sameSizes(dataDir, meta.data)) return undefined;
  if (meta.data !== (opts.fingerprint ?? dataFingerprint(dataDir))) return undefined;
  const damaged = () => opts.onDamage?.();
  const opened: { readAll(): void }[] = [];
  /** A whole part file's bytes, checked; undefined when missing or damaged. */
  const bytes = (name: PartName): Uint8Array | undefined => {
    const sum = meta.parts[name];
    if (!sum) return undefined;
    try {
      const b = readFileSync(join(dir, PART_FILES[name]));
      if (checksum(b) === sum) return b;
    } catch {
      // Missing: as damaged.
    }
    damaged();
    return undefined;
  };
  /** A block part, its head checked; its blocks are checked as they are read. */
  const blocks = (name: PartName): ByteSource | undefined => {
    const sum = meta.parts[name];
    if (!sum) return undefined;
    const src = openBlocks(join(dir, PART_FILES[name]), (head) => checksum(head) === sum, damaged);
    if (!src) damaged();
    else opened.push(src);
    return src;
  };
  const part = <K extends PartName>(name: K, decode: (read: () => Uint8Array | ByteSource | undefined) => CacheValues[K] | undefined) => {
    let read = false;
    let value: CacheValues[K] | undefined;
    return () => {
      if (!read) {
        read = true;
        try {
          value = decode(() => (BLOCK_PARTS.has(name) ? blocks(name) : bytes(name)));
        } catch {
          // Readable but not what it should be (a format this run does not know): as damaged.
          damaged();
          value = undefined;
        }
      }
      return value;
    };
  };
  const json = (get: () => Uint8Array | ByteSource | undefined) => {
    const b = get() as Uint8Array | undefined;
    return b && JSON.parse(new TextDecoder().decode(b));
  };
  return {
    faq: part('faq', (get) => {
      const src = get() as ByteSource | undefined;
      return src && decodeFaq(src);
    }),
    tables: part('tables', json),
    trees: part('trees', json),
    search: part('search', (get) => get() as ByteSource | undefined),
    dir,
    has: new Set(Object.keys(meta.parts) as PartName[]),
    add: (name, value) => addPart(dir, name, value),
    readAll: () => {
      for (const src of opened) src.readAll();
    },
  };
}

/**
 * A cache of the parts at hand, in memory: those just built. With `dir`, the cache they were written
 * to, where a part added goes too.
 */
export function memoryCache(parts: Partial<CacheParts>, dir?: string): Cache {
  const held: Partial<CacheParts> = { ...parts };
  const get = <K extends PartName>(name: K) => () => held[name];
  const has = new Set(Object.keys(held) as PartName[]);
  return {
    faq: get('faq'),
    tables: get('tables'),
    trees: get('trees'),
    search: get('search'),
    dir,
    has,
    add: (name, value) => {
      held[name] = value;
      has.add(name);
      if (dir) addPart(dir, name, value);
    },
  };
}

/** A part as the bytes of its file, in pieces (a block file's body is not copied). */
function partBytes(name: PartName, value: unknown): Uint8Array[] {
  if (name === 'faq') return writeBlocks(encodeFaq(value as FaqFile));
  if (name === 'search') {
    const v = value as Uint8Array | ByteSource;
    return writeBlocks(v instanceof Uint8Array ? v : v.read(0, v.length));
  }
  return [Buffer.from(JSON.stringify(value), 'utf8')];
}

/** What meta.json records of a part file: the checksum of the whole file, or of a block file's head. */
const partSum = (name: PartName, b: Uint8Array[]) => checksum(BLOCK_PARTS.has(name) ? blocksHead(b[0]!) : b[0]!);

function writePieces(file: string, pieces: Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const p of pieces) for (let at = 0; at < p.length; ) at += writeSync(fd, p, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * Add a part to the cache in `dir`: the part file first, then a meta.json that lists it, each written
 * beside and renamed into place, so a run reading meta.json finds every part it lists. Two runs adding
 * the same part write the same bytes; if they did not, the checksum would catch it (a damaged part).
 */
function addPart<K extends PartName>(dir: string, name: K, value: CacheParts[K]): void {
  const tmp = (f: string) => join(dir, `${f}.tmp-${process.pid}-${Date.now().toString(36)}`);
  const b = partBytes(name, value);
  const metaFile = join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta;
  const file = join(dir, PART_FILES[name]);
  const t1 = tmp(PART_FILES[name]);
  const t2 = tmp('meta.json');
  try {
    writePieces(t1, b);
    renameSync(t1, file);
    meta.parts[name] = partSum(name, b);
    writeFileSync(t2, JSON.stringify(meta));
    renameSync(t2, metaFile);
  } finally {
    rmSync(t1, { force: true });
    rmSync(t2, { force: true });
  }
}

/**
 * Write a cache directory for data files with `fingerprint`: into a temporary directory beside `dir`,
 * then renamed into place, so a run started meanwhile reads the old cache, the new one or none, never
 * half of one. With `replace`, an existing `dir` is swapped out; without, one that exists is kept.
 */
export function writeCache(dir: string, fingerprint: string, parts: Partial<CacheParts>, replace = false): void {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const sums: CacheMeta['parts'] = {};
    for (const name of Object.keys(PART_FILES) as PartName[]) {
      const value = parts[name];
      if (value === undefined) continue;
      const b = partBytes(name, value);
      writePieces(join(tmp, PART_FILES[name]), b);
      sums[name] = partSum(name, b);
    }
    const meta: CacheMeta = { format: CACHE_FORMAT, data: fingerprint, parts: sums };
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta));
    if (replace) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another run put the same cache in place first: keep theirs.
      if (replace || !['EEXIST', 'ENOTEMPTY', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
