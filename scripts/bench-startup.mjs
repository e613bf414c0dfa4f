// Start-up benchmark: a bare `node -e 0` against `sbk search 社保卡丢了 --json`, run alternately in
// one process so machine noise hits both alike. Prints both medians, their ratio, the median of the
// pairwise ratios (each sbk run against the node run just before it) and peak memory.
// Usage: npm run bench:startup [-- --runs 20]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'sbk.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;
const env = { ...process.env, NO_COLOR: '1' };

const subjects = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'sbk search 社保卡丢了 --json': [process.execPath, [bin, 'search', '社保卡丢了', '--json']],
};

/** Wall time in ms and peak RSS in KB of one run (GNU time when present, else wall time only). */
function once([cmd, args]) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) {
    const t2 = process.hrtime.bigint();
    const r2 = spawnSync(cmd, args, { env, encoding: 'utf8' });
    if (r2.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r2.status}: ${r2.stderr}`);
    return { ms: Number(process.hrtime.bigint() - t2) / 1e6, rssKb: NaN };
  }
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rssKb = Number(r.stderr.trim().split('\n').pop());
  return { ms, rssKb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const names = Object.keys(subjects);
for (const n of names) once(subjects[n]); // warm-up (file cache)
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < runs; i++) for (const n of names) samples[n].push(once(subjects[n]));

for (const n of names) {
  const ms = median(samples[n].map((s) => s.ms));
  const rss = Math.max(...samples[n].map((s) => s.rssKb));
  console.log(`${n.padEnd(34)} median ${ms.toFixed(1).padStart(7)} ms   peak RSS ${Number.isFinite(rss) ? (rss / 1024).toFixed(1) + ' MB' : 'n/a'}`);
}
// Each sbk run against the node run just before it: bursts of machine noise hit both of a pair alike.
const [base, sbk] = names.map((n) => samples[n].map((s) => s.ms));
const pairRatio = median(sbk.map((ms, i) => ms / base[i]));
console.log(`ratio of medians: ${(median(sbk) / median(base)).toFixed(2)}   median of pairwise ratios: ${pairRatio.toFixed(2)}`);
console.log(`(target <= 1.5; ${runs} alternating runs each after a warm-up)`);
