/**
 * The interactive tree prompt in a real terminal (tmux) at 80×24 and 80×12, as an operator uses it:
 * one screen redrawn in place, the answers so far each changeable, the earlier answer preselected,
 * Esc/←/Backspace back a step, menus that say when they are cut, the outcome and its 工单 block.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, tmuxSbk, tmuxShellSbk, type TmuxScreen } from './helpers/tmux.js';
import { displayWidth } from '../src/render/width.js';

let open: TmuxScreen[] = [];
const start = (args: string, w = 80, h = 24, env: Record<string, string> = {}) => {
  const s = tmuxSbk(args, w, h, env);
  open.push(s);
  return s;
};
// After all: the tests run at the same time, each in its own tmux server.
afterAll(() => {
  for (const s of open) s.kill();
  open = [];
});

const text = (rows: string[]) => rows.join('\n');
/** `cat` as the pager means none (io.ts pagerCommand). */
const NO_PAGER = { SBK_PAGER: 'cat' };
const cursorRow = (rows: string[]) => rows.find((r) => r.startsWith('❯'));

// Concurrent: each test waits on its own terminal most of the time; nothing is shared between them.
describe.skipIf(!hasTmux)('sbk tree in a terminal (tmux)', { concurrent: true }, () => {
  it.each(['tree lost-card', 'repl'])('Ctrl-Z takes the question off the screen and says it is paused; after fg one copy of it is drawn, the cursor where it was (sbk %s)', async (args) => {
    const s = tmuxShellSbk(args, 80, 24, { XDG_STATE_HOME: '/nonexistent-sbk-state', SBK_HISTORY: '0' });
    open.push(s);
    if (args === 'repl') {
      await s.waitFor('sbk>');
      await s.keys(':tree lost-card', 'Enter');
    }
    await s.waitFor('丢的是哪种卡？');
    await s.keys('Down', 'C-z');
    let rows = await s.waitFor(/Stopped[\s\S]*SH\$/);
    expect(text(rows)).toContain('（问诊“社保卡丢了”已暂停：输入 fg 回来继续）');
    expect(text(rows)).not.toContain('丢的是哪种卡？');
    await s.keys('fg', 'Enter');
    rows = await s.waitFor('丢的是哪种卡？');
    await new Promise((r) => setTimeout(r, 200));
    rows = s.rows();
    expect(text(rows).split('丢的是哪种卡？')).toHaveLength(2);
    expect(cursorRow(rows)).toMatch(/^❯ 2\. 省内其他地市/);
    // What Ctrl-C does, as it does it: inside the session it goes back to the session.
    expect(rows.filter((r) => r.includes('Ctrl-C')).pop()).toMatch(args === 'repl' ? /Ctrl-C 返回会话$/ : /Ctrl-C 退出$/);
    // Still answering: the next question comes.
    await s.keys('Enter');
    rows = await s.waitFor('发卡机构');
    expect(text(rows)).toContain('你的回答');
    await s.keys('C-c');
    if (args === 'repl') {
      await s.waitFor('已返回会话');
      await s.keys(':q', 'Enter');
    }
    await s.waitFor(/SH\$\s*$/);
    await s.keys('echo "<code $?>"', 'Enter');
    const done = await s.waitFor(/<code \d+>/);
    expect(/<code (\d+)>/.exec(text(done))![1]).toBe(args === 'repl' ? '0' : '130');
  });

  it('going back redraws the screen: only the current path is on it, the earlier answer preselected', async () => {
    const s = start('tree lost-card');
    await s.waitFor('丢的是哪种卡？');
    await s.keys('Enter');
    await s.waitFor('持卡人现在还在济南参保吗？');
    await s.keys('Down', 'Enter'); // 济南已停保 → an outcome? no: insured-elsewhere is an outcome, so go back first
    const done = await s.waitFor('工单');
    expect(text(done)).toContain('济南已停保，已在外地参保');
    expect(await s.exited()).toBe(0);

    const t = start('tree lost-card');
    await t.waitFor('丢的是哪种卡？');
    await t.keys('Enter', 'Enter');
    let rows = await t.waitFor('持卡人本人现在在济南吗？');
    expect(text(rows)).toContain('你的回答');
    expect(text(rows)).toContain('2. 持卡人现在还在济南参保吗？ 还在济南参保');
    for (const back of ['Escape', 'BSpace', 'Left']) {
      await t.keys(back);
      rows = await waitGone(t, '持卡人本人现在在济南吗？');
      // The question gone back to, with the answer given before under the cursor; nothing after it.
      expect(text(rows)).toContain('? 持卡人现在还在济南参保吗？');
      expect(cursorRow(rows)).toBe('❯ 1. 还在济南参保');
      expect(text(rows)).not.toContain('2. 持卡人现在还在济南参保吗？');
      await t.keys('Enter');
      await t.waitFor('持卡人本人现在在济南吗？');
    }
    // Every row fits the terminal.
    for (const r of t.rows()) expect(displayWidth(r)).toBeLessThanOrEqual(80);
  });

  it('changes an earlier answer (not only the last), keeps the later answers that still apply, and ends with the 工单 block', async () => {
    // Without a pager: the outcome with its 工单 block is taller than 24 rows, and paging it is
    // screen.test.ts's; here the walk and the whole block are checked.
    const s = start('tree lost-card', 80, 24, NO_PAGER);
    await s.waitFor('丢的是哪种卡？');
    await s.keys('Enter', 'Enter', 'Enter', 'Enter');
    let rows = await s.waitFor('打算什么时候去银行补卡？');
    expect(text(rows)).toContain('4. 持卡人是？ 有身份证的本人');
    // Up from the first choice goes into "你的回答": onto answer 4, then 3.
    await s.keys('Up', 'Up');
    rows = await s.waitFor('❯ 3. 持卡人本人现在在济南吗？');
    expect(text(rows)).toContain('修改这个回答');
    await s.keys('Enter');
    rows = await waitGone(s, '打算什么时候去银行补卡？');
    expect(cursorRow(rows)).toBe('❯ 1. 在济南');
    // The same answer again: the walk goes on through 持卡人是？ (answered before) to where it was.
    await s.keys('Enter');
    rows = await s.waitFor('打算什么时候去银行补卡？');
    expect(text(rows)).toContain('4. 持卡人是？ 有身份证的本人');
    // Now change answer 3 for real: 不在济南 leads straight to another outcome.
    await s.keys('Up', 'Up', 'Enter');
    await waitGone(s, '打算什么时候去银行补卡？');
    await s.keys('Down', 'Enter');
    // Outcome and 工单 block are taller than 24 rows: paged, the outcome's title on the first row.
    const screen = await outcomeScreen(s, /^【人不在济南/);
    expect(await s.exited()).toBe(0);
    expect(s.history()).toContain('(holder-away)');
    expect(screen).toContain('—— 工单');
    expect(screen).toContain('持卡人本人现在在济南吗？不在济南');
    expect(screen).not.toContain('持卡人是？有身份证的本人');
    expect(screen).toMatch(/答复：人不在济南/);
    expect(screen).toMatch(/电话：0531-68967600/);
    expect(screen).toContain('重现：sbk tree lost-card --answer card=jinan --answer insured=jinan');
    expect(screen).toContain('--answer location=away');
    // The prompt's screen is gone: no menu rows left over above the outcome.
    expect(screen).not.toContain('❯');
    for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(80);
  });

  it('at 80×12 a long menu shows that it has more choices, and scrolls to them', async () => {
    const s = start('tree card-unusable', 80, 12);
    await s.waitFor('来电人的问题是哪一类？');
    await s.keys('Enter');
    let rows = await s.waitFor('在济南刷卡时是什么情况？');
    expect(text(rows)).toMatch(/↓ 下面还有 \d+ 项/);
    expect(rows.length).toBeLessThanOrEqual(12);
    for (let i = 0; i < 9; i++) await s.keys('Down');
    rows = await s.waitFor(/↑ 上面还有 \d+ 项/);
    expect(cursorRow(rows)).toMatch(/^❯ 10\. /);
    expect(text(rows)).toContain('? 在济南刷卡时是什么情况？');
  });

  it('a digit picks a choice; Ctrl-C exits with 130 and says it was cancelled', async () => {
    const s = start('tree card-unusable');
    await s.waitFor('来电人的问题是哪一类？');
    await s.keys('3');
    await s.waitFor('是哪个密码？');
    await s.keys('C-c');
    expect(await s.exited()).toBe(130);
    expect(text(s.rows())).toContain('已取消');
  });

  it('a key that does nothing says which keys do: a digit past the last choice, a letter such as q; the question stays', async () => {
    const s = start('tree lost-card');
    await s.waitFor('丢的是哪种卡？');
    await s.keys('9');
    let rows = await s.waitFor('没有第 9 项：按 1–7 选择');
    expect(cursorRow(rows)).toMatch(/^❯ 1\. /);
    await s.keys('q');
    rows = await s.waitFor('按 1–7 或 ↑↓ 和回车选择，Ctrl-C 退出');
    expect(text(rows)).not.toContain('没有第 9 项');
    await s.keys('5');
    await s.waitFor('重现：');
    expect(await s.exited()).toBe(0);
  });

  it('at a menu of 10 choices a first digit 1 waits for a second: 1 then 0 picks the 10th, 1 then Enter the 1st', async () => {
    const s = tmuxSbk('tree card-unusable --answer where=in-jinan', 80, 24, { SBK_PAGER: 'cat' });
    open.push(s);
    let rows = await s.waitFor('在济南刷卡时是什么情况？');
    expect(text(rows)).toContain('10. ');
    await s.keys('1');
    rows = await s.waitFor('第 1 项：回车选它');
    expect(cursorRow(rows)).toMatch(/^❯ 1\. /);
    await s.keys('0');
    await s.waitFor('重现：');
    expect(await s.exited()).toBe(0);
    expect(s.history()).toContain('--answer jinan-symptom=normal');

    const t = tmuxSbk('tree card-unusable --answer where=in-jinan', 80, 24, { SBK_PAGER: 'cat' });
    open.push(t);
    await t.waitFor('在济南刷卡时是什么情况？');
    await t.keys('1');
    await t.waitFor('第 1 项：回车选它');
    await t.keys('Enter');
    await t.waitFor('这张要启用的卡是在哪里办的？');
  });

  it('starts from the given answers and asks only the rest', async () => {
    const s = start('tree progress --answer card-type=employee --answer stage=at-bank', 80, 24, NO_PAGER);
    const rows = await s.waitFor('制卡银行是哪家？');
    expect(text(rows)).not.toContain('? 要查哪种社保卡的制卡进度？');
    expect(text(rows)).toMatch(/1\. 要查哪种社保.* 职工/);
    await s.keys('Down', 'Enter'); // 农业银行
    const screen = await outcomeScreen(s, /^【/);
    expect(await s.exited()).toBe(0);
    expect(s.history()).toContain('(at-bank)');
    expect(screen).toContain('电话：0531-88989601 中国农业银行 查卡电话');
  });
});

/**
 * The screen at the end of an outcome: when the outcome and its 工单 block were paged (less's `:`
 * prompt), the first row is the outcome's title; the end of the text is then shown (G) and the pager
 * left (q). The screen with the block's last line, 重现：…
 */
async function outcomeScreen(s: TmuxScreen, title: RegExp): Promise<string> {
  let rows = await s.waitFor(/^:$|重现：/m);
  if (rows.some((r) => r === ':')) {
    expect(rows[0]).toMatch(title);
    await s.keys('G');
    rows = await s.waitFor('重现：');
    const screen = text(rows);
    await s.keys('q');
    return screen;
  }
  return text(rows);
}

/** Wait until `gone` is no longer on the screen (a redraw happened); the rows then. */
async function waitGone(s: TmuxScreen, gone: string, timeoutMs = 5000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const rows = s.rows();
    if (!rows.join('\n').includes(gone)) return rows;
    if (Date.now() > end) throw new Error(`still on screen: ${gone}\n${rows.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
