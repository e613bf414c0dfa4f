/**
 * The user cache: where a --data-dir (or an installed copy edited since its build, whose data no longer
 * matches dist/cache) gets its cache, built once and reused by every later run on the same bytes.
 *
 * - Where: `$XDG_CACHE_HOME/sbk/<key>/` (default ~/.cache/sbk); when that cannot be written, the OS
 *   temp folder's `sbk-<uid>/`, used only when it is this user's own and nobody else can write into it
 *   (a folder another user planted there is never read); when neither can be written, no cache at all
 *   (the run works from the YAML, as before).
 * - Trust: `<key>` is a SHA-256 of sbk's build and of the current bytes of every data file (and of the
 *   maintainers' source, when it is at hand, since the check of the trees reads it). Nothing else (no
 *   size, no time) says a cache is fresh; every part is checked against its checksum before use
 *   (open.ts), and an entry with a damaged part is removed so the next run builds it again.
 * - Writing: a whole entry is written into a temporary folder beside and renamed into place; a part
 *   added later (the index, on the first search) is written beside and renamed, then meta.json. Runs
 *   at the same time never read a half-written file: they read the old state or the new one.
 * - An entry exists only for data that passed the full check (faq, banks, offices, search; trees when
 *   they pass too): `sbk validate` of the same bytes reuses that verdict instead of parsing again.
 * - Pruning: after writing a new entry, entries not used for PRUNE_DAYS days and all but the newest
 *   KEEP_ENTRIES are removed (a run that uses an entry marks it by its folder's time).
 *
 * Pure apart from the file system (no terminal I/O).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { lazyRequire } from '../lazy.js';
import type { Hash } from 'node:crypto';
import { DATA_FILES, eachPiece } from './dataFiles.js';
import { CACHE_FORMAT, memoryCache, openCache, writeCache, type Cache, type CacheParts } from './open.js';
import { sourcePath } from '../trees/cite.js';

/** Set by scripts/bundle.mjs to a hash of the bundle: a cache from another build of sbk is never used. */
declare const __SBK_BUILD_ID__: string | undefined;
const BUILD_ID = typeof __SBK_BUILD_ID__ === 'string' ? __SBK_BUILD_ID__ : 'unbundled';

const KEEP_ENTRIES = 8;
const PRUNE_DAYS = 30;
const DAY_MS = 86_400_000;
/** A temporary folder older than this belongs to a run that died while writing. */
const STALE_TMP_MS = 3_600_000;

const KEY_RE = /^[0-9a-f]{64}$/;

interface CacheRoot {
  dir: string;
  /** In a folder other users can write to (the OS temp folder): used only if it is this user's own. */
  shared: boolean;
}

/** Where user caches may be, in order of preference. */
function cacheRoots(env: NodeJS.ProcessEnv = process.env): CacheRoot[] {
  // Loaded here, not with the module: a run answered from the installed cache never needs it.
  const os = lazyRequire<typeof import('node:os')>('node:os');
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative path in the variable is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(os.homedir(), '.cache');
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return [
    { dir: join(base, 'sbk'), shared: false },
    { dir: join(os.tmpdir(), `sbk-${uid}`), shared: true },
  ];
}

/** A root in the temp folder is trusted only when it is a real folder of this user's that only they can write. */
function trusted(root: CacheRoot): boolean {
  if (!root.shared) return true;
  try {
    const st = lstatSync(root.dir);
    const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
    return st.isDirectory() && mine && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** A file's part of a key: its name and length (or `none`), then its bytes. */
function addFile(h: Hash, name: string, read: () => Uint8Array | undefined): void {
  let bytes: Uint8Array | undefined;
  try {
    bytes = read();
  } catch {
    bytes = undefined;
  }
  h.update(`${name} ${bytes ? bytes.length : 'none'}\n`);
  if (bytes) h.update(bytes);
}

/** The content key of the data in `dataDir`: SHA-256 of sbk's build and the bytes of every file it reads. */
export function contentKey(dataDir: string): string {
  const { createHash } = lazyRequire<typeof import('node:crypto')>('node:crypto');
  const h = createHash('sha256');
  // Each file piece by piece, never held whole for the hash (dataFiles.ts eachPiece): a cached run of a
  // large --data-dir reads it once, through one small buffer. A digest per file, so no two sets of
  // files hash alike by moving bytes from one file to the next.
  h.update(`sbk-user-cache ${CACHE_FORMAT} ${BUILD_ID}\n`);
  for (const f of DATA_FILES) {
    const d = createHash('sha256');
    let size: number | string;
    try {
      size = eachPiece(dataDir, f, (piece) => d.update(piece));
    } catch {
      size = 'none';
    }
    h.update(`${f} ${size} ${d.digest('hex')}\n`);
  }
  const source = sourcePath(dataDir);
  addFile(h, 'source', () => (existsSync(source) ? readFileSync(source) : undefined));
  return h.digest('hex');
}

/** The user cache entry for `key`, if one exists and is this user's; its parts load on first use. */
export function findUserCache(dataDir: string, key: string, roots: CacheRoot[] = cacheRoots()): Cache | undefined {
  for (const root of roots) {
    if (!trusted(root)) continue;
    const dir = join(root.dir, key);
    const cache = openCache(dataDir, dir, {
      fingerprint: key,
      // A damaged entry would cost every later run the YAML: remove it, the next run builds it again.
      onDamage: () => rmSync(dir, { recursive: true, force: true }),
    });
    if (!cache) continue;
    try {
      // Marks the entry as used (pruning keeps what is used).
      const now = new Date();
      utimesSync(dir, now, now);
    } catch {
      // A read-only cache folder: the entry still serves.
    }
    return cache;
  }
  return undefined;
}

/**
 * Keep parts of data that passed the full check, for `key`: written into the first root that can be
 * written, else kept in memory only. Returns the cache to use for this run either way. When the data
 * changed while it was being checked (`contentKey` differs now), nothing is written. (Called with the
 * bytes held, dataFiles.ts sameBytes, this hashes the very bytes the check read.)
 */
export function storeUserCache(dataDir: string, key: string, parts: Partial<CacheParts>, roots: CacheRoot[] = cacheRoots()): Cache {
  if (contentKey(dataDir) !== key) return memoryCache(parts);
  for (const root of roots) {
    try {
      mkdirSync(root.dir, { recursive: true, mode: 0o700 });
    } catch {
      continue;
    }
    if (!trusted(root)) continue;
    const dir = join(root.dir, key);
    try {
      writeCache(dir, key, parts);
    } catch {
      continue;
    }
    try {
      pruneCache(root.dir, { keep: key });
    } catch {
      // Pruning is housekeeping: a failure never fails the run.
    }
    return memoryCache(parts, existsSync(join(dir, 'meta.json')) ? dir : undefined);
  }
  return memoryCache(parts);
}

interface PruneOptions {
  /** An entry never removed (the one just written). */
  keep?: string;
  now?: number;
  maxEntries?: number;
  maxAgeDays?: number;
}

/** Remove entries of `rootDir` not used for maxAgeDays, all but the newest maxEntries, and stale temporary folders. */
export function pruneCache(rootDir: string, opts: PruneOptions = {}): string[] {
  const now = opts.now ?? Date.now();
  const maxEntries = opts.maxEntries ?? KEEP_ENTRIES;
  const maxAge = (opts.maxAgeDays ?? PRUNE_DAYS) * DAY_MS;
  const entries: { name: string; used: number }[] = [];
  const removed: string[] = [];
  const remove = (name: string) => {
    rmSync(join(rootDir, name), { recursive: true, force: true });
    removed.push(name);
  };
  for (const name of readdirSync(rootDir)) {
    let used: number;
    try {
      used = statSync(join(rootDir, name)).mtimeMs;
    } catch {
      continue;
    }
    if (KEY_RE.test(name)) entries.push({ name, used });
    else if (/^[0-9a-f]{64}\.tmp-/.test(name) && now - used > STALE_TMP_MS) remove(name);
  }
  entries.sort((a, b) => b.used - a.used);
  entries.forEach((e, i) => {
    if (e.name === opts.keep) return;
    if (now - e.used > maxAge || i >= maxEntries) remove(e.name);
  });
  return removed;
}
