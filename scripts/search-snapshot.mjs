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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sets = [path.resolve(root, '../shared/eval/dev.jsonl'), ...['queries', 'heldout', 'fresh', 'direct', 'oos'].map((n) => path.join(root, `scripts/bench-search.${n}.jsonl`))].filter((f) => existsSync(f));
const { loadKnowledgeBase } = await import(path.join(root, 'dist/kb/load.js'));
const { createSearcher } = await import(path.join(root, 'dist/search/index.js'));
const services = await import(path.join(root, 'dist/services.js'));

const queries = [];
for (const f of sets) for (const l of readFileSync(f, 'utf8').split('\n')) if (l.trim()) queries.push([path.basename(f), JSON.parse(l).query]);
// The same noise as bench:search: Latin-letter strings and strings of common Han characters.
let seed = 12345;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const dec = new TextDecoder('gb2312');
const han = [];
for (let hi = 0xb0; hi <= 0xd7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) han.push(dec.decode(new Uint8Array([hi, lo])));
for (let i = 0; i < 300; i++) queries.push(['noise', Array.from({ length: 2 + Math.floor(rand() * 9) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('')]);
for (let i = 0; i < 300; i++) queries.push(['noise', Array.from({ length: 2 + Math.floor(rand() * 5) }, () => han[Math.floor(rand() * han.length)]).join('')]);

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
