/** The 15 经办机构 and the district 医保办 phones (resident-card progress). */
import type { Office, Yibao } from '../kb/schema.js';
import { DISTRICTS, findDistrict, normalizeDistrict } from './districts.js';
import { mentions, terms, type Readings } from './match.js';
import { msg } from './messages.js';
import { numbers, type Column, type LookupResult } from './types.js';

type OfficeRow = {
  id: string;
  name: string;
  district: string;
  address: string;
  phones: string[];
  note: string | null;
};

export const OFFICE_COLUMNS: Column<OfficeRow>[] = [
  { key: 'id', header: 'id', tableHidden: true },
  { key: 'name', header: '经办机构', minWidth: 8 },
  { key: 'district', header: '区县', tableHidden: true },
  { key: 'address', header: '地址', minWidth: 12 },
  { key: 'phones', header: '咨询电话', minWidth: 13 },
  { key: 'note', header: '备注', tableHidden: true },
];

type YibaoRow = {
  district: string;
  name: string;
  phones: string[];
  note: string | null;
};

export const YIBAO_COLUMNS: Column<YibaoRow>[] = [
  { key: 'district', header: '区县' },
  { key: 'name', header: '医保办' },
  { key: 'phones', header: '电话', minWidth: 13 },
  { key: 'note', header: '备注', tableHidden: true },
];

export function yibaoName(y: Yibao): string {
  return `${y.district}医保办`;
}

function yibaoDistrict(y: Yibao): string {
  return normalizeDistrict(y.district) ?? y.district;
}

/** `sbk offices [keyword]`: a district (章丘), or words in the name or address (政务中心). */
export function findOffices(offices: readonly Office[], keyword?: string, py?: Readings): LookupResult<OfficeRow> {
  const toRow = (o: Office): OfficeRow => ({ id: o.id, name: o.name, district: o.district, address: o.address, phones: numbers(o.phones), note: o.note ?? null });
  const result = (list: readonly Office[], miss?: string): LookupResult<OfficeRow> => ({ columns: OFFICE_COLUMNS, rows: list.map(toRow), notes: [], ...(miss ? { miss } : {}) });
  const k = keyword?.trim();
  if (!k) return result(offices);
  const district = findDistrict(k, py);
  if (district) {
    const inDistrict = offices.filter((o) => normalizeDistrict(o.district) === district);
    if (inDistrict.length) return result(inDistrict);
  }
  const ts = terms(k).map((t) => mentions(t, py));
  const hits = offices.filter((o) => ts.every((has) => has(`${o.name} ${o.district} ${o.address}`)));
  return hits.length ? result(hits) : result([], msg.noOffice(k, offices.map((o) => o.district).join('、')));
}

/** `sbk offices --yibao [district]`. */
export function findYibao(yibao: readonly Yibao[], district?: string, py?: Readings): LookupResult<YibaoRow> {
  const toRow = (y: Yibao): YibaoRow => ({ district: yibaoDistrict(y), name: yibaoName(y), phones: numbers(y.phones), note: y.note ?? null });
  const result = (list: readonly Yibao[], miss?: string): LookupResult<YibaoRow> => ({ columns: YIBAO_COLUMNS, rows: list.map(toRow), notes: [], ...(miss ? { miss } : {}) });
  const d = district?.trim();
  if (!d) return result(yibao);
  const wanted = findDistrict(d, py);
  const named = mentions(d, py);
  const hits = yibao.filter((y) => (wanted ? yibaoDistrict(y) === wanted : named(yibaoName(y))));
  const order = (s: string) => (DISTRICTS as readonly string[]).indexOf(s);
  const choices = yibao.map(yibaoDistrict).sort((a, b) => order(a) - order(b)).join('、');
  return hits.length ? result(hits) : result([], msg.noYibao(d, choices));
}
