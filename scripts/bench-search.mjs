#!/usr/bin/env node
/**
 * Search quality and speed on every query set the project has (JSONL: id, query, accept = acceptable
 * answers, kind), plus generated noise, against a plain Fuse.js baseline.
 *
 *   npm run bench:search [-- --queries FILE ...] [-- --misses] [-- --ablate] [-- --no-fuse]
 *
 * An accept item is an FAQ question text, or a table row as kind:name (office:章丘区, yibao:章丘医保办,
 * bank:中国工商银行, outlet:<outlet name>, phone:<number>). Per set: top-1, top-3 and MRR (in-scope
 * queries), the share of out-of-scope queries given no answer, and the share of noise answered (the
 * set's noise lines and random Latin-letter and Han-character strings, the same in every run).
 * Latency: per-query median and p95 in one warm process, table rows included.
 *
 * --ablate: drops each synonym group and asks rule of search.yaml, empties each of its word lists, and
 * switches off each rule in code, in turn, and prints which queries change on all sets (better or worse,
 * or a close call shown or not). A group or rule that changes nothing has not earned its place;
 * one whose only effect is one query is fitting, not method. A synonym group that an alias of faq.yaml
 * needs to pass the alias check (src/kb/aliases.ts) is reported as such.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import { noiseQueries, querySetFiles } from './query-sets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    queries: { type: 'string', multiple: true },
    misses: { type: 'boolean', default: false },
    ablate: { type: 'boolean', default: false },
    'no-fuse': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
  },
});
const defaultSets = querySetFiles(root);
const files = (values.queries ?? defaultSets).map((f) => path.resolve(f)).filter((f) => {
  if (existsSync(f)) return true;
  if (values.queries) {
    console.error(`bench-search: 找不到查询文件 ${f}，用 --queries FILE 指定`);
    process.exit(2);
  }
  return false;
});

const { loadKnowledgeBase } = await import(path.join(root, 'dist/kb/load.js'));
const { buildSearchIndex, searcherFromIndex, resultLabel } = await import(path.join(root, 'dist/search/index.js'));
const { RULES } = await import(path.join(root, 'dist/search/knowledge.js'));
const { aliasGaps } = await import(path.join(root, 'dist/kb/aliases.js'));

const kb = loadKnowledgeBase(root);
const entries = kb.faq.entries;
const knowledge = kb.search;
const sets = files.map((file) => ({
  name: path.basename(file).replace(/^bench-search\./, '').replace(/\.jsonl$/, ''),
  queries: readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)),
}));

const noise = noiseQueries();

let t0 = performance.now();
const indexBytes = buildSearchIndex(entries, knowledge);
const buildMs = performance.now() - t0;
t0 = performance.now();
const sbk = searcherFromIndex(indexBytes, entries, { knowledge, tables: kb });
const loadMs = performance.now() - t0;

const fuse = new Fuse(entries, { keys: ['question', 'answer'] });
const sbkRun = (s) => (q) => s.search(q, 5).results.map(resultLabel);
/** Close calls shown as such on a set's in-scope queries: how many, and how many of those have a wrong first answer. */
function closeCalls(queries) {
  let n = 0;
  let wrongFirst = 0;
  for (const q of queries) {
    if (isOut(q)) continue;
    const r = sbk.search(q.query, 5);
    if (!r.ambiguous) continue;
    n++;
    if (!q.accept.includes(resultLabel(r.results[0]))) wrongFirst++;
  }
  return { n, wrongFirst };
}
const engines = { sbk: sbkRun(sbk) };
if (!values['no-fuse']) engines.fuse = (q) => fuse.search(q, { limit: 5 }).map((r) => r.item.question);

const isOut = (q) => q.accept.length === 0;
/** Per query: the rank of the first acceptable answer (-1 none), or for out-of-scope whether it was answered. */
function outcomes(run, queries) {
  return queries.map((q) => {
    const got = run(q.query);
    return { q, got, rank: isOut(q) ? (got.length ? 0 : -1) : got.findIndex((g) => q.accept.includes(g)) };
  });
}

function summary(outs) {
  const ins = outs.filter((o) => !isOut(o.q));
  const oos = outs.filter((o) => isOut(o.q) && o.q.kind !== 'noise');
  const noiseLines = outs.filter((o) => o.q.kind === 'noise');
  const n = ins.length || 1;
  return {
    n: ins.length,
    top1: ins.filter((o) => o.rank === 0).length / n,
    top3: ins.filter((o) => o.rank >= 0 && o.rank < 3).length / n,
    mrr: ins.reduce((a, o) => a + (o.rank >= 0 ? 1 / (o.rank + 1) : 0), 0) / n,
    oosN: oos.length,
    oosRejected: oos.length ? oos.filter((o) => o.rank < 0).length / oos.length : NaN,
    noiseN: noiseLines.length,
    noiseAnswered: noiseLines.length ? noiseLines.filter((o) => o.rank >= 0).length / noiseLines.length : NaN,
  };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : '  - ');
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('set', 10)}${pad('engine', 7)}${pad('n', 5)}${pad('top1', 6)}${pad('top3', 6)}${pad('MRR', 6)}${pad('OOS rej (n)', 14)}noise answered (n)`);
const missLines = [];
for (const set of sets) {
  for (const [name, run] of Object.entries(engines)) {
    const outs = outcomes(run, set.queries);
    const s = summary(outs);
    console.log(`${pad(set.name, 10)}${pad(name, 7)}${pad(s.n, 5)}${pad(fmt(s.top1), 6)}${pad(fmt(s.top3), 6)}${pad(fmt(s.mrr), 6)}${pad(`${fmt(s.oosRejected)} (${s.oosN})`, 14)}${fmt(s.noiseAnswered)} (${s.noiseN})`);
    if (name === 'sbk') {
      const cc = closeCalls(set.queries);
      if (s.n) console.log(`${pad('', 17)}close calls shown: ${cc.n} of ${s.n} (first answer wrong in ${cc.wrongFirst}; wrong first answers not shown as close calls: ${outs.filter((o) => !isOut(o.q) && o.rank !== 0).length - cc.wrongFirst})`);
      for (const o of outs) {
        if (isOut(o.q) ? o.rank >= 0 : o.rank !== 0) {
          missLines.push(`${set.name} ${o.q.id} [${o.q.kind}] ${o.q.query} → ${isOut(o.q) ? '应无结果，' : `第 ${o.rank < 0 ? '-' : o.rank + 1} 位；`}得到 ${o.got[0] ?? '（无）'}`);
        }
      }
    }
  }
}
{
  const latin = noise.filter((q) => /^[a-z]+$/.test(q));
  const han = noise.filter((q) => !/^[a-z]+$/.test(q));
  const rate = (list) => list.filter((q) => sbk.search(q, 5).results.length > 0);
  const l = rate(latin);
  const h = rate(han);
  console.log(`random noise answered by sbk: Latin ${fmt(l.length / latin.length)} (${l.length}/${latin.length}), Han ${fmt(h.length / han.length)} (${h.length}/${han.length})`);
  if (values.misses) for (const q of [...l, ...h]) missLines.push(`noise ${q} → 得到 ${sbkRun(sbk)(q)[0]}`);
}

// Latency, warm: every query once to warm up, then `rounds` timed passes over all sets.
const rounds = Math.max(1, Number(values.rounds) || 5);
const all = sets.flatMap((s) => s.queries.map((q) => q.query));
for (const [name, run] of Object.entries(engines)) {
  for (const q of all) run(q);
  const times = [];
  for (let i = 0; i < rounds; i++) {
    for (const q of all) {
      const s = performance.now();
      run(q);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`latency ${pad(name, 5)} median ${at(0.5).toFixed(3)} ms  p95 ${at(0.95).toFixed(3)} ms  max ${times[times.length - 1].toFixed(3)} ms`);
}
console.log(`sbk index: build ${buildMs.toFixed(0)} ms (build time, once), ${(indexBytes.length / 1024).toFixed(0)} KB, load ${loadMs.toFixed(1)} ms`);

if (values.misses) {
  console.log(`\nsbk misses (${missLines.length}):`);
  for (const m of missLines) console.log('  ' + m);
}

/** Word lists of search.yaml that --ablate empties one at a time (synonyms and asks go one group at a time). */
const LISTS = [
  'question_kinds', 'card_verbs', 'card_anchors_pinyin', 'card_verbs_pinyin', 'other_cards', 'card_own_words', 'other_cards_pinyin', 'other_documents',
  'other_services', 'other_services_pinyin', 'initials_words', 'aside_markers', 'aside_phrases', 'time_asks',
];

if (values.ablate) {
  const base = sets.map((set) => outcomes(sbkRun(sbk), set.queries));
  const closeBase = sets.map((set) => set.queries.map((q) => sbk.search(q.query, 5).ambiguous));
  /** Queries whose outcome a variant changes: better (found higher, or rightly no answer) or worse. */
  const compare = (variant) => {
    const searcher = searcherFromIndex(buildSearchIndex(entries, variant.knowledge, variant.disable), entries, { knowledge: variant.knowledge, tables: kb, disable: variant.disable });
    const run = sbkRun(searcher);
    const changes = [];
    // A close call shown or not is a change too (the operator sees both entries, or one).
    sets.forEach((set, i) => {
      set.queries.forEach((q, k) => {
        if (isOut(q)) return;
        const was = closeBase[i][k];
        if (searcher.search(q.query, 5).ambiguous !== was) changes.push({ worse: false, close: true, line: `${set.name}/${q.id} ${q.query} (close call ${was ? 'shown → not' : 'not → shown'})` });
      });
    });
    sets.forEach((set, i) => {
      outcomes(run, set.queries).forEach((o, k) => {
        const b = base[i][k];
        const score = (x) => (isOut(x.q) ? (x.rank < 0 ? 1 : 0) : x.rank < 0 ? 0 : 1 / (x.rank + 1));
        const d = score(o) - score(b);
        if (Math.abs(d) > 1e-9) changes.push({ worse: d > 0 ? false : true, line: `${set.name}/${o.q.id} ${o.q.query} (${b.rank < 0 ? '-' : b.rank + 1}→${o.rank < 0 ? '-' : o.rank + 1})` });
      });
    });
    return changes;
  };
  const variants = [
    ...knowledge.synonyms.map((g, i) => ({
      name: `synonym ${g.say.slice(0, 3).join('/')}${g.say.length > 3 ? '…' : ''} → ${g.means.join('/')} (search.yaml:${g.line ?? '?'})`,
      knowledge: { ...knowledge, synonyms: knowledge.synonyms.filter((_, j) => j !== i) },
    })),
    ...knowledge.asks.map((a, i) => ({
      name: `asks ${a.ask.slice(0, 3).join('/')}${a.ask.length > 3 ? '…' : ''}`,
      knowledge: { ...knowledge, asks: knowledge.asks.filter((_, j) => j !== i) },
    })),
    ...LISTS.map((key) => ({ name: `list ${key} (emptied)`, knowledge: { ...knowledge, [key]: [] } })),
    ...RULES.map((r) => ({ name: `rule ${r}`, knowledge, disable: new Set([r]) })),
  ];
  console.log('\nablation (without it, queries that get worse / better):');
  let idle = 0;
  let single = 0;
  for (const v of variants) {
    const ch = compare(v);
    const worse = ch.filter((c) => c.worse);
    const better = ch.filter((c) => !c.worse && !c.close);
    const close = ch.filter((c) => c.close);
    // The alias check (src/kb/aliases.ts) reads synonym groups too: an alias may need a group to hold.
    const gaps = v.knowledge === knowledge ? 0 : entries.reduce((n, e) => n + aliasGaps(e, v.knowledge).length, 0);
    if (!ch.length && !gaps) idle++;
    if (worse.length === 1 && better.length === 0) single++;
    const tag = !ch.length && !gaps ? ' [changes nothing]' : worse.length <= 1 && better.length === 0 && !gaps ? ' [one query: fitting?]' : '';
    console.log(`  ${v.name}: -${worse.length} +${better.length}${close.length ? `, ${close.length} close call(s) change` : ''}${gaps ? `, ${gaps} alias(es) of faq.yaml would fail the alias check` : ''}${tag}`);
    for (const c of ch) console.log(`      ${c.worse ? 'worse ' : 'better'} ${c.line}`);
  }
  console.log(`ablation: ${variants.length} variants, ${idle} change nothing, ${single} only help one query`);
}
