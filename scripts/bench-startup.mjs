// Start-up benchmark: each sbk command against a bare `node -e 0`, run alternately in one process so
// machine noise hits both alike. For each command: both medians, the median of the pairwise ratios
// (each sbk run against the node run just before it) and peak memory.
// Environment variables that change Node's own start-up (NODE_EXTRA_CA_CERTS: a certificate bundle
// parsed at every start; NODE_OPTIONS) are cleared for both sides: a user's machine has neither, and
// they flatter every ratio.
// Usage: npm run bench:startup [-- --runs 25] [-- --only search]
import { spawnSync } from 'node:child_process';
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');

console.log(`cleared for both sides: ${cleared.length ? cleared.join(', ') : '(none were set)'}; ${runs} alternating pairs per command after a warm-up`);
// The command goes last: its Chinese characters would break a padded column.
console.log(`${'node ms'.padStart(8)} ${'sbk ms'.padStart(8)} ${'pairwise'.padStart(9)} ${'target'.padStart(7)} ${'RSS sbk/node MB'.padStart(16)}  command`);
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
  console.log(
    `${median(base.map((s) => s.ms)).toFixed(1).padStart(8)} ${median(sb.map((s) => s.ms)).toFixed(1).padStart(8)} ${pair.toFixed(2).padStart(9)} ${('≤' + target).padStart(7)} ${rss.padStart(16)}  ${name}${flag}`,
  );
}
