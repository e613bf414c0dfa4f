/**
 * Every phone number in banks.yaml and offices.yaml with its owner and purpose, searchable both ways:
 * by number (whose is 68967600?) and by name (which numbers does 建行 / 章丘 have?).
 */
import type { BanksFile, OfficesFile } from '../kb/schema.js';
import { digitsOf, phoneKeys, type Phone } from '../kb/phone.js';
import { inCountyBank, resolveBank, shortName, UNLABELLED_PURPOSE } from './banks.js';
import { findDistrict, normalizeDistrict } from './districts.js';
import { mentions, terms, type Readings } from './match.js';
import { msg } from './messages.js';
import { yibaoName } from './offices.js';
import type { Column, LookupResult } from './types.js';
import { SbkError, EXIT } from '../errors.js';

type PhoneKind = 'hotline' | 'customer_service' | 'card_check' | 'mailing' | 'branch' | 'office' | 'yibao' | 'outlet';

interface DirectoryEntry {
  phone: Phone;
  owner: string;
  purpose: string;
  kind: PhoneKind;
  district: string | null;
  /** Bank id for the bank's own numbers, branches and outlets. */
  bank: string | null;
  source_line: number;
  /** The source's error or inconsistency about this number, if any (from the data's `note`). */
  note?: string;
}

/** A directory entry as a row: the number canonical and as written, the note always present. */
type PhoneRow = Omit<DirectoryEntry, 'phone' | 'note'> & { number: string; written: string; note: string | null };

export const PHONE_COLUMNS: Column<PhoneRow>[] = [
  { key: 'number', header: '电话', minWidth: 13 },
  { key: 'written', header: '源文件写法', tableHidden: true },
  { key: 'owner', header: '单位', minWidth: 8 },
  { key: 'purpose', header: '用途', minWidth: 10 },
  { key: 'kind', header: '类别', tableHidden: true },
  { key: 'district', header: '区县', display: (r) => r.district ?? '', minWidth: 4 },
  { key: 'bank', header: '银行', tableHidden: true },
  { key: 'source_line', header: '源文件行', tableHidden: true },
  { key: 'note', header: '备注', tableHidden: true },
];

/** The directory in the order an operator most often needs it: hotlines, banks, offices, 医保办, outlets. */
export function phoneDirectory(banks: BanksFile, offices: OfficesFile): DirectoryEntry[] {
  const out: DirectoryEntry[] = [];
  const add = (phones: Phone[], e: Omit<DirectoryEntry, 'phone'>) => phones.forEach((phone) => out.push({ phone, ...e }));
  for (const h of offices.hotlines) {
    add(h.phones, { owner: h.name, purpose: h.purpose, kind: 'hotline', district: null, bank: null, source_line: h.source_line });
  }
  for (const b of banks.banks) {
    const base = { owner: b.name, district: null, bank: b.id, source_line: b.source_line };
    add(b.customer_service, { ...base, purpose: '客服电话', kind: 'customer_service' });
    add(b.card_check, { ...base, purpose: '职工社保卡查卡电话', kind: 'card_check' });
    add(b.mailing ?? [], { ...base, purpose: '邮寄电话：单位更改社保卡邮寄地址', kind: 'mailing', source_line: b.mailing_source_line ?? b.source_line });
    for (const br of b.branches) {
      // The source gives these numbers a name only, not 客服 or 查卡 (banks.ts says the same).
      add(br.phones, { owner: br.name, purpose: UNLABELLED_PURPOSE, kind: 'branch', district: br.area ? normalizeDistrict(br.area) ?? br.area : null, bank: b.id, source_line: br.source_line, ...(br.note ? { note: br.note } : {}) });
    }
  }
  for (const o of offices.offices) {
    add(o.phones, { owner: `${o.name}社保经办机构`, purpose: `社保卡业务咨询；${o.address}`, kind: 'office', district: normalizeDistrict(o.district) ?? o.district, bank: null, source_line: o.source_line, ...(o.note ? { note: o.note } : {}) });
  }
  for (const y of offices.yibao) {
    add(y.phones, { owner: yibaoName(y), purpose: '居民社保卡制卡进度查不到时三方连线或转办', kind: 'yibao', district: normalizeDistrict(y.district) ?? y.district, bank: null, source_line: y.source_line, ...(y.note ? { note: y.note } : {}) });
  }
  for (const o of banks.outlets) {
    add(o.phones, { owner: o.name, purpose: `社银合作网点第${o.no}号；${o.address}`, kind: 'outlet', district: o.district, bank: o.bank, source_line: o.source_line, ...(o.note ? { note: o.note } : {}) });
  }
  return out;
}

function toRow(e: DirectoryEntry, banks: BanksFile): PhoneRow {
  const bank = banks.banks.find((b) => b.id === e.bank);
  return {
    number: e.phone.number,
    written: e.phone.written,
    owner: e.owner,
    purpose: e.purpose,
    kind: e.kind,
    district: e.district,
    bank: bank ? shortName(bank) : null,
    source_line: e.source_line,
    note: e.note ?? null,
  };
}

/**
 * Looks like a phone number: digits with an optional leading +, 0531-, spaces, hyphens or brackets
 * (full-width too). The one rule for "is this a phone number", for `sbk phones` and the session.
 */
export function isNumberQuery(q: string): boolean {
  return /^\+?[\d\s\-－()（）]+$/.test(q) && /\d/.test(q);
}

/** A phone number that can be looked up: a number query with at least 4 digits (the session reads 1–3 digits as a result number). */
export function isPhoneNumber(q: string): boolean {
  return isNumberQuery(q) && digitsOf(q).length >= 4;
}

/**
 * Numbers match when the digits are the whole number, the number without 0531, or a trailing fragment
 * of 4+ digits (the operator heard only the end).
 */
function matchesNumber(phone: Phone, digits: string): boolean {
  if (phoneKeys(phone).includes(digits)) return true;
  return digits.length >= 4 && phone.digits.endsWith(digits);
}

export function findPhones(banks: BanksFile, offices: OfficesFile, query: string, py?: Readings): LookupResult<PhoneRow> {
  const dir = phoneDirectory(banks, offices);
  const result = (list: DirectoryEntry[], miss?: string): LookupResult<PhoneRow> => ({
    columns: PHONE_COLUMNS,
    rows: list.map((e) => toRow(e, banks)),
    notes: [],
    ...(miss ? { miss } : {}),
  });
  const q = query.trim();
  if (isNumberQuery(q)) {
    const digits = digitsOf(q);
    if (digits.length < 4) throw new SbkError(msg.phoneTooShort(q), EXIT.usage);
    const hits = dir.filter((e) => matchesNumber(e.phone, digits));
    return hits.length ? result(hits) : result([], msg.noPhoneNumber(q));
  }
  // Each term is read once: a bank name, a district, or words to find.
  const ts = terms(q).map((t) => ({ mentioned: mentions(t.toLowerCase(), py, (s, term) => s.toLowerCase().includes(term)), bank: resolveBank(banks.banks, t, py), district: findDistrict(t, py) }));
  const hits = dir.filter((e) => ts.every((t) => entryMatches(e, t)));
  return hits.length ? result(hits) : result([], msg.noPhoneKeyword(q));

  function entryMatches(e: DirectoryEntry, term: (typeof ts)[number]): boolean {
    if (term.bank) return e.bank === term.bank.bank.id && inCountyBank(e.owner, term.bank.county);
    if (term.district && e.district === term.district) return true;
    return term.mentioned(`${e.owner} ${e.purpose} ${e.phone.written}`);
  }
}
