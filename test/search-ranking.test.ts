/**
 * Ranking regression: queries written in the project (not the evaluation lines), each with the entry
 * that must come first, grouped by the way callers ask. Plus aggregate floors on the project's own
 * query set (scripts/bench-search.queries.jsonl), so a change that quietly hurts ranking fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { createSearcher } from '../src/search/index.js';
import { ROOT } from './helpers/cli.js';

const kb = loadKnowledgeBase(ROOT);
const entries = kb.faq.entries;
const searcher = { search: createSearcher(entries, kb.search).searchFaq };
const top = (q: string) => searcher.search(q, 3)[0]?.entry.id;

const CASES: Record<string, [string, string][]> = {
  colloquial: [
    ['社保卡丢了咋整', 'lost-card'],
    ['社保卡的照片有什么规定', 'photo-spec'],
    ['新生的小孩社保卡怎么弄', 'newborn-apply'],
    ['捡到一张社保卡怎么办', 'found-card'],
    ['三代社保卡是什么', 'gen3-what-is'],
    ['社保卡注销了怎么确认成功了', 'cancel-check-success'],
    ['星期天银行给不给补社保卡', 'lost-card-reissue-weekend'],
    ['社保卡想让老伴帮我激活行吗', 'enable-by-proxy'],
    ['三代卡和二代卡差在哪', 'gen3-vs-gen2'],
    ['电子社保卡的参保地能换成济南吗', 'ecard-switch-insured-place'],
  ],
  keyword: [
    ['密钥 锁死', 'key-locked-offsite'],
    ['解挂', 'temporary-loss-release'],
    ['放号', 'status-fanghao'],
    ['即时制卡单', 'instant-card-no-form-needed'],
    ['电子社保卡 解绑', 'ecard-unbind'],
  ],
  typo: [
    ['社保卡丢了怎么不办', 'lost-card'],
    ['电子社保卡怎么姐绑', 'ecard-unbind'],
    ['银行开护失败', 'bank-account-failed'],
    ['社保卡密码所了', 'password-locked'],
    ['社保卡怎么注小', 'cancel-card'],
  ],
  pinyin: [
    ['shebaoka zhuxiao', 'cancel-card'],
    ['xinshenger shebaoka', 'newborn-apply'],
    ['jinrongqu jihuo', 'activate-financial-zone'],
    ['zhaopian guige', 'photo-spec'],
    ['guashi jiegua', 'temporary-loss-release'],
    ['mima suo le', 'password-locked'],
    ['zhaopian huan', 'change-photo'],
  ],
  mixed: [
    ['358*441像素', 'photo-spec'],
    ['68967108', 'ccb-mailing-address'],
  ],
  narrative: [
    ['我家孩子七岁了，去银行办卡人家说系统里调不出照片，办不了，让我们自己想办法', 'child-photo-missing'],
    ['单位人事在网上导入职工信息的表格，一直提示表格没法正常使用，弄了一上午也不行', 'employer-import-table-error'],
    ['我们是个小公司，会计在网上给新员工申领社保卡，输身份证号老提示不是本单位的人', 'employer-apply-id-not-found'],
    // A city name stands for 省内异地 / 省外: callers say where, not which category.
    ['我在潍坊工作过几年那边给办了社保卡，现在回济南上班了，那张卡在济南还能接着用吗', 'offsite-card-continue-use'],
    ['我去上海上班了社保也在那边交，济南这张卡丢了还要补吗', 'lost-card-insured-elsewhere'],
  ],
  meaning: [
    ['社保卡是个啥样的卡', 'what-is-card'],
  ],
  // A phrase that says something failed (领不了, 没激活) is not the answer to a plain how-to question.
  negation: [
    ['电子社保卡去哪申领', 'ecard-apply'],
    ['电子社保卡一直领不了', 'ecard-apply-failed'],
    ['卡一直放着没激活，时间长了会不会作废', 'enable-time-limit'],
  ],
};

describe.each(Object.entries(CASES))('%s queries', (_kind, cases) => {
  it.each(cases)('%s → %s', (query, id) => {
    expect(top(query)).toBe(id);
  });
});

/**
 * Known misses, kept visible: each is expected to fail today; when ranking improves and one passes,
 * vitest reports it, and it moves up into CASES.
 */
const KNOWN_MISSES: [string, string][] = [
  // Direction: a Linyi card locked in Jinan, not a Jinan card refused elsewhere (offsite-password-wrong
  // comes first; the right entry is second). Bag-of-words terms cannot tell which city issued the card.
  ['卡是在临沂办的，到济南这边药店刷了几回密码给锁上了，在济南能给解开不', 'offsite-card-locked-in-jinan'],
  // A time question (过了两年…还能) about 激活: enable-social-zone (how to enable) now comes first and the
  // right entry is second (0.75 vs 0.71); lowering the unmatched-content weight does not change it.
  ['新办的社保卡过了两年没激活还能激活吗', 'enable-time-limit'],
];

describe.runIf(KNOWN_MISSES.length > 0)('known misses', () => {
  it.fails.each(KNOWN_MISSES)('%s → %s', (query, id) => {
    expect(top(query)).toBe(id);
  });
});

describe('out-of-scope questions get no answer', () => {
  it.each(['公积金怎么提取', '养老金什么时候发', '驾驶证到期换证', '今天天气怎么样', '供暖费怎么交', '养老保险交了多少年', '驾照到期了在哪换', '居住证去哪办'])('%s', (q) => {
    expect(searcher.search(q, 5)).toEqual([]);
  });

  // Business verbs (补办, 密码, 注销) go with other documents and accounts too; another card is not ours.
  it.each(['离婚证丢了怎么补办', '户口本丢了去哪补办', '信用卡怎么注销', '公积金账户密码忘了', '银行卡密码输错三次', 'gongjijin mima', 'jiashizheng buban'])(
    '%s (names another document, account or card)',
    (q) => {
      expect(searcher.search(q, 5)).toEqual([]);
    },
  );

  it('still answers card questions that mention another service', () => {
    expect(top('身份证和社保卡都丢了，拿驾驶证能补卡吗')).toBe('reissue-without-id-card');
  });

  it('still answers when 身份证 or 户口本 is what the card service asks for', () => {
    expect(searcher.search('补办要带身份证吗', 3).length).toBeGreaterThan(0);
    expect(searcher.search('小孩补办带户口本行吗', 3).length).toBeGreaterThan(0);
    expect(top('银行卡功能怎么开通')).toBe('activate-financial-zone');
    expect(searcher.search('异地就医备案了人在外地怎么激活', 3).length).toBeGreaterThan(0);
  });
});

interface Line {
  query: string;
  accept: string[];
  kind: string;
}

describe.each([
  ['scripts/bench-search.queries.jsonl', 0.9, 0.95, 0.9],
  // Held out: written before tuning, checked after each change, never tuned on directly.
  ['scripts/bench-search.heldout.jsonl', 0.88, 0.95, 0.8],
  // Written from faq-source.txt before the aliases were read (see the file's commit message).
  ['scripts/bench-search.fresh.jsonl', 0.9, 0.95, 0.8],
])('the project query set %s', (file, top1, top3, rejection) => {
  const lines: Line[] = readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
  const inScope = lines.filter((l) => l.accept.length);
  const outOfScope = lines.filter((l) => !l.accept.length);

  it('puts an acceptable entry in the top three for most in-scope queries', () => {
    const hits = inScope.filter((l) => searcher.search(l.query, 3).some((r) => l.accept.includes(r.entry.question)));
    expect(hits.length / inScope.length).toBeGreaterThanOrEqual(top3);
  });

  it('puts an acceptable entry first for most in-scope queries', () => {
    const hits = inScope.filter((l) => l.accept.includes(searcher.search(l.query, 1)[0]?.entry.question ?? ''));
    expect(hits.length / inScope.length).toBeGreaterThanOrEqual(top1);
  });

  it('rejects the out-of-scope queries', () => {
    const rejected = outOfScope.filter((l) => searcher.search(l.query, 5).length === 0);
    expect(rejected.length / outOfScope.length).toBeGreaterThanOrEqual(rejection);
  });
});
