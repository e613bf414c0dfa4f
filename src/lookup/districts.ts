/**
 * Jinan's districts and the names people use for them: with or without 区/县 (章丘 = 章丘区), old names
 * (莱城区 is the former name of 莱芜区, 济阳县 became 济阳区, 章丘市 became 章丘区), 南山 = 南部山区.
 */
import { pinyinEquals, pinyinKey, type Readings } from './match.js';
export const DISTRICTS = [
  '历下区', '市中区', '槐荫区', '天桥区', '历城区', '长清区', '章丘区', '济阳区', '莱芜区', '钢城区',
  '平阴县', '商河县', '高新区', '南部山区',
] as const;

const ALIASES: Record<string, string> = {
  南山: '南部山区',
  南山区: '南部山区',
  南部山区管委会: '南部山区',
  莱城: '莱芜区',
  莱城区: '莱芜区',
  莱芜高新区: '莱芜区',
  济阳县: '济阳区',
  章丘市: '章丘区',
  长清县: '长清区',
  平阴区: '平阴县',
  商河区: '商河县',
  高新技术产业开发区: '高新区',
};

/** A district without its 区/县 suffix (章丘区 → 章丘): how callers usually say it. */
export function districtStem(d: string): string {
  return d.replace(/(?:区|县)$/, '');
}

const LOOKUP = new Map<string, string>();
for (const d of DISTRICTS) {
  LOOKUP.set(d, d);
  LOOKUP.set(districtStem(d), d);
}
for (const [alias, d] of Object.entries(ALIASES)) LOOKUP.set(alias, d);

/** The canonical district for a name a user typed, or undefined if it names no Jinan district. */
export function normalizeDistrict(input: string): string | undefined {
  const s = input.replace(/\s+/g, '').replace(/^(?:山东省)?济南市?/, '');
  if (!s) return undefined;
  return LOOKUP.get(s);
}

/** Every spelling normalizeDistrict accepts, for did-you-mean suggestions. */
export function districtSpellings(): string[] {
  return [...LOOKUP.keys()];
}

/** The district a name typed as pinyin reads as (lixia → 历下区, laiwu → 莱芜区, nanbushanqu → 南部山区). */
function districtFromPinyin(input: string, py: Readings | undefined): string | undefined {
  const key = py && pinyinKey(input);
  if (!key) return undefined;
  for (const [spelling, d] of LOOKUP) if (pinyinEquals(spelling, key, py)) return d;
  return undefined;
}

/** A district by any of its names, or by its pinyin when the search's readings are given. */
export function findDistrict(input: string, py?: Readings): string | undefined {
  return normalizeDistrict(input) ?? districtFromPinyin(input, py);
}
