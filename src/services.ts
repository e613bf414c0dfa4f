/**
 * What commands work on, opened once per process (the REPL asks many times): the knowledge base, the
 * searcher and the decision trees. Each comes from the build-time cache when it matches the data
 * files, and is otherwise loaded and validated from the YAML. Heavy modules load only when needed.
 */
import type { KnowledgeBase } from './kb/load.js';
import { readCache, type KbCache } from './kb/open.js';
import type { Searcher, SearchIndexData } from './search/index.js';
import type { TreeSet } from './trees/load.js';
import type { TreesFile } from './trees/schema.js';

interface Opened {
  dataDir: string;
  cache?: KbCache;
  kb?: KnowledgeBase;
  searcher?: Searcher;
  trees?: TreeSet;
}

let opened: Opened | undefined;

function state(dataDir: string): Opened {
  if (!opened || opened.dataDir !== dataDir) opened = { dataDir, cache: readCache(dataDir) };
  return opened;
}

export async function knowledgeBase(dataDir: string): Promise<KnowledgeBase> {
  const s = state(dataDir);
  if (!s.kb) {
    if (s.cache) s.kb = { dataDir, ...s.cache.kb };
    else s.kb = (await import('./kb/load.js')).loadKnowledgeBase(dataDir);
  }
  return s.kb;
}

export async function searcher(dataDir: string): Promise<Searcher> {
  const s = state(dataDir);
  if (!s.searcher) {
    const kb = await knowledgeBase(dataDir);
    const search = await import('./search/index.js');
    s.searcher = s.cache?.searchIndex
      ? search.searcherFromIndex(s.cache.searchIndex as SearchIndexData, kb.faq.entries)
      : search.createSearcher(kb.faq.entries);
  }
  return s.searcher;
}

export async function trees(dataDir: string): Promise<TreeSet> {
  const s = state(dataDir);
  if (!s.trees) {
    const kb = await knowledgeBase(dataDir);
    const load = await import('./trees/load.js');
    s.trees = s.cache?.trees ? load.treeSetFromRaw(s.cache.trees as TreesFile, kb) : load.loadTrees(kb);
  }
  return s.trees;
}
