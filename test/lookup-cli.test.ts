/**
 * The lookup commands as a user runs them: every format, the same rows in JSON, CSV and TSV, tables
 * aligned with Chinese text at 80 and 160 columns, misses with exit 1 and a message on stderr.
 * Runs in-process with a fake terminal (test/helpers/inproc.ts): a pipe unless a case says otherwise.
 */
import { createRequire } from 'node:module';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { drawGrid, wrapCell } from '../src/render/table.js';
import { ROOT } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';

const ANSI = /\u001b\[[\d;]*m/g;

/** RFC 4180 parser: quoted fields may hold commas, quotes ("") and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length) throw new Error('CSV does not end with CRLF');
  return records;
}

/** A JSON row as CSV/TSV text: null is empty, booleans and numbers as written. */
function asText(row: Record<string, unknown>): Record<string, string> {
  // A list (phones) is one cell, its items joined with 、 (a bank's branches with ；).
  const text = (k: string, v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(k === 'branches' ? '；' : '、') : String(v));
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(k, v)]));
}

async function json(args: string[]): Promise<Record<string, unknown>[]> {
  const r = await sbk([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

const COMMANDS: string[][] = [['banks'], ['outlets'], ['offices'], ['offices', '--yibao'], ['phones', '建行']];

describe('formats', () => {
  it.each(COMMANDS)('%s: CSV and TSV hold the same rows as JSON', async (...args) => {
    const rows = await json(args);
    const csv = await sbk([...args, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const [header, ...records] = parseCsv(csv.stdout);
    expect(header).toEqual(Object.keys(rows[0]!));
    expect(records.map((rec) => Object.fromEntries(header!.map((h, i) => [h, rec[i]])))).toEqual(rows.map(asText));

    const tsv = await sbk([...args, '--format', 'tsv']);
    expect(tsv.code).toBe(0);
    const lines = tsv.stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]!.split('\t')).toEqual(header);
    lines.slice(1).forEach((line, i) => {
      const fields = line.split('\t');
      expect(fields).toHaveLength(header!.length);
      expect(Object.fromEntries(header!.map((h, j) => [h, fields[j]]))).toEqual(asText(rows[i]!));
    });
  });

  it('--json is --format json and conflicts with another format', async () => {
    expect((await sbk(['outlets', '经八路', '--json'])).stdout).toBe((await sbk(['outlets', '经八路', '--format', 'json'])).stdout);
    const r = await sbk(['outlets', '--json', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--json 和 --format csv 不能同时使用');
  });

  it('rejects an unknown format with exit 2', async () => {
    const r = await sbk(['banks', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('table');
  });

  it('JSON row counts are the data counts', async () => {
    const kb = loadKnowledgeBase(ROOT);
    expect(await json(['outlets'])).toHaveLength(78);
    expect(await json(['banks'])).toHaveLength(7);
    expect(await json(['offices'])).toHaveLength(15);
    expect(await json(['offices', '--yibao'])).toHaveLength(kb.offices.yibao.length);
  });
});

describe('terminal tables', () => {
  // sbk draws its own borders (src/render/table.ts); cli-table3, the library it replaced for speed, is
  // the reference for the layout: the same cells must give the same bytes.
  it('draws the data\'s cells exactly as cli-table3 does', () => {
    const require = createRequire(`${ROOT}/package.json`);
    const Table = require('cli-table3') as new (o: object) => { push(r: string[]): void; toString(): string };
    const ascii = {
      top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+', bottom: '-', 'bottom-mid': '+', 'bottom-left': '+',
      'bottom-right': '+', left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|',
    };
    const kb = loadKnowledgeBase(ROOT);
    const rows = kb.banks.outlets.map((o) => [o.name, o.address, o.district ?? '']);
    for (const widths of [[10, 12, 6], [20, 30, 8], [4, 4, 4]]) {
      const cells = rows.map((r) => r.map((text, i) => wrapCell(text, widths[i]!)));
      const table = new Table({ colWidths: widths.map((w) => w + 2), wordWrap: false, chars: ascii, style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 } });
      for (const r of cells) table.push(r.map((lines) => lines.join('\n')));
      expect(drawGrid(widths, cells), widths.join(',')).toBe(`${table.toString()}\n`);
    }
  });

  it.each([80, 160])('every line of every table has the same display width, at most %i columns', async (width) => {
    for (const args of [['banks', '--format', 'table'], ['outlets', '--district', '莱芜', '--format', 'table'], ['offices', '--yibao', '--format', 'table'], ['phones', '章丘', '--format', 'table']]) {
      const r = await sbk(args, { width });
      expect(r.code).toBe(0);
      const lines = r.stdout.replace(/\n$/, '').split('\n');
      // The table's lines, then footnotes (注：...) for rows with a note in the data.
      const notesAt = lines.findIndex((l) => l.startsWith('注：'));
      const table = notesAt < 0 ? lines : lines.slice(0, notesAt);
      const widths = new Set(table.map((l) => stringWidth(l)));
      expect([...widths], args.join(' ')).toHaveLength(1);
      expect([...widths][0]!, args.join(' ')).toBeLessThanOrEqual(width);
      for (const l of lines.slice(table.length)) expect(stringWidth(l), l).toBeLessThanOrEqual(width + 2);
    }
  });

  it('shows each bank as a short card: every bank and number whole, a list item never split, within the width', async () => {
    const banks = JSON.parse((await sbk(['banks', '--json'])).stdout) as { name: string; customer_service: string[]; card_check: string[]; branches: string[] }[];
    for (const width of [80, 60, 40]) {
      const r = await sbk(['banks'], { width, env: { NO_COLOR: '1' } });
      expect(r.code).toBe(0);
      const lines = r.stdout.replace(/\n$/, '').split('\n');
      // Without --notes nothing follows the cards.
      const cards = lines;
      expect(r.stdout).not.toContain('注：');
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
      for (const b of banks) {
        const at = cards.findIndex((l) => l.startsWith(`${b.name} `) || l === b.name);
        expect(at, b.name).toBeGreaterThanOrEqual(0);
        const card = cards.slice(at, cards.findIndex((l, i) => i > at && !l.startsWith(' ')) >>> 0).join('\n');
        for (const n of [...b.customer_service, ...b.card_check]) expect(card, `${b.name} ${n}`).toContain(n);
        // A branch's name and number stay on one line.
        for (const item of b.branches) expect(card.split('\n').some((l) => l.includes(item)), item).toBe(true);
      }
      // Three rows a bank where the grid took four to seven.
      if (width === 80) expect(cards.length).toBeLessThanOrEqual(banks.length * 3 + 6);
    }
    expect((await sbk(['banks', '--format', 'table'], { width: 80 })).stdout).toMatch(/^\+-+\+/);
  });

  it('shows phones and offices as short cards: one number or office a card, every field there, within the width', async () => {
    const hotline = await sbk(['phones', '68967600'], { width: 80, env: { NO_COLOR: '1' } });
    const lines = hotline.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^0531-68967600 {2}单位：社保卡服务电话/);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(hotline.stdout).toContain('按1');
    for (const [args, limit] of [[['offices', '--yibao'], 1], [['offices'], 3]] as const) {
      const rows = JSON.parse((await sbk([...args, '--json'])).stdout) as { name: string; phones: string[]; address?: string }[];
      for (const width of [80, 60]) {
        const r = await sbk([...args], { width, env: { NO_COLOR: '1' } });
        const out = r.stdout.trimEnd().split('\n');
        for (const l of out) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
        if (width === 80) expect(out.length, args.join(' ')).toBeLessThanOrEqual(rows.length * limit);
        const joined = r.stdout.replace(/\n\s+/g, '');
        for (const o of rows) {
          expect(out.some((l) => l.startsWith(`${o.name} `)), o.name).toBe(true);
          for (const p of o.phones) expect(joined).toContain(p);
          if (o.address) expect(joined).toContain(o.address);
        }
      }
    }
  });

  it('wraps long addresses instead of cutting them', async () => {
    const address = '济南市莱芜区经济技术开发区汶水大街劳动就业办公室办公大楼西附楼';
    const grid = await sbk(['outlets', '龙园', '--format', 'table'], { width: 80 });
    expect(grid.stdout.split('\n').map((l) => l.split('|')[4]?.trim() ?? '').join('')).toContain(address);
    for (const width of [40, 60, 80]) {
      const list = await sbk(['outlets', '龙园'], { width });
      expect(list.stdout.replace(/\n\s+/g, '')).toContain(address);
      for (const l of list.stdout.split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
      expect(list.stdout).not.toContain('…');
    }
  });

  it('lists a district\'s outlets compactly: 章丘 on one 80×24 screen, every name, address and phone whole', async () => {
    const rows = JSON.parse((await sbk(['outlets', '章丘', '--json'])).stdout) as { no: number; name: string; address: string; phones: string[] }[];
    expect(rows.length).toBeGreaterThan(5);
    for (const width of [80, 60]) {
      const r = await sbk(['outlets', '章丘'], { width, tty: true, rows: 24, env: { NO_COLOR: '1' } });
      expect(r.code).toBe(0);
      const lines = r.stdout.replace(/\n$/, '').split('\n');
      // Room left for the typed line and the prompt: not paged at 80×24.
      if (width === 80) {
        expect(lines.length).toBeLessThanOrEqual(22);
        expect(r.paged).toBeFalsy();
      }
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
      const joined = r.stdout.replace(/\n\s+/g, '');
      for (const o of rows) {
        // The row of an outlet starts with its number; its name, phone and address follow it, each whole.
        const at = lines.findIndex((l) => l.startsWith(`${o.no} `));
        expect(at, String(o.no)).toBeGreaterThan(0);
        expect(joined).toContain(o.name);
        expect(joined).toContain(o.address);
        for (const p of o.phones) expect(lines.slice(at, at + 3).join('\n')).toContain(p);
      }
      // The district, the same for every row, is said once above.
      expect(lines[0]).toMatch(/^章丘区/);
      expect(r.stdout).not.toContain('区县：');
    }
    // The grid is still there for whoever wants it.
    expect((await sbk(['outlets', '章丘', '--format', 'table'])).stdout).toMatch(/^\+-/);
  });

  it('never splits a phone number across lines', async () => {
    const r = await sbk(['phones', '章丘'], { width: 40 });
    expect(r.stdout).toContain('0531-83236981');
  });

  it('colours only when asked (FORCE_COLOR), never in a pipe by default', async () => {
    expect((await sbk(['banks'])).stdout).not.toMatch(ANSI);
    expect((await sbk(['banks'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await sbk(['banks', '--format', 'csv'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await sbk(['--no-color', 'banks'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
  });
});

describe('misses and errors', () => {
  // One rule (src/errors.ts): a keyword that matches nothing is "nothing found" (exit 1, the reason on
  // stderr); a name the user typed that sbk does not know (a bank, a district) is a usage error like an
  // unknown tree id: exit 2, `sbk：` and the names that exist.
  it.each([
    [['outlets', '--district', '历下'], '章丘区'],
    [['outlets', '火星路'], '火星路'],
    [['offices', '--yibao', '莱芜'], '历城区'],
    [['offices', '月球'], '章丘区'],
    [['phones', '99999999'], '99999999'],
    [['phones', '火星'], '建行'],
  ])('%j: empty stdout, exit 1, stderr says what is valid', async (args, valid) => {
    const r = await sbk(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(valid);
  });

  it.each([
    [['outlets', '--district', '火星'], '可选：'],
    [['outlets', '--bank', '花旗'], '工行、农行、中行、建行、齐鲁、农商、邮储'],
    [['banks', '花旗'], '工行、农行'],
    [['tree', 'no-such'], 'lost-card'],
    [['show', 'no-such'], 'sbk search'],
  ])('%j: an unknown name is a usage error: exit 2, sbk： and what exists', async (args, valid) => {
    const r = await sbk(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sbk：/);
    expect(r.stderr).toContain(valid);
  });

  it.each(['json', 'csv'])('a miss prints nothing on stdout in %s either', async (format) => {
    const r = await sbk(['outlets', '--district', '历下', '--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('suggests the closest bank for a misspelt one', async () => {
    const r = await sbk(['outlets', '--bank', '工商行']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('是否想找“中国工商银行”');
  });

  it('a phone fragment under 4 digits is a usage error', async () => {
    const r = await sbk(['phones', '760']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sbk：号码“760”太短/);
  });

  it('remarks go to stderr, results stay clean on stdout', async () => {
    const r = await sbk(['outlets', '--district', '市中', '--format', 'tsv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('未写区县');
    expect(r.stdout).not.toContain('未写区县');
  });
});

describe('notes from the data (maintainers\' words)', () => {
  it('stay off the operator\'s table; --notes puts them under it, for checking the source errors', async () => {
    const plain = await sbk(['outlets', '颜庄']);
    expect(plain.stdout).toContain('莱芜农商银行颜庄支行');
    expect(plain.stdout).not.toMatch(/注：|源文件/);
    const r = await sbk(['--notes', 'outlets', '颜庄']);
    expect(r.stdout.replace(/\n/g, "")).toMatch(/注：第66号 莱芜农商银行颜庄支行：.*颜庄镇属莱芜区/);
    expect((await sbk(['phones', '76292865', '--notes'])).stdout.replace(/\n/g, '')).toMatch(/注：.*76292860/);
  });

  it('stay off an entry shown to the operator (file names, source typos); --notes shows them', async () => {
    const plain = await sbk(['show', 'bank-cooperation-outlets']);
    expect(plain.stdout).toContain('sbk outlets');
    expect(plain.stdout).not.toMatch(/banks\.yaml|源文件|注（/);
    expect((await sbk(['show', 'bank-cooperation-outlets', '--notes'])).stdout).toMatch(/注（知识库原文的问题，供核对）/);
  });

  it('are a field in JSON, not footnotes', async () => {
    const rows = JSON.parse((await sbk(['outlets', '颜庄', '--json'])).stdout);
    expect(rows[0].note).toMatch(/莱芜区/);
  });
});

describe('found', () => {
  it('phones 68967600 names the card hotline and its keys', async () => {
    const r = await sbk(['phones', '68967600']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('临时挂失');
    expect(r.stdout).toContain('按1');
  });

  it('phones takes several words', async () => {
    expect((await json(['phones', '查卡', '建行'])).map((r) => r.number)).toEqual(['0531-68967176', '0531-87905907', '0531-76288189']);
  });

  it('offices --yibao takes a district', async () => {
    expect(await json(['offices', '--yibao', '历城'])).toEqual([{ district: '历城区', name: '历城医保办', phones: ['0531-66899159'], note: null }]);
  });
});
