/**
 * Callers' situations drawn from the source, walked through the trees as an operator answers the
 * questions: each reaches an outcome that says what the cited source lines say, keeps their
 * conditions, and makes no claim they do not make (issue 11). The full held-out list is kept outside
 * the project; these are the hard cases and the ones a path once missed or got wrong.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { loadTrees } from '../src/trees/load.js';
import { resolveOutcome, walk } from '../src/trees/engine.js';

const kb = loadKnowledgeBase();
const set = loadTrees(kb);

/** What the operator reads out after answering `given` in tree `id`: outcome id, title + steps, phone numbers. */
function reach(id: string, given: string) {
  const t = set.trees.find((x) => x.id === id)!;
  const { position, unused } = walk(t, new Map(given.split(' ').map((a) => a.split('=') as [string, string])));
  expect(unused).toEqual([]);
  if (position.kind !== 'outcome') throw new Error(`${id} ${given}: stopped at a question`);
  const o = resolveOutcome(t, position.node, set.tables, position.path);
  return { id: position.node.id, said: [o.title, ...o.steps.map((s) => s.text)].join('\n'), numbers: o.phones.flatMap((p) => p.numbers), faq: o.faq.map((f) => f.id) };
}

describe('a card from elsewhere in the province', () => {
  it('a caller whose card was issued in 淄博 and never enabled in Jinan reaches 启用异地社保卡 with 在济中断缴费人员不能操作', () => {
    const o = reach('card-unusable', 'where=in-jinan jinan-symptom=not-enabled card-origin=other-city');
    expect(o.id).toBe('offsite-not-enabled');
    expect(o.said).toContain('启用异地社保卡');
    expect(o.said).toContain('在济中断缴费人员不能操作');
    expect(o.said).toContain('启用异地社保卡时，可以到就近的定点药店修改社保卡密码，初始密码“000000”。（注：需为在职状态）');
    // Not the local 社保区 activation path of a Jinan card.
    expect(o.said).not.toContain('社保卡专区-社保卡启用');
  });

  it('an enabled 淄博 card showing no information or no balance is the wrong slot, and the password change keeps 启用时 and 在职', () => {
    const o = reach('card-unusable', 'where=in-jinan jinan-symptom=offsite-card offsite-enabled-symptom=no-balance');
    expect(o.id).toBe('wrong-slot');
    expect(o.said).toContain('插错卡槽');
    expect(o.said).toContain('启用异地社保卡时');
    expect(o.said).toContain('（注：需为在职状态）');
    expect(o.said).not.toContain('启用后，可以到就近');
  });

  it('an enabled offsite card that stops working or is lost: first 省卡管平台 查询发卡机构, then cancel there or reissue at the Jinan bank', () => {
    for (const [tree, prefix] of [['card-unusable', 'where=in-jinan jinan-symptom=offsite-card offsite-enabled-symptom=other'], ['lost-card', 'card=offsite-enabled']]) {
      const t = set.trees.find((x) => x.id === tree)!;
      const asked = walk(t, new Map(prefix.split(' ').map((a) => a.split('=') as [string, string]))).position;
      expect(asked.kind === 'question' && `${asked.node.prompt} ${asked.node.hint}`).toContain('省卡管平台');
      const other = reach(tree, `${prefix} issuer=other-city`);
      expect(other.said).toContain('通过当地进行注销，再在济南申领社保卡');
      expect(other.said).not.toContain('即时补办');
      expect(reach(tree, `${prefix} issuer=jinan`).said).toContain('持身份证去发卡银行即时补办');
    }
  });

  it('progress 校验失败 with a card kept: the same two conditions as the 启用 entry', () => {
    const o = reach('progress', 'card-type=employee stage=province-failed offsite-card-choice=keep');
    expect(o.said).toContain('在济中断缴费人员不能操作');
    expect(o.said).toContain('（注：需为在职状态）');
  });

  it('a card from another province need not be cancelled before applying in Jinan, and nothing is said about enabling it', () => {
    const o = reach('apply-card', 'who=out-of-province');
    expect(o.id).toBe('out-of-province');
    expect(o.said).toContain('无需注销省外社保卡');
    expect(o.said).not.toContain('启用');
  });
});

describe('a lost card', () => {
  it('a caller whose phone report found no card hears the source\'s reasons (放号, never issued, 已注销, not a Jinan contributor) and never that they can just go to the bank', () => {
    for (const given of ['card=hotline-failed', 'card=jinan insured=jinan location=in-jinan holder=adult when=weekday']) {
      const o = reach('lost-card', given);
      expect(o.said).toContain('未启用、放号状态或来电人未办理过社保卡');
      expect(o.said).toContain('已经注销的，无法办理临时挂失');
      expect(o.said).toContain('参保人不是济南市缴费职工');
      expect(o.said).not.toContain('可直接去银行补办');
    }
    const direct = reach('lost-card', 'card=hotline-failed');
    expect(direct.id).toBe('hotline-no-record');
    expect(direct.said).not.toContain('补办');
    expect(direct.numbers).toEqual(['0531-68967600']);
  });

  it('a caller no longer insured in Jinan cancels the Jinan card and applies where insured now; no reissue is offered', () => {
    const o = reach('lost-card', 'card=jinan insured=elsewhere');
    expect(o.said).toContain('注销济南社保卡，在新参保地申请制作参保当地社保卡');
    expect(o.said).not.toContain('补办');
    expect(o.numbers).toEqual([]);
  });

  it('at the weekend every bank has outlets open; on a holiday only the 政务服务中心 closing is known', () => {
    expect(reach('lost-card', 'card=jinan insured=jinan location=in-jinan holder=adult when=weekend').said).toContain('每个发卡银行都设置了周末可以办理的网点');
    const holiday = reach('lost-card', 'card=jinan insured=jinan location=in-jinan holder=adult when=holiday');
    expect(holiday.said).toContain('周末及节假日无法办理社保卡挂失补办业务');
    expect(holiday.said).not.toContain('每个发卡银行都设置了周末');
  });

  it('a caller who lost the ID card too is told the bank decides the documents, not that 户口本 or a driving licence will do', () => {
    const o = reach('lost-card', 'card=jinan insured=jinan location=in-jinan holder=no-id');
    expect(o.id).toBe('reissue-without-id');
    expect(o.said).toContain('所需材料按对应银行要求提供');
    expect(o.said).not.toMatch(/驾驶证|户口本/);
    expect(o.numbers).toContain('0531-68967600');
  });

  it('a caller who reported the loss and found the card is told about 解挂, not sent to reissue', () => {
    const o = reach('lost-card', 'card=found-own');
    expect(o.id).toBe('loss-release');
    expect(o.said).toContain('7日后系统会自动解挂');
    expect(o.said).toContain('携带身份证和社会保障卡到柜台办理解挂手续');
    expect(o.said).not.toContain('补办');
  });

  it('nobody can reissue for someone else, on any day', () => {
    for (const when of ['weekday', 'weekend', 'holiday']) {
      expect(reach('lost-card', `card=jinan insured=jinan location=in-jinan holder=adult when=${when}`).said).toContain('无法代办');
    }
  });
});

describe('a card that does not work', () => {
  it('a card the reader cannot read: 消磁、损坏, no prompt; no remedy the source does not give', () => {
    const o = reach('card-unusable', 'where=in-jinan jinan-symptom=unreadable');
    expect(o.said).toContain('读卡器如果无法读取，就包含消磁、损坏等情况');
    expect(o.said).not.toMatch(/补办|重新制卡|换卡/);
  });

  it('a 职工 whose employer pays but whose balance shows 0 is told to check the card first, not that they became a resident', () => {
    const o = reach('card-unusable', 'where=in-jinan jinan-symptom=to-resident still-employee=employee');
    expect(o.id).toBe('balance-zero');
    expect(o.said).toContain('首先要查询其名下社保卡信息，社保卡未启用或无社保卡的，余额会显示为0');
    expect(o.said).not.toContain('职工转居民');
    expect(o.numbers).toEqual(['0531-68967600']);
  });

  it('a caller who only asks how to enable a new card reaches the 启用 steps without claiming a failed swipe; 金融区 needs the person at the bank', () => {
    const o = reach('card-unusable', 'where=enable card-origin=jinan');
    expect(o.id).toBe('not-enabled');
    expect(o.said).toContain('现场自助机均可办理社保卡社保区激活');
    expect(o.said).toContain('参保人持身份证和社保卡至发卡银行任一网点办理即可');
    expect(o.said).toContain('没有限制时间');
    expect(reach('card-unusable', 'where=enable card-origin=other-city').said).toContain('在济中断缴费人员不能操作');
  });

  it('a caller asking what 启用 means hears the two zones and that the first pharmacy swipe with a password change enables the card', () => {
    const o = reach('card-unusable', 'where=enable card-origin=jinan');
    expect(o.said).toContain('社保卡分为两个区域社保区（芯片）和金融区（银行账号）');
    expect(o.said).toContain('首次去药店刷卡消费，修改密码时即同步启用了社保卡');
  });
});

describe('progress, passwords, cancelling', () => {
  it('银行开户失败 keeps the 10个工作日 of line 88', () => {
    expect(reach('progress', 'card-type=employee stage=bank-failed').said).toContain('银行联网开户10个工作日');
  });

  it('a caller asking what 放号 means is told it is shown once the card information has been submitted', () => {
    expect(reach('progress', 'card-type=self').said).toContain('参保人申请制卡提交采集制卡信息后，制卡进度查询会显示为放号');
  });

  it('a password or a locked PIN can be reset by a proxy with both ID cards and the card', () => {
    for (const kind of ['local-password', 'pin']) {
      expect(reach('card-unusable', `where=locked lock-kind=${kind}`).said).toContain('代办人持两方身份证件、社保卡代办手续');
    }
  });

  it('moving from 市医保 to 省医保: ask 省直社保; the 省卡→市卡 answer and its phones are not given', () => {
    const o = reach('cancel-card', 'what=to-province');
    expect(o.id).toBe('to-province');
    expect(o.said).toContain('关于社保卡的问题建议咨询省直社保');
    expect(o.numbers).toEqual([]);
    expect(reach('cancel-card', 'what=provincial').said).not.toContain('省直缴纳社保后');
  });
});
