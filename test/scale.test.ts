/**
 * The index builds in bounded memory at a whole hotline's scale (issue 12), and reads back exactly what
 * was built: lists sorted out in several passes, lists kept in pages, entry counts and "has the entry
 * this term" without a set per term, the content key of a file read piece by piece.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fieldLists } from '../src/search/build.js';
import { EncodedLists, IndexReader, writeIndex, type TermLists } from '../src/search/store.js';
import { Ranker, FIELDS, type FieldName } from '../src/search/rank.js';
import { contentKey } from '../src/kb/userCache.js';
import { DATA_FILES } from '../src/kb/dataFiles.js';
import { ROOT } from './helpers/cli.js';

const docsArb = fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'), { maxLength: 12 }), { maxLength: 40 });

/** Each term's (entry, frequency) pairs, counted plainly. */
function plainLists(docs: string[][]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  docs.forEach((terms, doc) => {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      const l = out.get(t) ?? [];
      l.push(doc, n);
      out.set(t, l);
    }
  });
  return out;
}

describe('index build at scale', () => {
  it('sorts field lists out in several passes exactly as in one', () => {
    fc.assert(
      fc.property(docsArb, fc.integer({ min: 1, max: 8 }), (docs, pass) => {
        const got = (p?: number) => {
          const m = new Map<string, number[]>();
          fieldLists(docs, (t, pairs) => m.set(t, [...pairs]), p);
          return m;
        };
        const want = plainLists(docs);
        const one = got();
        expect(new Map([...one].sort())).toEqual(new Map([...want].sort()));
        expect(got(pass)).toEqual(one);
      }),
    );
  });

  it('reads back every list kept in pages, short ones sharing a page and long ones on their own', () => {
    const lists = new EncodedLists('answer');
    const want = new Map<string, number[]>();
    // 3,000 short lists fill several 1 MB pages; two lists of 300,000 numbers are longer than a quarter page.
    for (let t = 0; t < 3000; t++) want.set(`t${t}`, Array.from({ length: 2 * (1 + (t % 200)) }, (_, i) => (i % 2 ? 1 + (t % 7) : i * 3 + t)));
    want.set('long1', Array.from({ length: 300_000 }, (_, i) => (i % 2 ? 2 : i * 5)));
    want.set('long2', Array.from({ length: 300_000 }, (_, i) => (i % 2 ? 70_000 : i)));
    for (const [t, l] of want) lists.add(t, l);
    const reader = new IndexReader(
      writeIndex({
        header: { version: 0, idsCheck: '', fields: { question: { docLen: [], avgLen: 1 }, aliases: { docLen: [], avgLen: 1 }, answer: { docLen: [], avgLen: 1 } }, pinyin: {}, unigramDf: {}, knowledge: {} as never },
        terms: new Map(),
        slots: [],
        encoded: { answer: lists },
      }),
    );
    for (const [t, l] of want) expect([...reader.lists(t)!.answer], t).toEqual(l);
  });

  it('counts entries with a term and tells whether an entry has it, as a plain count does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(docsArb, docsArb, docsArb), { minLength: 1, maxLength: 1 }), ([[q, a, ans]]) => {
        const n = Math.max(q.length, a.length, ans.length, 1);
        const pad = (d: string[][]) => [...d, ...Array.from({ length: n - d.length }, () => [])];
        const per: Record<FieldName, Map<string, number[]>> = { question: plainLists(pad(q)), aliases: plainLists(pad(a)), answer: plainLists(pad(ans)) };
        const postings = (term: string) => {
          if (!FIELDS.some((f) => per[f].has(term))) return undefined;
          return Object.fromEntries(FIELDS.map((f) => [f, per[f].get(term) ?? []])) as unknown as TermLists;
        };
        const stats = { docLen: Array(n).fill(1), avgLen: 1 };
        const ranker = new Ranker({ question: stats, aliases: stats, answer: stats }, postings);
        for (const term of 'abcdefghij') {
          const docs = new Set(FIELDS.flatMap((f) => (per[f].get(term) ?? []).filter((_, i) => i % 2 === 0)));
          const df = docs.size;
          expect(ranker.idf(term)).toBe(df === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5)));
          for (let doc = 0; doc < n; doc++) expect(ranker.has(doc, term)).toBe(docs.has(doc));
        }
      }),
    );
  });
});

describe('user cache key of a large data file', () => {
  it('changes with a same-size, same-time edit past the first piece read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sbk-key-'));
    for (const f of DATA_FILES) cpSync(path.join(ROOT, f), path.join(dir, f));
    const faq = path.join(dir, 'faq.yaml');
    // Over a MB, so the edited byte is far past the first 256 KB piece.
    const text = readFileSync(faq, 'utf8') + `\n# ${'注'.repeat(400_000)}x\n`;
    writeFileSync(faq, text);
    const st = statSync(faq);
    const before = contentKey(dir);
    writeFileSync(faq, text.replace(/x\n$/, 'y\n'));
    utimesSync(faq, st.atime, st.mtime);
    expect(statSync(faq).size).toBe(st.size);
    expect(contentKey(dir)).not.toBe(before);
  });
});
