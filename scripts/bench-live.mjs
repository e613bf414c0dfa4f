#!/usr/bin/env node
/**
 * What one key costs in the session's live search (`:live`): for every query of the dev set, typed a
 * character at a time, each prefix is searched (9 results) and its whole screen built at 80×24 (list
 * and preview). Printed against a baseline measured in the same run: one warm search of the full query
 * (5 results), as `sbk 卡丢了咋办` does it in a session. Run after `npm run build` (reads dist/).
 *
 *   node scripts/bench-live.mjs
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { faq, searcher } = await import(path.join(root, 'dist/services.js'));
const { liveScreen } = await import(path.join(root, 'dist/repl/live.js'));
const { ResultsText } = await import(path.join(root, 'dist/render/results.js'));
const { PLAIN } = await import(path.join(root, 'dist/render/style.js'));

const queries = readFileSync(path.resolve(root, '../shared/eval/dev.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).query);
const { entries } = await faq(root);
const search = await searcher(root);
const view = { style: PLAIN, full: (r, w) => new ResultsText(entries, { width: w, style: PLAIN, numbered: true }).full(r) };

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], n: s.length };
};
const run = () => {
  const keys = [];
  const whole = [];
  for (const q of queries) {
    const chars = [...q];
    for (let i = 1; i <= chars.length; i++) {
      const prefix = chars.slice(0, i).join('');
      const t = process.hrtime.bigint();
      const resp = search.search(prefix, 9);
      liveScreen(view, prefix, resp, 0, 80, 24);
      keys.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const t = process.hrtime.bigint();
    search.search(q, 5);
    whole.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { keys: stats(keys), whole: stats(whole) };
};
run(); // warm up
const { keys, whole } = run();
const f = (x) => x.toFixed(3);
console.log(`live search, one key (search of the prefix + 80×24 screen), ${keys.n} keys: median ${f(keys.median)} ms, p95 ${f(keys.p95)} ms`);
console.log(`baseline, one warm search of the whole query, ${whole.n} queries:         median ${f(whole.median)} ms, p95 ${f(whole.p95)} ms`);
console.log(`ratio key/search: median ${(keys.median / whole.median).toFixed(2)}×, p95 ${(keys.p95 / whole.p95).toFixed(2)}×`);
