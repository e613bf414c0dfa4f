/**
 * Phone references: an outcome names rows of banks.yaml / offices.yaml (`{hotline: card-hotline, key: "1"}`,
 * `{bank_card_check: {answer: bank}}`, `{yibao: 章丘}`) and they are resolved here into the lines the
 * operator reads, so every number lives in exactly one data file.
 */
import type { BanksFile, OfficesFile } from '../kb/schema.js';
import type { Phone } from '../kb/phone.js';
import type { KeyRef, PhoneRef } from './schema.js';

/** The parts of the knowledge base that trees refer to. */
export interface TreeTables {
  faq: { entries: { id: string; question: string; category?: string; stale?: string }[] };
  banks: BanksFile;
  offices: OfficesFile;
}

export interface PhoneLine {
  /** Whose number and what for, e.g. "社保卡服务电话（临时挂失电话）按1：社保账户临时挂失（7天有效）". */
  label: string;
  numbers: string[];
}

const REF_KINDS = ['hotline', 'bank_card_check', 'bank_customer_service', 'bank_mailing', 'yibao', 'office', 'outlet'] as const;
type RefKind = (typeof REF_KINDS)[number];

/** A reference that cannot be resolved; the message is Chinese and says what is wrong. */
export class PhoneRefError extends Error {}

export function refKinds(ref: PhoneRef): RefKind[] {
  return REF_KINDS.filter((k) => ref[k] !== undefined);
}

export function isAnswerKey(k: KeyRef | undefined): k is { answer: string } {
  return typeof k === 'object' && k !== null;
}

const numbers = (phones: Phone[]) => phones.map((p) => p.number);

/** Valid keys for each table, for error messages and checking a question's choices. */
function tableKeys(kind: RefKind, t: TreeTables): string[] {
  switch (kind) {
    case 'hotline':
      return t.offices.hotlines.map((h) => h.id);
    case 'bank_card_check':
      return t.banks.banks.map((b) => b.id);
    case 'bank_customer_service':
      return t.banks.banks.filter((b) => b.customer_service.length > 0).map((b) => b.id);
    case 'bank_mailing':
      return t.banks.banks.filter((b) => (b.mailing ?? []).length > 0).map((b) => b.id);
    case 'yibao':
      return t.offices.yibao.map((y) => y.district);
    case 'office':
      return t.offices.offices.map((o) => o.id);
    case 'outlet':
      return t.banks.outlets.map((o) => String(o.no));
  }
}

const TABLE_NAMES: Record<RefKind, string> = {
  hotline: 'offices.yaml 的 hotlines',
  bank_card_check: 'banks.yaml 的 banks',
  bank_customer_service: 'banks.yaml 中有客服电话的银行',
  bank_mailing: 'banks.yaml 中有邮寄电话的银行',
  yibao: 'offices.yaml 的 yibao（区医保办）',
  office: 'offices.yaml 的 offices',
  outlet: 'banks.yaml 的 outlets（网点序号）',
};

/**
 * Resolve one reference. `answerOf(questionId)` gives the table key chosen at that question (the
 * choice's value or id). Throws PhoneRefError when the reference points nowhere.
 */
export function resolvePhoneRef(ref: PhoneRef, t: TreeTables, answerOf: (question: string) => string | undefined = () => undefined): PhoneLine[] {
  const kinds = refKinds(ref);
  if (kinds.length !== 1) {
    throw new PhoneRefError(`每个电话引用只能写 ${REF_KINDS.join('、')} 中的一个（现在是 ${kinds.length ? kinds.join('、') : '都没有'}）`);
  }
  const kind = kinds[0]!;
  if (ref.key !== undefined && kind !== 'hotline') throw new PhoneRefError('key（菜单按键）只能和 hotline 一起用');
  const raw = ref[kind]!;
  let key: string;
  if (isAnswerKey(raw)) {
    const chosen = answerOf(raw.answer);
    if (chosen === undefined) throw new PhoneRefError(`引用了问题 ${raw.answer} 的答案，但路径上没有回答这个问题`);
    key = chosen;
  } else key = String(raw);

  const missing = (): PhoneRefError =>
    new PhoneRefError(`${kind} 引用的“${key}”在 ${TABLE_NAMES[kind]} 中不存在，应为 ${tableKeys(kind, t).join('、')} 之一`);

  switch (kind) {
    case 'hotline': {
      const h = t.offices.hotlines.find((x) => x.id === key);
      if (!h) throw missing();
      if (ref.key === undefined) return [{ label: h.name, numbers: numbers(h.phones) }];
      const item = h.menu?.find((m) => m.key === ref.key);
      if (!item) {
        const keys = h.menu?.map((m) => m.key) ?? [];
        throw new PhoneRefError(`热线 ${h.id} 没有按键“${ref.key}”${keys.length ? `，应为 ${keys.join('、')} 之一` : '（它没有按键菜单）'}`);
      }
      return [{ label: `${h.name}按${item.key}：${item.action}`, numbers: numbers(h.phones) }];
    }
    case 'bank_card_check': {
      const b = t.banks.banks.find((x) => x.id === key);
      if (!b) throw missing();
      const lines: PhoneLine[] = [];
      if (b.card_check.length) lines.push({ label: `${b.name} 查卡电话`, numbers: numbers(b.card_check) });
      for (const br of b.branches) lines.push({ label: br.area ? `${br.name}（${br.area}）` : br.name, numbers: numbers(br.phones) });
      return lines;
    }
    case 'bank_customer_service': {
      const b = t.banks.banks.find((x) => x.id === key);
      if (!b) throw missing();
      if (!b.customer_service.length) throw new PhoneRefError(`${b.name}（${b.id}）在 banks.yaml 中没有客服电话，应为 ${tableKeys(kind, t).join('、')} 之一`);
      return [{ label: `${b.name} 客服电话`, numbers: numbers(b.customer_service) }];
    }
    case 'bank_mailing': {
      const b = t.banks.banks.find((x) => x.id === key);
      if (!b) throw missing();
      if (!b.mailing?.length) throw new PhoneRefError(`${b.name}（${b.id}）在 banks.yaml 中没有邮寄电话，应为 ${tableKeys(kind, t).join('、')} 之一`);
      return [{ label: `${b.name} 邮寄电话（单位更改社保卡邮寄地址）`, numbers: numbers(b.mailing) }];
    }
    case 'yibao': {
      const y = t.offices.yibao.find((x) => x.district === key);
      if (!y) throw missing();
      return [{ label: `${y.district}医保办`, numbers: [...new Set(numbers(y.phones))] }];
    }
    case 'office': {
      const o = t.offices.offices.find((x) => x.id === key);
      if (!o) throw missing();
      return [{ label: `${o.name}社保经办机构（${o.address}）`, numbers: numbers(o.phones) }];
    }
    case 'outlet': {
      const o = t.banks.outlets.find((x) => String(x.no) === key);
      if (!o) throw new PhoneRefError(`outlet 引用的网点序号“${key}”在 banks.yaml 的 outlets 中不存在（应为 1 到 ${t.banks.outlets.length}）`);
      return [{ label: `${o.name}（${o.address}）`, numbers: numbers(o.phones) }];
    }
  }
}
