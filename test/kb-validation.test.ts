/** Each kind of bad data gives its own clear file:line error and exit code 2, never a stack trace. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';
import { makeDataDir, lineOf } from './helpers/datadir.js';

const faqText = readFileSync(path.join(ROOT, 'faq.yaml'), 'utf8');

async function validate(edits: Parameters<typeof makeDataDir>[0]) {
  const dir = makeDataDir(edits);
  return { dir, ...await sbk(['--data-dir', dir, 'validate']) };
}

function expectDataError(r: { code: number | null; stderr: string; stdout: string }) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
}

describe('sbk validate', () => {
  it('reports what was loaded from the shipped data and exits 0', async () => {
    const r = await sbk(['validate', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.counts).toMatchObject({ entries: 137, banks: 7, outlets: 78, offices: 15, yibao: 12 });
    expect(out.counts.phones).toBeGreaterThan(140);
  });

  it('names file, line and field when a required field is missing', async () => {
    const r = await validate({ 'faq.yaml': (t) => t.replace(/^    category: 申领\n/m, '') });
    expectDataError(r);
    expect(r.stderr).toContain(`faq.yaml:${lineOf(faqText, 'id: apply-individual')} entries[0].category: 必填字段缺失`);
  });

  it('rejects a duplicate entry id at the line of the second one', async () => {
    const r = await validate({ 'faq.yaml': (t) => t.replace('id: instant-card-apply-channels', 'id: apply-individual') });
    expectDataError(r);
    expect(r.stderr).toContain(`faq.yaml:${lineOf(faqText, 'id: instant-card-apply-channels')} entries[1].id: id“apply-individual”重复`);
  });

  it('rejects a duplicate YAML key', async () => {
    const r = await validate({ 'faq.yaml': (t) => t.replace('    source_line: 1\n', '    source_line: 1\n    source_line: 2\n') });
    expectDataError(r);
    expect(r.stderr).toMatch(/faq\.yaml:\d+ .*重复的键/);
  });

  it('rejects see_also pointing to an entry that does not exist', async () => {
    const r = await validate({ 'faq.yaml': (t) => t.replace('see_also: [lost-card-reissue-weekend,', 'see_also: [lost-card-on-sunday,') });
    expectDataError(r);
    expect(r.stderr).toMatch(/faq\.yaml:\d+ entries\[63\]\.see_also\[0\]: see_also 指向不存在的条目“lost-card-on-sunday”/);
  });

  it('rejects an unknown category and lists the valid ones', async () => {
    const r = await validate({ 'faq.yaml': (t) => t.replace('category: 申领', 'category: 申请') });
    expectDataError(r);
    expect(r.stderr).toMatch(/entries\[0\]\.category: 取值无效：应为 申领、进度/);
  });

  it('rejects a misspelt field name', async () => {
    const r = await validate({ 'faq.yaml': (t) => t.replace('    source_line: 1\n', '    source_line: 1\n    sea_also: [lost-card]\n') });
    expectDataError(r);
    expect(r.stderr).toMatch(/entries\[0\]: 未知字段：sea_also/);
  });

  it('names the line of broken YAML syntax', async () => {
    const r = await validate({ 'banks.yaml': (t) => t.replace('  - id: abc\n', '  - id: abc\n   name: [unclosed\n') });
    expectDataError(r);
    expect(r.stderr).toMatch(/banks\.yaml:\d+ YAML 语法错误/);
  });

  it('names the field when the file has the wrong shape', async () => {
    const r = await validate({ 'faq.yaml': () => '- 1\n- 2\n- 3\n' });
    expectDataError(r);
    expect(r.stderr).toMatch(/faq\.yaml:1 .*类型不对：应为映射/);
  });

  it('names a missing data file', async () => {
    const r = await validate({ 'offices.yaml': () => null });
    expectDataError(r);
    expect(r.stderr).toMatch(/offices\.yaml 文件不存在/);
  });

  it('rejects an outlet whose bank does not exist', async () => {
    const r = await validate({ 'banks.yaml': (t) => t.replace('  - no: 1\n    bank: icbc', '  - no: 1\n    bank: hsbc') });
    expectDataError(r);
    expect(r.stderr).toMatch(/banks\.yaml:\d+ outlets\[0\]\.bank: 网点的银行“hsbc”不存在/);
  });

  it('rejects a hotline that links to a missing FAQ entry', async () => {
    const r = await validate({ 'offices.yaml': (t) => t.replace('faq: [lost-card,', 'faq: [lost-cards,') });
    expectDataError(r);
    expect(r.stderr).toMatch(/offices\.yaml:\d+ hotlines\[0\]\.faq\[0\]/);
  });

  it('rejects a YAML alias bomb quickly', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`);
    const started = Date.now();
    const r = await validate({ 'faq.yaml': () => bomb.join('\n') + '\n' });
    expectDataError(r);
    expect(r.stderr).toMatch(/别名/);
    expect(Date.now() - started).toBeLessThan(10000);
  });

  it('lists every problem, not only the first', async () => {
    const r = await validate({
      'faq.yaml': (t) => t.replace('category: 申领', 'category: 申请').replace('id: retired-cadre-no-card', 'id: Retired'),
    });
    expectDataError(r);
    expect(r.stderr).toMatch(/2 处问题/);
    expect(r.stderr).toMatch(/entries\[2\]\.id/);
  });

  it('refuses to search bad data with exit 2 and one message', async () => {
    const dir = makeDataDir({ 'faq.yaml': (t) => t.replace('id: instant-card-apply-channels', 'id: apply-individual') });
    const r = await sbk(['--data-dir', dir, '社保卡丢了']);
    expectDataError(r);
    expect(r.stderr.split('\n')[0]).toMatch(/^sbk：数据错误：faq\.yaml:\d+/);
  });
});

describe('--data-dir', () => {
  it('reads the knowledge base from another directory', async () => {
    const dir = makeDataDir({ 'faq.yaml': (t) => t.replace('"社保卡丢了怎么办？"', '"社保卡被狗叼走了怎么办？"') });
    const r = await sbk(['--data-dir', dir, 'show', 'lost-card']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('社保卡被狗叼走了怎么办？');
  });

  it('says so when the directory does not exist', async () => {
    const r = await sbk(['--data-dir', path.join(ROOT, 'no-such-dir'), 'validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/文件不存在.*--data-dir/);
  });
});

describe('search.yaml, the search knowledge', () => {
  /**
   * search.yaml with `needle` replaced: validate fails (exit 2) at the needle's line, without a trace.
   * The data dir, to run more commands on.
   */
  async function reportedAtLine(needle: string, replacement: string): Promise<{ dir: string; stderr: string }> {
    const line = lineOf(readFileSync(path.join(ROOT, 'search.yaml'), 'utf8'), needle);
    const dir = makeDataDir({ 'search.yaml': (t) => t.replace(needle, replacement) });
    const v = await sbk(['--data-dir', dir, 'validate']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain(`search.yaml:${line}`);
    expect(v.stderr).not.toMatch(/at .*\.js:\d+/);
    return { dir, stderr: v.stderr };
  }

  it('a synonym group without its words is reported at its line, and search refuses to answer from it (exit 2)', async () => {
    const { dir } = await reportedAtLine('{say: ["打不通", "没人接", "占线", "打不进去"], means: ["拨打", "电话"]}', '{say: ["打不通"]}');
    const s = await sbk(['--data-dir', dir, 'search', '卡丢了']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('search.yaml:');
  });

  it('a question word grouped in question_kinds but missing from weak_words is reported at its line (exit 2)', async () => {
    const { stderr } = await reportedAtLine('["怎么", "怎样", "如何", "咋"]', '["怎么", "怎样", "如何", "咋", "为毛"]');
    expect(stderr).toContain('为毛');
  });

  it('a synonym added in search.yaml changes what a query finds, without touching code', async () => {
    const query = '卡叫狗叼走了';
    const before = await sbk(['search', query, '--json']);
    const dir = makeDataDir({ 'search.yaml': (t) => t.replace('synonyms:\n', 'synonyms:\n  - {say: ["狗叼走"], means: ["丢失", "挂失", "补办"]}\n') });
    const after = await sbk(['--data-dir', dir, 'search', query, '--json']);
    expect(after.code).toBe(0);
    const ids = (r: { stdout: string }) => (r.stdout.trim() ? (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id) : []);
    expect(ids(after)).not.toEqual(ids(before));
    expect(ids(after).slice(0, 3)).toContain('lost-card');
  });
});
