import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { buildSearchIndex, createSearcher, searcherFromIndex } from '../src/search/index.js';
import { Analyzer, normalize, splitRuns } from '../src/search/analyzer.js';
import { loadPinyinTable, segmentPinyin } from '../src/search/pinyin.js';
import { buildPhraseData, PhraseIndex } from '../src/search/phrase.js';
import { IndexReader } from '../src/search/store.js';
import { ROOT } from './helpers/cli.js';

const kb = loadKnowledgeBase(path.join(ROOT));
const entries = kb.faq.entries;
const index = buildSearchIndex(entries, kb.search);
const table = loadPinyinTable(new IndexReader(index).header.pinyin);
const analyzer = new Analyzer(kb.search, table);
const charTerms = (t: string) => analyzer.charTerms(t);
const hanSegments = (t: string) => analyzer.hanSegments(t);
const weakMask = (t: string) => analyzer.weakMask(t);
const analyzeQuery = (t: string, _table?: unknown) => analyzer.query(t);
const mentionsCard = (t: string, y?: string) => analyzer.mentionsCard(t, y);
const searcher = { search: searcherFromIndex(index, entries).searchFaq };

describe('tokenizer', () => {
  it('turns full-width letters and digits into half-width lower case', () => {
    expect(normalize('ＰＩＮ码６次')).toBe('pin码6次');
  });

  it('replaces unpaired surrogates and replacement characters with spaces', () => {
    expect(normalize('卡\ud800丢\ufffd了')).toBe('卡 丢 了');
  });

  it('splits Han, Latin and digit runs and drops punctuation', () => {
    expect(splitRuns(normalize('68967600打不通，app上')).map((r) => [r.kind, r.text])).toEqual([
      ['digit', '68967600'], ['han', '打不通'], ['latin', 'app'], ['han', '上'],
    ]);
  });

  it('makes character bigrams and leaves out stop characters as unigrams', () => {
    const terms = charTerms('社保卡的密码');
    expect(terms).toContain('b:社保');
    expect(terms).toContain('b:保卡');
    expect(terms).toContain('b:密码');
    expect(terms).not.toContain('b:卡的');
    expect(terms).not.toContain('u:的');
  });

  it('cuts Han runs at particles and pronouns', () => {
    expect(hanSegments('我的卡丢了吗')).toEqual(['卡丢了']);
  });

  it('marks question words as weak', () => {
    expect(weakMask('社保卡怎么办')).toEqual([false, false, false, true, true, true]);
  });
});

describe('pinyin', () => {
  it('reads the characters of the corpus and common typos', () => {
    expect(table.reading('社')).toBe('she');
    expect(table.reading('宝')).toBe('bao');
    expect(table.reading('保')).toBe('bao');
    expect(table.reading('x')).toBeUndefined();
  });

  it('splits full pinyin into syllables with as few pieces as possible', () => {
    expect(segmentPinyin('shebaoka', table).map((u) => u.syllable)).toEqual(['she', 'bao', 'ka']);
    expect(segmentPinyin('xian', table).map((u) => u.syllable)).toEqual(['xian']);
  });

  it('takes letters that start no syllable as initials', () => {
    expect(segmentPinyin('sbk', table)).toEqual([{ initial: 's' }, { initial: 'b' }, { initial: 'k' }]);
  });

  it('gives a homophone typo the same pinyin terms as the right word', () => {
    const typo = analyzeQuery('社宝卡', table).terms.map((t) => t.term);
    expect(typo).toContain('q:she|bao');
    expect(typo).toContain('q:bao|ka');
  });

  it('keeps the syllables of Latin input, so card words typed as pinyin anchor the query', () => {
    const q = analyzeQuery('mima chongzhi', table);
    expect(q.syllables).toBe(' mi ma chong zhi ');
    expect(mentionsCard(q.text, q.syllables)).toBe(true);
    expect(mentionsCard('gongjijin tiqu', analyzeQuery('gongjijin tiqu', table).syllables)).toBe(false);
  });

  it('reads Latin input as pinyin, and initials as the whole word they spell', () => {
    expect(analyzeQuery('mima suole', table).terms.map((t) => t.term)).toContain('q:mi|ma');
    const sbk = analyzeQuery('sbk', table).terms;
    expect(sbk.map((t) => t.term)).toContain('b:社保');
    expect(sbk.filter((t) => t.term !== 'w:sbk').every((t) => t.origin.kind === 'initials')).toBe(true);
    // Letters that spell no whole phrase stand for nothing (a run inside them is not read as initials).
    expect(analyzeQuery('zxddcrkfr', table).terms.map((t) => t.term)).toEqual(['w:zxddcrkfr']);
  });
});

describe('closeness to an entry\'s phrasings', () => {
  const texts = [['社保卡丢了怎么办？'], ['社保卡注销如何办理？', '不用的社保卡怎么销掉']];
  const data = buildPhraseData(texts, analyzer);
  const phrases = new PhraseIndex({ postings: (t) => data.postings.get(t), slots: (d) => data.slots[d] ?? '' }, () => 1);
  const close = (query: string, doc: number) => {
    const q = analyzeQuery(query, table);
    return phrases.closeness(q, [doc], q.units.map((u) => u.weight)).get(doc)!;
  };

  it('is 1 for the phrase itself and 0 for nothing in common', () => {
    expect(close('社保卡丢了怎么办', 0)).toBeCloseTo(1);
    expect(close('公积金提取', 0)).toBe(0);
  });

  it('takes the best phrase of an entry, and matches pinyin and homophones as characters', () => {
    expect(close('社保卡注销', 1)).toBeGreaterThan(close('社保卡注销', 0));
    expect(close('shebaoka zhuxiao', 1)).toBeGreaterThan(0.8);
    expect(close('社保卡注消', 1)).toBeGreaterThan(0.5);
  });

  it('counts both ways: a query that says more than the phrase is less close', () => {
    expect(close('社保卡丢了', 0)).toBeGreaterThan(close('社保卡丢了在外地出差补办', 0));
  });
});

describe('search index', () => {
  it('reads the same from bytes at any position (a buffer from a pool may start anywhere)', () => {
    const shifted = new Uint8Array(index.length + 3);
    shifted.set(index, 3);
    const again = searcherFromIndex(shifted.subarray(3), entries);
    for (const q of ['卡丢了', '密码锁了', 'sbk jh', '三代卡', '社宝卡注消']) {
      expect(again.searchFaq(q, 5)).toEqual(searcher.search(q, 5));
    }
  });

  it('finds every term it was built with, and nothing else', () => {
    const reader = new IndexReader(index);
    expect(reader.lists('b:挂失')?.question.length).toBeGreaterThan(0);
    expect(reader.lists('d:68967600')?.answer.length).toBeGreaterThan(0);
    expect(reader.lists('b:挂失')?.phrases.length).toBeGreaterThan(0);
    expect(reader.lists('b:火星')).toBeUndefined();
    const lost = entries.findIndex((e) => e.id === 'lost-card');
    expect(reader.slots(lost).split(/[\t\n]/)).toContain('丢');
  });

  it('rebuilds when the prebuilt index does not match the entries, or is not an index', () => {
    for (const bad of [buildSearchIndex(entries.slice(1), kb.search), Buffer.from('not an index'), index.subarray(0, index.length >> 1), new Uint8Array()]) {
      expect(searcherFromIndex(bad, entries, { knowledge: kb.search }).searchFaq('社保卡丢了', 1)[0]?.entry.id).toBe('lost-card');
    }
  });

  it('gives scores between 0 and 1, best first', () => {
    const results = searcher.search('社保卡密码', 5);
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) expect(r.score).toBeGreaterThanOrEqual(0);
    for (const r of results) expect(r.score).toBeLessThanOrEqual(1);
    for (let i = 1; i < results.length; i++) expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
  });

  it('respects the limit', () => {
    expect(searcher.search('社保卡', 2)).toHaveLength(2);
    expect(searcher.search('社保卡', 0)).toHaveLength(0);
  });

  it('returns nothing for empty, punctuation-only and filler-only queries', () => {
    for (const q of ['', '   ', '？！。', '请问一下', '怎么办']) expect(searcher.search(q, 5)).toEqual([]);
  });

  it('explains which terms matched and where they came from', () => {
    const [best] = searcher.search('shebaoka guashi', 1, { explain: true });
    expect(best?.matched?.some((m) => m.origin.kind === 'pinyin')).toBe(true);
    const [syn] = searcher.search('网上申请的卡想撤回', 1, { explain: true });
    expect(syn?.matched?.some((m) => m.origin.kind === 'synonym')).toBe(true);
  });

  it('createSearcher builds the same index on the spot', () => {
    expect(createSearcher(entries, kb.search).searchFaq('注销', 1)[0]?.entry.id).toBe(searcher.search('注销', 1)[0]?.entry.id);
  });
});

describe('any input', () => {
  it('returns a list without throwing for any Unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 0, max: 20 }), (s, limit) => {
        const r = searcher.search(s, limit);
        expect(Array.isArray(r)).toBe(true);
        expect(r.length).toBeLessThanOrEqual(limit);
        for (const x of r) expect(x.score).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('copes with mixed Han, pinyin and digits', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('社', '保', '卡', 'sbk', 'diu', ' ', '6', '丢', '了', '？', 'ü', '𠀀'), { maxLength: 40 }), (parts) => {
        expect(() => searcher.search(parts.join(''), 5, { explain: true })).not.toThrow();
      }),
    );
  });

  it('handles a very long line', () => {
    expect(() => searcher.search('社保卡丢了'.repeat(200_000), 5)).not.toThrow();
  });
});
