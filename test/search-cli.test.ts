/** `sbk search` as a user runs it (the built CLI: `npm test` builds first): output shapes, batch mode, exit codes. */
import { sbk } from './helpers/inproc.js';
import { describe, expect, it } from 'vitest';

describe('sbk search', () => {
  it('prints the best answer in full, then others with their ids', async () => {
    const r = await sbk(['search', '社保卡丢了怎么办', '--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('社保卡丢了怎么办？');
    expect(r.stdout).toContain('68967600');
    expect(r.stdout).toContain('其他可能的答案');
    expect(r.stdout.match(/\([a-z0-9-]+\)/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('is the default command', async () => {
    const r = await sbk(['密码锁了', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].id).toBe('password-locked');
  });

  it('--json gives an array of results with id, question, answer, category and a 0..1 score', async () => {
    const r = await sbk(['search', '三代卡', '--json', '--limit', '4']);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(4);
    for (const x of list) {
      expect(Object.keys(x)).toEqual(expect.arrayContaining(['id', 'question', 'answer', 'category', 'score']));
      expect(x.score).toBeGreaterThanOrEqual(0);
      expect(x.score).toBeLessThanOrEqual(1);
    }
  });

  it('--explain names the matched terms, with pinyin and synonyms', async () => {
    const r = await sbk(['search', 'shebaoka diule', '--explain', '--limit', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('为什么');
    expect(r.stdout).toContain('拼音');
    const j = JSON.parse((await sbk(['search', '让老伴去代领社保卡', '--explain', '--json', '--limit', '1'])).stdout);
    expect(j[0].matched.some((m: { via: string }) => m.via.startsWith('同义'))).toBe(true);
  });

  it('exits 1 with a hint on stderr for an out-of-scope question', async () => {
    const r = await sbk(['search', '公积金怎么提取']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('没有找到');
    expect((await sbk(['search', '公积金怎么提取', '--json'])).stdout.trim()).toBe('[]');
  });

  it('exits 1 when the question asks for an aspect the knowledge base never covers (a fee for activating)', async () => {
    const r = await sbk(['激活社保卡要付年费吗']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('没有找到');
    expect((await sbk(['社保卡怎么激活', '--json'])).code).toBe(0);
  });

  it('exits 2 on an empty query or a bad --limit', async () => {
    expect((await sbk(['search', '  '])).code).toBe(2);
    expect((await sbk(['search', '社保卡', '--limit', 'abc'])).code).toBe(2);
  });
});

describe('sbk search in batch mode', () => {
  it('prints exactly one JSON line per input line, empty lines giving empty results', async () => {
    const r = await sbk(['search', '--json'], { input: '卡丢了\n\n养老金怎么领\nsbk jh\n' });
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).toEqual(['卡丢了', '', '养老金怎么领', 'sbk jh']);
    expect(lines[0].results[0].id).toBe('lost-card');
    expect(lines[1].results).toEqual([]);
    expect(lines[2].results).toEqual([]);
    expect(lines[3].results.length).toBeGreaterThan(0);
    expect(r.code).toBe(0);
  });

  it('exits 1 when no line found anything', async () => {
    expect((await sbk(['search', '--json'], { input: '公积金\n\n' })).code).toBe(1);
  });

  it('copes with invalid UTF-8 and a 1 MB line, one output line each', async () => {
    const input = Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('社保卡丢了'.repeat(70_000) + '\n'), Buffer.from('密码\n')]);
    const r = await sbk(['search', '--json', '--limit', '1'], { input });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!).results[0].id).toBe('lost-card');
  });

  it('without --json prints each query with its results', async () => {
    const r = await sbk(['search', '--limit', '2'], { input: '挂失\n公积金\n' });
    expect(r.stdout).toContain('问：挂失');
    expect(r.stdout).toContain('问：公积金');
    expect(r.stdout).toContain('没有找到相关答案');
  });
});

describe('Latin input that is neither pinyin nor initials', () => {
  it.each(['hello', 'qwerty', 'window', 'abcdef'])('%s gets no answer rather than a confident wrong one', async (word) => {
    const r = await sbk(['search', word, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('initials still work', async () => {
    const r = await sbk(['search', 'sbk', 'gs', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].id).toBe('lost-card');
  });
});
