/**
 * What commands work on, opened once per process (the REPL asks many times): the FAQ, the whole
 * knowledge base, the searcher and the decision trees. Each comes from the build-time cache when it
 * matches the data files (src/kb/open.ts), else from the user cache for these bytes (src/kb/userCache.ts),
 * else the YAML is loaded and validated once and kept in the user cache for the next run.
 * A part missing from a cache comes from the YAML. Heavy modules load only when needed. A cache part
 * found damaged while a command runs (src/kb/blocks.ts CacheDamaged) makes the command run again
 * with no cache: `forgetCache`, called by commandline.ts.
 */
import type { KnowledgeBase } from './kb/load.js';
import type { FaqFile } from './kb/schema.js';
import { openCache, type Cache, type CacheParts } from './kb/open.js';
import { CacheDamaged } from './kb/blocks.js';
import { contentKey, findUserCache, storeUserCache } from './kb/userCache.js';
import { sameBytes } from './kb/dataFiles.js';
import { frugally } from './lazy.js';
import type { Searcher } from './search/index.js';
import type { TreeSet } from './trees/set.js';
import type { TreesFile } from './trees/schema.js';

interface Opened {
  dataDir: string;
  cache?: Cache;
  kb?: KnowledgeBase;
  faq?: FaqFile;
  searcher?: Searcher;
  trees?: TreeSet;
}

let opened: Opened | undefined;

async function state(dataDir: string): Promise<Opened> {
  if (!opened || opened.dataDir !== dataDir) {
    // Each data file read once: the installed cache's check, the user cache's key and the YAML check
    // (when the cache must be built) all see the same bytes.
    const cache = await sameBytes(dataDir, async () => openCache(dataDir) ?? (await userCache(dataDir)));
    opened = { dataDir, cache };
  }
  return opened;
}

/**
 * The user cache for the data now in `dataDir`, built (the full check) when there is none yet. Data
 * that fails the check throws here, as loading it would; trees that fail are left out of the cache
 * (the tree commands then report them).
 */
async function userCache(dataDir: string): Promise<Cache> {
  const key = contentKey(dataDir);
  const found = findUserCache(dataDir, key);
  if (found) return found;
  // The full check of a new knowledge base: with V8 keeping its heap small (a first run, src/lazy.ts).
  const { kb, trees } = await frugally(async () => {
    const kb = (await import('./kb/load.js')).loadKnowledgeBase(dataDir);
    let trees: unknown;
    try {
      trees = (await import('./trees/load.js')).checkTreesFile(dataDir, kb).raw;
    } catch {
      trees = undefined;
    }
    return { kb, trees };
  });
  return storeUserCache(dataDir, key, await checkedParts(kb, trees));
}

/**
 * What the user cache keeps of data that passed the full check, whichever command checked it (a first
 * search here, `sbk validate`): the parts the build's cache has (scripts/build-cache.mjs) but the index,
 * which the first search adds. `trees`: the validated trees.yaml, if it passed.
 */
export async function checkedParts(kb: KnowledgeBase, trees: unknown): Promise<Partial<CacheParts>> {
  const { tableNames } = await import('./search/tables.js');
  return {
    faq: kb.faq,
    tables: { banks: kb.banks, offices: kb.offices, search: kb.search },
    tableNames: tableNames(kb, kb.search.tables),
    ...(trees ? { trees } : {}),
  };
}

/** The whole validated knowledge base (FAQ, banks, offices). */
export async function knowledgeBase(dataDir: string): Promise<KnowledgeBase> {
  const s = await state(dataDir);
  if (!s.kb) {
    const tables = s.cache?.tables();
    const cachedFaq = tables && s.cache?.faq();
    // A missing or damaged cache part: the YAML, parsed and validated, answers instead.
    s.kb = cachedFaq && tables ? { dataDir, faq: cachedFaq, ...tables } : (await import('./kb/load.js')).loadKnowledgeBase(dataDir);
  }
  return s.kb;
}

/** Only the FAQ entries: what search and show need (the cache does not parse the tables for them). */
export async function faq(dataDir: string): Promise<FaqFile> {
  const s = await state(dataDir);
  s.faq ??= s.cache?.faq() ?? (await knowledgeBase(dataDir)).faq;
  return s.faq;
}

export async function searcher(dataDir: string): Promise<Searcher> {
  const s = await state(dataDir);
  if (!s.searcher) {
    const { entries } = await faq(dataDir);
    const search = await import('./search/index.js');
    // The one query box also finds table rows (offices, banks, outlets, phones).
    const index = s.cache?.search();
    if (index && s.cache) {
      // With the names made at build time, the tables are parsed only for a query that names a row.
      const cache = s.cache;
      const names = cache.tableNames();
      s.searcher = search.searcherFromIndex(index, entries, names ? { tables: () => cachedTables(cache), tableNames: names } : { tables: cache.tables() });
    } else {
      const kb = await knowledgeBase(dataDir);
      const built = await frugally(() => search.buildSearchIndex(entries, kb.search));
      s.searcher = search.searcherFromIndex(built, entries, { knowledge: kb.search, tables: kb });
      // A user cache without its index yet: this run's index serves the next runs.
      if (s.cache && !s.cache.has.has('search')) {
        try {
          s.cache.add?.('search', built);
        } catch {
          // A cache that cannot be written only costs the next run the build.
        }
      }
    }
  }
  return s.searcher;
}

/**
 * Reads and checks the rest of the cache parts in use now: a batch writes answers as it goes, so any
 * damage must show before the first (throws CacheDamaged).
 */
export async function readWholeCache(dataDir: string): Promise<void> {
  const { cache } = await state(dataDir);
  cache?.readAll?.();
  // The tables, which a search reads only for a query that names a row.
  if (cache?.tableNames()) cachedTables(cache);
}

/**
 * The tables part, read when a search first needs it: missing or damaged, it is a part found damaged
 * while the command runs (CacheDamaged: the command runs again from the YAML).
 */
function cachedTables(cache: Cache): NonNullable<ReturnType<Cache['tables']>> {
  const tables = cache.tables();
  if (!tables) throw new CacheDamaged('tables');
  return tables;
}

/** Drops what was opened: the next use reads the YAML (a cache part was found damaged). */
export function forgetCache(): void {
  if (opened) opened = { dataDir: opened.dataDir };
}

export async function trees(dataDir: string): Promise<TreeSet> {
  const s = await state(dataDir);
  if (!s.trees) {
    const kb = await knowledgeBase(dataDir);
    const raw = s.cache?.trees();
    s.trees = raw
      ? (await import('./trees/set.js')).treeSetFromRaw(raw as TreesFile, kb)
      : (await import('./trees/load.js')).loadTrees(kb);
  }
  return s.trees;
}
