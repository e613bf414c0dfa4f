/**
 * The build-time cache (dist/cache/) only ever makes sbk faster: a stale, damaged or missing cache
 * gives the answers the YAML gives. And the index format holds a knowledge base of any size.
 *
 * Each case edits or breaks the cache of an installed copy; runs are in-process as that copy's
 * bin/sbk.js would run (helpers/inproc.ts sbkFresh: its package root, sbk's modules loaded anew per run,
 * so every run reads the copy's dist/cache from disk). One real run of the copy checks the same.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { blocksHead, CacheDamaged, openBlocks, writeBlocks } from '../src/kb/blocks.js';
import { checksum } from '../src/kb/open.js';
import path from 'node:path';
import { installedCopy, sbkIn } from './helpers/installed.js';
import { sbkFresh } from './helpers/inproc.js';
import { IndexReader, writeIndex } from '../src/search/store.js';
import { entryById, entryIds, lazyEntries } from '../src/kb/entries.js';
import { parseYamlFile } from '../src/kb/yamlFile.js';
import { faqFileSchema, type FaqEntry } from '../src/kb/schema.js';
import { ROOT } from './helpers/cli.js';

const QUERIES = ['社保卡丢了', '密码锁了怎么办', '工行网点', '异地就医备案', '新生儿办卡', '卡被冻结', '电子社保卡怎么领', '68967600'];

/** `sbk <args>` of the installed copy in `dir`, in-process; its user cache inside the copy (as sbkIn). */
async function run(dir: string, args: string[], input?: string) {
  const r = await sbkFresh(args, { installedAt: dir, input, env: { NO_COLOR: '1' }, processEnv: { XDG_CACHE_HOME: path.join(dir, '.user-cache') } });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** Answers for a fixed set of questions in one run: the batch mode. */
const answers = (dir: string) => run(dir, ['search', '--json'], QUERIES.join('\n') + '\n');

describe('index format', () => {
  it('holds lists longer than 65,535 numbers and numbers above 65,535 (a knowledge base of 20,000+ entries)', () => {
    const long = Array.from({ length: 70_000 }, (_, i) => i * 3);
    const bytes = writeIndex({
      header: { version: 0, idsCheck: '', fields: {} as never, pinyin: {}, unigramDf: {} },
      terms: new Map([
        ['b:社保', { question: long, phrases: [1, 2] }],
        ['b:挂失', { answer: [70_000, 1] }],
      ]),
      slots: [],
    });
    const reader = new IndexReader(bytes);
    expect(Array.from(reader.lists('b:社保')!.question)).toEqual(long);
    expect(Array.from(reader.lists('b:社保')!.phrases)).toEqual([1, 2]);
    expect(Array.from(reader.lists('b:挂失')!.answer)).toEqual([70_000, 1]);
    expect(reader.lists('b:火星')).toBeUndefined();
  });

  it('keeps lists in any order and numbers up to 2^32 - 1 (entries are written as differences)', () => {
    const header = { version: 0, idsCheck: '', fields: {} as never, pinyin: {}, unigramDf: {} };
    const lists = { question: [9, 1, 3, 2, 3, 7, 0, 1], aliases: [0xffffffff, 1, 0, 0xfffffffe], answer: [], phrases: [5, 0, 0xffffffff, 2] };
    const reader = new IndexReader(writeIndex({ header, terms: new Map([['u:卡', lists]]), slots: [] }));
    const got = reader.lists('u:卡')!;
    for (const [name, list] of Object.entries(lists)) expect(Array.from(got[name as keyof typeof got]), name).toEqual(list);
    expect(() => writeIndex({ header, terms: new Map([['u:卡', { question: [2 ** 32] }]]), slots: [] })).toThrow(/out of range/);
  });

  it('reads an index whose numbers all fit in 16 bits the same way', () => {
    const reader = new IndexReader(writeIndex({ header: { version: 0, idsCheck: '', fields: {} as never, pinyin: {}, unigramDf: {} }, terms: new Map([['b:社保', { question: [3, 1, 65_535, 2] }]]), slots: ['x'] }));
    expect(Array.from(reader.lists('b:社保')!.question)).toEqual([3, 1, 65_535, 2]);
    expect(reader.lists('b:社保')!.answer).toHaveLength(0);
    expect(reader.slots(0)).toBe('x');
  });
});

describe('dist/cache', () => {
  it('answers from the edited data file, not the cache, after a same-size edit that keeps the file time', async () => {
    const dir = installedCopy();
    try {
      const edit = (file: string, from: string, to: string) => {
        const p = path.join(dir, file);
        const text = readFileSync(p, 'utf8');
        expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
        cpSync(p, `${p}.orig`);
        spawnSync('touch', ['-r', p, `${p}.orig`]);
        writeFileSync(p, text.replace(from, to));
        // touch -r: the edited file gets the old time back, to the nanosecond.
        spawnSync('touch', ['-r', `${p}.orig`, p]);
        expect(statSync(p).mtimeMs).toBe(statSync(`${p}.orig`).mtimeMs);
      };
      expect((await run(dir, ['show', 'lost-card'])).stdout).toContain('临时挂失电话：68967600');
      edit('faq.yaml', '临时挂失电话：68967600', '临时挂失电话：68967609');
      edit('banks.yaml', 'customer_service: ["95588"]', 'customer_service: ["95580"]');
      const show = await run(dir, ['show', 'lost-card']);
      expect(show.stdout).toContain('临时挂失电话：68967609');
      // The copy's own bin/sbk.js (the bundle) says the same.
      expect(sbkIn(dir, ['show', 'lost-card'])).toEqual(show);
      expect((await run(dir, ['search', '社保卡丢了', '--json'])).stdout).toContain('68967609');
      const banks = await run(dir, ['banks', '工行', '--format', 'tsv']);
      expect(banks.stdout).toContain('95580');
      expect(banks.stdout).not.toContain('95588');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('notices a damaged search index and answers as from the YAML', async () => {
    const dir = installedCopy();
    try {
      const intact = await answers(dir);
      expect(intact.code).toBe(0);
      const file = path.join(dir, 'dist', 'cache', 'search.bin');
      const bytes = readFileSync(file);
      // Zero a stretch of the postings, past the header: a scrambled index still reads as one.
      bytes.fill(0, 200_000, 400_000);
      writeFileSync(file, bytes);
      expect(await answers(dir)).toEqual(intact);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // 农行 is answered by a table row (a bank): with tables.json or table-names.json missing it must still be found.
  const calls = [['search', '社保卡丢了', '--json'], ['search', '章丘区社保经办机构电话', '--json'], ['search', '农行', '--json'], ['show', 'lost-card'], ['banks', '工行'], ['tree', 'lost-card', '--describe', '--json']];
  /** What the intact cache answers (the same for every copy: they are copies of one build). */
  let intact: Awaited<ReturnType<typeof run>>[] | undefined;
  it.each(['search.bin', 'faq.bin', 'tables.json', 'table-names.json', 'trees.json', 'meta.json'])('answers as from the YAML when %s is missing', async (part) => {
    const dir = installedCopy();
    try {
      if (!intact) {
        intact = [];
        for (const args of calls) intact.push(await run(dir, args));
      }
      const expected = intact;
      for (const r of expected) expect(r.code).toBe(0);
      rmSync(path.join(dir, 'dist', 'cache', part));
      for (const [i, args] of calls.entries()) expect(await run(dir, args), args.join(' ')).toEqual(expected[i]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cache parts read by the block', () => {
  /** The offset of a block file's body (past its head, which meta.json checks). */
  const bodyAt = (b: Buffer) => Math.ceil((8 + b.readUInt32LE(4)) / 8) * 8;

  it.each([
    ['faq.bin', ['show', 'lost-card']],
    ['faq.bin', ['search', '社保卡丢了', '--json']],
    ['search.bin', ['search', '社保卡丢了', '--json']],
    ['search.bin', ['search', '密码锁了怎么办']],
  ])('answers as from the YAML when the blocks of %s that `sbk %s` reads are damaged', async (part, args) => {
    const dir = installedCopy();
    try {
      const intact = await run(dir, args);
      expect(intact.code).toBe(0);
      const file = path.join(dir, 'dist', 'cache', part);
      const bytes = readFileSync(file);
      // The head (and so meta.json's check of it) stays intact: the damage shows only block by block.
      bytes.fill(0x20, bodyAt(bytes));
      writeFileSync(file, bytes);
      expect(await run(dir, args)).toEqual(intact);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the entries as the list they stand for, and parses only those used', () => {
    const all = [
      { id: 'a', question: 'A？' },
      { id: 'b', question: 'B？' },
      { id: 'c', question: 'C？' },
    ] as unknown as FaqEntry[];
    const loaded: number[] = [];
    const lazy = lazyEntries(['a', 'b', 'c'], (i) => (loaded.push(i), { ...all[i]! }));
    expect(entryById(lazy, 'c')?.question).toBe('C？');
    expect(entryIds(lazy)).toEqual(['a', 'b', 'c']);
    expect(lazy.length).toBe(3);
    expect(loaded).toEqual([2]);
    expect(lazy[2]).toBe(lazy[2]);
    expect(lazy.find((e) => e.id === 'b')?.question).toBe('B？');
    expect(lazy.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect([...lazy].map((e) => e.question)).toEqual(['A？', 'B？', 'C？']);
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(all);
    expect(Array.isArray(lazy) && 1 in lazy && !(3 in lazy)).toBe(true);
    expect(entryById(lazy, 'z')).toBeUndefined();
  });
});

describe('faq.yaml read item by item', () => {
  const whole = (text: string) => parseYamlFile('faq.yaml', text, faqFileSchema);
  const split = (text: string) => parseYamlFile('faq.yaml', text, faqFileSchema, { splitList: 'entries' });
  const entry = (id: string, extra = '') => `  - id: ${id}\n    category: 申领\n    question: "${id}？"\n    answer: |-\n      第一行\n      - 不是新条目\n    source_line: 1\n${extra}`;
  const lines = (r: ReturnType<typeof whole>, paths: (string | number)[][]) => paths.map((p) => r.lineOf(p));

  it('gives the data, problems and lines the whole-file parse gives, on the shipped faq.yaml', () => {
    const text = readFileSync(path.join(ROOT, 'faq.yaml'), 'utf8');
    const a = split(text);
    const b = whole(text);
    expect(a.data).toEqual(b.data);
    const n = b.data!.entries.length;
    const paths = [[], ['appendix', 0, 'text'], ['entries'], ...Array.from({ length: n }, (_, i) => [['entries', i, 'question'], ['entries', i, 'aliases', 1], ['entries', i, 'none']]).flat()];
    expect(lines(a, paths)).toEqual(lines(b, paths));
  });

  it.each([
    ['a comment between items and a block scalar holding "- " lines', `# c\nentries:\n${entry('a')}  # note\n${entry('b')}appendix: []\n`],
    ['an item that breaks the schema', `entries:\n${entry('a')}${entry('b', '    colour: red\n')}appendix: []\n`],
    ['a YAML syntax error in one item', `entries:\n${entry('a')}${entry('b', '    aliases: [unclosed\n')}appendix: []\n`],
    ['an anchor used in another item', `entries:\n${entry('a', '    aliases: &al ["x"]\n')}${entry('b', '    aliases: *al\n')}`],
    ['a duplicate key', `entries:\n${entry('a', '    question: "again"\n')}appendix: []\n`],
    ['an item less indented than the first', `entries:\n${entry('a')}- id: b\n  category: 申领\n`],
    ['a list at column 0', `entries:\n- id: a\n  category: 申领\n  question: "a"\n  answer: "x"\n  source_line: 1\nappendix: []\n`],
    ['a control character in a value', `entries:\n${entry('a', '    note: "\\e[31m"\n')}`],
  ])('gives the same result as the whole-file parse for %s', (_, text) => {
    const a = split(text);
    const b = whole(text);
    expect(a.data).toEqual(b.data);
    expect(a.problems).toEqual(b.problems);
  });
});

describe('block files', () => {
  it('gives the bytes asked for, reading and checking only their blocks, and refuses a damaged block', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sbk-blocks-'));
    try {
      // Larger than what is read whole on opening: blocks are read as they are asked for.
      const body = Buffer.alloc(3 * 1024 * 1024);
      for (let i = 0; i < body.length; i++) body[i] = (i * 7919) % 251;
      const [head, rest] = writeBlocks(body);
      const file = path.join(dir, 'part.bin');
      writeFileSync(file, Buffer.concat([head, rest]));
      const sum = checksum(blocksHead(head));
      // The last block damaged on disk: the first blocks still read, the damaged one never does.
      const bytes = readFileSync(file);
      bytes[bytes.length - 10] ^= 0xff;
      writeFileSync(file, bytes);
      let damage = 0;
      const src = openBlocks(file, (h) => checksum(h) === sum, () => damage++)!;
      expect(src.length).toBe(body.length);
      expect(Buffer.from(src.read(100, 70_000)).equals(body.subarray(100, 70_000))).toBe(true);
      expect(damage).toBe(0);
      expect(() => src.read(body.length - 20, body.length)).toThrow(CacheDamaged);
      expect(damage).toBe(1);
      expect(() => src.readAll()).toThrow(CacheDamaged);
      // A head that is not the one meta.json recorded: the part is not used at all.
      expect(openBlocks(file, () => false)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an index and its entries', () => {
  it('is not used with entries other than those it was built for (two entries swapped): it is built again', async () => {
    const { loadKnowledgeBase } = await import('../src/kb/load.js');
    const { buildSearchIndex, searcherFromIndex } = await import('../src/search/index.js');
    const kb = loadKnowledgeBase(ROOT);
    const index = buildSearchIndex(kb.faq.entries, kb.search);
    const entries = [...kb.faq.entries];
    const a = entries.findIndex((e) => e.id === 'lost-card');
    const b = entries.findIndex((e) => e.id === 'password-locked');
    [entries[a], entries[b]] = [entries[b]!, entries[a]!];
    // An index used with other entries would give the entry now at lost-card's old place.
    expect(searcherFromIndex(index, entries, { knowledge: kb.search }).searchFaq('社保卡丢了怎么办', 1)[0]?.entry.id).toBe('lost-card');
    expect(searcherFromIndex(index, kb.faq.entries, { knowledge: kb.search }).searchFaq('社保卡丢了怎么办', 1)[0]?.entry.id).toBe('lost-card');
  });
});
