// Build step: validate the shipped knowledge base and write dist/kb-cache.json for fast start-up.
// Fails the build (exit 2) when the shipped data is invalid, so a broken faq.yaml never ships.
import { writeFileSync } from 'node:fs';
import { loadKnowledgeBase } from '../dist/kb/load.js';
import { dataFingerprint, CACHE_FILE } from '../dist/kb/open.js';
import { packageRoot } from '../dist/paths.js';

const root = packageRoot();
let kb;
try {
  kb = loadKnowledgeBase(root);
} catch (e) {
  process.stderr.write(`build-cache: ${e.message}\n${(e.details ?? []).join('\n')}\n`);
  process.exit(2);
}
const { dataDir: _dataDir, ...data } = kb;
const cache = { fingerprint: dataFingerprint(root), kb: data };
try {
  const search = await import('../dist/search/index.js');
  if (typeof search.buildSearchIndex === 'function') cache.searchIndex = search.buildSearchIndex(kb.faq.entries);
} catch (e) {
  process.stderr.write(`build-cache: 搜索索引未预建（${e.message}）\n`);
}
writeFileSync(CACHE_FILE, JSON.stringify(cache));
