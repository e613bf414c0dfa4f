// Start-up benchmark: each sbk command against a bare `node -e 0`, run alternately in one process so
// machine noise hits both alike. For each command: both medians, the median of the pairwise ratios
// (each sbk run against the node run just before it) and peak memory.
// Environment variables that change Node's own start-up (NODE_EXTRA_CA_CERTS: a certificate bundle
// parsed at every start; NODE_OPTIONS) are cleared for both sides: a user's machine has neither, and
// they flatter every ratio.
// --cpu (Linux): also each side's main-thread CPU time (from /proc, read at exit by a preload given to
// both sides), in runs of their own: on a machine busy with other work, wall times wait for a core and
// swing by 2x, CPU time far less. The wall-time ratio is the figure of issue 14; this one says whether a
// change helped when the wall times are too noisy to tell.
// Usage: npm run bench:startup [-- --runs 25] [-- --only search] [-- --cpu]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'sbk.js');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 25);
const only = arg('--only');
const cpu = process.argv.includes('--cpu');

const CLEARED = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const env = { ...process.env, NO_COLOR: '1' };
const cleared = CLEARED.filter((k) => k in env);
for (const k of CLEARED) delete env[k];

const node = [process.execPath, ['-e', '0']];
const sbk = (...args) => [process.execPath, [bin, ...args]];
/** Every command an operator or a script runs one-shot, with the target of issue 14 beside it. */
const commands = [
  ['search 社保卡丢了 --json', sbk('search', '社保卡丢了', '--json'), 1.3],
  ['社保卡丢了 (text)', sbk('社保卡丢了'), 1.3],
  ['show lost-card', sbk('show', 'lost-card'), 1.4],
  ['tree lost-card with answers', sbk('tree', 'lost-card', '-a', 'card=jinan', '-a', 'insured=jinan', '-a', 'location=in-jinan', '-a', 'holder=adult', '-a', 'when=weekday'), 1.4],
  ['outlets --district 章丘 --json', sbk('outlets', '--district', '章丘', '--json'), 1.4],
  ['outlets 章丘', sbk('outlets', '章丘'), 1.6],
  ['phones 68967600', sbk('phones', '68967600'), 1.6],
  ['banks', sbk('banks'), 1.6],
  ['validate', sbk('validate'), 3],
].filter(([name]) => !only || name.includes(only));

/** Wall time in ms and peak RSS in KB of one run (GNU time when present, else wall time only). */
function once([cmd, args], okStatus = [0, 1]) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) {
    const t2 = process.hrtime.bigint();
    const r2 = spawnSync(cmd, args, { env, encoding: 'utf8' });
    if (!okStatus.includes(r2.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r2.status}: ${r2.stderr}`);
    return { ms: Number(process.hrtime.bigint() - t2) / 1e6, rssKb: NaN };
  }
  if (!okStatus.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, rssKb: Number(r.stderr.trim().split('\n').pop()) };
}

/** Main-thread CPU ms of one run of [cmd, args] with the probe preloaded. */
let probe;
function cpuOnce([cmd, args]) {
  if (!probe) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sbk-bench-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    probe = path.join(dir, 'cpu.cjs');
    writeFileSync(probe, "process.on('exit', () => { const fs = require('fs'); fs.writeSync(2, '\\nSBK_BENCH_CPU ' + Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6 + '\\n'); });\n");
  }
  const r = spawnSync(cmd, ['-r', probe, ...args], { env, encoding: 'utf8' });
  const m = /SBK_BENCH_CPU (\S+)/.exec(r.stderr);
  if (!m) throw new Error(`${args.join(' ')}: no CPU time (exit ${r.status}): ${r.stderr}`);
  return Number(m[1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');

console.log(`cleared for both sides: ${cleared.length ? cleared.join(', ') : '(none were set)'}; ${runs} alternating pairs per command after a warm-up`);
// The command goes last: its Chinese characters would break a padded column.
console.log(`${'node ms'.padStart(8)} ${'sbk ms'.padStart(8)} ${'pairwise'.padStart(9)} ${'target'.padStart(7)} ${'RSS sbk/node MB'.padStart(16)}${cpu ? ' CPU pairwise' : ''}  command`);
for (const [name, subject, target] of commands) {
  once(node);
  // A tree with too few answers exits 2 (it never waits on a pipe): that would time an error path.
  once(subject);
  const base = [];
  const sb = [];
  for (let i = 0; i < runs; i++) {
    base.push(once(node));
    sb.push(once(subject));
  }
  const pair = median(sb.map((s, i) => s.ms / base[i].ms));
  const flag = pair <= target ? '' : '  (over target)';
  const rss = `${mb(Math.max(...sb.map((s) => s.rssKb)))}/${mb(Math.max(...base.map((s) => s.rssKb)))}`;
  let cpuPair = '';
  if (cpu) {
    const ratios = [];
    for (let i = 0; i < runs; i++) {
      const b = cpuOnce(node);
      ratios.push(cpuOnce(subject) / b);
    }
    cpuPair = median(ratios).toFixed(2).padStart(13);
  }
  console.log(
    `${median(base.map((s) => s.ms)).toFixed(1).padStart(8)} ${median(sb.map((s) => s.ms)).toFixed(1).padStart(8)} ${pair.toFixed(2).padStart(9)} ${('≤' + target).padStart(7)} ${rss.padStart(16)}${cpuPair}  ${name}${flag}`,
  );
}
