/**
 * The session's line reading, in-process: what a typed line asks for (full-width IME forms, exit
 * words, result numbers and phone numbers, :commands, bare commands), options read with the command
 * line's declarations, pasted keys split into lines, the history file, session syntax in hints.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseLine, normalizeLine } from '../src/repl/parse.js';
import { declaredCommands, searchArgs } from '../src/repl/options.js';
import { LineEditor, layout, type KeySource } from '../src/repl/editor.js';
import type { Key } from '../src/repl/keys.js';
import { History, historyFile, MAX_LINES } from '../src/repl/history.js';
import { sessionSyntax } from '../src/repl/hints.js';
import { osc52 } from '../src/repl/clipboard.js';
import { liveScreen } from '../src/repl/live.js';
import { trees, faq, searcher } from '../src/services.js';
import { packageRoot } from '../src/paths.js';
import { ResultsText } from '../src/render/results.js';
import { PLAIN } from '../src/render/style.js';
import { displayWidth } from '../src/render/width.js';
import { commandNames } from '../src/program.js';

const root = packageRoot();
const treeIds = (await trees(root)).trees.map((t) => t.id);
const { entries } = await faq(root);
const entryIds = entries.map((e) => e.id);
const commands = declaredCommands({ trees: () => treeIds, entries: () => entryIds });
const read = (line: string) => parseLine(line, commands);

describe('a typed line', () => {
  it('reads the full-width forms of a Chinese IME as their ASCII forms', () => {
    expect(read('：q')).toEqual({ kind: 'exit' });
    expect(read('３')).toEqual({ kind: 'open', n: 3 });
    expect(read('：tree lost-card')).toEqual({ kind: 'command', name: 'tree', argv: ['lost-card'] });
    expect(read('：ｔｒｅｅ')).toEqual({ kind: 'command', name: 'tree', argv: [] });
    expect(normalizeLine('卡丢了　——limit 3')).toBe('卡丢了 --limit 3');
    expect(normalizeLine('卡丢了 －－limit 3')).toBe('卡丢了 --limit 3');
  });

  it('leaves on the usual exit words', () => {
    for (const w of ['exit', 'quit', 'EXIT', '退出', ':q', ':quit', ':exit', ' :q ']) expect(read(w)).toEqual({ kind: 'exit' });
    expect(read('退出社保卡怎么办').kind).toBe('search');
  });

  it('reads up to three digits as a result number and four or more as a phone number', () => {
    expect(read('2')).toEqual({ kind: 'open', n: 2 });
    expect(read('12')).toEqual({ kind: 'open', n: 12 });
    expect(read('68967600')).toEqual({ kind: 'phone', number: '68967600' });
    expect(read('0531-68967600')).toEqual({ kind: 'phone', number: '053168967600' });
    expect(read('７６００')).toEqual({ kind: 'phone', number: '7600' });
    expect(read('12345')).toEqual({ kind: 'phone', number: '12345' });
    // Brackets around the area code, as the lookup reads them (one rule: lookup/phones.ts).
    expect(read('（0531）68967600')).toEqual({ kind: 'phone', number: '(0531)68967600' });
    expect(read('0531 6896 7600')).toEqual({ kind: 'phone', number: '053168967600' });
  });

  it('reads a line as a phone number exactly when `sbk phones` would look it up by number', async () => {
    const { isNumberQuery } = await import('../src/lookup/phones.js');
    const { normalizeLine } = await import('../src/repl/parse.js');
    for (const line of ['68967600', '0531-68967600', '（0531）68967600', '0531－68967600', '+86 531 68967600', '7600', '6896 7600', '960', '12', '卡 7600', '7600卡', '95588客服', '--', '(', '']) {
      const session = read(line).kind === 'phone';
      const lookup = isNumberQuery(normalizeLine(line).trim()) && normalizeLine(line).replace(/\D/g, '').length >= 4;
      expect(session, line).toBe(lookup);
    }
    // And what is read as a number there is found there: the session's lookup of 68967600 gives the hotline.
    const { sbk } = await import('./helpers/inproc.js');
    const r = await sbk(['phones', '（0531）68967600', '--json']);
    expect(JSON.parse(r.stdout)[0].number).toMatch(/68967600/);
  });

  it('says an unknown :command is unknown, with the command meant when it is close', () => {
    expect(read(':foo')).toEqual({ kind: 'unknown', name: 'foo' });
    expect(read(':tre')).toEqual({ kind: 'unknown', name: 'tre', suggestion: 'tree' });
    expect(read(':outlet 章丘')).toEqual({ kind: 'unknown', name: 'outlet', suggestion: 'outlets' });
  });

  it('gives help, for the session or a command', () => {
    expect(read(':help')).toEqual({ kind: 'help' });
    expect(read('?')).toEqual({ kind: 'help' });
    expect(read(':help tree')).toEqual({ kind: 'help', topic: 'tree' });
    expect(read('help tree')).toEqual({ kind: 'help', topic: 'tree' });
    expect(read(':h :more')).toEqual({ kind: 'help', topic: 'more' });
  });

  it('runs a command typed without the colon when the rest fits its declaration, and searches otherwise', () => {
    expect(read('tree lost-card')).toEqual({ kind: 'command', name: 'tree', argv: ['lost-card'] });
    expect(read('tree')).toEqual({ kind: 'command', name: 'tree', argv: [] });
    expect(read('show lost-card')).toEqual({ kind: 'command', name: 'show', argv: ['lost-card'] });
    expect(read('outlets 章丘 --bank 工行')).toEqual({ kind: 'command', name: 'outlets', argv: ['章丘', '--bank', '工行'] });
    // Not a tree id, not an entry id, an unknown option, a missing argument: a query.
    expect(read('tree 丢了怎么办').kind).toBe('search');
    expect(read('show 密码').kind).toBe('search');
    expect(read('banks --frob').kind).toBe('search');
    expect(read('phones').kind).toBe('search');
    expect(read('source diff x').kind).toBe('search');
  });

  it('leaves options after a query for the search declaration to read', () => {
    expect(read('卡丢了 --limit 8')).toEqual({ kind: 'search', words: ['卡丢了', '--limit', '8'] });
    expect(searchArgs(['卡丢了', '--limit', '8'])).toEqual({ query: ['卡丢了'], opts: { limit: 8, numbered: true } });
    expect(searchArgs(['卡丢了', '-n', '3', '--explain'])).toEqual({ query: ['卡丢了'], opts: { limit: 3, numbered: true, explain: true } });
    expect(searchArgs(['补卡', '周末'])).toEqual({ query: ['补卡', '周末'], opts: { limit: 5, numbered: true } });
    expect(() => searchArgs(['卡丢了', '--limit', '0'])).toThrow(/--limit 的值“0”无效/);
    expect(() => searchArgs(['卡丢了', '--frob'])).toThrow(/未知选项 --frob/);
    expect(() => searchArgs(['卡丢了', '--limit'])).toThrow(/--limit 缺少取值/);
  });

  it('knows the session words', () => {
    expect(read(':more')).toEqual({ kind: 'more' });
    expect(read('y')).toEqual({ kind: 'copy', what: '' });
    expect(read(':copy 电话')).toEqual({ kind: 'copy', what: '电话' });
    expect(read(':live 卡丢')).toEqual({ kind: 'live', query: '卡丢' });
    expect(read(':bad 答非所问')).toEqual({ kind: 'mark', mark: 'bad', reason: '答非所问' });
  });
});

/** Keys as the terminal sends them: each character, Enter as 'return'. */
function keysOf(text: string): Key[] {
  return [...text].map((c) => (c === '\r' ? { str: c, name: 'return' } : c === '\x04' ? { str: c, name: 'd', ctrl: true } : { str: c }));
}

function editorOver(keys: Key[], width = 80) {
  const queue = [...keys];
  const source: KeySource = {
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<Key>(() => {})),
    get pending() {
      return queue.length;
    },
  };
  let drawn = '';
  return { editor: new LineEditor({ write: (s) => void (drawn += s), width: () => width }, source), drawn: () => drawn };
}

describe('the line editor', () => {
  it('splits keys pasted at once into their lines', async () => {
    const { editor } = editorOver(keysOf('密码锁了\r卡丢了咋办\r\x04'));
    const got = [];
    for (;;) {
      const r = await editor.read({ prompt: 'sbk> ', history: [] });
      got.push(r);
      if (r.kind === 'eof') break;
    }
    expect(got).toEqual([
      { kind: 'line', text: '密码锁了' },
      { kind: 'line', text: '卡丢了咋办' },
      { kind: 'eof' },
    ]);
  });

  it('recalls history with ↑ and finds a line with Ctrl-R', async () => {
    const history = ['补卡 周末', '密码锁了'];
    const up = editorOver([{ str: '', name: 'up' }, { str: '', name: 'up' }, { str: '\r', name: 'return' }]);
    expect(await up.editor.read({ prompt: '> ', history })).toEqual({ kind: 'line', text: '补卡 周末' });
    const search = editorOver([{ str: '\x12', name: 'r', ctrl: true }, ...keysOf('周末\r')]);
    expect(await search.editor.read({ prompt: '> ', history })).toEqual({ kind: 'line', text: '补卡 周末' });
  });

  it('lays out wide characters as a terminal does: one that does not fit the last column moves to the next row', () => {
    const chars = [...'sbk> 社保卡丢了'];
    expect(layout(chars, chars.length, 80)).toMatchObject({ endRow: 0, endCol: 15, cursorRow: 0, cursorCol: 15 });
    // 10 columns: "sbk> " (5) + 社保 (4) = 9; 卡 does not fit in the 10th column.
    expect(layout(chars, chars.length, 10)).toMatchObject({ endRow: 1, endCol: 6, cursorRow: 1, cursorCol: 6 });
    expect(layout(chars, 7, 10)).toMatchObject({ cursorRow: 1, cursorCol: 0 });
  });
});

describe('the history file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const temp = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'sbk-hist-'));
    dirs.push(d);
    return d;
  };

  it('lives in $XDG_STATE_HOME/sbk/history, is off with SBK_HISTORY=0 or history: false', () => {
    const d = temp();
    expect(historyFile({ XDG_STATE_HOME: d, XDG_CONFIG_HOME: d })).toBe(path.join(d, 'sbk', 'history'));
    expect(historyFile({ XDG_STATE_HOME: d, XDG_CONFIG_HOME: d, HOME: d, SBK_HISTORY: '0' })).toBeUndefined();
    mkdirSync(path.join(d, 'sbk'), { recursive: true });
    writeFileSync(path.join(d, 'sbk', 'config.yaml'), 'history: false\n');
    expect(historyFile({ XDG_STATE_HOME: d, XDG_CONFIG_HOME: d })).toBeUndefined();
  });

  it('is bounded, 0600, and keeps a caller ID or mobile number out of the file', () => {
    const d = temp();
    const file = path.join(d, 'sbk', 'history');
    const h = new History(file, () => {}, 10);
    for (let i = 0; i < 35; i++) h.add(`问题 ${i}`);
    h.add('身份证 370102199001011234 卡丢了');
    h.add('手机 13812345678');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(new History(file, () => {}, 10).lines).toHaveLength(10);
    expect(lines.slice(-2)).toEqual(['身份证 [身份证号] 卡丢了', '手机 [手机号]']);
    expect(h.lines[h.lines.length - 1]).toBe('手机 13812345678'); // recalled as typed within the session
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(MAX_LINES).toBe(1000);
  });
});

describe('session syntax and copying', () => {
  const names = commandNames();
  it('says :tree <id> where the command line says sbk tree <id>', () => {
    expect(sessionSyntax('用 sbk tree <id> 开始问诊，例如 sbk tree lost-card', names)).toBe('用 :tree <id> 开始问诊，例如 :tree lost-card');
    expect(sessionSyntax('更多：sbk outlets --district 章丘', names)).toBe('更多：:outlets --district 章丘');
    expect(sessionSyntax('运行 sbk <命令> --help 查看用法', names)).toBe('运行 :help <命令> 查看用法');
    expect(sessionSyntax('社保卡（sbk 不是命令）', names)).toBe('社保卡（sbk 不是命令）');
  });

  it('copies through OSC 52 as base64, so no text becomes terminal control', () => {
    const seq = osc52('电话 68967600\x1b[2J');
    expect(seq).toMatch(/^\x1b\]52;c;[A-Za-z0-9+/=]+\x07$/);
    expect(Buffer.from(seq.slice(7, -1), 'base64').toString()).toBe('电话 68967600\x1b[2J');
  });
});

describe('the live search screen', () => {
  it('fits the window: exactly its rows, none wider than it, the pick marked', async () => {
    const search = await searcher(root);
    const view = { style: PLAIN, full: (r: Parameters<ResultsText['full']>[0], w: number) => new ResultsText(entries, { width: w, style: PLAIN }).full(r) };
    for (const [w, h] of [[80, 24], [60, 20], [160, 45]] as const) {
      const resp = search.search('周末 补卡', 9);
      const { rows } = liveScreen(view, '周末 补卡', resp, 1, w, h);
      expect(rows.length).toBeLessThanOrEqual(h);
      for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(w);
      expect(rows.filter((r) => r.startsWith('▶'))).toHaveLength(1);
      // The pick's id is on screen: in its row when there is room, always in the preview's title below.
      expect(rows.join('\n')).toContain(resp.results[1]!.kind === 'faq' ? `(${resp.results[1]!.entry.id})` : '');
    }
  });

  it('keeps the question over the id in a narrow window: at least three fifths of the row, the id cut or left out', async () => {
    const search = await searcher(root);
    const view = { style: PLAIN, full: (r: Parameters<ResultsText['full']>[0], w: number) => new ResultsText(entries, { width: w, style: PLAIN }).full(r) };
    const resp = search.search('卡丢了', 9);
    const long = resp.results.findIndex((r) => r.kind === 'faq' && r.entry.id === 'old-card-lost-new-not-received');
    expect(long).toBeGreaterThan(0);
    for (const w of [60, 40]) {
      const { rows } = liveScreen(view, '卡丢了', resp, 0, w, 24);
      const row = rows[2 + long]!;
      const question = row.slice(2).replace(/\s+\(.*$/, '');
      expect(displayWidth(question), row).toBeGreaterThanOrEqual(Math.floor(((w - 2) * 3) / 5) - 1);
      expect(question, row).toMatch(/^老医保卡丢了，新办的/);
      for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(w);
    }
  });
});

describe('the session help', () => {
  it('fits an 80-column terminal', async () => {
    const { HELP } = await import('../src/repl/session.js');
    for (const line of HELP.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
  });
});

describe('the session terminal (what the session hands its commands)', () => {
  it('says the session syntax on stdout, stderr and the prompt stream, at the width now, touching no global stream', async () => {
    const { fakeTerminal } = await import('./helpers/inproc.js');
    const { EventEmitter } = await import('node:events');
    const { sessionTerminal } = await import('../src/repl/hints.js');
    const { execute, parseCommandArgs } = await import('../src/commandline.js');
    const { makeContext } = await import('../src/context.js');
    const sink = { stdout: '', stderr: '' };
    const drawn: string[] = [];
    const stream = Object.assign(new EventEmitter(), { columns: 72, rows: 20, write: (t: string) => drawn.push(t) > 0 });
    const base = Object.create(fakeTerminal({ width: 80 }, sink)({}), { prompts: { value: stream } });
    let width = 80;
    const term = sessionTerminal(base, commandNames(), () => width);
    const globals = [process.stdout.write, process.stderr.write];
    const ctx = await makeContext({}, term);
    const answers = ['card=jinan', 'insured=jinan', 'location=in-jinan', 'holder=adult', 'when=weekday'].flatMap((a) => ['--answer', a]);
    expect(await execute(parseCommandArgs('tree', ['lost-card', ...answers]), ctx, { page: false })).toBe(0);
    expect([process.stdout.write, process.stderr.write]).toEqual(globals);
    // The 工单 block's replay line, in the session's syntax.
    expect(sink.stdout).toContain("重现：:tree lost-card --answer card=jinan");
    expect(sink.stdout).not.toMatch(/\bsbk tree\b/);
    // A missing answer: the error's example in the session's syntax too.
    await execute(parseCommandArgs('tree', ['lost-card']), ctx, { page: false }).catch((e: Error) => term.err(e.message));
    expect(sink.stderr).toMatch(/例如 :tree lost-card --answer card=jinan/);
    expect(sink.stderr).not.toMatch(/\bsbk tree\b/);
    // The prompt stream: text rewritten, its size and events the stream's own.
    term.prompts.write('用 sbk tree <id> 开始问诊');
    expect(drawn).toEqual(['用 :tree <id> 开始问诊']);
    expect([term.prompts.columns, term.prompts.rows]).toEqual([72, 20]);
    let resized = 0;
    const onResize = () => resized++;
    term.prompts.on('resize', onResize);
    stream.emit('resize');
    term.prompts.off('resize', onResize);
    stream.emit('resize');
    expect(resized).toBe(1);
    width = 120;
    expect(term.width).toBe(120);
  });
});

describe('a command\'s help in the session', () => {
  it('leaves out the program options (--data-dir, --no-color), which are given when the session starts', async () => {
    const { helpText } = await import('../src/help.js');
    const inSession = helpText(['tree'], 80, true);
    expect(inSession).toContain('--answer');
    expect(inSession).not.toContain('--data-dir');
    expect(helpText(['tree'], 80)).toContain('--data-dir');
  });

  it('is the same for :tree --help as for :help tree (no program options, which the session refuses)', async () => {
    const { fakeTerminal } = await import('./helpers/inproc.js');
    const { execute, parseCommandArgs } = await import('../src/commandline.js');
    const { makeContext } = await import('../src/context.js');
    const { helpText } = await import('../src/help.js');
    const sink = { stdout: '', stderr: '' };
    const ctx = await makeContext({}, fakeTerminal({ width: 80 }, sink)({}));
    const inSession = { ...ctx, session: { keys: {} as never } };
    expect(await execute(parseCommandArgs('tree', ['--help']), inSession)).toBe(0);
    expect(sink.stdout).toBe(helpText(['tree'], 80, true));
    expect(() => parseCommandArgs('tree', ['--data-dir', '.'])).toThrow();
  });
});
