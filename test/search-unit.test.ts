import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { buildSearchIndex, createSearcher, searcherFromIndex } from '../src/search/index.js';
import { Analyzer, normalize, splitRuns } from '../src/search/analyzer.js';
import { loadPinyinTable, segmentPinyin } from '../src/search/pinyin.js';
import { answerRunUnits, buildPhraseData, PhraseIndex } from '../src/search/phrase.js';
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
    const [syn] = searcher.search('让老伴去代领社保卡', 1, { explain: true });
    expect(syn?.matched?.some((m) => m.origin.kind === 'synonym')).toBe(true);
  });

  it('createSearcher builds the same index on the spot', () => {
    expect(createSearcher(entries, kb.search).searchFaq('注销', 1)[0]?.entry.id).toBe(searcher.search('注销', 1)[0]?.entry.id);
  });
});

describe('reading what the caller asks', () => {
  const unitsOf = (q: ReturnType<typeof analyzeQuery>, at: number[] | undefined) => at?.map((u) => q.units[u]!.text).join('');

  it('a question word typed by its sound is weak like the word itself, in queries only', () => {
    // 流成 reads liu cheng like 流程 (a weak word): neither character is content.
    expect(analyzeQuery('新生儿办卡流成').units.map((u) => u.text).join('')).toBe('新生儿办卡');
    expect(analyzeQuery('新生儿办卡流程').units.map((u) => u.text).join('')).toBe('新生儿办卡');
    // A phrase of an entry is spelt right: its characters are not read by sound.
    expect(analyzer.phrase('流成').slots).toEqual(['流', '成']);
  });

  it('a time question word with more after it is the asked-for part; at the end it is not singled out', () => {
    const q = analyzeQuery('社保卡多久能拿到');
    expect(unitsOf(q, q.timeAsk)).toBe('多久');
    expect(analyzeQuery('社保卡要办多久').timeAsk).toBeUndefined();
    expect(analyzeQuery('社保卡丢了怎么办').timeAsk).toBeUndefined();
  });

  it('three content characters give the bigram of the first and the third (an abbreviation)', () => {
    const terms = analyzeQuery('解除绑定').terms;
    const skip = terms.find((t) => t.term === 'b:解绑');
    expect(skip?.origin).toEqual({ kind: 'synonym', said: '解除绑', means: '解绑' });
    expect(skip!.weight).toBeLessThan(terms.find((t) => t.term === 'b:解除')!.weight);
    // Not across a particle: 卡的丢 gives no 卡丢 this way (the break stops it).
    expect(analyzeQuery('卡的丢').terms.map((t) => t.term)).not.toContain('b:卡丢');
  });

  it('a sound of two characters is kept only when the index has a word sharing one of them', () => {
    const known = (t: string) => ['b:社保', 'b:费记'].includes(t);
    const terms = (text: string) => analyzer.query(text, undefined, known).terms.map((t) => t.term);
    // 社宝 → she|bao: 社保 keeps 社. 飞机 → fei|ji: 费记 shares neither character.
    expect(terms('社宝')).toContain('q:she|bao');
    expect(terms('飞机')).not.toContain('q:fei|ji');
    // Without the index's vocabulary every sound is kept.
    expect(analyzeQuery('飞机').terms.map((t) => t.term)).toContain('q:fei|ji');
  });

  it('runs of the query found word for word in a text, of three content characters or more', () => {
    const q = analyzeQuery('药店说我是异地人员');
    const got = answerRunUnits(q, normalize('在医药机构使用时提示异地人员，属于医保部门答复。'));
    expect([...got].map((u) => q.units[u]!.text).join('')).toBe('异地人员');
    // Two characters in common are not a run; nor are scattered characters.
    expect(answerRunUnits(analyzeQuery('异地'), '异地备案').size).toBe(0);
    expect(answerRunUnits(q, normalize('人员信息在异地')).size).toBe(0);
  });

  it('the pinyin table gives the characters of a syllable', () => {
    expect(table.chars('bao')).toContain('保');
    expect(table.chars('bao')).toContain('宝');
    expect(table.chars('xyz')).toBe('');
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
