/**
 * Callers' situations drawn line by line from faq-source.txt, ten or more per tree, walked with the
 * answers an operator would give. For each: the outcome reached is the one the source answers it with;
 * the phrases the caller must hear are there and are the source's own words (each is looked up in the
 * source, so a phrase reworded in trees.yaml fails); every cited step keeps to its lines; every phone
 * number shown is one the source gives; and what the source does not say for that case is not said.
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { loadTrees } from '../src/trees/load.js';
import { resolveOutcome, walk } from '../src/trees/engine.js';
import { MIN_COVERAGE, readSource, stepCoverage } from '../src/trees/cite.js';

const kb = loadKnowledgeBase();
const set = loadTrees(kb);
const source = readSource(ROOT);
const sourceText = (source ?? []).join('\n');
/** Source digits with separators dropped, to find a number however it is written there (0531-8790 5907, 053187905907). */
const sourceDigits = sourceText.replace(/[-－—\s]/g, '');

interface Situation {
  /** The caller, as the source puts the case (line numbers). */
  who: string;
  answers: string;
  outcome: string;
  hear: string[];
  never?: RegExp;
  numbers?: string[];
}

const situations: Record<string, Situation[]> = {
  'lost-card': [
    { who: '丢了济南卡，在济南，工作日去补（242–243）', answers: 'card=jinan insured=jinan location=in-jinan holder=adult when=weekday', outcome: 'reissue', hear: ['按1可进行社保账户临时挂失', '到即时补卡银行网点办理正式挂失手续', '所以无法代办'], numbers: ['0531-68967600'] },
    { who: '周末去补卡（245）', answers: 'card=jinan insured=jinan location=in-jinan holder=adult when=weekend', outcome: 'reissue-weekend', hear: ['每个发卡银行都设置了周末可以办理的网点', '周末及节假日无法办理社保卡挂失补办业务'] },
    { who: '国庆放假去补卡（257：只知政务服务中心不办）', answers: 'card=jinan insured=jinan location=in-jinan holder=adult when=holiday', outcome: 'reissue-holiday', hear: ['周末及节假日无法办理社保卡挂失补办业务'], never: /每个发卡银行都设置了周末/ },
    { who: '身份证和社保卡一起丢了，问户口本、驾驶证行不行（254–255）', answers: 'card=jinan insured=jinan location=in-jinan holder=no-id', outcome: 'reissue-without-id', hear: ['所需材料按对应银行要求提供'], never: /驾驶证|户口本/ },
    { who: '孩子没有身份证，卡丢了，监护人不是户主（251）', answers: 'card=jinan insured=jinan location=in-jinan holder=child', outcome: 'child-reissue', hear: ['需要携带户口本、监护人身份证', '如监护人非户口本的户主，需要提供出生证明'] },
    { who: '三代卡在外地出差时丢了，想寄过去（275、285；源文件没有邮寄补卡）', answers: 'card=jinan insured=jinan location=away', outcome: 'holder-away', hear: ['还无法跨地市补办', '可以联系发卡银行客服电话咨询补办手续'], never: /邮寄|寄送|快递/, numbers: ['95588', '95533'] },
    { who: '济南已停保、在青岛参保，济南卡丢了（283）', answers: 'card=jinan insured=elsewhere', outcome: 'insured-elsewhere', hear: ['注销济南社保卡，在新参保地申请制作参保当地社保卡'], never: /补办|补卡/ },
    { who: '启用过的淄博卡丢了，发卡机构是淄博（287）', answers: 'card=offsite-enabled issuer=other-city', outcome: 'offsite-issuer-other-city', hear: ['需通过当地进行注销，再在济南申领社保卡'], never: /即时补办/ },
    { who: '启用过的异地卡丢了，省卡管平台显示发卡机构为济南（287）', answers: 'card=offsite-enabled issuer=jinan', outcome: 'offsite-issuer-jinan', hear: ['可让来电人持身份证去发卡银行即时补办'] },
    { who: '没有社保卡，中行老医保卡丢了（259）', answers: 'card=old-medical new-card=not-applied', outcome: 'old-medical-apply', hear: ['丢失，无需补办', '卡内医保帐户余额自动到新社保卡中'] },
    { who: '老医保卡丢了，新社保卡还没领到，急着看病（277–278）', answers: 'card=old-medical new-card=pending', outcome: 'old-medical-pending', hear: ['请参保人耐心等候新卡。如急需用卡，可申请即时制卡。', '如果参保人急需就医，需咨询医保部门如何处理'] },
    { who: '挂失后卡又找到了（249）', answers: 'card=found-own', outcome: 'loss-release', hear: ['7日后系统会自动解挂', '携带身份证和社会保障卡到柜台办理解挂手续'], never: /补办/ },
    { who: '路上捡到别人的社保卡（190）', answers: 'card=found', outcome: 'found-card', hear: ['交到就近的社区保障中心或社保经办机构'] },
    { who: '卡丢了没补，问电子社保卡还能不能用、能不能注销（962、965）', answers: 'card=ecard', outcome: 'ecard', hear: ['不会影响电子社保卡的正常使用', '电子社保卡没有注销，只有解绑'] },
    { who: '打68967600挂失提示身份证错误（271–274）', answers: 'card=hotline-failed', outcome: 'hotline-no-record', hear: ['身份证号下没有办理过社保卡', '已经注销的，无法办理临时挂失'], never: /补办/, numbers: ['0531-68967600'] },
  ],
  'card-unusable': [
    { who: '新卡在济南药店刷卡没信息（926、150）', answers: 'where=in-jinan jinan-symptom=not-enabled card-origin=jinan', outcome: 'not-enabled', hear: ['需将社保卡启用后再使用', '首次去药店刷卡消费，修改密码时即同步启用了社保卡'] },
    { who: '办了异地备案、人在外地，问卡在哪激活（168–169）', answers: 'where=enable card-origin=registered-offsite', outcome: 'enable-registered-offsite', hear: ['由于不是实时的', '银行金融账户功能需要本人到发卡银行的全国任一网点激活'], never: /街镇人社服务中心|定点零售药店/ },
    { who: '在济南医院刷卡提示异地人员（927）', answers: 'where=in-jinan jinan-symptom=offsite-registered', outcome: 'offsite-registered', hear: ['属于医保部门答复'] },
    { who: '读卡器读不出卡（351）', answers: 'where=in-jinan jinan-symptom=unreadable', outcome: 'unreadable', hear: ['社保卡消磁无法读取信息，无提示'], never: /补办|换卡|重新制卡/ },
    { who: '离职后参加居民医保，职工账户用不了（306）', answers: 'where=in-jinan jinan-symptom=to-resident still-employee=resident', outcome: 'employee-to-resident', hear: ['原职工账户余额会被冻结，无法使用，需咨询医保部门如何处理'] },
    { who: '药店提示“医保中心不存在和医保卡对应的参保职工”（853）', answers: 'where=in-jinan jinan-symptom=no-record', outcome: 'no-insured-record', hear: ['请药店工作人员拨打地纬技术支持电话'], numbers: ['4001781234'] },
    { who: '原莱芜工行卡余额正常但交易失败（935）', answers: 'where=in-jinan jinan-symptom=laiwu-icbc', outcome: 'laiwu-icbc', hear: ['去工行任一网点进行信息维护即可得到解决'] },
    { who: '省直卡启用为济南卡，药店不能消费个人账户（1005）', answers: 'where=in-jinan jinan-symptom=provincial', outcome: 'provincial-card', hear: ['或注销社保卡重新办理济南的社保卡继续使用'], numbers: ['0531-66961234', '0531-66761234'] },
    { who: '三代卡在济南用不了（1003）', answers: 'where=in-jinan jinan-symptom=gen3', outcome: 'gen3-unusable', hear: ['请咨询市医保部门'] },
    { who: '卡状态正常就是刷不了（327）', answers: 'where=in-jinan jinan-symptom=normal', outcome: 'card-normal', hear: ['通过地纬工程师排查'], numbers: ['0531-66961234'] },
    { who: '第一次在泰安药店用济南卡，密码不对（339、344）', answers: 'where=offsite offsite-symptom=pin', outcome: 'offsite-pin', hear: ['PIN码的默认值是“123456”', '但不能直接使用本地卡交易密码'] },
    { who: '在省内异地提示密钥被锁死（213）', answers: 'where=offsite offsite-symptom=key-locked', outcome: 'key-locked', hear: ['社保卡必须重新换发才能在省内异地使用，但不影响济南本地使用'] },
    { who: '拿中行老医保卡去外地用不了（262、981）', answers: 'where=offsite offsite-symptom=old-medical', outcome: 'old-medical-offsite', hear: ['请及时更换为新的社保卡'] },
    { who: '社保卡密码锁了，家里人能不能替他去（195、340）', answers: 'where=locked lock-kind=local-password', outcome: 'password-locked', hear: ['先将社保卡密码重置，再进行社保卡密码修改', '可由代办人持两方身份证件、社保卡代办手续'] },
    { who: 'PIN码连续输错6次（207）', answers: 'where=locked lock-kind=pin', outcome: 'pin-locked', hear: ['并非只有济南可以修改'] },
    { who: '淄博的卡在济南被锁（209）', answers: 'where=locked lock-kind=offsite-card-in-jinan', outcome: 'offsite-card-locked', hear: ['社保中心自助终端将PIN码', '如金融区密码问题，需咨询发卡银行'] },
    { who: '长城社保联民卡密码要改（204）', answers: 'where=locked lock-kind=magcard', outcome: 'magcard-password', hear: ['可由社保卡专席联系社保后台集中办理'] },
    { who: '银行卡（金融区）密码忘了（209、349）', answers: 'where=locked lock-kind=bank', outcome: 'financial-password', hear: ['如金融区密码问题，需咨询发卡银行', '按3可查询社保卡制卡银行'], numbers: ['0531-68967600'] },
  ],
  progress: [
    { who: '12345 系统显示“无照片”（72）', answers: 'card-type=employee stage=no-photo', outcome: 'no-photo', hear: ['需单位通过单位网上服务系统为参保人采集照片'] },
    { who: '社保卡信息采集显示“操作未完成”（73）', answers: 'card-type=employee stage=not-applied', outcome: 'not-applied', hear: ['需单位通过单位网上服务系统申领社保卡'] },
    { who: '显示“个人即时采集”（81）', answers: 'card-type=employee stage=individual', outcome: 'individual-instant', hear: ['需本人持身份证去所选银行下的即时制卡网点办理社保卡'] },
    { who: '校验失败，手里的淄博卡想继续用（74）', answers: 'card-type=employee stage=province-failed offsite-card-choice=keep', outcome: 'enable-offsite-card', hear: ['可通过网上启用'] },
    { who: '校验失败，想办济南新卡（74、87）', answers: 'card-type=employee stage=province-failed offsite-card-choice=new', outcome: 'cancel-offsite-card', hear: ['不注销济南无法制卡'] },
    { who: '显示“银行开户失败”（37、75）', answers: 'card-type=employee stage=bank-failed', outcome: 'bank-account-failed', hear: ['如本人更新信息去的是济南市即时制卡银行网点，可直接即时制卡'] },
    { who: '前四步都成功了，问多久好（89）', answers: 'card-type=employee stage=in-production', outcome: 'in-production', hear: ['约一个半月左右社保卡制作完毕'] },
    { who: '工行卡省中心刚寄出（79、91）', answers: 'card-type=employee stage=shipped shipped-bank=icbc shipped-wait=within', outcome: 'shipped', hear: ['显示成功后最迟一周，卡会发到银行', '社保卡制卡批次号及发卡银行的查卡电话'], numbers: ['0531-82062765'] },
    { who: '建行卡寄出超过15个工作日还没收到（92–93）', answers: 'card-type=employee stage=shipped shipped-bank=ccb shipped-wait=over', outcome: 'shipped-overdue', hear: ['已经超过15个工作日'], numbers: ['0531-68967176', '0531-87905907'] },
    { who: '中行卡已发到银行（80）', answers: 'card-type=employee stage=at-bank at-bank-bank=boc', outcome: 'at-bank', hear: ['银行在7个工作日整理完成后，会与单位联系'], numbers: ['0531-68967227', '0531-82865997'] },
    { who: '章丘的居民卡查不到进度（142、148）', answers: 'card-type=resident district=zhangqiu', outcome: 'resident', hear: ['可采取三方连线的方式或直接形成转办件转区医保办'], numbers: ['0531-83236980'] },
    { who: '钢城的居民卡查不到进度（电话表没有钢城）', answers: 'card-type=resident district=other', outcome: 'resident-no-phone', hear: ['直接形成转办件转区医保办'], never: /三方连线/ },
    { who: '来电人想自己查进度、问“放号”（59、63–69）', answers: 'card-type=self', outcome: 'self-query', hear: ['社保卡制卡进度查询', '制卡进度查询会显示为放号'] },
    { who: '新入职，单位申领的卡迟迟下不来（95–103）', answers: 'card-type=delayed', outcome: 'delay-causes', hear: ['通过管理单位申领社保卡后减员'] },
  ],
  'apply-card': [
    { who: '在职职工由单位办（2、113）', answers: 'who=employee', outcome: 'employee', hear: ['30个工作日左右出卡'] },
    { who: '灵活就业人员自己急着办（42、3）', answers: 'who=individual', outcome: 'instant', hear: ['无论参加哪个险种，哪种人员类别', '齐鲁银行暂不支持制发三代卡'] },
    { who: '新生儿（44）', answers: 'who=newborn', outcome: 'newborn', hear: ['监护人可携带监护人身份证和户口本到保障中心领卡'] },
    { who: '8岁孩子在银行提示获取不到照片（107）', answers: 'who=child-photo', outcome: 'child-photo', hear: ['7岁（含）以上的儿童制发社保卡时需提供照片，否则无法制卡'] },
    { who: '小学统一参保的居民卡（105）', answers: 'who=resident resident-where=school', outcome: 'resident-school', hear: ['由参保机构到所在区医保办领取后'] },
    { who: '街镇参保的居民卡，家人代领（109）', answers: 'who=resident resident-where=labor-center', outcome: 'resident-labor-center', hear: ['如果代领需要代领人持身份证'] },
    { who: '外籍员工（23）', answers: 'who=foreigner', outcome: 'foreigner', hear: ['建议去工行经八路支行即时办理社保卡'], numbers: ['0531-82061032'] },
    { who: '离休干部（17）', answers: 'who=retired-cadre', outcome: 'retired-cadre', hear: ['离休人员不办社保卡'] },
    { who: '有潍坊的卡，来济南参保（329–330）', answers: 'who=offsite-holder', outcome: 'offsite-holder', hear: ['不用再跑腿销卡', '在济中断缴费人员不能操作启用异地社保卡'] },
    { who: '收到短信说中行医保卡要换（981–982）', answers: 'who=old-medical', outcome: 'old-medical-replace', hear: ['情况属实'] },
    { who: '单位想换制卡银行（35）', answers: 'who=employer-issue employer-issue=change-bank', outcome: 'employer-change-bank', hear: ['一经选择，原则上不再改变', '单位写书面申请，到就近社保经办机构申请变更'] },
    { who: '单位选了建行，要改邮寄地址（57）', answers: 'who=employer-issue employer-issue=ccb-mailing', outcome: 'employer-ccb-mailing', hear: ['可拨打建行邮寄电话'], numbers: ['0531-68967108'] },
    { who: '银行通知单位领卡（115）', answers: 'who=employer-issue employer-issue=collect', outcome: 'employer-collect', hear: ['携带本人居民身份证、单位介绍信', '并在10日内发放给参保人'] },
    { who: '员工卡没领就换了单位（33）', answers: 'who=employer-issue employer-issue=left-before-collect', outcome: 'employer-left-before-collect', hear: ['原则上由原单位经办人领取'] },
    { who: '单位网上申领查不到员工身份证号（847–849）', answers: 'who=employer-issue employer-issue=id-not-found', outcome: 'employer-id-not-found', hear: ['确认参保人是否已经申领社保卡', '无卡注销后重新申领'] },
    { who: '单位导入表格显示“无法正常使用表格”（851）', answers: 'who=employer-issue employer-issue=import-error', outcome: 'employer-import-error', hear: ['如单位解决不了可拨打地纬技术支持电话'], numbers: ['4001781234'] },
    { who: '员工换卡后卡号变了（304）', answers: 'who=employer-issue employer-issue=card-number', outcome: 'employer-card-number', hear: ['单位缴纳社保以身份证号码信息为主'] },
  ],
  'cancel-card': [
    { who: '怎么注销社保卡（216–220）', answers: 'what=cancel', outcome: 'cancel-how', hear: ['全市、区（县）、街道社保中心大厅社保卡服务窗口或自助终端'] },
    { who: '官网注销提示“查找不到社保卡”（234）', answers: 'what=not-found', outcome: 'cancel-not-found', hear: ['社保卡未激活'] },
    { who: '输验证码后网页卡顿（238）', answers: 'what=website-error', outcome: 'cancel-website-error', hear: ['可换台电脑再试'] },
    { who: '注销成功没有怎么查（232）', answers: 'what=check', outcome: 'cancel-check', hear: ['“社保卡状态查询”功能查询社保卡状态'] },
    { who: '在青岛工作，问金融功能怎么注销（240）', answers: 'what=financial', outcome: 'cancel-financial', hear: ['需联系发卡银行咨询办理流程'] },
    { who: '注销后卡内余额（222）', answers: 'what=balance', outcome: 'cancel-balance', hear: ['需咨询医保部门'] },
    { who: '卡会不会自动注销、被冻结（224、353）', answers: 'what=auto', outcome: 'auto-cancel', hear: ['任何原因都不会导致社保卡自动注销', '不存在冻结状态'] },
    { who: '领卡后改了名字（290–291）', answers: 'what=change-id', outcome: 'change-id', hear: ['要先将现社保卡注销'] },
    { who: '离职后省直卡改济南卡（230）', answers: 'what=provincial', outcome: 'provincial-to-jinan', hear: ['可以启用异地社保卡，也可以把省社保卡注销在济南重新办理'] },
    { who: '即时制卡申请后想换银行（48、51–54）', answers: 'what=instant-application', outcome: 'undo-instant-application', hear: ['旁边就有撤销即时制卡申请的功能'] },
    { who: '单位想撤销已提交的申领（325）', answers: 'what=employer-application', outcome: 'undo-employer-application', hear: ['若银行已开户，则无法撤销申领社保卡'] },
    { who: '市医保转省医保（228）', answers: 'what=to-province', outcome: 'to-province', hear: ['关于社保卡的问题建议咨询省直社保'], never: /注销/ },
    { who: '孩子上学期间有多张社保卡（310）', answers: 'what=multiple-cards', outcome: 'multiple-cards', hear: ['只可能有一张是正常卡', '其他无效的社保卡可自行到发卡银行进行金融账户注销后，将无效卡作废'] },
  ],
  'change-card': [
    { who: '社保卡上的照片错了（299–300）', answers: 'what=photo', outcome: 'change-photo', hear: ['使用U盘拷贝符合制卡规定的电子照片', '将现错误社保卡注销，而后重新上传照片并提交制卡申请'] },
    { who: '换了手机号，要改办卡时预留的电话（293–295）', answers: 'what=phone', outcome: 'change-phone', hear: ['社保卡联系电话修改'] },
    { who: '领卡后改了身份证号码（290–291）', answers: 'what=id-name', outcome: 'change-id', hear: ['到社保、医保经办机构分别变更身份证号码、姓名', '要先将现社保卡注销'] },
    { who: '2009年办的济南卡，卡面10年有效期到了（183、187）', answers: 'what=expiry expiry-issuer=jinan', outcome: 'expiry-jinan', hear: ['但卡如果没有损坏则不影响正常使用', '原济南的社保卡有效期到期后仍可继续使用'], never: /金融区不可用/ },
    { who: '原莱芜工行卡到期了（187、138）', answers: 'what=expiry expiry-issuer=laiwu laiwu-bank=icbc', outcome: 'expiry-laiwu', hear: ['因到期后金融区不可用，所以需要换新卡', '新卡激活后，老卡自动注销'], numbers: ['0531-76218506'] },
    { who: '原莱芜农商银行卡到期了（139）', answers: 'what=expiry expiry-issuer=laiwu laiwu-bank=rcb', outcome: 'expiry-laiwu', hear: ['拨打银行查卡电话咨询查卡领卡'], numbers: ['0531-76292865'] },
    { who: '二代卡还能用，要不要换三代卡（994–996）', answers: 'what=gen3', outcome: 'gen2-keep', hear: ['正常使用中的第二代社保卡仍可正常使用，无需更换', '医保账户余额将自动结转至第三代社保卡'] },
    { who: '收到短信说卡信息不完善、去银行重新制卡（355）', answers: 'what=sms', outcome: 'sms-remake', hear: ['短信内容属实', '本人持身份证去即时制卡银行网点重新制卡'] },
    { who: '离职后转居民医保，卡要不要换；调到事业单位（314、316）', answers: 'what=insured-change', outcome: 'insured-change', hear: ['转居民参保后不需换卡', '如持有医保卡请尽快换发社保卡'] },
    { who: '补卡后卡号变了，要不要告诉单位（304）', answers: 'what=card-number', outcome: 'card-number-changed', hear: ['社保卡号变更无影响'] },
  ],
};

function reach(treeId: string, answers: string) {
  const t = set.trees.find((x) => x.id === treeId)!;
  const { position, unused } = walk(t, new Map(answers.split(' ').map((a) => a.split('=') as [string, string])));
  expect(unused).toEqual([]);
  if (position.kind !== 'outcome') throw new Error(`${treeId} ${answers}: stopped at ${position.node.id}`);
  return resolveOutcome(t, position.node, set.tables, position.path);
}

describe.skipIf(!source)('situations from the source, walked through each tree', () => {
  it('every tree has ten or more situations here', () => {
    expect(Object.keys(situations).sort()).toEqual(set.trees.map((t) => t.id).sort());
    for (const list of Object.values(situations)) expect(list.length).toBeGreaterThanOrEqual(10);
  });

  for (const [treeId, list] of Object.entries(situations)) {
    describe(treeId, () => {
      for (const s of list) {
        it(s.who, () => {
          const o = reach(treeId, s.answers);
          expect(o.id).toBe(s.outcome);
          const said = [o.title, ...o.steps.map((x) => x.text)].join('\n');
          for (const phrase of s.hear) {
            expect(sourceText, `not the source's words: ${phrase}`).toContain(phrase);
            expect(said).toContain(phrase);
          }
          if (s.never) expect(said).not.toMatch(s.never);
          for (const step of o.steps) {
            if (step.kind === 'hint' || !step.source?.length) continue;
            expect(stepCoverage(step.text, step.source.map((l) => source![l - 1]!)).coverage, step.text).toBeGreaterThanOrEqual(MIN_COVERAGE);
          }
          const shown = o.phones.flatMap((p) => p.numbers);
          for (const n of shown) expect(sourceDigits, `phone not in the source: ${n}`).toContain(n.replace(/^0531-/, '').replace(/-/g, ''));
          for (const n of s.numbers ?? []) expect(shown).toContain(n);
        });
      }
    });
  }
});
