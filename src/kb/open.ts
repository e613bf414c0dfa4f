/**
 * Fast path for one-shot commands. `npm run build` validates the shipped data once and writes
 * dist/cache/: the validated FAQ, tables (banks, offices) and trees, and the search index built ahead,
 * one file each so a command reads only what it needs (a search never parses the outlet table).
 *
 * A cache is trusted only as far as it can be checked, every run:
 * - it is used only if it was built from exactly the data files now in the data directory: their
 *   sizes and CRC-32s, computed from the current bytes (never from sizes and times, which an edit can
 *   keep), must equal the ones recorded in meta.json; otherwise the YAML is parsed and validated as usual;
 * - each part file is checked against its own size and CRC-32 before use: a damaged or missing part is
 *   ignored and that part comes from the YAML instead (the caller's fallback).
 * Measured on this machine: hashing the shipped data files (210 KB) costs about 0.1 ms (src/lazy.ts
 * crc32: zlib's CRC-32 without loading node:zlib). The cached path loads neither yaml nor zod.
 *
 * The same directory format serves the user cache (userCache.ts): a --data-dir, or an installed copy
 * edited since its build, gets one there, keyed by a SHA-256 of its bytes. There a part may be absent
 * (trees.yaml is broken, or the index is not built yet) and added later (addPart).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { crc32 } from '../lazy.js';
import { DATA_FILES, readDataBytes } from './dataFiles.js';
import type { FaqFile, BanksFile, OfficesFile } from './schema.js';
import type { SearchKnowledge } from '../search/knowledge.js';

export const CACHE_DIR = path.join(packageRoot(), 'dist', 'cache');

/** Format of a cache directory (meta.json and its parts): a cache of another format is not used. */
export const CACHE_FORMAT = 2;

/** What each cache file holds. */
export interface CacheParts {
  faq: FaqFile;
  tables: { banks: BanksFile; offices: OfficesFile; search: SearchKnowledge };
  /** Validated trees.yaml content (src/trees/schema.ts TreesFile). */
  trees: unknown;
  /** Prebuilt search index, as bytes (src/search/store.ts). */
  search: Uint8Array;
}
type PartName = keyof CacheParts;

const PART_FILES: Record<PartName, string> = { faq: 'faq.json', tables: 'tables.json', trees: 'trees.json', search: 'search.bin' };

export interface CacheMeta {
  format: number;
  /** The data files the cache was built from (dataFingerprint, or a user cache's content key). */
  data: string;
  /** Size and CRC-32 of each part file (checksum); a part not listed is not in the cache. */
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
      if (statSync(path.join(dataDir, m[1]!)).size !== Number(m[2])) return false;
    } catch {
      // Unreadable: the fingerprint decides.
    }
  }
  return true;
}

/** Each part, read and checked on first use; undefined when the part is missing or damaged. */
export type Cache = { [K in PartName]: () => CacheParts[K] | undefined } & {
  /** Where the cache is (undefined: only in memory). */
  dir?: string;
  /** Parts the cache has (a part listed may still turn out damaged). */
  has: ReadonlySet<PartName>;
  /** Puts a part the cache does not have yet into it (a user cache: the index, built on first search). */
  add?: <K extends PartName>(name: K, value: CacheParts[K]) => void;
};

export interface OpenOptions {
  /** What the data is now (else dataFingerprint(dataDir)). */
  fingerprint?: string;
  /** Called when a part listed in meta.json is missing or fails its checksum. */
  onDamage?: () => void;
}

/** The cache in `dir` if it was built from the data files now in `dataDir`; parts load on first use. */
export function openCache(dataDir: string, dir: string = CACHE_DIR, opts: OpenOptions = {}): Cache | undefined {
  let meta: CacheMeta;
  try {
    meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as CacheMeta;
  } catch {
    return undefined;
  }
  if (meta.format !== CACHE_FORMAT || !meta.parts) return undefined;
  // Files of other sizes cannot be the ones recorded: no need to read and hash them (a large --data-dir).
  if (!opts.fingerprint && !sameSizes(dataDir, meta.data)) return undefined;
  if (meta.data !== (opts.fingerprint ?? dataFingerprint(dataDir))) return undefined;
  const bytes = (name: PartName): Uint8Array | undefined => {
    const sum = meta.parts[name];
    if (!sum) return undefined;
    try {
      const b = readFileSync(path.join(dir, PART_FILES[name]));
      if (checksum(b) === sum) return b;
    } catch {
      // Missing: as damaged.
    }
    opts.onDamage?.();
    return undefined;
  };
  const part = <K extends PartName>(name: K, decode: (b: Uint8Array) => CacheParts[K]) => {
    let read = false;
    let value: CacheParts[K] | undefined;
    return () => {
      if (!read) {
        read = true;
        const b = bytes(name);
        try {
          value = b && decode(b);
        } catch {
          value = undefined;
        }
      }
      return value;
    };
  };
  const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
  return {
    faq: part('faq', json),
    tables: part('tables', json),
    trees: part('trees', json),
    search: part('search', (b) => b),
    dir,
    has: new Set(Object.keys(meta.parts) as PartName[]),
    add: (name, value) => addPart(dir, name, value),
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

const partBytes = (value: unknown): Uint8Array => (value instanceof Uint8Array ? value : Buffer.from(JSON.stringify(value), 'utf8'));

/**
 * Add a part to the cache in `dir`: the part file first, then a meta.json that lists it, each written
 * beside and renamed into place, so a run reading meta.json finds every part it lists. Two runs adding
 * the same part write the same bytes; if they did not, the checksum would catch it (a damaged part).
 */
export function addPart<K extends PartName>(dir: string, name: K, value: CacheParts[K]): void {
  const tmp = (f: string) => path.join(dir, `${f}.tmp-${process.pid}-${Date.now().toString(36)}`);
  const b = partBytes(value);
  const metaFile = path.join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta;
  const file = path.join(dir, PART_FILES[name]);
  const t1 = tmp(PART_FILES[name]);
  const t2 = tmp('meta.json');
  try {
    writeFileSync(t1, b);
    renameSync(t1, file);
    meta.parts[name] = checksum(b);
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
      const b = partBytes(value);
      writeFileSync(path.join(tmp, PART_FILES[name]), b);
      sums[name] = checksum(b);
    }
    const meta: CacheMeta = { format: CACHE_FORMAT, data: fingerprint, parts: sums };
    writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta));
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
