/**
 * What the knowledge base is about, for the confidence gate. 12345 operators also get calls about
 * neighbouring services (pensions, housing fund, medical-insurance payments and claims, licences): a
 * query that names one of those and nothing of the card is not ours, however many of its words also
 * appear in some answer. Written from the hotline's subject areas, not from queries.
 */

/** Words that say the caller is asking about the card itself. */
export const CARD_ANCHORS = [
  '卡', '密码', 'pin', '挂失', '补办', '激活', '启用', '注销', '制卡', '领卡', '照片', '解挂', '消磁', '开户', '网点',
  '合作银行', '发卡', '社银', '68967600', 'sbk', 'shebaoka',
];

/** The same card words typed as pinyin without an input method (mima chongzhi, shebaoka guashi). */
export const CARD_ANCHORS_PINYIN = [
  'ka', 'mi ma', 'gua shi', 'bu ban', 'ji huo', 'qi yong', 'zhu xiao', 'zhi ka', 'ling ka', 'zhao pian', 'jie gua',
  'xiao ci', 'kai hu', 'wang dian', 'fa ka', 'he zuo yin hang', 'she bao',
].map((s) => ` ${s} `);

/** Neighbouring services the card knowledge base does not answer. */
export const OFF_TOPIC = [
  '养老金', '养老保险', '退休金', '退休手续', '办退休', '公积金', '驾驶证', '驾照', '行驶证', '违章', '报销', '失业',
  '生育', '工伤', '个税', '所得税', '低保', '缴费基数', '交多少钱', '缴多少钱', '交多少', '断缴', '补缴', '户口',
  '护照', '慢特病', '慢性病', '定点医院', '就医备案', '异地就医', '转移接续', '医保缴费', '社保缴费', '交社保',
  '交费', '缴费', '交医保', '缴医保', '交钱', '居住证', '暂住证', '上学', '入学', '落户', '房产', '不动产', '结婚', '离婚', '出生证', '身份证办理', '身份证过期', '换身份证',
];

/** `syllables`: Latin input read as pinyin (AnalyzedQuery.syllables). */
export function mentionsCard(text: string, syllables = ''): boolean {
  return CARD_ANCHORS.some((w) => text.includes(w)) || (syllables !== '' && CARD_ANCHORS_PINYIN.some((w) => syllables.includes(w)));
}

export function offTopic(text: string, syllables = ''): boolean {
  return !mentionsCard(text, syllables) && OFF_TOPIC.some((w) => text.includes(w));
}
