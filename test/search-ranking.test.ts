/**
 * Ranking regression: queries written in the project (not the evaluation lines), each with the entry
 * that must come first, grouped by the way callers ask. Plus aggregate floors on the project's own
 * query set (scripts/bench-search.queries.jsonl), so a change that quietly hurts ranking fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { buildSearchIndex, createSearcher } from '../src/search/index.js';
import { Analyzer } from '../src/search/analyzer.js';
import { loadPinyinTable } from '../src/search/pinyin.js';
import { IndexReader } from '../src/search/store.js';
import { ROOT } from './helpers/cli.js';

const kb = loadKnowledgeBase(ROOT);
const entries = kb.faq.entries;
const searcher = { search: createSearcher(entries, kb.search).searchFaq };
const top = (q: string) => searcher.search(q, 3)[0]?.entry.id;
const table = loadPinyinTable(new IndexReader(buildSearchIndex(entries, kb.search)).header.pinyin);

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
  // Was a known miss: a time question (过了两年…还能) about 激活 gets the time-limit entry.
  time: [
    ['新办的社保卡过了两年没激活还能激活吗', 'enable-time-limit'],
  ],
  // Was a known miss: a bare 补卡 gets the general lost-card entry, not reissue-by-proxy, whose question
  // has 补卡 but adds 职工, 金融功能, 代办.
  general: [
    ['补卡', 'lost-card'],
  ],
  // Was a known miss: 啥 asks as 什么 does (search.yaml question_kinds), so the alias 电子社保卡有什么用 is
  // close to it.
  question_kinds: [
    ['电子社保卡有啥用', 'ecard-functions'],
  ],
  // The asked-for end (银行的卡) against the entries: 卡 is in every entry and proves nothing, so the
  // entry that says how to look up one's card's bank is not pushed below the list of partner banks.
  own_card: [
    ['社保卡是哪个银行的卡', 'query-bank-number-status'],
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
  // The caller's card is frozen: frozen-status (「不存在冻结状态」) adds least to the bare words, so it comes
  // first and frozen-after-leaving-job second (0.72). Nothing in the words says which situation it is.
  ['社保卡冻结了', 'frozen-after-leaving-job'],
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

/**
 * The principles of the search (issue 10), each with examples written for this test (not query-set lines).
 * The one query box (`search`) is what the CLI reports; `searchFaq` is its FAQ side.
 */
describe('search principles', () => {
  const box = createSearcher(entries, kb.search, { tables: kb });
  const ids = (q: string, n = 5) => box.search(q, n).results.map((r) => (r.kind === 'faq' ? r.entry.id : `${r.kind}:${r.title}`));

  it('a bare or general question gets the general entry, not one that adds a condition the caller never said', () => {
    // resident-temporary-loss adds 居民 and 临时; auto-cancel adds 自动 and a cause.
    expect(ids('社保卡怎么挂失')[0]).toBe('lost-card');
    expect(ids('怎么注销社保卡')[0]).toBe('cancel-card');
  });

  it('an asked-for aspect no entry covers (a fee, an overdraft) gets no answer', () => {
    for (const q of ['激活社保卡要付年费吗', '社保卡能透支多少', '换社保卡照片收费吗', '社保卡存款利率多少']) expect(ids(q)).toEqual([]);
    // The same words without the uncovered ask are answered.
    expect(ids('社保卡怎么激活').length).toBeGreaterThan(0);
  });

  it('naming the card is not enough: what is asked about it must be explained', () => {
    for (const q of ['社保卡能绑定外卖软件吗', '社保卡能买彩票吗', '社保卡能在超市购物吗']) expect(ids(q)).toEqual([]);
  });

  it('two characters that only sound like a word of the entries are not that word; a one-character typo is', () => {
    // 飞机 sounds like 费记 of 缴费记录 in found-card-suspended-query, but neither character is in any word
    // of that sound: a different word, not a typo. 社宝卡 keeps 社 of 社保, 挂师 keeps 挂 of 挂失.
    expect(ids('社保卡可以买飞机票吗')).toEqual([]);
    expect(ids('社保卡能坐飞机吗')).toEqual([]);
    expect(ids('社保卡丢了怎么挂师')[0]).toBe('lost-card');
  });

  it('a bare question gets the entry whose own question adds least to it', () => {
    // ecard-functions has an alias that is almost the bare name (电子社保卡能干什么), but its question adds
    // 手机APP, 支付宝, 微信, 绑定; 如何申领电子社保卡 adds only 申领.
    expect(ids('电子社保卡')[0]).toBe('ecard-apply');
    expect(ids('dzsbk')[0]).toBe('ecard-apply');
    expect(ids('挂失')[0]).toBe('lost-card');
    // A caller who says more is not held to the question's wording: the long question still wins.
    expect(ids('手机上绑了电子社保卡以后都能办什么')[0]).toBe('ecard-functions');
  });

  it('every question and alias of an entry finds that entry first', () => {
    const miss = entries.flatMap((e) => [e.question, ...e.aliases].filter((p) => box.searchFaq(p, 1)[0]?.entry.id !== e.id).map((p) => `${p} (${e.id})`));
    expect(miss).toEqual([]);
  });

  it('asking what something is for is the ask, not a question word', () => {
    expect(ids('三代卡能用来干嘛')[0]).toBe('gen3-uses');
    expect(ids('电子社保卡能干啥', 2)).toContain('ecard-functions');
  });

  it('流程, 手续, 步骤 and 什么意思 say how a question is asked, also when typed by their sound', () => {
    expect(ids('新生儿社保卡办理手续')[0]).toBe('newborn-apply');
    expect(ids('注销社保卡的步骤')[0]).toBe('cancel-card');
    // 留程 and 流成 sound like 流程.
    expect(ids('新生儿办卡留程')[0]).toBe('newborn-apply');
    expect(ids('放号是什么意思')[0]).toBe('status-fanghao');
  });

  it('a time question word in mid-question is what is asked, not the verb at the end', () => {
    // The verb at the end (办下来, 领到) is nowhere in production-time-limit; 几天, 什么时候 are its subject.
    expect(ids('社保卡几天能办下来')[0]).toBe('production-time-limit');
    expect(ids('社保卡什么时候能领到')[0]).toBe('production-time-limit');
  });

  it('a long form finds the short word the knowledge base uses (first and third character)', () => {
    // The knowledge base says 解绑; callers say 解除绑定.
    expect(ids('电子社保卡解除绑定')[0]).toBe('ecard-unbind');
  });

  it('a query naming nothing of the card is ours when an answer has its words word for word', () => {
    // 异地人员 is only in answers (card-unusable-causes: 提示异地人员; enable-while-registered-offsite).
    expect(entries.some((e) => e.question.includes('异地人员') || e.aliases.some((a) => a.includes('异地人员')))).toBe(false);
    expect(ids('异地人员', 2)).toContain('card-unusable-causes');
    // Scattered characters of an answer are not a run: other services stay unanswered.
    expect(ids('养老金怎么领')).toEqual([]);
  });


  it('characters that only sound like the knowledge base\'s words are noise, while a homophone typo is still read', () => {
    // Random strings of common characters (another seed than bench:search's noise) that the index
    // matched by sound alone (市执 → shi zhi, 事语 → shi yu) before a homophone counted half.
    for (const q of ['花府', '侯远', '市执', '事语', '摊通力', '敷汪遁']) expect(ids(q)).toEqual([]);
    expect(ids('社宝卡丢了')[0]).toBe('lost-card');
    // A particle typed for a word's second character (吗 for 码) is read by its sound too.
    expect(ids('密吗被锁了')[0]).toBe('password-locked');
  });

  it('two clauses: the main ask comes first and the aside follows it, never before it', () => {
    expect(ids('社保卡密码锁住了，顺便问一下挂失电话').slice(0, 2)).toEqual(['password-locked', 'lost-card']);
    expect(ids('照片想换一张，另外问下卡丢了怎么办').slice(0, 2)).toEqual(['change-photo', 'lost-card']);
    // Asides whose own words match an entry more closely than the main ask does.
    expect(ids('社保卡丢了，另外问一下电子社保卡怎么申领').slice(0, 2)).toEqual(['lost-card', 'ecard-apply']);
    expect(ids('社保卡注销怎么办，另外想问新生儿怎么办卡').slice(0, 2)).toEqual(['cancel-card', 'newborn-apply']);
    expect(ids('补卡要带什么，顺便问问电子社保卡怎么解绑').slice(0, 2)).toEqual(['reissue-documents', 'ecard-unbind']);
    // Without a punctuation mark an aside phrase (顺便问) still cuts; a plain marker word (还有) needs a clause start.
    expect(ids('社保卡密码锁住了顺便问一下挂失电话')[0]).toBe('password-locked');
    const a = new Analyzer(kb.search, table);
    expect(a.clauses('卡丢了，另外电子卡还能用吗')).toHaveLength(2);
    expect(a.clauses('社保卡里还有钱吗')).toHaveLength(1);
    // A main ask the knowledge base does not answer gives way to the aside it does.
    expect(ids('公积金怎么提取，顺便问下社保卡怎么注销')[0]).toBe('cancel-card');
  });

  it('a word found only in an entry\'s answer still finds it', () => {
    // 图书馆 is only in the answer of gen3-uses (what the third-generation card can be used for).
    expect(entries.find((e) => e.id === 'gen3-uses')!.question).not.toContain('图书馆');
    expect(ids('用社保卡能去图书馆借书吗')[0]).toBe('gen3-uses');
  });

  it('Latin letters are initials only when they spell a whole phrase', () => {
    expect(ids('sbkzx')[0]).toBe('cancel-card');
    // The same letters inside a longer run, or a run of random consonants, are not read as initials.
    for (const q of ['xsbkzxq', 'qsbkzx', 'tkrdwxnz', 'bcdfghk']) expect(ids(q)).toEqual([]);
  });

  it('typed as pinyin, the card\'s words anchor a question and another card\'s do not', () => {
    // search.yaml card_anchors_pinyin / other_cards_pinyin: the same lists as the Han ones, for Latin input.
    expect(ids('xiaoci le')[0]).toBe('demagnetized');
    expect(ids('ka huai le').length).toBeGreaterThan(0);
    for (const q of ['yinhangka mima', 'xinyongka zhuxiao', 'jiayouka bu ban', 'gongjiaoka guashi']) expect(ids(q)).toEqual([]);
  });

  it('one query box: a district office, a bank or a phone number gets its row first, with its kind', () => {
    const office = box.search('历城区社保经办机构的电话', 3).results[0]!;
    expect(office).toMatchObject({ kind: 'office', title: '历城区' });
    expect(Array.isArray((office as { row: { phones: unknown } }).row.phones)).toBe(true);
    expect(box.search('工行客服电话', 3).results[0]).toMatchObject({ kind: 'bank', title: '中国工商银行' });
    // A card question keeps FAQ entries only.
    expect(box.search('社保卡怎么挂失', 5).results.every((r) => r.kind === 'faq')).toBe(true);
  });

  it('a question about another service or card that the entry never names gets no answer', () => {
    // The card is only the topic: what is asked is 公积金, 低保, 养老金, which no entry speaks of.
    for (const q of ['社保卡里能存公积金吗', '用社保卡能领低保吗', '社保卡激活了能领养老金吗']) expect(ids(q)).toEqual([]);
    // Said before the card, where the caller pays in is context, not the ask.
    expect(ids('外地人在济南交社保，能办社保卡吗').length).toBeGreaterThan(0);
  });

  it('the leader that answers the asked-for part comes first when the first does not', () => {
    // Only gen3-uses mentions a withdrawal fee (银行减免每月前两笔跨行取款手续费).
    const r = box.search('社保卡取款有没有手续费', 5);
    expect(r.results[0]).toMatchObject({ kind: 'faq', entry: { id: 'gen3-uses' } });
    expect(r.ambiguous).toBe(false);
    const scores = r.results.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('how a phrase asks counts when the caller asks: the phrasing asked the same way is closer', () => {
    // auto-cancel has the alias 什么情况下社保卡会被注销: the same content, asked differently.
    for (const q of ['社保卡怎么注销', '社保卡咋注销', '社保卡如何注销']) {
      const r = box.search(q, 5);
      expect(ids(q)[0]).toBe('cancel-card');
      expect(r.ambiguous).toBe(false);
    }
    // What makes the difference is how the phrase asks, not how rare 办理 is in the corpus.
    expect(ids('如何办理三代社保卡')[0]).toBe('gen3-how-to-get');
    expect(ids('三代社保卡是什么')[0]).toBe('gen3-what-is');
  });

  it('a rare one-character word of the entry\'s own question counts', () => {
    expect(ids('路边捡着个社保卡')[0]).toBe('found-card');
  });

  it('one query box: an outlet\'s town or village finds its row', () => {
    expect(ids('雪野镇有社保卡网点吗')[0]).toBe('outlet:莱芜农商银行上游支行');
    expect(ids('焦庄村')[0]).toBe('outlet:平阴农商银行玫瑰支行');
  });

  it('a close call between the first two is said to be one; a clear first is not', () => {
    const close = box.search('社保卡密码怎么改', 5);
    expect(close.ambiguous).toBe(true);
    expect(close.results.slice(0, 2).map((r) => r.kind === 'faq' && r.entry.id).sort()).toEqual(['ecard-password', 'password-locked']);
    expect(box.search('怎么注销社保卡', 5).ambiguous).toBe(false);
  });
});
