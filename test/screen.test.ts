/**
 * The answer-first screen (issue 13): the title, then the phone numbers and keys, then the rest; every
 * line within the terminal's width in display columns; a result taller than the terminal paged the way
 * git pages (less -FRX, $PAGER, $SBK_PAGER, --no-pager), never on a pipe. Real terminal tests in tmux.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatEntry, questionsById } from '../src/render/entry.js';
import { ResultsText } from '../src/render/results.js';
import { PLAIN } from '../src/render/style.js';
import { displayWidth } from '../src/render/width.js';
import { pagerCommand, pagerFor, rowsNeeded } from '../src/io.js';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { faq, searcher } from '../src/services.js';
import { hasTmux, tmuxSbk, type TmuxScreen } from './helpers/tmux.js';
import { ROOT, runCli } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';

const kb = loadKnowledgeBase(ROOT);
const entries = kb.faq.entries;
const CLOSING_START = /^\s*[，。、；：？！）》」』】”]/u;

/** Every line within `width` display columns and none starting with a closing mark (one expect per text: thousands of lines). */
function fits(text: string, width: number, what: string) {
  const bad = text.split('\n').filter((l) => displayWidth(l) > width || CLOSING_START.test(l));
  expect(bad, `${what} at ${width}: lines too wide or starting with a closing mark`).toEqual([]);
}

describe('every line fits the width', () => {
  it('`sbk show` of all entries at 60 and 80 columns (titles, answers, related lines, source line)', () => {
    const questionOf = questionsById(entries);
    for (const width of [60, 80]) for (const e of entries) fits(formatEntry(e, { width, style: PLAIN, questionOf }), width, e.id);
  });

  it('with COLUMNS=80 the command-line `sbk show` of every entry fits, ids never broken', () => {
    // The renderer is checked on every id above; here the real command line (COLUMNS read by io.ts, the
    // bundle) on the ids with the widest titles and related lines, and the first and last.
    const widest = [...entries].sort((a, b) => displayWidth(b.question) + b.see_also.join('').length - (displayWidth(a.question) + a.see_also.join('').length));
    const ids = [...new Set([entries[0]!, ...widest.slice(0, 4), entries[entries.length - 1]!].map((e) => e.id))];
    for (const id of ids) {
      const r = runCli(['show', id], { env: { COLUMNS: '80' } });
      expect(r.code).toBe(0);
      fits(r.stdout, 80, id);
      expect(r.stdout.split('\n').slice(0, 3).join('\n')).toContain(`(${id})`);
    }
  });

  it('search results at 60 and 80 columns, with --explain: the question kept whole, the score labelled', async () => {
    const { entries: all } = await faq(ROOT);
    const s = await searcher(ROOT);
    const queries = readFileSync(path.join(ROOT, 'scripts', 'bench-search.queries.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { query: string }).query);
    const responses = queries.map((q) => [q, s.search(q, 5, { explain: true })] as const);
    for (const width of [60, 80]) {
      const view = new ResultsText(all, { width, style: PLAIN, explain: true });
      for (const [q, resp] of responses) {
        const text = view.single(resp) + view.batchLine(resp);
        fits(text, width, q);
        // Each alternative's question is there whole (wrapped, never cut), and its score says what it is.
        const joined = text.replace(/\n\s*/g, '');
        const missing = resp.results
          .slice(1)
          .flatMap((r) => (r.kind !== 'faq' ? [] : [r.entry.question.replace(/\s/g, ''), `得分 ${r.score.toFixed(2)}`]))
          .filter((want) => !(want.startsWith('得分') ? text : joined).includes(want));
        expect(missing, q).toEqual([]);
      }
    }
  });
});

describe('answer first', () => {
  it('puts the phone and key clauses on top when the answer has them further down, in the answer’s own words', () => {
    const e = entries.find((x) => x.id === 'query-bank-number-status')!;
    const lines = formatEntry(e, { width: 80, style: PLAIN }).split('\n');
    // The clause in the answer's words, without the list number it had in the answer (4）).
    expect(lines[1]).toBe('  电话：拨打68967600，按2可查询当前社保卡状态；按3可查询社保卡制卡银行');
    expect(e.answer).toContain('4）拨打68967600，按2可查询当前社保卡状态；按3可查询社保卡制卡银行');
  });

  it('every phone number and key of every answer is within the first rows shown (title, key lines, two answer rows)', () => {
    const PHONE_OR_KEY = /(?<!\d)(?:400\d{7}|(?:0531-?)?\d{8}|95588|95599|95566|95533|12345)(?!\d)|按[0-9]/g;
    for (const e of entries) {
      const text = formatEntry(e, { width: 80, style: PLAIN });
      const lines = text.split('\n');
      const keyRows = lines.filter((l) => l.startsWith('  电话：') || l.startsWith('        ')).length;
      const top = lines.slice(0, 1 + keyRows + 3).join('');
      const found = e.answer.match(PHONE_OR_KEY) ?? [];
      // Long phone lists (the answer is the list) are the answer itself: the first ones are on top.
      if (found.length > 4) continue;
      for (const k of found) expect(top.replace(/\s/g, ''), `${e.id} ${k}`).toContain(k);
    }
  });
});

describe('pager decision (io.ts)', () => {
  const tall = 'x\n'.repeat(30);
  const tty = { stdoutIsTTY: true, width: 80, rows: 24 };
  it('pages only a terminal, only when the result and the prompt after it do not fit, never with --no-pager or TERM=dumb', () => {
    expect(pagerFor(tall, tty, {})).toBe('less -FRX');
    // 24 rows and the shell prompt would push the first row (the title) off a 24-row terminal.
    expect(pagerFor('x\n'.repeat(24), tty, {})).toBe('less -FRX');
    expect(pagerFor('x\n'.repeat(23), tty, {})).toBeUndefined();
    expect(pagerFor(tall, { ...tty, stdoutIsTTY: false }, {})).toBeUndefined();
    expect(pagerFor(tall, { ...tty, noPager: true }, {})).toBeUndefined();
    expect(pagerFor(tall, tty, { TERM: 'dumb' })).toBeUndefined();
  });
  it('takes SBK_PAGER over PAGER; empty or cat means none', () => {
    expect(pagerCommand({ PAGER: 'more' })).toBe('more');
    expect(pagerCommand({ PAGER: 'more', SBK_PAGER: 'less -R' })).toBe('less -R');
    expect(pagerCommand({ SBK_PAGER: '' })).toBeUndefined();
    expect(pagerCommand({ PAGER: 'cat' })).toBeUndefined();
  });
  it('counts the rows a long Chinese line takes', () => {
    expect(rowsNeeded('社'.repeat(50) + '\n', 80)).toBe(2);
    expect(rowsNeeded('a\nb\n', 80)).toBe(2);
  });
});

describe('a tree outcome with its 工单 block', () => {
  const args = ['tree', 'card-unusable', '--answer', 'where=in-jinan', '--answer', 'jinan-symptom=not-enabled', '--answer', 'card-origin=other-city'];

  it('is paged together with the block when both are taller than the terminal, so its title is not pushed off', async () => {
    const r = await sbk(args, { tty: true, width: 80, rows: 24, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.paged).toBe(true);
    expect(r.stdout.split('\n')[0]).toMatch(/^【省内异地社保卡未在济南启用/);
    // The block still comes last, ready to copy.
    expect(r.stdout.indexOf('工单')).toBeGreaterThan(r.stdout.indexOf('在济中断缴费人员不能操作'));
  });

  it('is written straight to a terminal tall enough for both', async () => {
    const r = await sbk(args, { tty: true, width: 80, rows: 60, env: { NO_COLOR: '1' } });
    expect(r.paged).toBeFalsy();
    expect(r.stdout).toContain('工单');
  });
});

let open: TmuxScreen[] = [];
// After all: the terminal tests run at the same time, each in its own tmux server.
afterAll(() => {
  for (const s of open) s.kill();
  open = [];
});
const start = (args: string, w: number, h: number, env: Record<string, string> = {}) => {
  const s = tmuxSbk(args, w, h, env);
  open.push(s);
  return s;
};

describe.skipIf(!hasTmux)('in a terminal (tmux, 80×24)', { concurrent: true }, () => {
  it('the lost-card answer: title on the first row, 68967600 and 按1 on the first screen, highlighted, paged by less', async () => {
    const s = start('我的社保卡丢了咋补', 80, 24);
    const rows = await s.waitFor(/^:$/m);
    expect(rows[0]).toMatch(/^【挂失补办】社保卡丢了怎么办？ {2}\(lost-card\)$/);
    const first = rows.join('\n');
    expect(first).toContain('68967600');
    expect(first).toContain('按1');
    // Highlighted: the phone and the key in colour (bold yellow).
    expect(s.ansi()).toMatch(/\x1b\[[0-9;]*33[0-9;]*m68967600/);
    expect(s.ansi()).toMatch(/\x1b\[[0-9;]*33[0-9;]*m按1/);
    for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(80);
    await s.keys('q');
    expect(await s.exited()).toBe(0);
  });

  it('--no-pager, SBK_PAGER=cat and a pipe write straight through', async () => {
    for (const [args, env] of [
      ['--no-pager 我的社保卡丢了咋补', {}],
      ['我的社保卡丢了咋补', { SBK_PAGER: 'cat' }],
      ['我的社保卡丢了咋补 | cat', {}],
    ] as const) {
      const s = start(args, 80, 24, env);
      expect(await s.exited(), args).toBe(0);
      expect(s.history()).toContain('其他可能的答案');
    }
  });

  it('--help taller than the terminal is paged from its first line (the usage), every row within 80 columns', async () => {
    const s = start('--help', 80, 24);
    const rows = await s.waitFor(/^:$/m);
    expect(rows[0]).toMatch(/^用法：sbk /);
    for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(80);
    await s.keys('q');
    expect(await s.exited()).toBe(0);
  });

  it('a short result is not paged', async () => {
    const s = start('show employer-system-problem', 80, 24);
    expect(await s.exited()).toBe(0);
    expect(s.rows()[0]).toMatch(/^【其他】单位网上申报系统遇到问题/);
  });
});
