// Build step: validate the shipped knowledge base and trees, build the search index, and write
// dist/kb-cache.json for fast start-up (see src/kb/open.ts). Fails the build (exit 2) when the shipped
// data is invalid, so broken data never ships.
import { renameSync, writeFileSync } from 'node:fs';
import { loadKnowledgeBase } from '../dist/kb/load.js';
import { checkTrees } from '../dist/trees/load.js';
import { formatProblem } from '../dist/kb/yamlFile.js';
import { buildSearchIndex } from '../dist/search/index.js';
import { dataFingerprint, dataStamp, CACHE_FILE } from '../dist/kb/open.js';
import { packageRoot } from '../dist/paths.js';

const root = packageRoot();
function fail(lines) {
  process.stderr.write(`build-cache: 数据无效，未生成缓存：\n${lines.join('\n')}\n`);
  process.exit(2);
}
let kb;
try {
  kb = loadKnowledgeBase(root);
} catch (e) {
  fail([e.message, ...(e.details ?? [])]);
}
const trees = checkTrees(root, kb);
if (!trees.raw) fail(trees.problems.map(formatProblem));
const { dataDir: _dataDir, ...data } = kb;
const cache = { fingerprint: dataFingerprint(root), stamp: dataStamp(root), kb: data, trees: trees.raw, searchIndex: buildSearchIndex(kb.faq.entries) };
writeFileSync(CACHE_FILE + '.new', JSON.stringify(cache));
renameSync(CACHE_FILE + '.new', CACHE_FILE); // atomic: a CLI started meanwhile reads the old or the new file
