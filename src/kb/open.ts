/**
 * Fast path for one-shot commands. `npm run build` validates the shipped data once and writes
 * dist/kb-cache.json: the validated knowledge base, the validated trees and the search index built
 * ahead. At run time the cache is used only if it was built from exactly the data files in the data
 * directory (same content hash); otherwise the YAML is parsed and validated as usual, so an edited
 * file or a --data-dir is never answered from stale data. The cached path loads neither yaml nor zod.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { KnowledgeBase } from './load.js';

export const CACHE_FILE = path.join(packageRoot(), 'dist', 'kb-cache.json');
const HASHED_FILES = ['faq.yaml', 'banks.yaml', 'offices.yaml', 'trees.yaml'];

export interface KbCache {
  fingerprint: string;
  /** Size and mtime of each data file when the cache was built: a cheap first check before hashing. */
  stamp: string;
  kb: Omit<KnowledgeBase, 'dataDir'>;
  /** Validated trees.yaml content (src/trees/schema.ts TreesFile). */
  trees?: unknown;
  /** Prebuilt, JSON-serializable search index (src/search buildSearchIndex). */
  searchIndex?: unknown;
}

/** Content hash of the data files in `dataDir` (a missing file hashes as missing). */
export function dataFingerprint(dataDir: string): string {
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

/** The build-time cache, if it exists and was built from the data files now in `dataDir`. */
export function readCache(dataDir: string): KbCache | undefined {
  let text: string;
  try {
    text = readFileSync(CACHE_FILE, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const cache = JSON.parse(text) as KbCache;
    if (cache.stamp === dataStamp(dataDir)) return cache;
    // Touched or copied but maybe not changed: compare contents.
    return cache.fingerprint === dataFingerprint(dataDir) ? cache : undefined;
  } catch {
    return undefined;
  }
}
