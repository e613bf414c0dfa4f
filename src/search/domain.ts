/**
 * What the knowledge base is about, for the confidence gate. 12345 operators also get calls about
 * neighbouring services (pensions, housing fund, medical-insurance payments and claims, licences): a
 * query that names one of those and nothing of the card is not ours, however many of its words also
 * appear in some answer. Written from the hotline's subject areas, not from queries.
 */

/**
 * Words that say the caller is asking about the card itself. Naming the card (卡, PIN, the hotline) is
 * enough on its own; the other words are business verbs that also go with other documents and accounts
 * (结婚证补办, 公积金账户注销, 银行卡密码), so they only anchor a query that names nothing else.
 */
export const CARD_ANCHORS = [
  '卡', 'pin', '68967600', 'sbk', 'shebaoka', '社银', '社保区', '金融区', '激活', '启用', '制卡', '领卡', '解挂', '消磁',
  '合作银行', '发卡',
];
export const CARD_VERBS = ['密码', '挂失', '补办', '注销', '照片', '开户', '网点'];

/** The same card words typed as pinyin without an input method (mima chongzhi, shebaoka guashi). */
export const CARD_ANCHORS_PINYIN = [
  'ka', 'ji huo', 'qi yong', 'zhi ka', 'ling ka', 'jie gua', 'xiao ci', 'fa ka', 'he zuo yin hang', 'she bao',
].map((s) => ` ${s} `);
export const CARD_VERBS_PINYIN = ['mi ma', 'gua shi', 'bu ban', 'zhu xiao', 'zhao pian', 'kai hu', 'wang dian'].map((s) => ` ${s} `);

/**
 * Cards that are not the social-security card: taken out before looking for 卡. 银行卡 stays when the
 * caller means the card's own bank side (银行卡功能, 银行卡账户).
 */
const OTHER_CARDS = /信用卡|公交卡|交通卡|加油卡|购物卡|会员卡|饭卡|电话卡|手机卡|储蓄卡|工资卡|银行卡(?!功能|账户|那)/g;
const OTHER_CARDS_PINYIN = / xin yong ka | gong jiao ka | jia you ka | yin hang ka /g;

/**
 * Other documents a caller may lose or replace (身份证丢了, 结婚证补办). 身份证 and 户口本 are also what
 * the card's own services ask for, so they count only as the thing that was lost or is being replaced.
 */
export const OTHER_DOCUMENTS = [
  '结婚证', '离婚证', '护照', '居住证', '通行证', '房产证', '不动产证', '出生证', '营业执照', '残疾人证', '毕业证', '驾驶证',
  '驾照', '行驶证', '身份证丢', '身份证掉', '身份证补', '补身份证', '身份证被偷', '身份证找不', '身份证过期', '户口本丢', '补户口本',
];

/** Neighbouring services the card knowledge base does not answer. */
export const OFF_TOPIC = [
  '养老金', '养老保险', '退休金', '退休手续', '办退休', '公积金', '驾驶证', '驾照', '行驶证', '违章', '报销', '失业',
  '生育', '工伤', '个税', '所得税', '低保', '缴费基数', '交多少钱', '缴多少钱', '交多少', '断缴', '补缴', '户口迁', '迁户口', '上户口',
  '护照', '慢特病', '慢性病', '定点医院', '就医备案', '异地就医', '转移接续', '医保缴费', '社保缴费', '交社保',
  '交费', '缴费', '交医保', '缴医保', '交钱', '居住证', '暂住证', '上学', '入学', '落户', '房产', '不动产', '结婚', '离婚', '出生证', '身份证办理', '身份证过期', '换身份证',
];

/** The same services typed as pinyin (yanglaojin, gongjijin tiqu). */
export const OFF_TOPIC_PINYIN = [
  'yang lao', 'tui xiu jin', 'gong ji jin', 'jia shi zheng', 'jia zhao', 'shi ye jin', 'shi ye bao xian', 'bao xiao',
  'sheng yu jin tie', 'sheng yu bao xian', 'gong shang bao xian', 'ge shui', 'hu kou', 'hu zhao', 'ju zhu zheng', 'di bao',
  'jie hun zheng', 'xin yong ka',
].map((s) => ` ${s} `);

function othersOf(text: string, syllables: string): boolean {
  return (
    OFF_TOPIC.some((w) => text.includes(w)) ||
    OTHER_DOCUMENTS.some((w) => text.includes(w)) ||
    text.search(OTHER_CARDS) >= 0 ||
    (syllables !== '' && (OFF_TOPIC_PINYIN.some((w) => syllables.includes(w)) || syllables.search(OTHER_CARDS_PINYIN) >= 0))
  );
}

/** `syllables`: Latin input read as pinyin (AnalyzedQuery.syllables). */
export function mentionsCard(text: string, syllables = ''): boolean {
  const t = text.replace(OTHER_CARDS, ' ');
  const y = syllables.replace(OTHER_CARDS_PINYIN, '  ');
  if (CARD_ANCHORS.some((w) => t.includes(w)) || (y.trim() !== '' && CARD_ANCHORS_PINYIN.some((w) => y.includes(w)))) return true;
  if (!CARD_VERBS.some((w) => t.includes(w)) && !(y.trim() !== '' && CARD_VERBS_PINYIN.some((w) => y.includes(w)))) return false;
  return !othersOf(text, syllables);
}

export function offTopic(text: string, syllables = ''): boolean {
  return !mentionsCard(text, syllables) && othersOf(text, syllables);
}
