/**
 * The decision trees through the pure engine: every root-to-outcome path reaches the outcome listed
 * here (ids only, no prose), going back works, bad answers are named; then the key facts and phone
 * numbers of important outcomes, checked separately from the routing.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { loadTrees } from '../src/trees/load.js';
import { AnswerError, allPaths, back, choose, resolveOutcome, start, walk, type Position } from '../src/trees/engine.js';
import { describeTree, treeMermaid } from '../src/trees/describe.js';
import type { Tree } from '../src/trees/schema.js';

const kb = loadKnowledgeBase();
const set = loadTrees(kb);
const tree = (id: string): Tree => {
  const t = set.trees.find((x) => x.id === id);
  if (!t) throw new Error(`no tree ${id}`);
  return t;
};
const answers = (s: string) => new Map(s.split(' ').map((a) => a.split('=') as [string, string]));

const BANKS = ['icbc', 'abc', 'boc', 'ccb', 'qilu', 'psbc', 'rcb'];
const DISTRICTS = ['shizhong', 'lixia', 'huaiyin', 'licheng', 'tianqiao', 'changqing', 'gaoxin', 'jiyang', 'shanghe', 'pingyin', 'zhangqiu', 'nanshan'];

/** Every path of every tree and the outcome it must reach. A new path without a line here fails. */
const EXPECTED: Record<string, [string, string][]> = {
  'lost-card': [
    ['card=jinan insured=jinan location=in-jinan holder=adult when=weekday', 'reissue'],
    ['card=jinan insured=jinan location=in-jinan holder=adult when=weekend', 'reissue-weekend'],
    ['card=jinan insured=jinan location=in-jinan holder=adult when=holiday', 'reissue-holiday'],
    ['card=jinan insured=jinan location=in-jinan holder=child', 'child-reissue'],
    ['card=jinan insured=jinan location=in-jinan holder=no-id', 'reissue-without-id'],
    ['card=jinan insured=jinan location=away', 'holder-away'],
    ['card=jinan insured=elsewhere', 'insured-elsewhere'],
    ['card=offsite-enabled issuer=other-city', 'offsite-issuer-other-city'],
    ['card=offsite-enabled issuer=jinan', 'offsite-issuer-jinan'],
    ['card=old-medical new-card=not-applied', 'old-medical-apply'],
    ['card=old-medical new-card=pending', 'old-medical-pending'],
    ['card=ecard', 'ecard'],
    ['card=found', 'found-card'],
    ['card=found-own', 'loss-release'],
    ['card=hotline-failed', 'hotline-no-record'],
  ],
  'card-unusable': [
    ['where=in-jinan jinan-symptom=not-enabled card-origin=jinan', 'not-enabled'],
    ['where=in-jinan jinan-symptom=not-enabled card-origin=other-city', 'offsite-not-enabled'],
    ['where=in-jinan jinan-symptom=not-enabled card-origin=registered-offsite', 'enable-registered-offsite'],
    ['where=in-jinan jinan-symptom=offsite-registered', 'offsite-registered'],
    ['where=in-jinan jinan-symptom=offsite-card offsite-enabled-symptom=no-balance', 'wrong-slot'],
    ['where=in-jinan jinan-symptom=offsite-card offsite-enabled-symptom=other issuer=other-city', 'offsite-issuer-other-city'],
    ['where=in-jinan jinan-symptom=offsite-card offsite-enabled-symptom=other issuer=jinan', 'offsite-issuer-jinan'],
    ['where=in-jinan jinan-symptom=unreadable', 'unreadable'],
    ['where=in-jinan jinan-symptom=to-resident still-employee=resident', 'employee-to-resident'],
    ['where=in-jinan jinan-symptom=to-resident still-employee=employee', 'balance-zero'],
    ['where=enable card-origin=jinan', 'not-enabled'],
    ['where=enable card-origin=other-city', 'offsite-not-enabled'],
    ['where=enable card-origin=registered-offsite', 'enable-registered-offsite'],
    ['where=in-jinan jinan-symptom=no-record', 'no-insured-record'],
    ['where=in-jinan jinan-symptom=laiwu-icbc', 'laiwu-icbc'],
    ['where=in-jinan jinan-symptom=provincial', 'provincial-card'],
    ['where=in-jinan jinan-symptom=gen3', 'gen3-unusable'],
    ['where=in-jinan jinan-symptom=normal', 'card-normal'],
    ['where=offsite offsite-symptom=pin', 'offsite-pin'],
    ['where=offsite offsite-symptom=key-locked', 'key-locked'],
    ['where=offsite offsite-symptom=registered', 'offsite-registered'],
    ['where=offsite offsite-symptom=old-medical', 'old-medical-offsite'],
    ['where=locked lock-kind=local-password', 'password-locked'],
    ['where=locked lock-kind=pin', 'pin-locked'],
    ['where=locked lock-kind=offsite-card-in-jinan', 'offsite-card-locked'],
    ['where=locked lock-kind=magcard', 'magcard-password'],
    ['where=locked lock-kind=ecard', 'ecard-password'],
    ['where=locked lock-kind=bank', 'financial-password'],
  ],
  progress: [
    ['card-type=employee stage=no-photo', 'no-photo'],
    ['card-type=employee stage=not-applied', 'not-applied'],
    ['card-type=employee stage=individual', 'individual-instant'],
    ['card-type=employee stage=province-failed offsite-card-choice=keep', 'enable-offsite-card'],
    ['card-type=employee stage=province-failed offsite-card-choice=new', 'cancel-offsite-card'],
    ['card-type=employee stage=bank-failed', 'bank-account-failed'],
    ['card-type=employee stage=in-production', 'in-production'],
    ...BANKS.map((b): [string, string] => [`card-type=employee stage=shipped shipped-bank=${b} shipped-wait=within`, 'shipped']),
    ...BANKS.map((b): [string, string] => [`card-type=employee stage=shipped shipped-bank=${b} shipped-wait=over`, 'shipped-overdue']),
    ...BANKS.map((b): [string, string] => [`card-type=employee stage=at-bank at-bank-bank=${b}`, 'at-bank']),
    ...DISTRICTS.map((d): [string, string] => [`card-type=resident district=${d}`, 'resident']),
    ['card-type=resident district=other', 'resident-no-phone'],
    ['card-type=self', 'self-query'],
    ['card-type=delayed', 'delay-causes'],
  ],
  'apply-card': [
    ['who=employee', 'employee'],
    ['who=individual', 'instant'],
    ['who=newborn', 'newborn'],
    ['who=child-photo', 'child-photo'],
    ['who=resident resident-where=school', 'resident-school'],
    ['who=resident resident-where=labor-center', 'resident-labor-center'],
    ['who=foreigner', 'foreigner'],
    ['who=retired-cadre', 'retired-cadre'],
    ['who=offsite-holder', 'offsite-holder'],
    ['who=out-of-province', 'out-of-province'],
    ['who=old-medical', 'old-medical-replace'],
    ['who=employer-issue employer-issue=change-bank', 'employer-change-bank'],
    ['who=employer-issue employer-issue=ccb-mailing', 'employer-ccb-mailing'],
    ['who=employer-issue employer-issue=collect', 'employer-collect'],
    ['who=employer-issue employer-issue=left-before-collect', 'employer-left-before-collect'],
    ['who=employer-issue employer-issue=id-not-found', 'employer-id-not-found'],
    ['who=employer-issue employer-issue=import-error', 'employer-import-error'],
    ['who=employer-issue employer-issue=card-number', 'employer-card-number'],
  ],
  'cancel-card': [
    ['what=cancel', 'cancel-how'],
    ['what=not-found', 'cancel-not-found'],
    ['what=website-error', 'cancel-website-error'],
    ['what=check', 'cancel-check'],
    ['what=financial', 'cancel-financial'],
    ['what=balance', 'cancel-balance'],
    ['what=auto', 'auto-cancel'],
    ['what=change-id', 'change-id'],
    ['what=provincial', 'provincial-to-jinan'],
    ['what=to-province', 'to-province'],
    ['what=instant-application', 'undo-instant-application'],
    ['what=employer-application', 'undo-employer-application'],
    ['what=multiple-cards', 'multiple-cards'],
  ],
  'change-card': [
    ['what=photo', 'change-photo'],
    ['what=phone', 'change-phone'],
    ['what=id-name', 'change-id'],
    ...['icbc', 'abc', 'boc', 'ccb', 'qilu', 'psbc', 'rcb'].map((b) => [`what=expiry expiry-issuer=laiwu laiwu-bank=${b}`, 'expiry-laiwu'] as [string, string]),
    ['what=expiry expiry-issuer=jinan', 'expiry-jinan'],
    ['what=gen3', 'gen2-keep'],
    ['what=sms', 'sms-remake'],
    ['what=insured-change', 'insured-change'],
    ['what=card-number', 'card-number-changed'],
  ],
};

describe('every path of every tree', () => {
  it('has a table of expected outcomes for exactly the shipped trees', () => {
    expect(set.trees.map((t) => t.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [id, cases] of Object.entries(EXPECTED)) {
    it(`${id}: the enumerated paths are exactly the expected ones`, () => {
      const paths = allPaths(tree(id)).map((p) => p.path.map((s) => `${s.question}=${s.choice}`).join(' '));
      expect(paths.sort()).toEqual(cases.map(([a]) => a).sort());
    });

    it.each(cases)(`${id}: %s → %s`, (given, outcome) => {
      const { position, unused } = walk(tree(id), answers(given));
      expect(unused).toEqual([]);
      expect(position.kind).toBe('outcome');
      expect(position.node.id).toBe(outcome);
      // Resolving the outcome (phone references included) works on every path.
      if (position.kind === 'outcome') expect(() => resolveOutcome(tree(id), position.node, set.tables, position.path)).not.toThrow();
    });
  }

  it('every outcome node is reached by some path', () => {
    for (const t of set.trees) {
      const reached = new Set(allPaths(t).map((p) => p.outcome));
      const outcomes = [...t.nodes.values()].filter((n) => n.kind === 'outcome').map((n) => n.id);
      expect(outcomes.filter((o) => !reached.has(o))).toEqual([]);
    }
  });
});

describe('engine', () => {
  const lost = tree('lost-card');
  const step = (pos: Position, c: string) => choose(lost, pos, c);

  it('stops at the first question without an answer', () => {
    const { position } = walk(lost, answers('card=jinan'));
    expect(position.kind).toBe('question');
    expect(position.node.id).toBe('insured');
    expect(position.path).toEqual([{ question: 'card', choice: 'jinan' }]);
  });

  it('goes back one step at a time and stays put at the first question', () => {
    let pos = step(step(start(lost), 'jinan'), 'jinan');
    expect(pos.node.id).toBe('location');
    pos = back(lost, pos);
    expect(pos.node.id).toBe('insured');
    expect(pos.path).toEqual([{ question: 'card', choice: 'jinan' }]);
    pos = back(lost, back(lost, pos));
    expect(pos.node.id).toBe('card');
    expect(pos.path).toEqual([]);
  });

  it('after going back, a different choice leads elsewhere', () => {
    const pos = step(back(lost, step(start(lost), 'jinan')), 'found');
    expect(pos.kind).toBe('outcome');
    expect(pos.node.id).toBe('found-card');
  });

  it('names an unknown question and suggests the closest id', () => {
    const e = (() => {
      try {
        walk(lost, answers('crad=jinan'));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(AnswerError);
    expect(e).toMatchObject({ reason: 'unknown-question', question: 'crad', suggestion: 'card' });
  });

  it('names an unknown choice, the valid ones and the closest', () => {
    expect(() => walk(lost, answers('card=jinna'))).toThrowError(AnswerError);
    try {
      walk(lost, answers('card=jinna'));
    } catch (err) {
      expect(err).toMatchObject({ reason: 'unknown-choice', question: 'card', choice: 'jinna', suggestion: 'jinan' });
      expect((err as AnswerError).valid).toContain('old-medical');
    }
  });

  it('reports answers to questions that were not on the path', () => {
    const { unused } = walk(lost, answers('card=found insured=jinan'));
    expect(unused).toEqual(['insured']);
  });

  it('takes a choice by its id, the table key it stands for (章丘) or its label word for word, and records the id', () => {
    const progress = tree('progress');
    const byValue = walk(progress, answers('card-type=resident district=章丘')).position;
    expect(byValue.node.id).toBe('resident');
    expect(byValue.path).toEqual(walk(progress, answers('card-type=resident district=zhangqiu')).position.path);
    expect(resolveOutcome(progress, byValue.node as never, set.tables, byValue.path).phones.flatMap((p) => p.numbers)).toContain('0531-83236980');
    const byLabel = walk(progress, answers('card-type=employee stage=shipped shipped-bank=工商银行 shipped-wait=within')).position;
    expect(byLabel.path.find((s) => s.question === 'shipped-bank')?.choice).toBe('icbc');
    // Not a part of a label, nor a name the choice does not carry.
    expect(() => walk(progress, answers('card-type=employee stage=shipped shipped-bank=工商'))).toThrowError(AnswerError);
  });
});

/** The outcome reached by `given`, resolved. */
function outcome(treeId: string, given: string) {
  const t = tree(treeId);
  const { position } = walk(t, answers(given));
  if (position.kind !== 'outcome') throw new Error(`${given} does not reach an outcome`);
  return resolveOutcome(t, position.node, set.tables, position.path);
}
const numbers = (o: ReturnType<typeof outcome>) => o.phones.flatMap((p) => p.numbers);

describe('key outcomes say what the source says', () => {
  it('lost card: temporary loss on 68967600 key 1, 7 days, in person with ID card at the issuing bank, no proxy', () => {
    const o = outcome('lost-card', 'card=jinan insured=jinan location=in-jinan holder=adult when=weekday');
    expect(o.text).toContain('68967600，按1');
    expect(o.text).toContain('7天有效');
    expect(o.text).toMatch(/持本人身份证.*即时制卡网点/);
    expect(o.text).toContain('无法代办');
    expect(o.text).toContain('未启用、放号状态');
    expect(o.text).toContain('7日后系统会自动解挂');
    expect(o.text).toContain('金融账户挂失，请联系制卡银行');
    expect(o.text).toContain('不会影响电子社保卡的正常使用');
    expect(numbers(o)).toContain('0531-68967600');
    expect(o.phones.map((p) => p.label).join()).toMatch(/按1：社保账户临时挂失/);
    expect(o.faq.map((f) => f.id)).toContain('lost-card');
  });

  it('lost card at the weekend: every bank has weekend outlets; the 政务服务中心 does not do it', () => {
    const o = outcome('lost-card', 'card=jinan insured=jinan location=in-jinan holder=adult when=weekend');
    expect(o.text).toContain('每个发卡银行都设置了周末可以办理的网点');
    expect(o.text).toContain('市政务服务中心的各制卡银行周末及节假日无法办理');
  });

  it('child without ID card: 户口本, guardian ID, 出生证明 when the guardian is not the head of household', () => {
    const o = outcome('lost-card', 'card=jinan insured=jinan location=in-jinan holder=child');
    expect(o.text).toContain('户口本、监护人身份证');
    expect(o.text).toContain('出生证明');
  });

  it('holder not in Jinan: no cross-city reissue, the bank customer service numbers', () => {
    const o = outcome('lost-card', 'card=jinan insured=jinan location=away');
    expect(o.text).toContain('还无法跨地市补办');
    expect(numbers(o)).toEqual(expect.arrayContaining(['95588', '95599', '95566', '95533', '4006096588']));
  });

  it('insured elsewhere: cancel the Jinan card online and apply where insured now', () => {
    expect(outcome('lost-card', 'card=jinan insured=elsewhere').text).toContain('在新参保地申请制作参保当地社保卡');
  });

  it('old medical card lost: no need to reissue, apply for a social security card', () => {
    expect(outcome('lost-card', 'card=old-medical new-card=not-applied').text).toContain('丢失，无需补办');
  });

  it('card unusable with no known cause: 66961234 and 66761234', () => {
    const o = outcome('card-unusable', 'where=in-jinan jinan-symptom=normal');
    expect(o.text).toMatch(/66961234、66761234/);
    expect(numbers(o)).toEqual(['0531-66961234', '0531-66761234']);
  });

  it('offsite use: PIN default 123456 must be changed; local password 000000', () => {
    const o = outcome('card-unusable', 'where=offsite offsite-symptom=pin');
    expect(o.text).toContain('“123456”');
    expect(o.text).toContain('000000');
    expect(o.text).toContain('不能直接使用本地卡交易密码');
  });

  it('pharmacy says no insured employee: the pharmacy calls 4001781234', () => {
    const o = outcome('card-unusable', 'where=in-jinan jinan-symptom=no-record');
    expect(o.text).toContain('4001781234');
    expect(numbers(o)).toEqual(['4001781234']);
  });

  it('key locked off-site: the card must be reissued for off-site use, Jinan use unaffected', () => {
    expect(outcome('card-unusable', 'where=offsite offsite-symptom=key-locked').text).toContain('不影响济南本地使用');
  });

  it('magnetic card password carries the stale warning', () => {
    expect(outcome('card-unusable', 'where=locked lock-kind=magcard').note).toMatch(/这条要删除/);
  });

  it('progress shipped: within a week at the bank; batch number and the named bank’s card-check phone', () => {
    const o = outcome('progress', 'card-type=employee stage=shipped shipped-bank=icbc shipped-wait=within');
    expect(o.text).toContain('最迟一周');
    expect(o.text).toContain('制卡批次号及发卡银行的查卡电话');
    expect(numbers(o)).toContain('0531-82062765');
    expect(numbers(o)).not.toContain('0531-88989601');
  });

  it('progress shipped, bank 农商: the district branches, as the source lists no single number', () => {
    const o = outcome('progress', 'card-type=employee stage=shipped shipped-bank=rcb shipped-wait=within');
    expect(numbers(o)).toEqual(expect.arrayContaining(['0531-87983093', '0531-83238601', '0531-76292865']));
  });

  it('progress at the bank: 7 working days, then through the employer', () => {
    const o = outcome('progress', 'card-type=employee stage=at-bank at-bank-bank=ccb');
    expect(o.text).toContain('7个工作日');
    expect(numbers(o)).toEqual(expect.arrayContaining(['0531-68967176', '0531-87905907']));
  });

  it('progress stages 1-4 fine: about a month and a half', () => {
    expect(outcome('progress', 'card-type=employee stage=in-production').text).toContain('一个半月');
  });

  it('progress 校验失败: a card elsewhere in the province must be cancelled there', () => {
    expect(outcome('progress', 'card-type=employee stage=province-failed offsite-card-choice=new').text).toContain('不注销济南无法制卡');
  });

  it('progress 银行开户失败: update details at the bank with ID card', () => {
    expect(outcome('progress', 'card-type=employee stage=bank-failed').text).toContain('本人带身份证到银行更新信息');
  });

  it('resident card: the chosen district’s 医保办 phone (章丘 has two)', () => {
    expect(numbers(outcome('progress', 'card-type=resident district=zhangqiu'))).toEqual(['0531-83236980', '0531-83236981']);
    expect(numbers(outcome('progress', 'card-type=resident district=lixia'))).toEqual(['0531-86982946']);
  });

  it('foreigner: the 工行经八路支行 outlet with its phone', () => {
    const o = outcome('apply-card', 'who=foreigner');
    expect(o.text).toContain('工行经八路支行');
    expect(numbers(o)).toEqual(['0531-82061032']);
  });

  it('newborn: about two months, guardian ID and 户口本', () => {
    expect(outcome('apply-card', 'who=newborn').text).toContain('监护人身份证和户口本');
  });

  it('every outcome links FAQ entries that exist, with their questions', () => {
    for (const t of set.trees) {
      for (const n of t.nodes.values()) {
        if (n.kind !== 'outcome') continue;
        const o = resolveOutcome(t, n, set.tables);
        expect(o.faq.length, `${t.id}/${n.id}`).toBeGreaterThan(0);
        for (const f of o.faq) expect(f.question, `${t.id}/${n.id} → ${f.id}`).not.toBe('');
      }
    }
  });
});

describe('describe and Mermaid', () => {
  it('describes every node with its kind', () => {
    const d = describeTree(tree('progress'), set.tables);
    expect(d).toMatchObject({ id: 'progress', start: 'card-type' });
    expect(d.nodes.length).toBe(tree('progress').nodes.size);
    const shipped = d.nodes.find((n) => n.id === 'shipped');
    expect(shipped).toMatchObject({ kind: 'outcome' });
    // Without a path the bank is not known: the phone line says which question decides it.
    expect(JSON.stringify(shipped)).toContain('制卡银行是哪家？');
  });

  it('draws every edge with its choice label', () => {
    const m = treeMermaid(tree('lost-card'));
    expect(m.startsWith('flowchart TD\n')).toBe(true);
    expect(m).toContain('n_card -->|"济南社保卡（在济南办的实体社保卡）"| n_insured');
    const edges = m.split('\n').filter((l) => l.includes('-->'));
    expect(edges.length).toBe([...tree('lost-card').nodes.values()].reduce((s, n) => s + (n.kind === 'question' ? n.choices.length : 0), 0));
  });
});

describe('choosing by digits at a long menu', () => {
  it('picks at once a number no second digit can extend, and waits on one that could be', async () => {
    const { digitChoice } = await import('../src/commands/tree.js');
    expect(digitChoice('', '3', 9)).toEqual({ typed: '', pick: 3 });
    expect(digitChoice('', '1', 9)).toEqual({ typed: '', pick: 1 });
    expect(digitChoice('', '1', 12)).toEqual({ typed: '1', cursor: 1 });
    expect(digitChoice('1', '2', 12)).toEqual({ typed: '', pick: 12 });
    expect(digitChoice('1', '0', 10)).toEqual({ typed: '', pick: 10 });
    expect(digitChoice('', '2', 12)).toEqual({ typed: '', pick: 2 });
    // 1 then 5 of 12: 15 is no choice, so 5 counts alone.
    expect(digitChoice('1', '5', 12)).toEqual({ typed: '', pick: 5 });
    expect(digitChoice('', '0', 12)).toEqual({ typed: '' });
  });
});
