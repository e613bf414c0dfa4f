// Scale benchmark (issue 12): a knowledge base of a whole hotline. Builds a synthetic --data-dir of
// 20,000 entries (the real 137 plus generated entries on other 12345 hotline topics: housing fund,
// medical insurance, pensions, residence permits, utilities, traffic, ...), in a temporary folder, with a
// temporary user cache, and prints:
//   validate time (first run: the full check), first-search time (no cache yet: check, build, answer),
//   cached one-shot search against `node -e 0` (median of pairwise ratios; NODE_EXTRA_CA_CERTS and
//   NODE_OPTIONS cleared for both sides), warm query p95 (in one process, after warming), 500 batch
//   queries (one process, stdin), peak RSS of every sbk run;
// and checks that every real entry still ranks first for its own question. Exits 1 when a target is missed.
// Usage: npm run bench:scale [-- --entries 20000] [-- --runs 10] [-- --keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'sbk.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const TOTAL = Number(arg('--entries', 20000));
const RUNS = Number(arg('--runs', 10));
const keep = process.argv.includes('--keep');
const TARGETS = { validateS: 60, firstSearchS: 60, oneShot: 3, batch500S: 10, rssMb: 300 };

// ---------- the synthetic knowledge base ----------
let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const SUBJECTS = [
  ['住房公积金', 'gjj'], ['公积金贷款', 'gjjdk'], ['职工医保', 'zgyb'], ['居民医保', 'jmyb'], ['城乡居民养老保险', 'cxjm'],
  ['企业职工养老保险', 'qyyl'], ['失业保险金', 'sybx'], ['生育津贴', 'syjt'], ['工伤认定', 'gsrd'], ['居住证', 'jzz'],
  ['户口迁移', 'hkqy'], ['新生儿落户', 'xsehk'], ['身份证', 'sfz'], ['护照', 'hz'], ['港澳通行证', 'gatxz'],
  ['驾驶证', 'jsz'], ['机动车年检', 'jdcnj'], ['违章处理', 'wzcl'], ['不动产登记', 'bdcdj'], ['房屋产权证', 'fwcq'],
  ['营业执照', 'yyzz'], ['个体工商户', 'gtgsh'], ['食品经营许可证', 'spjy'], ['燃气开户', 'rqkh'], ['供暖报修', 'gnbx'],
  ['自来水缴费', 'zlsjf'], ['电费缴纳', 'dfjn'], ['物业纠纷', 'wyjf'], ['公交卡', 'gjk'], ['老年乘车卡', 'lnck'],
  ['出租车投诉', 'czts'], ['噪音扰民', 'zyrm'], ['小学入学', 'xxrx'], ['幼儿园报名', 'yeybm'], ['个人所得税', 'grsds'],
  ['低保申请', 'dbsq'], ['残疾人证', 'cjrz'], ['老年优待证', 'lnydz'], ['劳动仲裁', 'ldzc'], ['消费投诉', 'xfts'],
  ['占道经营', 'zdjy'], ['违规停车', 'wgtc'], ['垃圾清运', 'ljqy'], ['路灯报修', 'ldbx'], ['人才引进', 'rcyj'],
  ['职称评审', 'zcps'], ['档案转递', 'dazd'], ['退役军人优待', 'tyjr'], ['婚姻登记', 'hydj'], ['殡葬服务', 'bzfw'],
];
const ACTIONS = [
  ['怎么办理', 'apply'], ['需要哪些材料', 'docs'], ['在哪里办', 'where'], ['多久能办好', 'time'], ['要交多少钱', 'fee'],
  ['能不能网上办', 'online'], ['外地能办吗', 'remote'], ['可以让别人代办吗', 'proxy'], ['怎么查询进度', 'progress'],
  ['丢了怎么补办', 'reissue'], ['信息错了怎么改', 'correct'], ['怎么注销', 'cancel'], ['到期了怎么续', 'renew'],
  ['办理条件是什么', 'cond'], ['周末能办吗', 'weekend'], ['找谁咨询', 'contact'], ['被拒了怎么办', 'denied'],
  ['怎么投诉', 'complain'], ['有什么优惠政策', 'policy'], ['办理流程是什么', 'flow'],
];
const WHO = [
  ['', 'any'], ['个人', 'person'], ['单位', 'org'], ['退休人员', 'retired'], ['外地户籍人员', 'nonlocal'], ['在校学生', 'student'],
  ['灵活就业人员', 'flex'], ['老年人', 'elder'], ['残疾人', 'disabled'], ['农民工', 'migrant'], ['军人家属', 'military'],
  ['港澳台居民', 'hmt'], ['外籍人员', 'foreign'], ['新市民', 'newcomer'], ['低收入家庭', 'lowincome'], ['个体户', 'selfemp'],
  ['企业法人', 'legal'], ['孕产妇', 'maternal'], ['未成年人', 'minor'], ['独生子女家庭', 'onechild'], ['高校毕业生', 'grad'],
];
const DISTRICTS = ['历下区', '市中区', '槐荫区', '天桥区', '历城区', '长清区', '章丘区', '济阳区', '莱芜区', '钢城区', '平阴县', '商河县', '高新区'];
const CHANNELS = ['“爱山东”APP', '“泉城办”APP', '济南市政务服务网', '区县政务服务中心窗口', '街道便民服务中心', '12345热线网站', '微信公众号“济南发布”', '支付宝城市服务'];
const DOCS = ['本人有效身份证件', '户口簿', '结婚证', '出生医学证明', '劳动合同', '单位介绍信', '近期一寸免冠照片', '委托书', '房屋租赁合同', '银行卡', '营业执照副本', '社会保障卡'];
const DAYS = ['3个工作日', '5个工作日', '7个工作日', '10个工作日', '15个工作日', '当场', '1个月内'];
const COLLOQUIAL = [(s, a) => `${s}${a}啊`, (s, a) => `请问${s}${a}`, (s, a) => `我想问下${s}的事，${a}`, (s, a) => `${s}这个${a}呀`, (s, a) => `咨询一下${s}${a}`];

function phone() {
  return `0531-${String(80000000 + Math.floor(rand() * 9999999))}`;
}

function generated(n) {
  const out = [];
  let k = 0;
  for (const [who, wid] of WHO) {
    for (const [subject, sid] of SUBJECTS) {
      for (const [action, aid] of ACTIONS) {
        if (out.length >= n) return out;
        k++;
        const q = `${who}${subject}${action}？`;
        const d = pick(DISTRICTS);
        const steps = [
          `${who || '市民'}办理${subject}相关业务，可通过${pick(CHANNELS)}提交申请，也可到${d}${pick(['政务服务中心', '便民服务中心', '业务大厅'])}窗口办理。`,
          `需携带${pick(DOCS)}、${pick(DOCS)}${rand() < 0.5 ? `和${pick(DOCS)}` : ''}。`,
          `材料齐全的，${pick(DAYS)}内办结；${pick(['不收取费用', '按规定标准收费', '首次办理免费，补办收取工本费'])}。`,
          `如有疑问，可拨打${d}咨询电话${phone()}，工作时间为周一至周五${pick(['8:30-17:00', '9:00-17:30', '8:00-12:00，13:30-17:00'])}。`,
        ];
        out.push({
          id: `gen-${sid}-${aid}-${wid}`,
          question: q,
          answer: steps.join(''),
          aliases: [pick(COLLOQUIAL)(`${who}${subject}`, action), `${subject}${action.replace(/吗$/, '')}`],
        });
      }
    }
  }
  if (out.length < n) throw new Error(`the generator makes at most ${out.length} entries`);
  return out;
}

function makeDataDir(total) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sbk-scale-data-'));
  for (const f of ['banks.yaml', 'offices.yaml', 'trees.yaml', 'search.yaml']) copyFileSync(path.join(root, f), path.join(dir, f));
  const faq = readFileSync(path.join(root, 'faq.yaml'), 'utf8');
  const real = (faq.slice(0, faq.indexOf('\nappendix:')).match(/^  - id: /gm) ?? []).length;
  const q = JSON.stringify;
  const lines = [];
  for (const e of generated(total - real)) {
    lines.push(`  - id: ${e.id}`, '    category: 其他', `    question: ${q(e.question)}`, `    answer: ${q(e.answer)}`, '    source_line: 1', '    aliases:');
    for (const a of e.aliases) lines.push(`      - ${q(a)}`);
  }
  const at = faq.indexOf('\nappendix:');
  writeFileSync(path.join(dir, 'faq.yaml'), `${faq.slice(0, at)}\n${lines.join('\n')}${faq.slice(at)}`);
  return { dir, real };
}
function realCountOf() {
  const faq = readFileSync(path.join(root, 'faq.yaml'), 'utf8');
  return (faq.slice(0, faq.indexOf('\nappendix:')).match(/^  - id: /gm) ?? []).length;
}

// ---------- running sbk ----------
const CLEARED = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const baseEnv = { ...process.env, NO_COLOR: '1' };
const cleared = CLEARED.filter((k) => k in baseEnv);
for (const k of CLEARED) delete baseEnv[k];
let peakKb = 0;
/** Peak RSS per kind of run: the first runs (full check, build) and the cached ones. */
const peakBy = {};
let phase = 'first runs (check, build)';

/** One run: wall ms and peak RSS (GNU time when present). */
function run(args, { input, env = {}, ok = [0, 1], cmd = [process.execPath, bin] } = {}) {
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const t = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', ...cmd, ...args], { env: { ...baseEnv, ...env }, input, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd[0], [...cmd.slice(1), ...args], { env: { ...baseEnv, ...env }, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!ok.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  let rssKb = NaN;
  let stderr = r.stderr;
  if (hasTime) {
    const lines = r.stderr.trimEnd().split('\n');
    rssKb = Number(lines.pop());
    stderr = lines.join('\n');
  }
  return { ms, rssKb, stdout: r.stdout, stderr };
}
const sbkRun = (args, opts = {}) => {
  const r = run(args, opts);
  if (Number.isFinite(r.rssKb)) {
    peakKb = Math.max(peakKb, r.rssKb);
    peakBy[phase] = Math.max(peakBy[phase] ?? 0, r.rssKb);
  }
  return r;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------- the bench ----------
const t0 = Date.now();
const { dir: data } = makeDataDir(TOTAL);
const work = mkdtempSync(path.join(tmpdir(), 'sbk-scale-cache-'));
const cacheA = { XDG_CACHE_HOME: path.join(work, 'a') };
const cacheB = { XDG_CACHE_HOME: path.join(work, 'b') };
const realCount = realCountOf();
const faqMb = statSync(path.join(data, 'faq.yaml')).size / 1048576;
console.log(`synthetic knowledge base: ${TOTAL} entries (${realCount} real), faq.yaml ${faqMb.toFixed(1)} MB, made in ${((Date.now() - t0) / 1000).toFixed(1)} s; cleared for both sides: ${cleared.join(', ') || '(none were set)'}`);

const results = [];
const report = (name, value, unit, target, cmp = '≤') => {
  const pass = value <= target;
  results.push(pass);
  console.log(`${name.padEnd(34)} ${value.toFixed(unit === '×' ? 2 : unit === 'ms' ? 1 : 2).padStart(9)} ${unit.padEnd(3)} target ${cmp}${target}${pass ? '' : '  (MISSED)'}`);
};

const validate = sbkRun(['--data-dir', data, 'validate'], { env: cacheA, ok: [0] });
report('validate (first run, full check)', validate.ms / 1000, 's', TARGETS.validateS);
const again = sbkRun(['--data-dir', data, 'validate'], { env: cacheA, ok: [0] });
console.log(`${'validate again (unchanged bytes)'.padEnd(34)} ${(again.ms / 1000).toFixed(2).padStart(9)} s`);

const first = sbkRun(['--data-dir', data, 'search', '社保卡丢了', '--json'], { env: cacheB, ok: [0] });
report('first search (no cache yet)', first.ms / 1000, 's', TARGETS.firstSearchS);
const afterValidate = sbkRun(['--data-dir', data, 'search', '社保卡丢了', '--json'], { env: cacheA, ok: [0] });
console.log(`${'first search after validate'.padEnd(34)} ${(afterValidate.ms / 1000).toFixed(2).padStart(9)} s`);

// Cached one-shot against node -e 0, alternating pairs.
phase = 'cached runs (one-shot, batch)';
const oneShot = ['--data-dir', data, 'search', '社保卡丢了', '--json'];
run(['-e', '0'], { cmd: [process.execPath] });
sbkRun(oneShot, { env: cacheB });
const ratios = [];
const sbkMs = [];
const nodeMs = [];
for (let i = 0; i < RUNS; i++) {
  const n = run(['-e', '0'], { cmd: [process.execPath] });
  const s = sbkRun(oneShot, { env: cacheB });
  ratios.push(s.ms / n.ms);
  sbkMs.push(s.ms);
  nodeMs.push(n.ms);
}
report(`cached one-shot / node -e 0 (${median(sbkMs).toFixed(0)}/${median(nodeMs).toFixed(0)} ms)`, median(ratios), '×', TARGETS.oneShot);

// Queries: the dev set, and every real entry's own question (which must still rank first).
const dev = readFileSync('/work/shared/eval/dev.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l).query);
const faqText = readFileSync(path.join(root, 'faq.yaml'), 'utf8');
const realEntries = [...faqText.matchAll(/^  - id: (\S+)\n(?:    .*\n)*?    question: "(.*)"$/gm)].map((m) => ({ id: m[1], question: JSON.parse(`"${m[2]}"`) }));
const batch = Array.from({ length: 500 }, (_, i) => (i % 2 ? dev[i % dev.length] : realEntries[i % realEntries.length].question));
const b = sbkRun(['--data-dir', data, 'search', '--json'], { env: cacheB, input: batch.join('\n') + '\n' });
report('500 batch queries', b.ms / 1000, 's', TARGETS.batch500S);

// Warm query p95: in this process, from the cache the CLI wrote (dist/ modules), after one warming pass.
const { searcherFromIndex } = await import(path.join(root, 'dist', 'search', 'index.js'));
const { openCache } = await import(path.join(root, 'dist', 'kb', 'open.js'));
const key = readdirSync(path.join(cacheB.XDG_CACHE_HOME, 'sbk')).find((n) => /^[0-9a-f]{64}$/.test(n));
const cache = openCache(data, path.join(cacheB.XDG_CACHE_HOME, 'sbk', key), { fingerprint: key });
const searcher = searcherFromIndex(cache.search(), cache.faq().entries, { tables: cache.tables() });
for (const q of batch) searcher.search(q, 5);
const times = [];
for (const q of batch) {
  const t = process.hrtime.bigint();
  searcher.search(q, 5);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((x, y) => x - y);
console.log(`${'warm query p95 (in-process)'.padEnd(34)} ${times[Math.floor(times.length * 0.95)].toFixed(2).padStart(9)} ms  (median ${median(times).toFixed(2)} ms)`);

// The real entries still rank first for their own questions (through the CLI, batch mode).
const own = sbkRun(['--data-dir', data, 'search', '--json'], { env: cacheB, input: realEntries.map((e) => e.question).join('\n') + '\n' });
const topsOf = (stdout) => stdout.trim().split('\n').map((l) => JSON.parse(l).results?.[0]?.id);
const tops = topsOf(own.stdout);
// The same questions against the real knowledge base alone: what scale must not take away.
const alone = topsOf(run(['search', '--json'], { input: realEntries.map((e) => e.question).join('\n') + '\n' }).stdout);
const firstAlone = realEntries.filter((e, i) => alone[i] === e.id);
const lost = firstAlone.filter((e) => tops[realEntries.indexOf(e)] !== e.id);
console.log(
  `real entries first for their own question: ${realEntries.filter((e, i) => tops[i] === e.id).length}/${realEntries.length} ` +
    `(in the real knowledge base alone: ${firstAlone.length}/${realEntries.length}; lost at scale: ${lost.length})`,
);
for (const m of lost.slice(0, 10)) console.log(`  lost: ${m.id} (${m.question}) → ${tops[realEntries.indexOf(m)] ?? 'nothing'}`);
results.push(lost.length === 0);

for (const [name, kb] of Object.entries(peakBy)) console.log(`  peak RSS, ${name}: ${(kb / 1024).toFixed(0)} MB`);
report('peak RSS of any sbk run', peakKb / 1024, 'MB', TARGETS.rssMb);

if (keep) console.log(`kept: data ${data}, caches ${work}`);
else {
  rmSync(data, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
process.exit(results.every(Boolean) ? 0 : 1);
