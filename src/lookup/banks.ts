/** The partner banks: alias resolution (工行 = 工商银行 = ICBC) and the rows of `sbk banks`. */
import type { Bank, Branch } from '../kb/schema.js';
import { closest } from '../suggest.js';
import { ITEM_SEP, LIST_SEP, numbers, type Column, type LookupResult } from './types.js';
import { msg } from './messages.js';
import { pinyinEquals, pinyinKey, type Readings } from './match.js';

interface BankMatch {
  bank: Bank;
  /**
   * Set when the name was one of the county rural banks (章丘农商银行 ...): only that bank's own
   * outlets and numbers, whose names begin with this prefix (章丘农商).
   */
  county?: string;
}

const COUNTY_BANK = /^(章丘|平阴|济阳|商河|莱芜)农商(?:银行|行)$/;

function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

/** The short name operators say and the source's outlet table uses (工行, 农商, 邮储): the first alias. */
export function shortName(bank: Bank): string {
  return bank.aliases[0] ?? bank.name;
}

/** Resolve a bank name, short name, English abbreviation, county bank or (given the readings) its pinyin to a bank. */
export function resolveBank(banks: readonly Bank[], input: string, py?: Readings): BankMatch | undefined {
  const s = squash(input);
  if (!s) return undefined;
  const key = py && pinyinKey(input);
  if (key) {
    const bank = banks.find((b) => [b.name, ...b.aliases].some((n) => /\p{Script=Han}/u.test(n) && pinyinEquals(n, key, py)));
    if (bank && !banks.some((b) => [b.id, ...b.aliases].map(squash).includes(s))) return { bank };
  }
  for (const bank of banks) {
    const names = [bank.id, bank.name, ...bank.aliases].map(squash);
    if (!names.includes(s)) continue;
    const county = COUNTY_BANK.exec(input.replace(/\s+/g, ''));
    return county ? { bank, county: `${county[1]}农商` } : { bank };
  }
  // 章丘农商行 is not listed as an alias but means the same as 章丘农商银行.
  const county = COUNTY_BANK.exec(input.replace(/\s+/g, ''));
  const rcb = banks.find((b) => b.aliases.some((a) => COUNTY_BANK.test(a)));
  if (county && rcb) return { bank: rcb, county: `${county[1]}农商` };
  return undefined;
}

/** The full name of the bank a misspelt name is closest to (compared with every alias), if any is close. */
export function suggestBank(banks: readonly Bank[], input: string): string | undefined {
  const near = closest(input, banks.flatMap((b) => [b.name, ...b.aliases]));
  return near === undefined ? undefined : banks.find((b) => b.name === near || b.aliases.includes(near))?.name;
}

export function bankChoices(banks: readonly Bank[]): string {
  return banks.map(shortName).join('、');
}

export function inCountyBank(name: string, county: string | undefined): boolean {
  return county === undefined || name.startsWith(county);
}

type BankRow = {
  id: string;
  name: string;
  short: string;
  customer_service: string[];
  card_check: string[];
  branches: string[];
  mailing: string[];
  issues_gen3: boolean;
  ecard_app: string;
  note: string | null;
};

/**
 * What a number the source lists under a bank by name only is for: it does not say (槐荫农商行：…,
 * 邮储银行：…, 工商银行莱芜分行：… under 客服电话及查卡电话). `sbk banks` and `sbk phones` both say so.
 */
export const UNLABELLED_PURPOSE = '电话（未注明客服或查卡）';

function branchText(b: Branch): string {
  return `${b.name} ${numbers(b.phones).join(LIST_SEP)}`;
}

export const BANK_COLUMNS: Column<BankRow>[] = [
  { key: 'id', header: 'id', tableHidden: true },
  { key: 'name', header: '银行', minWidth: 12 },
  { key: 'short', header: '简称', tableHidden: true },
  { key: 'customer_service', header: '客服电话', display: (r) => r.customer_service.join(LIST_SEP) || '未列出', minWidth: 8 },
  { key: 'card_check', header: '查卡电话', display: (r) => (r.card_check.length ? r.card_check : ['未列出']), minWidth: 13 },
  {
    key: 'branches',
    header: `其他${UNLABELLED_PURPOSE}`,
    display: (r) => [...r.branches, ...(r.mailing.length ? [`建行邮寄电话（单位改邮寄地址） ${r.mailing.join(LIST_SEP)}`] : [])],
    joinWith: ITEM_SEP,
    minWidth: 13,
  },
  { key: 'mailing', header: '邮寄电话', tableHidden: true },
  { key: 'issues_gen3', header: '三代卡', display: (r) => (r.issues_gen3 ? '是' : '否') },
  { key: 'ecard_app', header: '电子社保卡', minWidth: 8 },
  { key: 'note', header: '备注', tableHidden: true },
];

function bankRow(bank: Bank): BankRow {
  return {
    id: bank.id,
    name: bank.name,
    short: shortName(bank),
    customer_service: numbers(bank.customer_service),
    card_check: numbers(bank.card_check),
    branches: bank.branches.map(branchText),
    mailing: numbers(bank.mailing ?? []),
    issues_gen3: bank.issues_gen3,
    ecard_app: bank.ecard_app,
    note: [bank.note, ...bank.branches.filter((br) => br.note).map((br) => `${br.name}：${br.note}`)].filter(Boolean).join(' ') || null,
  };
}

/**
 * `sbk banks [keyword]`: all banks, the bank the keyword names, or the banks whose name or branches
 * contain it (莱芜 finds the banks with a 莱芜 branch).
 */
export function findBanks(banks: readonly Bank[], keyword?: string, py?: Readings): LookupResult<BankRow> {
  const result = (list: readonly Bank[]): LookupResult<BankRow> => ({ columns: BANK_COLUMNS, rows: list.map(bankRow), notes: [] });
  const k = keyword?.trim();
  if (!k) return result(banks);
  const match = resolveBank(banks, k, py);
  if (match) return result([match.bank]);
  const s = squash(k);
  const containing = banks.filter((b) =>
    [b.name, ...b.aliases, ...b.branches.map((br) => br.name)].some((n) => squash(n).includes(s)),
  );
  if (containing.length) return result(containing);
  return { ...result([]), unknown: msg.unknownBank(k, suggestBank(banks, k), bankChoices(banks)) };
}
