/**
 * The query log (opt-in, local, private) and `sbk report`, run as a user would: XDG folders in a
 * temporary home, so nothing of the machine's own configuration is read or written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliOptions } from './helpers/cli.js';
import { sbkFresh } from './helpers/inproc.js';
import { hasScript, KEY, ptySession } from './helpers/pty.js';
import { redact } from '../src/log/redact.js';
import { wordsKey as keyOf } from '../src/log/report.js';
import { textAnalyzer } from '../src/search/analyzer.js';
import { loadKnowledgeBase } from '../src/kb/load.js';

interface Home {
  root: string;
  env: Record<string, string | undefined>;
  config: string;
  log: string;
}

/** A home of its own: XDG config and state folders inside a temp dir, SBK_QUERY_LOG unset. */
function home(config?: string): Home {
  const root = mkdtempSync(path.join(tmpdir(), 'sbk-home-'));
  const env = { HOME: root, XDG_CONFIG_HOME: path.join(root, 'config'), XDG_STATE_HOME: path.join(root, 'state'), SBK_QUERY_LOG: undefined, SBK_QUERY_LOG_MAX_BYTES: undefined };
  const h = { root, env, config: path.join(root, 'config', 'sbk', 'config.yaml'), log: path.join(root, 'state', 'sbk', 'queries.jsonl') };
  if (config !== undefined) {
    mkdirSync(path.dirname(h.config), { recursive: true });
    writeFileSync(h.config, config);
  }
  return h;
}

/** `sbk <args>` in-process with the home's environment (helpers/inproc.ts sbkFresh: a new run each time). */
async function run(h: Home, args: string[], opts: CliOptions = {}) {
  const r = await sbkFresh(args, { input: opts.input === undefined ? undefined : String(opts.input), processEnv: { ...h.env, ...opts.env } });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('query log: off by default', () => {
  it('writes nothing and creates no folder without query_log or SBK_QUERY_LOG', async () => {
    const h = home();
    expect((await run(h, ['社保卡丢了'])).code).toBe(0);
    expect((await run(h, ['search', '--json'], { input: '密码锁了\n' })).code).toBe(0);
    expect(readdirSync(h.root)).toEqual([]);
  });

  it('stays off with query_log: false, and `sbk config path` shows where the setting goes', async () => {
    const h = home('# 不记录\nquery_log: false\n');
    expect((await run(h, ['社保卡丢了'])).code).toBe(0);
    expect(existsSync(path.join(h.root, 'state'))).toBe(false);
    expect((await run(h, ['config', 'path'])).stdout).toBe(`${h.config}\n`);
    expect((await run(h, ['config', 'path', '--log'])).stdout).toBe(`${h.log}\n`);
  });

  it('a broken config file does not cost the answer: one warning, the search still answers', async () => {
    const h = home('query_log: [oops\n');
    const r = await run(h, ['社保卡丢了', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].id).toBeTruthy();
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/配置文件.*不是有效的 YAML/);
    const odd = home('query_log: 是\n');
    expect((await run(odd, ['社保卡丢了'])).stderr).toMatch(/query_log 应为 true 或 false/);
  });
});

describe('query log: on', () => {
  it('records one JSON line per one-shot and batch search, in a file only the user can read', async () => {
    const h = home('query_log: true\n');
    expect((await run(h, ['社保卡丢了'])).code).toBe(0);
    expect((await run(h, ['火星签证办理'])).code).toBe(1);
    await run(h, ['search', '--json'], { input: '密码锁了\n\n卡丢了怎么补\n' });
    const log = lines(h.log);
    expect(log.map((l) => [l.mode, l.query, l.answered])).toEqual([
      ['oneshot', '社保卡丢了', true],
      ['oneshot', '火星签证办理', false],
      ['batch', '密码锁了', true],
      ['batch', '卡丢了怎么补', true],
    ]);
    expect(log[0].results[0]).toEqual({ id: expect.any(String), score: expect.any(Number) });
    expect(log[1].results).toEqual([]);
    expect(typeof log[2].near_tie).toBe('boolean');
    expect(Date.parse(log[0].time)).not.toBeNaN();
    expect(statSync(h.log).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(h.log)).mode & 0o777).toBe(0o700);
  });

  it('SBK_QUERY_LOG=FILE turns it on for one run and writes there', async () => {
    const h = home();
    const file = path.join(h.root, 'run.jsonl');
    expect((await run(h, ['密码锁了'], { env: { SBK_QUERY_LOG: file } })).code).toBe(0);
    expect(lines(file).map((l) => l.query)).toEqual(['密码锁了']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(h.root, 'state'))).toBe(false);
  });

  it("never writes a caller's ID, mobile or bank card number, and keeps the knowledge base's own numbers", async () => {
    const h = home('query_log: true\n');
    const queries = [
      '身份证370102199001011234的卡丢了',
      '身份证号37010219900101123X挂失',
      '手机13812345678收不到验证码',
      '手机 138 1234 5678 换号了',
      '＋86 １３９１２３４５６７８ 打不通',
      '卡号6222021234567890123密码锁了',
      '卡号 6222 0212 3456 7890 丢了',
      '打68967600按1挂失',
      '工行查卡电话0531-82062765打不通',
      '我家电话88881234',
    ];
    await run(h, ['search', '--json'], { input: queries.join('\n') + '\n' });
    const written = readFileSync(h.log, 'utf8');
    for (const secret of ['370102199001011234', '37010219900101123X', '13812345678', '138 1234 5678', '１３９１２３４５６７８', '6222021234567890123', '6222 0212 3456 7890', '88881234']) {
      expect(written).not.toContain(secret);
    }
    expect(lines(h.log).map((l) => l.query)).toEqual([
      '身份证[身份证号]的卡丢了',
      '身份证号[身份证号]挂失',
      '手机[手机号]收不到验证码',
      '手机 [手机号] 换号了',
      '＋[手机号] 打不通',
      '卡号[卡号]密码锁了',
      '卡号 [卡号] 丢了',
      '打68967600按1挂失',
      '工行查卡电话0531-82062765打不通',
      '我家电话[号码]',
    ]);
  });

  it('rotates at the size limit: the file stays under it, the older part moves to .1, both 0600', async () => {
    const h = home('query_log: true\n');
    const input = Array.from({ length: 12 }, (_, i) => `社保卡丢了第${i}次`).join('\n') + '\n';
    await run(h, ['search', '--json'], { input, env: { SBK_QUERY_LOG_MAX_BYTES: '2000' } });
    const older = `${h.log}.1`;
    expect(existsSync(older)).toBe(true);
    for (const f of [h.log, older]) {
      expect(statSync(f).size).toBeLessThanOrEqual(2000);
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    const newest = lines(h.log).map((l) => l.query);
    expect(newest[newest.length - 1]).toBe('社保卡丢了第11次');
    expect(lines(older).map((l) => l.query)).toContain(`社保卡丢了第${12 - newest.length - 1}次`);
  });

  it('a log that cannot be written costs one warning, never the answer', async () => {
    const h = home();
    const blocked = path.join(h.root, 'a-file');
    writeFileSync(blocked, '');
    const r = await run(h, ['search', '--json'], { input: '社保卡丢了\n密码锁了\n', env: { SBK_QUERY_LOG: path.join(blocked, 'q.jsonl') } });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/无法写入查询日志/);
  });
});

describe('redact', () => {
  const known = (d: string) => ['68967600', '053168967600', '95588'].includes(d);
  it('replaces personal numbers by their placeholder and leaves short and known numbers', async () => {
    expect(redact('370102199001011234', known)).toBe('[身份证号]');
    expect(redact('13912345678 和 95588', known)).toBe('[手机号] 和 95588');
    expect(redact('6222021234567890', known)).toBe('[卡号]');
    expect(redact('0531-68967600 或 68967600', known)).toBe('0531-68967600 或 68967600');
    expect(redact('7天内 2021年 12345', known)).toBe('7天内 2021年 12345');
    expect(redact('12345678', known)).toBe('[号码]');
  });
});

describe.skipIf(!hasScript)('query log: the session', () => {
  it('records searches, the result opened and :bad / :good marks with a reason', async () => {
    const h = home('query_log: true\n');
    const s = ptySession('repl', h.env as Record<string, string>);
    let at = await s.waitFor('sbk> ');
    await s.press('卡丢了咋办', KEY.enter);
    at = await s.waitFor('sbk> ', await s.waitFor('[2]', at));
    await s.press('2', KEY.enter);
    at = await s.waitFor('sbk> ', await s.waitFor('来源：', at));
    await s.press(':bad 没说周末能不能补', KEY.enter);
    at = await s.waitFor('sbk> ', await s.waitFor('已标记', at));
    await s.press('密码锁了', KEY.enter);
    at = await s.waitFor('sbk> ', await s.waitFor('(password-locked)', at));
    await s.press(':good', KEY.enter);
    at = await s.waitFor('sbk> ', await s.waitFor('已标记', at));
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
    const log = lines(h.log);
    const opened = log.find((l) => l.event === 'open');
    expect(log.map((l) => [l.mode, l.event ?? 'search', l.query])).toEqual([
      ['session', 'search', '卡丢了咋办'],
      ['session', 'open', '卡丢了咋办'],
      ['session', 'bad', '卡丢了咋办'],
      ['session', 'search', '密码锁了'],
      ['session', 'good', '密码锁了'],
    ]);
    expect(opened.id).toBe(log[0].results[1].id);
    expect(log[2]).toEqual(expect.objectContaining({ id: opened.id, reason: '没说周末能不能补' }));
    expect(log[4].id).toBe('password-locked');
  });
});

/** A log as sbk writes it, built by hand so the report's counts are known. */
function writeLog(h: Home, records: object[], tail = ''): string {
  const file = path.join(h.root, 'q.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n' + tail);
  return file;
}

const search = (time: string, query: string, ids: string[], near_tie = false) => ({
  time: `${time}T09:00:00.000Z`,
  mode: 'oneshot',
  query,
  results: ids.map((id, i) => ({ id, score: 1 - i * 0.05 })),
  answered: ids.length > 0,
  near_tie,
});

describe('sbk report', () => {
  const records = [
    search('2026-01-05', '火星签证', []),
    search('2026-03-01', '签证 火星', []),
    search('2026-03-02', '火星签证？', []),
    search('2026-03-02', '社保卡能当公交卡吗', []),
    search('2026-03-03', '补卡', ['lost-card', 'cross-bank-reissue'], true),
    search('2026-03-03', '补办社保卡', ['lost-card', 'cross-bank-reissue'], true),
    search('2026-03-04', '卡丢了', ['lost-card']),
    search('2026-03-04', '密码锁了', ['password-locked']),
    { time: '2026-03-04T09:01:00.000Z', mode: 'session', query: '补卡', event: 'bad', id: 'lost-card', reason: '没说周末' },
    { time: '2026-03-04T09:02:00.000Z', mode: 'session', query: '补办社保卡', event: 'bad', id: 'lost-card', reason: '没说要带什么' },
    { time: '2026-03-04T09:03:00.000Z', mode: 'session', query: '密码锁了', event: 'good', id: 'password-locked' },
  ];

  it('groups unanswered queries by their words and counts them, with near ties, bad marks and top entries (JSON)', async () => {
    const h = home();
    const r = await run(h, ['report', '--log', writeLog(h, records), '--json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.queries).toBe(8);
    expect(rep.unanswered).toBe(4);
    expect(rep.unanswered_groups).toEqual([
      { query: expect.stringMatching(/火星/), count: 3, examples: expect.arrayContaining(['火星签证', '签证 火星', '火星签证？']) },
      { query: '社保卡能当公交卡吗', count: 1, examples: ['社保卡能当公交卡吗'] },
    ]);
    expect(rep.near_ties).toEqual([{ ids: ['cross-bank-reissue', 'lost-card'], count: 2, examples: ['补卡', '补办社保卡'] }]);
    expect(rep.bad).toEqual([{ id: 'lost-card', count: 2, reasons: ['没说周末', '没说要带什么'], examples: ['补卡', '补办社保卡'] }]);
    expect(rep.good).toEqual([{ id: 'password-locked', count: 1 }]);
    expect(rep.top_entries[0]).toEqual({ id: 'lost-card', count: 3, examples: ['补卡', '补办社保卡', '卡丢了'] });
  });

  it('--since leaves out older lines; the text report names each section for a person', async () => {
    const h = home();
    const file = writeLog(h, records);
    const rep = JSON.parse((await run(h, ['report', '--log', file, '--since', '2026-03-01', '--json'])).stdout);
    expect(rep.unanswered_groups[0].count).toBe(2);
    const text = (await run(h, ['report', '--log', file])).stdout;
    expect(text).toMatch(/共 8 次查询，4 次没有答案/);
    expect(text).toMatch(/没有答案的问题[^\n]*\n\s+3 次  火星/);
    expect(text).toMatch(/接近并列\n\s+2 次  cross-bank-reissue \/ lost-card/);
    expect(text).toMatch(/2 次  lost-card  原因：没说周末；没说要带什么/);
  });

  it('reads the default log of the config, the rotated part included', async () => {
    const h = home('query_log: true\n');
    mkdirSync(path.dirname(h.log), { recursive: true });
    writeFileSync(`${h.log}.1`, JSON.stringify(search('2026-03-01', '火星签证', [])) + '\n');
    writeFileSync(h.log, JSON.stringify(search('2026-03-02', '签证火星', [])) + '\n');
    const rep = JSON.parse((await run(h, ['report', '--json'])).stdout);
    expect(rep.unanswered_groups).toEqual([{ query: expect.any(String), count: 2, examples: ['火星签证', '签证火星'] }]);
  });

  it('bad input: a line that is not JSON, a missing log, a bad date: one Chinese line, exit 2', async () => {
    const h = home();
    const bad = await run(h, ['report', '--log', writeLog(h, records.slice(0, 2), '{"time": "2026-03-05T0\n')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/第 3 行不是 JSON/);
    const missing = await run(h, ['report', '--log', path.join(h.root, 'none.jsonl')]);
    expect([missing.code, missing.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(missing.stderr).toMatch(/不存在/);
    const date = await run(h, ['report', '--log', writeLog(h, records), '--since', '3月1日']);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/YYYY-MM-DD/);
    expect(readdirSync(h.root)).toEqual(['q.jsonl']);
  });

  it('same words in any order, with filler or full-width forms, are one group; other words are not', async () => {
    const a = textAnalyzer(loadKnowledgeBase().search);
    const wordsKey = (q: string) => keyOf(q, a);
    expect(wordsKey('签证 火星')).toBe(wordsKey('火星签证？'));
    expect(wordsKey('请问火星签证')).toBe(wordsKey('火星签证'));
    expect(wordsKey('ＡＰＰ登录')).toBe(wordsKey('app 登录'));
    expect(wordsKey('火星签证')).not.toBe(wordsKey('月球签证'));
  });
});
