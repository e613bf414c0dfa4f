/** The 78 “社银合作” outlets: filter by bank, district and a fuzzy keyword over name and address. */
import type Fuse from 'fuse.js';
import type { Bank, Outlet } from '../kb/schema.js';
import { bankChoices, inCountyBank, resolveBank, shortName, suggestBank } from './banks.js';
import { DISTRICTS, districtSpellings, findDistrict, normalizeDistrict } from './districts.js';
import { mentions, terms, type Readings } from './match.js';
import { msg } from './messages.js';
import { closest } from '../suggest.js';
import { numbers, type Column, type LookupResult } from './types.js';
import { lazyRequire } from '../lazy.js';

type OutletRow = {
  no: number;
  bank: string;
  name: string;
  address: string;
  district: string | null;
  phones: string[];
  note: string | null;
  source_line: number;
};

export const OUTLET_COLUMNS: Column<OutletRow>[] = [
  { key: 'no', header: '序号' },
  { key: 'bank', header: '银行' },
  { key: 'name', header: '网点名称', minWidth: 10 },
  { key: 'address', header: '地址', minWidth: 10 },
  { key: 'phones', header: '电话', minWidth: 13 },
  { key: 'district', header: '区县', display: (r) => r.district ?? '未写明', minWidth: 4 },
  { key: 'note', header: '备注', tableHidden: true },
  { key: 'source_line', header: '源文件行', tableHidden: true },
];

interface OutletQuery {
  keyword?: string;
  bank?: string;
  district?: string;
}

function outletRow(o: Outlet, banks: readonly Bank[]): OutletRow {
  const bank = banks.find((b) => b.id === o.bank);
  return {
    no: o.no,
    bank: bank ? shortName(bank) : o.bank,
    name: o.name,
    address: o.address,
    district: o.district,
    phones: numbers(o.phones),
    note: o.note ?? null,
    source_line: o.source_line,
  };
}

/** Districts that have outlets, in the usual order. */
export function outletDistricts(outlets: readonly Outlet[]): string[] {
  const present = new Set(outlets.map((o) => o.district).filter((d): d is string => d !== null));
  return [...DISTRICTS.filter((d) => present.has(d)), ...[...present].filter((d) => !(DISTRICTS as readonly string[]).includes(d))];
}

/** Outlets whose name and address contain every term; failing that, Fuse's close matches (typos). */
function byKeyword(list: Outlet[], keyword: string, py?: Readings): { hits: Outlet[]; approximate: boolean } {
  const ts = terms(keyword);
  const tests = ts.map((t) => mentions(t, py));
  const exact = list.filter((o) => tests.every((has) => has(`${o.name} ${o.address}`)));
  if (exact.length) return { hits: exact, approximate: false };
  // Only a keyword that matches nothing exactly needs Fuse: loaded then, not with every lookup.
  const FuseClass = lazyRequire<typeof Fuse>('fuse.js');
  const fuse = new FuseClass(list, { keys: ['name', 'address'], threshold: 0.3, ignoreLocation: true, includeScore: true });
  const best = new Map<Outlet, number>();
  ts.forEach((t, i) => {
    const found = new Map(fuse.search(t).map((r) => [r.item, r.score ?? 1]));
    for (const o of list) {
      const score = found.get(o);
      if (score === undefined) best.delete(o);
      else if (i === 0) best.set(o, score);
      else if (best.has(o)) best.set(o, Math.max(best.get(o)!, score));
    }
  });
  const hits = [...best.entries()].sort((a, b) => a[1] - b[1] || a[0].no - b[0].no).map(([o]) => o);
  return { hits, approximate: true };
}

/** `py`: the search's readings, so that a keyword, bank or district typed as pinyin is understood (jingbalu, lixia). */
export function findOutlets(outlets: readonly Outlet[], banks: readonly Bank[], q: OutletQuery, py?: Readings): LookupResult<OutletRow> {
  const result = (list: readonly Outlet[], extra: Partial<LookupResult<OutletRow>> = {}): LookupResult<OutletRow> => ({
    columns: OUTLET_COLUMNS,
    rows: list.map((o) => outletRow(o, banks)),
    notes: [],
    ...extra,
  });
  const miss = (text: string) => result([], { miss: text });
  const unknown = (text: string) => result([], { unknown: text });

  let list = [...outlets];
  const scope: string[] = [];

  // A keyword term that is a bank name (sbk outlets 建行 经七路) filters by bank, like --bank.
  const words = terms(q.keyword ?? '').map((t) => ({ name: t, match: resolveBank(banks, t, py) }));
  const keywordTerms = words.filter((w) => !w.match).map((w) => w.name);
  const bankFilters = [...(q.bank?.trim() ? [{ name: q.bank, match: resolveBank(banks, q.bank, py) }] : []), ...words.filter((w) => w.match)];
  for (const { name, match: m } of bankFilters) {
    if (!m) return unknown(msg.unknownBank(name.trim(), suggestBank(banks, name.trim()), bankChoices(banks)));
    list = list.filter((o) => o.bank === m.bank.id && inCountyBank(o.name, m.county));
    scope.push(m.county ? `${m.county}银行` : shortName(m.bank));
  }

  let district: string | undefined;
  if (q.district !== undefined) {
    district = findDistrict(q.district, py);
    const choices = outletDistricts(outlets).join('、');
    if (!district) {
      const hint = closest(q.district.trim(), districtSpellings());
      return unknown(msg.unknownDistrict(q.district.trim(), hint && normalizeDistrict(hint), choices));
    }
    const undetermined = list.filter((o) => o.district === null).map((o) => o.no);
    list = list.filter((o) => o.district === district);
    if (!list.length) return miss(msg.noOutletsInDistrict(district, scope.length ? `（${scope.join('、')}）` : '', choices));
    scope.push(district);
    if (undetermined.length) return finish(result(list, { notes: [msg.outletsWithoutDistrict(undetermined)] }));
  }
  return finish(result(list));

  function finish(r: LookupResult<OutletRow>): LookupResult<OutletRow> {
    if (!keywordTerms.length) return r;
    const keyword = keywordTerms.join(' ');
    const { hits, approximate } = byKeyword(list, keyword, py);
    if (!hits.length) return miss(msg.noOutletsForKeyword(keyword, scope.length ? `（在 ${scope.join('、')} 范围内）` : ''));
    return {
      ...r,
      rows: hits.map((o) => outletRow(o, banks)),
      notes: [...(approximate ? [msg.approximateOutlets(keyword)] : []), ...r.notes],
    };
  }
}
