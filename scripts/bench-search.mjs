#!/usr/bin/env node
/**
 * Search quality and speed, sbk against a plain Fuse.js baseline (default options over question and
 * answer), on a JSONL query set (id, query, accept = acceptable question texts, kind).
 *
 *   npm run bench:search [-- --queries FILE] [-- --misses]
 *
 * Per kind: top-1, top-3 and MRR (in-scope queries), rejection rate (out_of_scope: no result at all).
 * Latency: per-query median and p95 in one warm process.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    queries: { type: 'string' },
    misses: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
  },
});
const file = values.queries ? path.resolve(values.queries) : path.resolve(root, '../shared/eval/dev.jsonl');
if (!existsSync(file)) {
  console.error(`bench-search: 找不到查询文件 ${file}，用 --queries FILE 指定`);
  process.exit(2);
}

const { loadKnowledgeBase } = await import(path.join(root, 'dist/kb/load.js'));
const { buildSearchIndex, searcherFromIndex } = await import(path.join(root, 'dist/search/index.js'));

const entries = loadKnowledgeBase(root).faq.entries;
const queries = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

let t0 = performance.now();
const indexBytes = buildSearchIndex(entries);
const buildMs = performance.now() - t0;
t0 = performance.now();
const sbk = searcherFromIndex(indexBytes, entries);
const loadMs = performance.now() - t0;

const fuse = new Fuse(entries, { keys: ['question', 'answer'] });
const engines = {
  sbk: (q) => sbk.search(q, 5).map((r) => r.entry.question),
  fuse: (q) => fuse.search(q, { limit: 5 }).map((r) => r.item.question),
};

function evaluate(name, run) {
  const byKind = new Map();
  const misses = [];
  for (const q of queries) {
    const got = run(q.query);
    const k = byKind.get(q.kind) ?? { n: 0, top1: 0, top3: 0, rr: 0, rejected: 0, empty: 0 };
    k.n++;
    if (q.accept.length === 0) {
      if (got.length === 0) k.rejected++;
      else misses.push(`${q.id} [${q.kind}] ${q.query} → 应无结果，得到 ${got[0]}`);
    } else {
      const rank = got.findIndex((g) => q.accept.includes(g));
      if (got.length === 0) k.empty++;
      if (rank === 0) k.top1++;
      if (rank >= 0 && rank < 3) k.top3++;
      if (rank >= 0) k.rr += 1 / (rank + 1);
      if (rank !== 0) misses.push(`${q.id} [${q.kind}] ${q.query} → 第 ${rank < 0 ? '-' : rank + 1} 位；得到 ${got[0] ?? '（无）'}`);
    }
    byKind.set(q.kind, k);
  }
  return { name, byKind, misses };
}

const results = Object.entries(engines).map(([name, run]) => evaluate(name, run));
const kinds = [...new Set(queries.map((q) => q.kind))].sort((a, b) => (a === 'out_of_scope') - (b === 'out_of_scope') || a.localeCompare(b));

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '  - ');
const pad = (s, n) => String(s).padEnd(n);
console.log(`queries: ${file} (${queries.length})`);
console.log(`${pad('kind', 14)}${pad('n', 5)}${results.map((r) => pad(`${r.name} top1/top3/MRR/rej`, 30)).join('')}`);
const total = (r, inScope) => {
  const t = { n: 0, top1: 0, top3: 0, rr: 0, rejected: 0, empty: 0 };
  for (const [kind, k] of r.byKind) if ((kind !== 'out_of_scope') === inScope) for (const f of Object.keys(t)) t[f] += k[f];
  return t;
};
const line = (label, pick) => {
  const cols = results.map((r) => {
    const k = pick(r);
    if (!k || k.n === 0) return pad('', 30);
    if (label === 'out_of_scope') return pad(`rejected ${fmt(k.rejected / k.n)}`, 30);
    return pad(`${fmt(k.top1 / k.n)} / ${fmt(k.top3 / k.n)} / ${fmt(k.rr / k.n)} / ${fmt(k.empty / k.n)}`, 30);
  });
  const n = pick(results[0])?.n ?? 0;
  console.log(`${pad(label, 14)}${pad(n, 5)}${cols.join('')}`);
};
for (const kind of kinds) line(kind, (r) => r.byKind.get(kind));
line('ALL in-scope', (r) => total(r, true));
line('out_of_scope', (r) => total(r, false));
console.log('(rej on in-scope rows = share of in-scope queries wrongly given no result)');

// Latency, warm: every query once to warm up, then `rounds` timed passes.
const rounds = Math.max(1, Number(values.rounds) || 5);
for (const [name, run] of Object.entries(engines)) {
  for (const q of queries) run(q.query);
  const times = [];
  for (let i = 0; i < rounds; i++) {
    for (const q of queries) {
      const s = performance.now();
      run(q.query);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`latency ${pad(name, 5)} median ${at(0.5).toFixed(3)} ms  p95 ${at(0.95).toFixed(3)} ms  max ${times[times.length - 1].toFixed(3)} ms`);
}
console.log(`sbk index: build ${buildMs.toFixed(0)} ms (build time, once), ${(indexBytes.length / 1024).toFixed(0)} KB, load ${loadMs.toFixed(1)} ms`);

if (values.misses) {
  const r = results[0];
  console.log(`\n${r.name} misses (${r.misses.length}):`);
  for (const m of r.misses) console.log('  ' + m);
}
