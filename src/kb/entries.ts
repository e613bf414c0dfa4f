/**
 * FAQ entries read from the cache one by one, when they are used. A one-shot search or `show` of a
 * knowledge base of 20,000 entries uses a handful of them; parsing all (12 MB of JSON) cost more than
 * the rest of the run. The list looks and behaves like the array of entries it stands for (indexing,
 * length, iteration, find, map, JSON), and an entry, once read, is the same object every time.
 * Looking an entry up by id uses the ids, read with the list, and parses only the entry found.
 *
 * Pure (no I/O of its own: `load` reads).
 */
import type { FaqEntry } from './schema.js';

/** The entry ids of a list made by lazyEntries (index order). */
const IDS = Symbol('sbk.entryIds');

const indexOf = (key: string | symbol, length: number): number => {
  if (typeof key !== 'string') return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < length && String(i) === key ? i : -1;
};

/** Entries with ids `ids`, entry `i` made by `load(i)` the first time it is asked for. */
export function lazyEntries(ids: readonly string[], load: (i: number) => FaqEntry): FaqEntry[] {
  const held: (FaqEntry | undefined)[] = new Array<FaqEntry | undefined>(ids.length).fill(undefined);
  const at = (i: number) => held[i] ?? (held[i] = load(i));
  return new Proxy(held, {
    get(t, key, receiver) {
      const i = indexOf(key, t.length);
      if (i >= 0) return at(i);
      if (key === IDS) return ids;
      return Reflect.get(t, key, receiver);
    },
    getOwnPropertyDescriptor(t, key) {
      const d = Reflect.getOwnPropertyDescriptor(t, key);
      const i = indexOf(key, t.length);
      if (d && i >= 0) d.value = at(i);
      return d;
    },
  }) as FaqEntry[];
}

/** The ids of the entries, in order, without reading the entries of a lazy list. */
export function entryIds(entries: readonly FaqEntry[]): readonly string[] {
  return (entries as unknown as { [IDS]?: readonly string[] })[IDS] ?? entries.map((e) => e.id);
}

const INDEXES = new WeakMap<readonly FaqEntry[], Map<string, number>>();

/** Position of each id (the first, were an id repeated), made once per list. */
function idIndex(entries: readonly FaqEntry[]): ReadonlyMap<string, number> {
  let index = INDEXES.get(entries);
  if (!index) {
    index = new Map();
    entryIds(entries).forEach((id, i) => {
      if (!index!.has(id)) index!.set(id, i);
    });
    INDEXES.set(entries, index);
  }
  return index;
}

/** The entry with this id (only that entry is read). */
export function entryById(entries: readonly FaqEntry[], id: string): FaqEntry | undefined {
  const i = idIndex(entries).get(id);
  return i === undefined ? undefined : entries[i];
}
