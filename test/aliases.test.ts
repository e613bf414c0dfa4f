/**
 * Aliases held to their entry (src/kb/aliases.ts): an alias whose words its entry's question and answer
 * do not say, in their words or through the synonym data, is a data error in `sbk validate`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, ROOT } from './helpers/cli.js';
import { makeDataDir, lineOf } from './helpers/datadir.js';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { aliasGaps, MIN_ALIAS_COVERAGE } from '../src/kb/aliases.js';

const kb = loadKnowledgeBase(ROOT);
const faqText = readFileSync(path.join(ROOT, 'faq.yaml'), 'utf8');
const entry = (id: string) => kb.faq.entries.find((e) => e.id === id)!;

describe('alias check', () => {
  it('flags an off-topic alias and names the words the entry does not say', () => {
    const lost = entry('lost-card');
    const gaps = aliasGaps({ ...lost, aliases: ['公积金怎么提取'] }, kb.search);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.coverage).toBeLessThan(MIN_ALIAS_COVERAGE);
    expect(gaps[0]!.uncovered.join('')).toContain('公积金');
  });

  it('flags an alias put under another entry that also says 社保卡', () => {
    // An alias of the photo entry is not a question the 代办 entry answers, though both say 社保卡.
    const gaps = aliasGaps({ ...entry('reissue-by-proxy'), aliases: ['社保卡照片像素大小'] }, kb.search);
    expect(gaps.map((g) => g.uncovered)).toEqual([['照片像素大小']]);
  });

  it('passes an alias whose words the entry says only through the synonym data, and fails it without that data', () => {
    const made = { question: '社保卡金融区如何启用？', answer: '持身份证和社保卡到发卡银行网点办理启用。', aliases: ['怎么开卡'] };
    // 开卡 is in the group whose words include 启用 (search.yaml): the entry says 启用.
    expect(aliasGaps(made, kb.search)).toEqual([]);
    expect(aliasGaps(made, { ...kb.search, synonyms: [] }).map((g) => g.uncovered)).toEqual([['开卡']]);
  });

  it('counts a caller word the entry has even beside a question word (在哪查: 查)', () => {
    const made = { question: '如何查询社保卡制卡进度？', answer: '登录官网查询。', aliases: ['制卡进度在哪查'] };
    expect(aliasGaps(made, kb.search)).toEqual([]);
  });

  it('every shipped alias passes', () => {
    const failing = kb.faq.entries.flatMap((e) => aliasGaps(e, kb.search).map((g) => `${e.id}: ${g.alias}`));
    expect(failing).toEqual([]);
  });

  it('sbk validate rejects a failing alias with faq.yaml:line entries[i].aliases[j] and exit 2', () => {
    const dir = makeDataDir({
      'faq.yaml': (t) => t.replace('      - "自己一个人怎么申请办理社保卡"\n', '      - "自己一个人怎么申请办理社保卡"\n      - "养老金什么时候发放"\n'),
    });
    const r = runCli(['--data-dir', dir, 'validate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = lineOf(faqText, '自己一个人怎么申请办理社保卡') + 1;
    expect(r.stderr).toContain(`faq.yaml:${line} entries[0].aliases[1]: 别名“养老金什么时候发放”`);
    expect(r.stderr).toMatch(/本条没有说“[^”]*养老金/);
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });
});

describe('aliases reach what their entries answer', () => {
  it('the 插错卡槽 case (an enabled card from another city shows no balance) is found by search', () => {
    const r = runCli(['search', '--json', '启用异地社保卡后刷卡没有信息或无余额']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].id).toBe('card-unusable-causes');
  });
});
