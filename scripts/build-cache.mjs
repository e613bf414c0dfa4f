// Build step: validate the shipped knowledge base and trees, build the search index, and write
// dist/cache/ for fast start-up (see src/kb/open.ts). Fails the build (exit 2) when the shipped data
// is invalid, so broken data never ships.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledgeBase } from '../dist/kb/load.js';
import { checkTrees } from '../dist/trees/load.js';
import { formatProblem } from '../dist/kb/yamlFile.js';
import { buildSearchIndex } from '../dist/search/index.js';
import { dataFingerprint, dataStamp, CACHE_DIR } from '../dist/kb/open.js';
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

// Write beside the old cache and swap, so a CLI started during the build reads the old or the new one.
const next = `${CACHE_DIR}.new`;
rmSync(next, { recursive: true, force: true });
mkdirSync(next, { recursive: true });
const parts = {
  faq: kb.faq,
  tables: { banks: kb.banks, offices: kb.offices, search: kb.search },
  trees: trees.raw,
  meta: { fingerprint: dataFingerprint(root), stamp: dataStamp(root) },
};
for (const [name, value] of Object.entries(parts)) writeFileSync(path.join(next, `${name}.json`), JSON.stringify(value));
writeFileSync(path.join(next, 'search.bin'), buildSearchIndex(kb.faq.entries, kb.search));
rmSync(CACHE_DIR, { recursive: true, force: true });
renameSync(next, CACHE_DIR);
rmSync(path.join(root, 'dist', 'kb-cache.json'), { force: true });
