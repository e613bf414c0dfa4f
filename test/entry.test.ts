/**
 * The entry side (issue 13): commands declared once and read by one reader, help wrapped by display
 * width, misspelt commands, one exit-code rule, lists in JSON, pinyin in lookups, and every command
 * run once as a terminal and once as a pipe. In-process with a fake terminal (test/helpers/inproc.ts).
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_NAMES, GLOBAL_OPTIONS, parseCommandArgs, parseCommandLine, searchMode } from '../src/commandline.js';
import { helpText } from '../src/help.js';
import { displayWidth } from '../src/render/width.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sbk } from './helpers/inproc.js';
import { ROOT } from './helpers/cli.js';

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

describe('one reader of the command line', () => {
  it('reads the default search, a named command, options anywhere and --', () => {
    const q = parseCommandLine(['卡丢了', '--limit', '3', '--json']);
    expect(q).toMatchObject({ kind: 'run', path: ['search'], args: [['卡丢了']], opts: { limit: 3, json: true } });
    expect(parseCommandLine(['--data-dir', '/x', '--no-color', 'outlets', '-b', '工行', '章丘'])).toMatchObject({
      kind: 'run',
      path: ['outlets'],
      args: ['章丘'],
      opts: { bank: '工行' },
      globals: { dataDir: '/x', color: false },
    });
    // A command word counts only first: `sbk --json search 卡` asks for "search 卡".
    expect(parseCommandLine(['--json', 'search', '卡'])).toMatchObject({ path: ['search'], args: [['search', '卡']] });
    expect(parseCommandLine(['-n5', '卡'])).toMatchObject({ opts: { limit: 5 } });
    expect(parseCommandLine(['--limit=7', '卡'])).toMatchObject({ opts: { limit: 7 } });
    expect(parseCommandLine(['--', '--json'])).toMatchObject({ args: [['--json']], opts: { limit: 5 } });
    expect(parseCommandLine(['tree', 'lost-card', '-a', 'card=jinan', '--answer', 'when=weekday'])).toMatchObject({ opts: { answer: ['card=jinan', 'when=weekday'] } });
    expect(parseCommandLine(['source', 'diff', 'new.txt', '--json'])).toMatchObject({ path: ['source', 'diff'], args: ['new.txt'], opts: { json: true } });
    expect(parseCommandLine(['help', 'outlets'])).toEqual({ kind: 'help', path: ['outlets'] });
    expect(parseCommandLine(['outlets', '--help'])).toEqual({ kind: 'help', path: ['outlets'] });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', path: [] });
    expect(parseCommandLine(['-V'])).toEqual({ kind: 'version' });
  });

  it('the session mode reads a command’s words with the same declarations (parseCommandArgs)', () => {
    expect(parseCommandArgs('outlets', ['章丘', '--bank', '工行'])).toMatchObject({ kind: 'run', args: ['章丘'], opts: { bank: '工行' } });
    expect(parseCommandArgs('search', ['卡丢了', '--limit', '8'])).toMatchObject({ args: [['卡丢了']], opts: { limit: 8 } });
    expect(() => parseCommandArgs('search', ['卡', '--limit', '0'])).toThrow(/--limit/);
    expect(() => parseCommandArgs('outlets', ['--data-dir', '/x'])).toThrow(/未知选项 --data-dir/);
  });

  it('reports what cannot be read as one Chinese line with exit 2', async () => {
    for (const [argv, message] of [
      [['--limt', '3', '卡'], /^sbk：未知选项 --limt，是否想输入 --limit？/],
      [['outlets', '--bank'], /^sbk：选项 --bank 缺少取值/],
      [['show'], /^sbk：缺少参数 <条目id>/],
      [['show', 'a', 'b'], /^sbk：参数太多/],
      [['banks', '--format', 'xml'], /^sbk：选项 --format 的值“xml”无效：可选 table、json/],
      [['source', 'dif', 'x'], /^sbk：未知命令 source dif，是否想输入 sbk source diff？/],
      [['source'], /^sbk：缺少子命令：可用 sbk source diff、sbk source apply/],
      [['help', 'outlts'], /^sbk：没有命令 outlts，是否想输入 sbk help outlets？/],
    ] as const) {
      const r = await sbk([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(lines(r.stderr)).toHaveLength(1);
    }
  });

  it('no command imports program.ts (no import loop), and no module but commandline.ts lists the commands', () => {
    const dir = path.join(ROOT, 'src');
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    for (const f of files.filter((x) => x.startsWith('commands') || x.startsWith('repl'))) {
      expect(readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/program\.js/);
    }
    for (const f of files.filter((x) => x !== 'commandline.ts')) {
      expect(readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/'search', 'show', 'validate'|\['banks', 'outlets'/);
    }
  });

  it('has one list of command names', () => {
    expect(COMMAND_NAMES).toEqual(COMMANDS.map((c) => c.name));
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
  });
});

describe('the mode, decided in one place', () => {
  it('sbk alone on a terminal is the session; a search without a query reads stdin lines on a pipe, else is a usage error', async () => {
    const tty = { stdinIsTTY: true, stdoutIsTTY: true };
    expect(searchMode([], [], tty)).toBe('session');
    expect(searchMode(['--json'], [], tty)).toBe('no-query');
    expect(searchMode([], [], { stdinIsTTY: false, stdoutIsTTY: false })).toBe('batch');
    expect(searchMode(['卡'], ['卡'], tty)).toBe('one');
    const batch = await sbk([], { input: '卡丢了\n公积金怎么提取\n' });
    expect(batch.code).toBe(0);
    expect(batch.stdout).toContain('问：卡丢了');
    expect(batch.stdout).toContain('问：公积金怎么提取');
    const lines = (await sbk(['--json'], { input: '卡丢了\n\n' })).stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).query)).toEqual(['卡丢了', '']);
    const none = await sbk(['--json'], { stdinTTY: true });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^sbk：请输入要搜索的问题/);
  });
});

describe('--help', () => {
  const pages = [[], ...COMMANDS.map((c) => [c.name]), ...COMMANDS.flatMap((c) => (c.subcommands ?? []).map((s) => [c.name, s.name]))];

  it.each([60, 80, 120])('no help line is wider than %i display columns', (width) => {
    for (const path of pages) {
      for (const l of lines(helpText(path, width))) expect(displayWidth(l), `${path.join(' ')}: ${l}`).toBeLessThanOrEqual(width);
    }
  });

  it('shows every declared option and argument, with Chinese placeholders', () => {
    const outlets = helpText(['outlets'], 120);
    for (const o of COMMANDS.find((c) => c.name === 'outlets')!.options!) expect(outlets).toContain(`--${o.long}`);
    expect(outlets).toContain('--bank <银行>');
    expect(outlets).toContain('[关键词]');
    expect(outlets).toContain('用法：sbk outlets [选项] [关键词]');
    for (const o of GLOBAL_OPTIONS) expect(outlets).toContain(`--${o.long}`);
    expect(helpText([], 120)).toContain('--data-dir <目录>');
    expect(helpText([], 120)).not.toMatch(/\[options\]|<dir>|<id>/);
  });

  it('sbk help X, sbk X --help and sbk X -h print the same help on stdout, exit 0', async () => {
    const a = await sbk(['help', 'tree'], { width: 60 });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(helpText(['tree'], 60));
    expect((await sbk(['tree', '--help'], { width: 60 })).stdout).toBe(a.stdout);
    expect((await sbk(['tree', '-h'], { width: 60 })).stdout).toBe(a.stdout);
    expect((await sbk(['help'], { width: 60 })).stdout).toBe(helpText([], 60));
  });
});

describe('a misspelt command', () => {
  it.each([
    [['outlet', '章丘'], 'sbk outlets 章丘'],
    [['sho', 'lost-card'], 'sbk show lost-card'],
    [['phone', '68967600'], 'sbk phones 68967600'],
    [['tre', 'lost-card'], 'sbk tree lost-card'],
  ])('%j is suggested in Chinese with exit 2, nothing on stdout', async (argv, suggestion) => {
    const r = await sbk(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sbk：未知命令 /);
    expect(r.stderr).toContain(`是否想输入 ${suggestion}？`);
  });

  it('a word that is a plausible query is searched (pinyin), and an explicit search is never second-guessed', async () => {
    const pinyin = await sbk(['shou', 'ji']);
    expect(pinyin.stderr).not.toContain('未知命令');
    const explicit = await sbk(['search', 'outlet']);
    expect(explicit.stderr).not.toContain('未知命令');
    expect(explicit.code).toBe(1);
  });
});

describe('one output system', () => {
  it('lists are lists in every JSON output', async () => {
    const banks = JSON.parse((await sbk(['banks', '建行', '--json'])).stdout);
    expect(banks[0].card_check).toEqual(['0531-68967176', '0531-87905907']);
    expect(Array.isArray(banks[0].branches)).toBe(true);
    expect(banks[0].branches.every((b: unknown) => typeof b === 'string' && !String(b).includes('；'))).toBe(true);
    const outlets = JSON.parse((await sbk(['outlets', '章丘', '--json'])).stdout);
    expect(outlets.every((o: { phones: unknown }) => Array.isArray(o.phones))).toBe(true);
    const offices = JSON.parse((await sbk(['offices', '长清', '--format', 'json'])).stdout);
    expect(offices[0].phones).toEqual(['0531-87220059', '0531-87220817']);
    // The one query box gives the same lists.
    const search = JSON.parse((await sbk(['建行电话', '--json'])).stdout);
    const bank = search.find((r: { kind: string }) => r.kind === 'bank');
    expect(bank.card_check).toEqual(banks[0].card_check);
  });

  it('CSV and TSV join a list with 、 (branches with ；); md is a table', async () => {
    const csv = (await sbk(['offices', '长清', '--format', 'csv'])).stdout;
    expect(csv).toContain('0531-87220059、0531-87220817');
    const md = (await sbk(['offices', '长清', '--format', 'md'])).stdout;
    expect(lines(md)[0]).toBe('| 经办机构 | 地址 | 咨询电话 |');
    expect(lines(md)[1]).toBe('| --- | --- | --- |');
    expect(md).toContain('0531-87220059、0531-87220817');
  });

  it('search and show render through the reporters: text, json, md', async () => {
    const show = await sbk(['show', 'lost-card', '--format', 'md']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^## 【挂失补办】社保卡丢了怎么办？/);
    expect(JSON.parse((await sbk(['show', 'lost-card', '--json'])).stdout).id).toBe('lost-card');
    const md = await sbk(['社保卡丢了', '--format', 'md']);
    expect(md.stdout).toMatch(/^## /);
    expect((await sbk(['show', 'lost-card', '--format', 'csv'])).code).toBe(2);
  });
});

describe('pinyin in lookups, by the search’s own readings', () => {
  it('outlets jingbalu finds 经八路, --district huaiyin finds 槐荫区, phones laiwu finds 莱芜', async () => {
    const byWord = JSON.parse((await sbk(['outlets', 'jingbalu', '--json'])).stdout);
    expect(byWord.map((o: { name: string }) => o.name)).toEqual(JSON.parse((await sbk(['outlets', '经八路', '--json'])).stdout).map((o: { name: string }) => o.name));
    const inDistrict = JSON.parse((await sbk(['outlets', '--district', 'huaiyin', '--json'])).stdout);
    expect(inDistrict.length).toBeGreaterThan(0);
    expect(inDistrict.every((o: { district: string }) => o.district === '槐荫区')).toBe(true);
    const phones = JSON.parse((await sbk(['phones', 'laiwu', '--json'])).stdout);
    expect(phones).toEqual(JSON.parse((await sbk(['phones', '莱芜', '--json'])).stdout));
    // lixia is 历下区, which has no outlets: the same answer as for 历下 (nothing found, exit 1).
    const lixia = await sbk(['outlets', '--district', 'lixia']);
    expect(lixia.code).toBe(1);
    expect(lixia.stderr).toBe((await sbk(['outlets', '--district', '历下'])).stderr);
  });
});

describe('every command as a terminal and as a pipe', () => {
  const runs: string[][] = [
    ['社保卡丢了'],
    ['show', 'lost-card'],
    ['tree'],
    ['tree', 'lost-card', '--answer', 'card=jinan', '--answer', 'insured=jinan', '--answer', 'location=in-jinan', '--answer', 'holder=adult', '--answer', 'when=weekday'],
    ['banks'],
    ['outlets', '章丘'],
    ['offices', '--yibao'],
    ['phones', '68967600'],
    ['validate'],
    ['--help'],
  ];
  it.each(runs)('%s: the same results; colour only on the terminal; results on stdout only', async (...argv) => {
    const pipe = await sbk(argv, { env: { FORCE_COLOR: undefined } });
    const tty = await sbk(argv, { tty: true });
    expect(pipe.code, pipe.stderr).toBe(0);
    expect(tty.code).toBe(0);
    expect(pipe.stdout).not.toMatch(/\u001b\[/);
    expect(tty.stdout.replace(/\u001b\[[\d;]*m/g, '')).toBe(pipe.stdout);
    if (argv[0] === '社保卡丢了' || argv[0] === 'show') expect(tty.stdout).toMatch(/\u001b\[/);
    for (const l of lines(pipe.stdout)) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    const noColor = await sbk(argv, { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toBe(pipe.stdout);
  });
});
