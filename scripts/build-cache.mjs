// Build step: validate the shipped knowledge base and trees, build the search index, and write
// dist/cache/ for fast start-up (see src/kb/open.ts). Fails the build (exit 2) when the shipped data
// is invalid, so broken data never ships.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledgeBase } from '../dist/kb/load.js';
import { checkTrees } from '../dist/trees/load.js';
import { formatProblem } from '../dist/kb/yamlFile.js';
import { buildSearchIndex } from '../dist/search/index.js';
import { checkedParts } from '../dist/services.js';
import { dataFingerprint, writeCache, CACHE_DIR } from '../dist/kb/open.js';
import { packageRoot } from '../dist/paths.js';

const root = packageRoot();
function fail(lines) {
  process.stderr.write(`build-cache: 数据无效，未生成缓存：\n${lines.join('\n')}\n`);
  process.exit(2);
}
const fingerprint = dataFingerprint(root);
let kb;
try {
  kb = loadKnowledgeBase(root);
} catch (e) {
  fail([e.message, ...(e.details ?? [])]);
}
const trees = checkTrees(root, kb);
if (!trees.raw) fail(trees.problems.map(formatProblem));

// Written beside the old cache and swapped in, so a CLI started during the build reads the old or the new one.
if (dataFingerprint(root) !== fingerprint) fail(['数据文件在生成缓存时被改动，请重新运行 npm run build']);
writeCache(
  CACHE_DIR,
  fingerprint,
  { ...(await checkedParts(kb, trees.raw)), search: buildSearchIndex(kb.faq.entries, kb.search) },
  true,
);
rmSync(path.join(root, 'dist', 'kb-cache.json'), { force: true });
