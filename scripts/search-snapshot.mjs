#!/usr/bin/env node
/**
 * The top 5 of every query of every bench:search set (and its noise lines), with scores, points and the
 * close-call flag, as one JSON line per query: for diffing before and after a change that must not change
 * any ranking (a performance change). Two searchers: the one a one-shot run uses (services.ts, from the
 * build cache) and one built from the YAML (createSearcher), so both ways of opening the index are seen.
 *
 *   node scripts/search-snapshot.mjs > before.jsonl   (after npm run build)
 *   ... change, build ...
 *   node scripts/search-snapshot.mjs > after.jsonl && diff before.jsonl after.jsonl
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { noiseQueries, querySetFiles } from './query-sets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sets = querySetFiles(root).filter((f) => existsSync(f));
const { loadKnowledgeBase } = await import(path.join(root, 'dist/kb/load.js'));
const { createSearcher } = await import(path.join(root, 'dist/search/index.js'));
const services = await import(path.join(root, 'dist/services.js'));

const queries = [];
for (const f of sets) for (const l of readFileSync(f, 'utf8').split('\n')) if (l.trim()) queries.push([path.basename(f), JSON.parse(l).query]);
// The same noise as bench:search.
for (const q of noiseQueries()) queries.push(['noise', q]);

const kb = loadKnowledgeBase(root);
const searchers = { cache: await services.searcher(root), yaml: createSearcher(kb.faq.entries, kb.search, { tables: kb }) };
const label = (r) => (r.kind === 'faq' ? r.entry.id : `${r.kind}:${r.title}`);
for (const [name, s] of Object.entries(searchers)) {
  for (const [set, q] of queries) {
    const r = s.search(q, 5);
    const top = r.results.map((x) => [label(x), x.score, x.points ?? null]);
    process.stdout.write(JSON.stringify({ searcher: name, set, q, ambiguous: r.ambiguous, top }) + '\n');
  }
}
