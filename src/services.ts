/**
 * What commands work on, opened once per process (the REPL asks many times): the FAQ, the whole
 * knowledge base, the searcher and the decision trees. Each comes from the build-time cache when it
 * matches the data files (src/kb/open.ts), and is otherwise loaded and validated from the YAML.
 * Heavy modules load only when needed.
 */
import type { KnowledgeBase } from './kb/load.js';
import type { FaqFile } from './kb/schema.js';
import { openCache, type Cache } from './kb/open.js';
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

function state(dataDir: string): Opened {
  if (!opened || opened.dataDir !== dataDir) opened = { dataDir, cache: openCache(dataDir) };
  return opened;
}

/** The whole validated knowledge base (FAQ, banks, offices). */
export async function knowledgeBase(dataDir: string): Promise<KnowledgeBase> {
  const s = state(dataDir);
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
  const s = state(dataDir);
  s.faq ??= s.cache?.faq() ?? (await knowledgeBase(dataDir)).faq;
  return s.faq;
}

export async function searcher(dataDir: string): Promise<Searcher> {
  const s = state(dataDir);
  if (!s.searcher) {
    const { entries } = await faq(dataDir);
    const search = await import('./search/index.js');
    const index = s.cache?.search();
    s.searcher = index ? search.searcherFromIndex(index, entries) : search.createSearcher(entries);
  }
  return s.searcher;
}

export async function trees(dataDir: string): Promise<TreeSet> {
  const s = state(dataDir);
  if (!s.trees) {
    const kb = await knowledgeBase(dataDir);
    const raw = s.cache?.trees();
    s.trees = raw
      ? (await import('./trees/set.js')).treeSetFromRaw(raw as TreesFile, kb)
      : (await import('./trees/load.js')).loadTrees(kb);
  }
  return s.trees;
}
