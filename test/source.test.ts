/**
 * `sbk source diff` and `sbk source apply` on edited copies of faq-source.txt, against copies of the
 * data in a temporary --data-dir (the project's own files are never written): exactly the edits are
 * reported, applying them gives data that validates and passes the completeness test against the new
 * source, and bad input writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ROOT } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';
import { DATA_FILES, makeDataDir } from './helpers/datadir.js';
import { YAML_OUTPUT } from '../src/source/apply.js';

const SOURCE = path.resolve(ROOT, '../shared/source/faq-source.txt');
const hasSource = existsSync(SOURCE);
const original = hasSource ? readFileSync(SOURCE, 'utf8') : '';

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`not exactly once in the source: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The four edits of the issue: an answer changed, an entry added, one removed, an outlet's phone changed. */
function editedSource(): string {
  let s = original;
  s = replaceOnce(s, '答：不需要提供。\n', '答：不需要提供，带本人身份证即可。\n');
  s = replaceOnce(s, '问：孩子在上学期间有多张社保卡，咨询如何处理？\n', '问：社保卡可以邮寄到家吗？\n答：目前不提供邮寄服务，请到制卡银行网点领取。\n问：孩子在上学期间有多张社保卡，咨询如何处理？\n');
  const removed = s.match(/问：机关事业单位、企业职工、居民、学生社保卡是否有区别？\n答：[^\n]*\n/)![0];
  s = replaceOnce(s, removed, '');
  s = replaceOnce(s, '\t0531-88816623\n', '\t0531-88816699\n');
  return s;
}

function writeTemp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sbk-src-')), name);
  writeFileSync(file, text);
  return file;
}

function git(dir: string, ...args: string[]) {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(DATA_FILES.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

describe('yaml output settings', () => {
  it('write every data file back byte for byte when nothing changed', async () => {
    for (const f of ['faq.yaml', 'banks.yaml', 'offices.yaml']) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      expect(parseDocument(text).toString(YAML_OUTPUT), f).toBe(text);
    }
  });
});

describe.skipIf(!hasSource)('sbk source diff / apply', () => {
  it('finds nothing between the current source and the shipped data', async () => {
    const r = await sbk(['source', 'diff', SOURCE, '--json']);
    expect(r.code).toBe(0);
    const empty = { added: [], changed: [], removed: [] };
    expect(JSON.parse(r.stdout)).toEqual({ ...empty, tables: { outlets: empty, offices: empty, yibao: empty, bankPhones: empty } });
    expect((await sbk(['source', 'diff', SOURCE])).stdout).toMatch(/一致/);
  });

  it('reports exactly the edits, applies them, and the result validates and is complete', async () => {
    const newSource = writeTemp('faq-source.txt', editedSource());
    const dir = makeDataDir();

    const d = await sbk(['--data-dir', dir, 'source', 'diff', newSource, '--json']);
    expect(d.code).toBe(0);
    const diff = JSON.parse(d.stdout);
    expect(diff.added).toEqual([{ question: '社保卡可以邮寄到家吗？', line: expect.any(Number) }]);
    expect(diff.changed).toEqual([{ id: 'instant-card-no-form-needed', question: '参保人即时制卡还需要提供即时制卡单吗？', what: 'answer', line: expect.any(Number) }]);
    expect(diff.removed).toEqual([{ id: 'card-types-same', question: '机关事业单位、企业职工、居民、学生社保卡是否有区别？' }]);
    expect(diff.tables.outlets).toEqual({
      added: [],
      changed: [{ key: '4', line: expect.any(Number), fields: ['phones'], before: { phones: '0531-88816623' }, after: { phones: '0531-88816699' } }],
      removed: [],
    });
    for (const t of ['offices', 'yibao', 'bankPhones']) expect(diff.tables[t], t).toEqual({ added: [], changed: [], removed: [] });
    const text = (await sbk(['--data-dir', dir, 'source', 'diff', newSource])).stdout;
    expect(text).toMatch(/新增.*社保卡可以邮寄到家吗/);
    expect(text).toMatch(/card-types-same/);
    expect(text).toMatch(/0531-88816623 → 0531-88816699/);

    // A data file with uncommitted changes is not overwritten.
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'data');
    writeFileSync(path.join(dir, 'banks.yaml'), readFileSync(path.join(dir, 'banks.yaml'), 'utf8') + '\n# 本地改动\n');
    const before = snapshot(dir);
    const refused = await sbk(['--data-dir', dir, 'source', 'apply', newSource]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/banks\.yaml.*未提交/);
    expect(snapshot(dir)).toEqual(before);
    git(dir, 'commit', '-qam', 'local edit');

    const a = await sbk(['--data-dir', dir, 'source', 'apply', newSource]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/新增 new-\d+「社保卡可以邮寄到家吗？」/);
    expect(a.stdout).toMatch(/更新 instant-card-no-form-needed 的答案/);
    expect(a.stdout).toMatch(/删除 card-types-same/);
    expect(a.stdout).toMatch(/网点 4.*0531-88816699/);

    // What stays keeps its comments, ids and aliases; only the edited parts and line numbers changed.
    const faq = readFileSync(path.join(dir, 'faq.yaml'), 'utf8');
    expect(faq.split('\n').slice(0, 3)).toEqual(before['faq.yaml']!.split('\n').slice(0, 3));
    expect(faq).toContain('不需要提供，带本人身份证即可。');
    expect(faq).not.toContain('card-types-same');
    expect(faq).toMatch(/question: "社保卡可以邮寄到家吗？"\n {4}answer: \|-\n {6}目前不提供邮寄服务，请到制卡银行网点领取。\n {4}source_line: \d+\n {4}review: 新条目/);
    expect(faq).toMatch(/id: instant-card-no-form-needed[\s\S]*?review: 答案已变更/);
    // The entry added and the one removed are two lines each, both before the offices table: its lines stay.
    const changedFiles = git(dir, 'diff', '--numstat').trim().split('\n');
    expect(changedFiles.map((l) => l.split('\t')[2]).sort()).toEqual(['banks.yaml', 'faq.yaml']);
    const banksDiff = git(dir, 'diff', '-U0', '--', 'banks.yaml');
    expect(banksDiff).toMatch(/^\+ {4}phones: \["0531-88816699"\]$/m);
    expect(banksDiff).not.toMatch(/^[-+] .*(aliases|name|address):/m);

    // Nothing left to apply; the data validates and lists what awaits review.
    const again = JSON.parse((await sbk(['--data-dir', dir, 'source', 'diff', newSource, '--json'])).stdout);
    expect([again.added, again.changed, again.removed, again.tables.outlets.changed]).toEqual([[], [], [], []]);
    const v = await sbk(['--data-dir', dir, 'validate', '--json']);
    expect(v.code).toBe(0);
    const review = JSON.parse(v.stdout).review.map((r: { id: string; review: string }) => `${r.id}:${r.review}`);
    expect(review).toEqual(expect.arrayContaining([expect.stringMatching(/^new-\d+:新条目$/), 'instant-card-no-form-needed:答案已变更', '网点 4:源文件中的这一行已变更']));

    // The completeness test's checks hold for the new source and the applied data.
    const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const c = spawnSync(process.execPath, [vitest, 'run', 'test/completeness.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, SBK_SOURCE: newSource, SBK_DATA_DIR: dir, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(c.stdout + c.stderr).toMatch(/Tests\s+7 passed/);
    expect(c.status).toBe(0);
  }, 90000);

  it('writes the same files back when the source did not change', async () => {
    const dir = makeDataDir();
    const before = snapshot(dir);
    const r = await sbk(['--data-dir', dir, 'source', 'apply', SOURCE, '--force']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/一致/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a data directory that git does not track, unless --force', async () => {
    const dir = makeDataDir();
    const before = snapshot(dir);
    const r = await sbk(['--data-dir', dir, 'source', 'apply', writeTemp('new.txt', editedSource())]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不在 git 仓库中.*--force/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('sbk source: bad input', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a missing file', () => path.join(tmpdir(), 'no-such-dir-sbk', 'faq-source.txt'), /不存在/],
    ['a file that is not a source document', () => path.join(ROOT, 'README.md'), /不像热线知识库源文件/],
    ['a binary file', () => writeTemp('x.bin', 'PK\u0003\u0004\0\0问：\n答：'), /不像热线知识库源文件/],
    ['a directory', () => tmpdir(), /是一个目录/],
  ];
  for (const [what, file, message] of cases) {
    it(`${what}: one Chinese line, exit 2, nothing written`, async () => {
      const dir = makeDataDir();
      const before = snapshot(dir);
      for (const args of [['diff', file()], ['apply', file(), '--force']]) {
        const r = await sbk(['--data-dir', dir, 'source', ...args]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/at .*\.js|Error:/);
      }
      expect(snapshot(dir)).toEqual(before);
    });
  }
});

describe('validate: entries due for review', () => {
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  it('--older-than lists entries reviewed too long ago or never, not those reviewed recently', async () => {
    const dir = makeDataDir({
      'faq.yaml': (t) =>
        t
          .replace('    source_line: 1\n', `    source_line: 1\n    reviewed: ${day(10)}\n`)
          .replace('    source_line: 5\n', `    source_line: 5\n    reviewed: ${day(200)}\n`),
    });
    const r = await sbk(['--data-dir', dir, 'validate', '--older-than', '180d', '--json']);
    expect(r.code).toBe(0);
    const due = JSON.parse(r.stdout).due as { id: string; reviewed?: string }[];
    const ids = due.map((d) => d.id);
    expect(ids).not.toContain('apply-individual');
    expect(due.find((d) => d.id === 'instant-card-apply-channels')).toEqual(expect.objectContaining({ reviewed: day(200) }));
    expect(ids).toHaveLength(136);
    const text = (await sbk(['--data-dir', dir, 'validate', '--older-than', '180d'])).stdout;
    expect(text).toMatch(/超过 180 天未审核的条目 136 条/);
    expect(text).toMatch(new RegExp(`instant-card-apply-channels  上次审核 ${day(200)}`));
  });

  it('rejects a reviewed date that is not a date', async () => {
    const dir = makeDataDir({ 'faq.yaml': (t) => t.replace('    source_line: 1\n', '    source_line: 1\n    reviewed: 2026-13-45\n') });
    const r = await sbk(['--data-dir', dir, 'validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reviewed.*不是有效的日期/);
  });
});
