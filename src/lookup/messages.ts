/** Every message the lookups show on stderr, kept together so they can be reviewed in one place. */
export const msg = {
  unknownBank: (input: string, hint: string | undefined, choices: string) =>
    `没有名为“${input}”的合作银行${hint ? `，是否想找“${hint}”？` : '。'}可选：${choices}`,
  unknownDistrict: (input: string, hint: string | undefined, choices: string) =>
    `不认识区县“${input}”${hint ? `，是否想找“${hint}”？` : '。'}可选：${choices}`,
  noOutletsInDistrict: (district: string, scope: string, choices: string) =>
    `${district}${scope}没有“社银合作”网点。有网点的区县：${choices}`,
  noOutletsForKeyword: (keyword: string, scope: string) =>
    `没有名称或地址含“${keyword}”的“社银合作”网点${scope}：换个关键词（如 经八路、政务中心、钢都大街），或去掉 --bank/--district 再试`,
  approximateOutlets: (keyword: string) => `没有完全符合“${keyword}”的网点，以下是相近的结果。`,
  outletsWithoutDistrict: (nos: number[]) =>
    `第 ${nos.join('、')} 号网点的地址未写区县，不在按区县查找的结果中。`,
  noOffice: (keyword: string, choices: string) => `没有与“${keyword}”有关的经办机构。可按区县查：${choices}`,
  noYibao: (input: string, choices: string) => `没有“${input}”医保办的电话。有电话的区：${choices}`,
  phoneTooShort: (input: string) => `号码“${input}”太短：请至少输入号码的后 4 位，例如 sbk phones 7600`,
  noPhoneNumber: (input: string) =>
    `知识库中没有号码“${input}”（可输入完整号码、不带 0531 的 8 位号码或后 4 位以上）。按单位查号码：sbk phones 建行`,
  noPhoneKeyword: (input: string) =>
    `没有与“${input}”有关的电话。可以输入银行（工行、建行、农商）、区县（章丘、莱芜）、单位名称、用途（挂失、查卡、医保办）或号码`,
} as const;
