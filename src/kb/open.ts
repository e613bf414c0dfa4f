/**
 * Fast path for one-shot commands. `npm run build` validates the shipped data once and writes
 * dist/kb-cache.json (the validated knowledge base plus anything built ahead, such as the search
 * index). At run time the cache is used only if it was built from exactly the data files in the
 * data directory (same content hash); otherwise the YAML is parsed and validated as usual, so an edited
 * file or a --data-dir is never answered from stale data. The cached path loads neither yaml nor zod.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { KnowledgeBase } from './load.js';

export const CACHE_FILE = path.join(packageRoot(), 'dist', 'kb-cache.json');
const HASHED_FILES = ['faq.yaml', 'banks.yaml', 'offices.yaml'];

export interface KbCache {
  fingerprint: string;
  kb: Omit<KnowledgeBase, 'dataDir'>;
  /** Prebuilt, JSON-serializable search index (see src/search). */
  searchIndex?: unknown;
}

/** Content hash of the data files in `dataDir`; undefined if one cannot be read. */
export function dataFingerprint(dataDir: string): string | undefined {
  const h = createHash('sha1');
  for (const f of HASHED_FILES) {
    try {
      h.update(f).update('\0').update(readFileSync(path.join(dataDir, f))).update('\0');
    } catch {
      return undefined;
    }
  }
  return h.digest('hex');
}

let memo: { dataDir: string; kb: KnowledgeBase; cache?: KbCache } | undefined;

function readCache(dataDir: string): KbCache | undefined {
  if (!existsSync(CACHE_FILE)) return undefined;
  const fp = dataFingerprint(dataDir);
  if (!fp) return undefined;
  try {
    const cache = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as KbCache;
    return cache.fingerprint === fp ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** The validated knowledge base for `dataDir`, from the build-time cache when it is current. */
export async function openKnowledgeBase(dataDir: string): Promise<{ kb: KnowledgeBase; cache?: KbCache }> {
  if (memo && memo.dataDir === dataDir) return memo;
  const cache = readCache(dataDir);
  if (cache) {
    memo = { dataDir, kb: { dataDir, ...cache.kb }, cache };
  } else {
    const { loadKnowledgeBase } = await import('./load.js');
    memo = { dataDir, kb: loadKnowledgeBase(dataDir) };
  }
  return memo;
}
