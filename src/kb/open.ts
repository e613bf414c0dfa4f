/**
 * Fast path for one-shot commands. `npm run build` validates the shipped data once and writes
 * dist/cache/: the validated FAQ, tables (banks, offices) and trees, and the search index built ahead,
 * one file each so a command reads only what it needs (a search never parses the outlet table).
 * The cache is used only if it was built from exactly the data files in the data directory (same
 * content hash); otherwise the YAML is parsed and validated as usual, so an edited file or a
 * --data-dir is never answered from stale data. The cached path loads neither yaml nor zod.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { lazyRequire } from '../lazy.js';
import type { FaqFile, BanksFile, OfficesFile } from './schema.js';
import type { SearchKnowledge } from '../search/knowledge.js';

export const CACHE_DIR = path.join(packageRoot(), 'dist', 'cache');
export const HASHED_FILES = ['faq.yaml', 'banks.yaml', 'offices.yaml', 'trees.yaml', 'search.yaml'];

/** What each cache file holds. */
export interface CacheParts {
  faq: FaqFile;
  tables: { banks: BanksFile; offices: OfficesFile; search: SearchKnowledge };
  /** Validated trees.yaml content (src/trees/schema.ts TreesFile). */
  trees: unknown;
  /** Prebuilt search index, as bytes (src/search/store.ts). */
  search: Uint8Array;
}

export interface CacheMeta {
  fingerprint: string;
  /** Size and mtime of each data file when the cache was built: a cheap first check before hashing. */
  stamp: string;
}

/** Content hash of the data files in `dataDir` (a missing file hashes as missing). */
export function dataFingerprint(dataDir: string): string {
  // node:crypto takes milliseconds to load: only a data file whose stamp changed needs it.
  const { createHash } = lazyRequire<typeof import('node:crypto')>('node:crypto');
  const h = createHash('sha1');
  for (const f of HASHED_FILES) {
    h.update(f).update('\0');
    try {
      h.update(readFileSync(path.join(dataDir, f)));
    } catch {
      h.update('\u0000missing');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/** Size and modification time of the data files: equal stamps mean unchanged files without reading them. */
export function dataStamp(dataDir: string): string {
  return HASHED_FILES.map((f) => {
    try {
      const st = statSync(path.join(dataDir, f));
      return `${f}:${st.size}:${Math.trunc(st.mtimeMs)}`;
    } catch {
      return `${f}:missing`;
    }
  }).join('|');
}

export type Cache = { [K in keyof CacheParts]: () => CacheParts[K] };

/** The build-time cache for `dataDir`, if it was built from the data files now there; parts load on first use. */
export function openCache(dataDir: string): Cache | undefined {
  let meta: CacheMeta;
  try {
    meta = JSON.parse(readFileSync(path.join(CACHE_DIR, 'meta.json'), 'utf8')) as CacheMeta;
  } catch {
    return undefined;
  }
  // Touched or copied but maybe not changed: then compare contents.
  if (meta.stamp !== dataStamp(dataDir) && meta.fingerprint !== dataFingerprint(dataDir)) return undefined;
  const part = <K extends keyof CacheParts>(name: K) => {
    let value: CacheParts[K] | undefined;
    return () => (value ??= JSON.parse(readFileSync(path.join(CACHE_DIR, `${name}.json`), 'utf8')) as CacheParts[K]);
  };
  let search: Uint8Array | undefined;
  return {
    faq: part('faq'),
    tables: part('tables'),
    trees: part('trees'),
    search: () => (search ??= readFileSync(path.join(CACHE_DIR, 'search.bin'))),
  };
}
