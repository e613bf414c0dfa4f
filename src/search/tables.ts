/**
 * The one query box's table side: a query that names a district's office or 医保办, a bank (any alias:
 * 工行, ICBC), an outlet (its place or street), or a phone number gets that row itself, as a result of
 * its own kind. The rows come from the lookups of `sbk offices / banks / outlets / phones`
 * (src/lookup/*), so both give the same row; this module only decides which lookup a query asks for
 * and where the rows rank among the FAQ entries. The words that say what is asked (电话, 地址, 医保办,
 * 网点 …) are data (search.yaml `tables`).
 */
import type { BanksFile, OfficesFile } from '../kb/schema.js';
import type { TableWords } from './knowledge.js';
import { districtSpellings, normalizeDistrict } from '../lookup/districts.js';
import { findOffices, findYibao } from '../lookup/offices.js';
import { findBanks } from '../lookup/banks.js';
import { findOutlets } from '../lookup/outlets.js';
import { findPhones } from '../lookup/phones.js';
import { ITEM_SEP, LIST_SEP, type Row } from '../lookup/types.js';
import { normalize } from './analyzer.js';

export type RowKind = 'office' | 'yibao' | 'bank' | 'outlet' | 'phone';

export interface Tables {
  banks: BanksFile;
  offices: OfficesFile;
}

/** A table row found by a search: its kind, a name to show, the row's fields (phones as lists). */
export interface RowHit {
  kind: RowKind;
  title: string;
  score: number;
  /** The row as its table command gives it, phone cells as lists. */
  row: Record<string, string | number | boolean | null | string[]>;
  /** The command that shows this table (for more rows and columns). */
  command: string;
}

/** Cells that hold several phones (or branch items) joined: lists in a search result. */
const LIST_CELLS: Record<RowKind, Record<string, string>> = {
  office: { phones: LIST_SEP },
  yibao: { phones: LIST_SEP },
  bank: { customer_service: LIST_SEP, card_check: LIST_SEP, mailing: LIST_SEP, branches: ITEM_SEP },
  outlet: { phones: LIST_SEP },
  phone: {},
};

/** Most rows one query gets (a district's outlets can be many; the table command lists all). */
const MAX_ROWS = 5;

/** What a query names, found once. */
interface Named {
  district?: string;
  bank?: string;
  numbers: string[];
  places: string[];
  /** What is left of the query once the names and table words are taken out. */
  rest: string;
  has: { office: boolean; yibao: boolean; outlet: boolean; phone: boolean; place: boolean };
  /** Hotlines named (医保系统技术支持电话): their owner names, for the phone directory. */
  hotlines: string[];
}

export class TableMatcher {
  private readonly districts: string[];
  private readonly bankNames: { name: string; bank: string }[];
  /** Distinctive parts of outlet names and addresses (经八路, 玫瑰, 羊里, 雪野) → that text. */
  private readonly places: string[];
  /** Hotline names without 电话/热线 and remarks (医保系统技术支持), when they name no card service. */
  private readonly hotlines: string[];

  constructor(
    private readonly tables: Tables,
    private readonly words: TableWords,
  ) {
    this.districts = districtSpellings().sort((a, b) => b.length - a.length);
    this.bankNames = tables.banks.banks
      .flatMap((b) => [b.id, b.name, ...b.aliases].map((n) => ({ name: normalize(n), bank: b.name })))
      .sort((a, b) => b.name.length - a.name.length);
    // Longest first, sorted once (not per outlet).
    const bankWords = [...new Set(tables.banks.banks.flatMap((b) => [b.name, ...b.aliases]))].sort((a, b) => b.length - a.length);
    const strip = (name: string) => {
      let s = name;
      for (const w of bankWords) s = s.split(w).join(' ');
      return s.replace(/济南市?|莱芜|支行|分行|营业室|营业部|分理处|银行/g, ' ').split(/\s+/).filter((x) => x.length >= 2);
    };
    const places = new Set<string>();
    for (const o of tables.banks.outlets) {
      for (const p of strip(o.name)) places.add(p);
      for (const m of o.address.matchAll(/([^\s市区县镇号\d]{1,4}(?:大街|路|街))/gu)) if (m[1]!.length >= 3) places.add(m[1]!);
      // Towns and villages of the address (雪野镇, 焦庄村): a caller names the place without 镇 or 村.
      for (const m of o.address.matchAll(/([^\s市区县镇乡村号路街道\d]{2,4})(?:镇|乡|街道|村)/gu)) places.add(m[1]!);
    }
    this.places = [...places].filter((p) => !normalizeDistrict(p)).sort((a, b) => b.length - a.length);
    this.hotlines = tables.offices.hotlines
      .map((h) => normalize(h.name).replace(/（.*?）|\(.*?\)|电话|热线|\d+/g, '').trim())
      .filter((h) => h.length >= 4 && !h.includes('社保卡'));
  }

  private named(text: string): Named {
    let rest = text;
    const take = (w: string) => (rest = rest.split(w).join(' '));
    const district = this.districts.find((d) => text.includes(d) && !(d === '市中' && text.includes('市中心')));
    const bank = this.bankNames.find((b) => (/^[a-z]+$/.test(b.name) ? new RegExp(`(^|[^a-z0-9])${b.name}($|[^a-z0-9])`).test(text) : text.includes(b.name)));
    const numbers = [...text.replace(/(\d)[-－\s]+(?=\d)/g, '$1').matchAll(/\d{5,}/g)].map((m) => m[0]);
    const places = this.places.filter((p) => text.includes(p));
    for (const w of [district, bank?.name, ...places]) if (w) take(w);
    for (const n of numbers) take(n);
    const w = this.words;
    const has = {
      office: w.office_words.some((x) => text.includes(x)),
      yibao: w.yibao_words.some((x) => text.includes(x)),
      outlet: w.outlet_words.some((x) => text.includes(x)),
      phone: w.phone_words.some((x) => text.includes(x)),
      place: w.place_words.some((x) => text.includes(x)),
    };
    const hotlines = this.hotlines.filter((h) => text.includes(h));
    for (const h of hotlines) take(h);
    for (const x of [...w.yibao_words, ...w.office_words, ...w.outlet_words, ...w.phone_words, ...w.place_words, ...w.plain_words].sort((a, b) => b.length - a.length)) take(x);
    rest = rest.replace(/[^\p{Script=Han}a-z]/gu, '');
    return { district, bank: bank?.bank, numbers, places, rest, has, hotlines };
  }

  /**
   * The rows the query names, and whether it asks for them directly (a phone, an address, "where",
   * or nothing but the name): then they come first; otherwise after the FAQ entries.
   */
  rows(query: string): { rows: RowHit[]; direct: boolean } {
    const text = normalize(query);
    const n = this.named(text);
    const { banks, offices } = this.tables;
    const alone = n.rest.length <= 1;
    const out: RowHit[] = [];
    const add = (kind: RowKind, rows: Row[], title: (r: Row) => string, command: string) => {
      for (const r of rows) if (out.length < MAX_ROWS) out.push({ kind, title: title(r), score: 0, row: listCells(kind, r), command });
    };
    let direct = false;
    for (const num of n.numbers) {
      try {
        const hits = findPhones(banks, offices, num).rows;
        add('phone', hits, (r) => String(r.number), `sbk phones ${num}`);
        if (hits.length) direct ||= n.has.phone || n.has.place || alone;
      } catch {
        // Not a number the directory can look up: the FAQ side may still know it.
      }
    }
    for (const h of n.hotlines) {
      add('phone', findPhones(banks, offices, h).rows, (r) => String(r.number), `sbk phones ${h}`);
      direct ||= n.has.phone || alone;
    }
    if (n.district && n.has.yibao) {
      add('yibao', findYibao(offices.yibao, n.district).rows, (r) => String(r.name), `sbk offices --yibao ${n.district}`);
      direct = true;
    } else if ((n.has.outlet || n.places.length) && (n.district || n.bank || n.places.length)) {
      const keyword = n.places.join(' ') || undefined;
      const rows = findOutlets(banks.outlets, banks.banks, { keyword, bank: n.bank, district: n.district }).rows;
      add('outlet', rows, (r) => String(r.name), `sbk outlets${n.bank ? ` --bank ${n.bank}` : ''}${n.district ? ` --district ${n.district}` : ''}${keyword ? ` ${keyword}` : ''}`);
      if (rows.length) direct ||= n.has.outlet || n.has.phone || n.has.place || alone;
    } else if (n.bank) {
      add('bank', findBanks(banks.banks, n.bank).rows, (r) => String(r.name), `sbk banks ${n.bank}`);
      direct ||= n.has.phone || alone;
    } else if (n.district) {
      add('office', findOffices(offices.offices, n.district).rows, (r) => String(r.name), `sbk offices ${n.district}`);
      direct ||= n.has.office || n.has.phone || n.has.place || alone;
    }
    return { rows: out, direct };
  }

  /**
   * Rows and FAQ results in one list. Asked for directly, the rows lead (score of a sure answer);
   * otherwise they follow the first few FAQ entries, and a query the FAQ cannot answer gets none.
   */
  merge<T extends { score: number }>(query: string, faq: T[]): (T | RowHit)[] {
    const { rows, direct } = this.rows(query);
    if (!rows.length) return faq;
    if (direct) {
      for (const r of rows) r.score = 1;
      return [...rows, ...faq];
    }
    if (!faq.length) return faq;
    const at = Math.min(3, faq.length);
    for (const r of rows) r.score = faq[at - 1]!.score;
    return [...faq.slice(0, at), ...rows, ...faq.slice(at)];
  }
}

function listCells(kind: RowKind, row: Row): RowHit['row'] {
  const out = { ...row } as RowHit['row'];
  for (const [key, sep] of Object.entries(LIST_CELLS[kind])) {
    const v = row[key];
    out[key] = Array.isArray(v) ? [...(v as readonly string[])] : typeof v === 'string' && v ? v.split(sep) : [];
  }
  return out;
}
