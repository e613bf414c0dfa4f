/**
 * The session mode in a real pseudo-terminal at 80×24 (python3's pty module), as an operator uses it
 * during a shift: pasted lines, numbers, phones, IME forms, options after a query, resizes, hints,
 * completion, history kept between sessions, live search, copy, Ctrl-Z/fg and Ctrl-D in a tree.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { hasPython, KEY, ptyRun, sbk } from './helpers/pypty.js';
import { BIN } from './helpers/cli.js';
import { displayWidth } from '../src/render/width.js';

const temps: string[] = [];
// After all: the tests run at the same time (each its own terminal, process and state folder).
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
function stateHome(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'sbk-repl-'));
  temps.push(d);
  return d;
}

/** A session with its own state folder (history), at 80×24 unless told. */
function session(opts: { cols?: number; rows?: number; env?: Record<string, string | undefined> } = {}) {
  const home = stateHome();
  const s = sbk(['repl'], { ...opts, env: { XDG_STATE_HOME: home, XDG_CONFIG_HOME: home, SBK_QUERY_LOG: undefined, ...opts.env } });
  return Object.assign(s, { home });
}

const PROMPT = 'sbk> ';

// Concurrent: each test waits on its own terminal most of the time (as an operator types), so they
// share the wall time; nothing is shared between them.
describe.skipIf(!hasPython)('sbk repl in an 80×24 terminal', { concurrent: true }, () => {
  it('runs each of two lines pasted at once, and both are in the history file (0600)', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    s.paste('密码锁了\r卡丢了咋办\r');
    at = await s.waitFor('(password-locked)', at);
    at = await s.waitFor('(lost-card)', at);
    await s.waitFor(PROMPT, at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
    const file = path.join(s.home, 'sbk', 'history');
    expect(readFileSync(file, 'utf8').split('\n')).toEqual(['密码锁了', '卡丢了咋办', ':q', '']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('`sbk --notes` alone opens the session, and its answers show the maintainers\' notes', async () => {
    const home = stateHome();
    const s = sbk(['--notes'], { env: { XDG_STATE_HOME: home, XDG_CONFIG_HOME: home, SBK_QUERY_LOG: undefined } });
    let at = await s.waitFor(PROMPT);
    await s.press(':show bank-cooperation-outlets', KEY.enter);
    at = await s.waitFor('注（知识库原文的问题，供核对）', at);
    await s.waitFor(PROMPT, at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  it(':more first lists the candidates that had no room under the answer (shown only as numbers)', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press('社保卡丢了', KEY.enter);
    at = await s.waitFor(/\[2\]–\[5\]，输入编号打开，:more 列出/, at);
    await s.press(':more', KEY.enter);
    at = await s.waitFor('[2] ', at);
    at = await s.waitFor('（第 2–5 条', at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  it(':help fits a 60-column window: long descriptions go on under their column', async () => {
    const s = session({ cols: 60 });
    let at = await s.waitFor(PROMPT);
    const from = s.raw.length;
    await s.press(':help', KEY.enter);
    at = await s.waitFor('按键：', at);
    at = await s.waitFor(PROMPT, at);
    const help = stripVTControlCharacters(s.raw.slice(from, at)).split(/\r?\n/).filter((l) => !l.includes('sbk>'));
    expect(help.some((l) => l.includes(':outlets 章丘'))).toBe(true);
    for (const l of help) expect(displayWidth(l), l).toBeLessThanOrEqual(60);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  it('keeps the numbered results when a search finds nothing; a phone number is looked up, not opened', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press('卡丢了咋办', KEY.enter);
    at = await s.waitFor('(lost-card)', at);
    await s.press('xyzzyqq', KEY.enter);
    at = await s.waitFor('没有找到相关答案', at);
    await s.press('2', KEY.enter); // still the second result of 卡丢了咋办
    at = await s.waitFor(/【[^】]+】/, at);
    expect(s.raw.slice(at - 200, at + 200)).not.toContain('还没有搜索结果');
    await s.press('68967600', KEY.enter);
    at = await s.waitFor('社保卡服务电话', at);
    expect(s.raw.slice(at)).not.toContain('没有第 68967600 条');
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('accepts the full-width forms of a Chinese IME, says so for an unknown :command, and leaves on 退出', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press('卡丢了咋办', KEY.enter);
    at = await s.waitFor('(lost-card)', at);
    await s.press('３', KEY.enter); // full-width 3: the third result
    at = await s.waitFor(/【[^】]+】/, at);
    await s.press(':foo', KEY.enter);
    at = await s.waitFor('未知命令 :foo，输入 :help 查看', at);
    await s.press('：tree', KEY.enter); // full-width colon: the tree list
    at = await s.waitFor('lost-card', at);
    await s.press('退出', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  for (const word of ['exit', '：q']) {
    it(`leaves on ${word}`, async () => {
      const s = session();
      await s.waitFor(PROMPT);
      await s.press(word, KEY.enter);
      await s.waitFor('再见');
      expect(await s.exited).toBe(0);
    });
  }

  it('reads options after a query as the command line does, and :more shows more results', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press('卡丢了 --limit 8', KEY.enter);
    at = await s.waitFor('(lost-card)', at);
    at = await s.waitFor(PROMPT, at);
    // The window is 24 rows: the other candidates are numbered up to [8] (listed or counted).
    expect(s.raw.slice(0, at)).toMatch(/\[8\]/);
    // :more lists the candidates that were only counted ([…]–[8]) with their questions, then the next ones.
    await s.press(':more', KEY.enter);
    at = await s.waitFor('[8] ', at);
    at = await s.waitFor(PROMPT, at);
    await s.press(':more', KEY.enter);
    at = await s.waitFor('[9]', at);
    at = await s.waitFor('[13]', at);
    await s.press('13', KEY.enter);
    at = await s.waitFor(/【[^】]+】/, at);
    await s.press('卡丢了 --limit 0', KEY.enter);
    at = await s.waitFor('--limit 的值“0”无效', at);
    await s.press('卡丢了 --frobnicate', KEY.enter);
    at = await s.waitFor('未知选项 --frobnicate', at);
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('runs `tree lost-card` typed without the colon; Ctrl-D at its prompt returns to the session; keys typed ahead reach the tree', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press('tree lost-card', KEY.enter);
    at = await s.waitFor('丢的是哪种卡？', at);
    await s.press(KEY.ctrlD);
    at = await s.waitFor('已返回会话', at);
    // The tree reads the session's keys: a line and the answer after it pasted at once both arrive.
    s.paste(':tree lost-card\r1');
    at = await s.waitFor('持卡人现在还在济南参保吗？', at);
    await s.press(KEY.ctrlC);
    at = await s.waitFor('已返回会话', at);
    at = await s.waitFor(PROMPT, at);
    await s.press('密码锁了', KEY.enter); // the session goes on
    at = await s.waitFor('(password-locked)', at);
    await s.press(':help tree', KEY.enter);
    at = await s.waitFor(':tree', at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  it('gives hints in the session syntax (:tree <id>, :outlets …), not the command line', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press(':tree', KEY.enter);
    at = await s.waitFor(':tree <id>', at);
    await s.press(':phones 12', KEY.enter); // too short: the message's example
    at = await s.waitFor(':phones 7600', at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
    expect(s.lines.join('\n')).not.toMatch(/sbk (tree|phones|outlets|show) /);
  });

  it('wraps answers at the width the window has now', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    const answerLines = (from: number, to: number) =>
      s.lines.slice(from, to).filter((l) => l.startsWith('  ') && !l.includes('(')); // answer text, not ids
    await s.press('密码锁了', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('(password-locked)', at));
    const n80 = s.lines.length;
    expect(Math.max(...answerLines(0, n80).map(displayWidth))).toBeLessThanOrEqual(80);
    s.resize(120, 30);
    await new Promise((r) => setTimeout(r, 200));
    await s.press('密码锁了', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('(password-locked)', at));
    const n120 = s.lines.length;
    const wide = Math.max(...answerLines(n80, n120).map(displayWidth));
    expect(wide).toBeGreaterThan(80);
    expect(wide).toBeLessThanOrEqual(120);
    s.resize(60, 24);
    await new Promise((r) => setTimeout(r, 200));
    await s.press('密码锁了', KEY.enter);
    await s.waitFor(PROMPT, await s.waitFor('(password-locked)', at));
    expect(Math.max(...answerLines(n120, s.lines.length).map(displayWidth))).toBeLessThanOrEqual(60);
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('pages by the height the window has now: a 34-row answer is written straight at 80×45, paged once made 80×24', async () => {
    const s = session({ rows: 45, env: { SBK_PAGER: 'sed s/^/P:/' } });
    let at = await s.waitFor(PROMPT);
    await s.press(':show instant-card-online-guide', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('(instant-card-online-guide)', at));
    expect(s.raw.slice(0, at)).not.toContain('P:');
    s.resize(80, 24);
    await new Promise((r) => setTimeout(r, 200));
    await s.press(':show instant-card-online-guide', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('P:【', at));
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('completes :commands and tree ids with Tab, searches history with Ctrl-R, and keeps history for the next session', async () => {
    const first = session();
    let at = await first.waitFor(PROMPT);
    await first.press('补卡 周末', KEY.enter);
    at = await first.waitFor(PROMPT, at);
    await first.press(':tr', KEY.tab, 'lost', KEY.tab);
    at = await first.waitFor(':tree lost-card', at);
    await first.press(KEY.ctrlU, KEY.ctrlD);
    expect(await first.exited).toBe(0);

    const s = sbk(['repl'], { env: { XDG_STATE_HOME: first.home, XDG_CONFIG_HOME: first.home } });
    at = await s.waitFor(PROMPT);
    await s.press('密码锁了', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('(password-locked)', at));
    await s.press(KEY.ctrlR, '周末');
    at = await s.waitFor('补卡 周末', at); // found in the last session's history
    await s.press(KEY.enter);
    at = await s.waitFor('周末', at);
    await s.waitFor(PROMPT, at);
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('keeps no history with SBK_HISTORY=0', async () => {
    const s = session({ env: { SBK_HISTORY: '0' } });
    const at = await s.waitFor(PROMPT);
    await s.press('密码锁了', KEY.enter);
    await s.waitFor('(password-locked)', at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
    expect(existsSync(path.join(s.home, 'sbk', 'history'))).toBe(false);
  });

  it('searches as you type: every key updates the list, ↓ picks, Enter opens into the transcript, Esc goes back', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press(':live', KEY.enter);
    at = await s.waitFor('实时搜索', at);
    await s.press('卡', '丢');
    at = await s.waitFor('▶ 社保卡丢了怎么办？', at);
    await s.press('了', '周', '末');
    at = await s.waitFor('周末', at);
    await s.press(KEY.down);
    const picked = await s.waitFor(/▶ ([^\r\n(]+)\((\S+)\)/, at);
    const id = /▶ [^\r\n(]+\((\S+)\)/.exec(s.raw.slice(at, picked))![1]!;
    await s.press(KEY.enter);
    at = await s.waitFor(`(${id})`, picked); // opened in full, back on the normal screen
    at = await s.waitFor(PROMPT, at);
    await s.press('1', KEY.enter); // the live search's results are numbered like a search's
    at = await s.waitFor(PROMPT, await s.waitFor(/【[^】]+】/, at));
    await s.press(KEY.ctrlF, '密码');
    at = await s.waitFor('▶', at);
    await s.press(KEY.esc);
    at = await s.waitFor(`${PROMPT}密码`, at); // back at the prompt with what was typed
    await s.press(KEY.ctrlU, KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('copies the answer on screen with y (OSC 52 when there is no clipboard command) and says what was copied', async () => {
    const s = session({ env: { PATH: path.dirname(process.execPath) } });
    let at = await s.waitFor(PROMPT);
    await s.press('卡丢了咋办', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('(lost-card)', at));
    await s.press('y', KEY.enter);
    at = await s.waitFor('已复制 lost-card 的答案', at);
    const osc = /\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(s.raw);
    expect(osc).not.toBeNull();
    const copied = Buffer.from(osc![1]!, 'base64').toString('utf8');
    expect(copied).toContain('68967600');
    expect(copied).not.toContain('\x1b');
    await s.press(':copy 电话', KEY.enter);
    at = await s.waitFor('lost-card 中的电话', at);
    // After a lookup, the rows on screen are what is copied, not the answer before them.
    const before = s.raw.length;
    await s.press(':outlets 章丘', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('0531-83740004', at));
    await s.press(':copy', KEY.enter);
    at = await s.waitFor('已复制 :outlets 章丘 的 8 行', at);
    const rows = Buffer.from(/\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(s.raw.slice(before))![1]!, 'base64').toString('utf8').split('\n');
    expect(rows).toHaveLength(8);
    expect(rows[0]).toBe('38 农商 章丘农商银行营业部 济南市章丘区明水汇泉路2550号 0531-83217696 章丘区');
    expect(rows.join('\n')).not.toContain('68967600');
    await s.press(':outlets 龙园', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('0531-76429197', at));
    await s.press('y', KEY.enter);
    at = await s.waitFor('已复制 工商银行莱芜龙园支行 这一行', at);
    // A tree's outcome: its 工单 block, ready for the ticket.
    const beforeTree = s.raw.length;
    await s.press(':tree lost-card -a card=jinan -a insured=jinan -a location=in-jinan -a holder=adult -a when=weekday', KEY.enter);
    // Outcome and 工单 block are taller than 24 rows: the pager shows the outcome from its title; the
    // key that leaves it (q) is the pager's, never the session's (the y after it copies).
    at = await s.waitFor('(reissue)', at);
    await s.press('q');
    at = await s.waitFor(PROMPT, at);
    await s.press('y', KEY.enter);
    at = await s.waitFor('已复制 :tree lost-card 的工单', at);
    const block = Buffer.from(/\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(s.raw.slice(beforeTree))![1]!, 'base64').toString('utf8');
    expect(block).toMatch(/^—— 工单/);
    expect(block).toContain('68967600');
    expect(block).toContain('重现：sbk tree lost-card --answer card=jinan');
    // Copied unwrapped: one line a field, not the screen's 80-column breaks.
    expect(block).toContain('重现：sbk tree lost-card --answer card=jinan --answer insured=jinan --answer location=in-jinan --answer holder=adult --answer when=weekday');
    expect(block.split('\n').filter((l) => l.startsWith('回答：'))).toHaveLength(1);
    expect(block).toMatch(/^回答：.*打算什么时候去银行补卡？工作日$/m);
    // A search again: its answer is what is copied.
    await s.press('1', KEY.enter);
    at = await s.waitFor(PROMPT, await s.waitFor('(lost-card)', at));
    await s.press('y', KEY.enter);
    at = await s.waitFor('已复制 lost-card 的答案', at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  it('comes back after Ctrl-Z and fg, at the prompt and inside a tree', async () => {
    const home = stateHome();
    const sh = ptyRun(['bash', '--norc', '--noprofile', '-i'], { env: { XDG_STATE_HOME: home, XDG_CONFIG_HOME: home } });
    const SH = /(?:\n|\x1b\[\?2004h)SH: /;
    let at = await sh.waitFor(/[#$] /);
    await sh.press('PS1="SH: "', KEY.enter);
    at = await sh.waitFor(SH, at);
    await sh.press(`${process.execPath} ${BIN} repl`, KEY.enter);
    at = await sh.waitFor(PROMPT, at);
    await sh.press(KEY.ctrlZ);
    at = await sh.waitFor(SH, at); // stopped, the shell has the terminal
    await sh.press('fg', KEY.enter);
    at = await sh.waitFor(PROMPT, at);
    await sh.press('密码锁了', KEY.enter);
    at = await sh.waitFor('(password-locked)', at);
    await sh.press(':tree lost-card', KEY.enter);
    at = await sh.waitFor('丢的是哪种卡？', at);
    await sh.press(KEY.ctrlZ);
    at = await sh.waitFor(SH, at);
    await sh.press('fg', KEY.enter);
    await new Promise((r) => setTimeout(r, 300));
    await sh.press(KEY.ctrlC); // leaves the tree, not the session
    at = await sh.waitFor('已返回会话', at);
    at = await sh.waitFor(PROMPT, at);
    await sh.press(':q', KEY.enter);
    at = await sh.waitFor('再见', at);
    await sh.waitFor(SH, at);
    await sh.press('echo "code=$?"', KEY.enter);
    await sh.waitFor('code=0');
    await sh.press('exit', KEY.enter);
    await sh.exited;
  });

  it('killed (SIGTERM) during the live search, leaves its screen and gives the terminal back, exit 143', async () => {
    const s = session();
    let at = await s.waitFor(PROMPT);
    await s.press(KEY.ctrlF, '卡丢了');
    at = await s.waitFor('▶', at);
    s.signal('SIGTERM');
    expect(await s.exited).toBe(143);
    const tail = s.raw.slice(at);
    expect(tail).toContain('\x1b[?1049l'); // the alternate screen left
    expect(tail).toContain('\x1b[?25h'); // the cursor shown
  });
});
