/** Each kind of broken trees.yaml gives its own `trees.yaml:line path: message` and exit 2. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';
import { makeDataDir, lineOf } from './helpers/datadir.js';

const treesText = readFileSync(path.join(ROOT, 'trees.yaml'), 'utf8');

async function validate(edit: (t: string) => string | null) {
  const dir = makeDataDir({ 'trees.yaml': edit });
  return await sbk(['--data-dir', dir, 'validate']);
}

/** Replace exactly one occurrence, so a test never passes because its edit silently missed. */
const once = (from: string, to: string) => (t: string) => {
  const i = t.indexOf(from);
  if (i < 0 || t.indexOf(from, i + 1) >= 0) throw new Error(`edit must match exactly once: ${from}`);
  return t.slice(0, i) + to + t.slice(i + from.length);
};

function expectProblem(r: { code: number | null; stderr: string; stdout: string }, re: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('trees.yaml validation', () => {
  it('the shipped trees are valid and counted', async () => {
    const r = await sbk(['validate', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).counts.trees).toBe(6);
  });

  it('a next that points nowhere names the line and the valid ids', async () => {
    const edit = once('next: child-reissue}', 'next: kid-reissue}');
    const r = await validate(edit);
    const line = lineOf(edit(treesText), 'next: kid-reissue}');
    expectProblem(r, new RegExp(`trees\\.yaml:${line} trees\\[0\\]\\.nodes\\[\\d+\\]\\.choices\\[1\\]\\.next: next 指向不存在的节点“kid-reissue”`));
  });

  it('an unreachable node', async () => {
    const r = await validate(once('{id: found, label: 来电人捡到了别人的社保卡, next: found-card}', '{id: found, label: 来电人捡到了别人的社保卡, next: ecard}'));
    expectProblem(r, /节点 found-card 从 start（card）走不到/);
  });

  it('a cycle, with the loop spelled out', async () => {
    const r = await validate(once('{id: weekday, label: 工作日, next: reissue}', '{id: weekday, label: 工作日, next: insured}'));
    expectProblem(r, /形成循环：insured → location → holder → when → insured/);
  });

  it('a duplicate node id', async () => {
    const r = await validate(once('      - id: when\n', '      - id: holder\n'));
    expectProblem(r, /节点 id“holder”重复/);
  });

  it('a duplicate tree id', async () => {
    const r = await validate(once('  - id: cancel-card\n', '  - id: progress\n'));
    expectProblem(r, /决策树 id“progress”重复/);
  });

  it('a duplicate choice id within a question', async () => {
    const r = await validate(once('{id: weekend, label: 周末,', '{id: weekday, label: 周末,'));
    expectProblem(r, /选项 id“weekday”在问题 when 中重复/);
  });

  it('an FAQ id that does not exist', async () => {
    const r = await validate(once('faq: [found-card, found-card-suspended-query]', 'faq: [found-cards, found-card-suspended-query]'));
    expectProblem(r, /faq\[0\]: faq 指向不存在的条目“found-cards”/);
  });

  it('a bank, hotline key, district or outlet that does not exist', async () => {
    expectProblem(await validate(once('{bank_customer_service: qilu}', '{bank_customer_service: hsbc}')), /bank_customer_service 引用的“hsbc”.*不存在，应为 icbc、abc/);
    expectProblem(await validate(once('{hotline: card-hotline, key: "1"}\n        note: 源文件只说周末', '{hotline: card-hotline, key: "9"}\n        note: 源文件只说周末')), /热线 card-hotline 没有按键“9”，应为 1、2、3 之一/);
    expectProblem(await validate(once('{id: nanshan, label: 南山, value: 南山', '{id: nanshan, label: 南山, value: 南部山区')), /问题 district 的选项 nanshan：yibao 引用的“南部山区”/);
    expectProblem(await validate(once('          - {outlet: 2}', '          - {outlet: 99}')), /网点序号“99”在 banks\.yaml 的 outlets 中不存在/);
  });

  it('a bank without customer service phones cannot be referenced for them', async () => {
    expectProblem(await validate(once('{bank_customer_service: qilu}', '{bank_customer_service: rcb}')), /农商银行（rcb）在 banks\.yaml 中没有客服电话/);
  });

  it('only a bank with a mailing phone (建行) can be referenced for one', async () => {
    expectProblem(await validate(once('          - {bank_mailing: ccb}', '          - {bank_mailing: icbc}')), /中国工商银行（icbc）在 banks\.yaml 中没有邮寄电话，应为 ccb 之一/);
  });

  it('a phone number typed into the steps that is not among the phones', async () => {
    const r = await validate(once('请药店工作人员拨打地纬技术支持电话 4001781234。', '请药店工作人员拨打地纬技术支持电话 4001781235。'));
    expectProblem(r, /steps\[0\]: 步骤里的电话 4001781235 不在本结果的 phones 中/);
  });

  it('an answer reference that some path reaches without answering', async () => {
    const r = await validate(once('{yibao: {answer: district}}', '{yibao: {answer: stage}}'));
    expectProblem(r, /有路径不经过问题 stage 就到达了本结果/);
  });

  it('a node that is both a question and an outcome, or neither', async () => {
    expectProblem(await validate(once('        prompt: 打算什么时候去银行补卡？\n', '        prompt: 打算什么时候去银行补卡？\n        title: 什么时候\n')), /节点不能同时有 prompt（问题）和 title（结果）/);
    expectProblem(await validate(once('        prompt: 打算什么时候去银行补卡？\n', '')), /节点既没有 prompt（问题）也没有 title（结果）/);
  });

  it('an outcome without faq links', async () => {
    expectProblem(await validate(once('        faq: [ecard-password]\n', '')), /结果节点 ecard-password 缺少 faq/);
  });

  it('a misspelt field', async () => {
    const r = await validate(once('        prompt: 打算什么时候去银行补卡？\n', '        promt: 打算什么时候去银行补卡？\n'));
    expectProblem(r, /未知字段：promt/);
  });

  it('a start that points nowhere', async () => {
    expectProblem(await validate(once('    start: who\n', '    start: whom\n')), /start 指向不存在的节点“whom”/);
  });

  it('a missing trees.yaml', async () => {
    const r = await validate(() => null);
    expectProblem(r, /trees\.yaml.*文件不存在/);
  });

  it('sbk tree refuses broken trees with exit 2 and one message naming file and line', async () => {
    const dir = makeDataDir({ 'trees.yaml': once('next: child-reissue}', 'next: kid-reissue}') });
    const r = await sbk(['--data-dir', dir, 'tree']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^sbk：数据错误：trees\.yaml:\d+ /);
  });
});
