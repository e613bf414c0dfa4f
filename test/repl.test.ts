/** The session mode, driven through a pseudo-terminal as an operator uses it during a shift. */
import { describe, expect, it } from 'vitest';
import { hasPython, KEY, sbk } from './helpers/pypty.js';
import { runCli } from './helpers/cli.js';

describe.skipIf(!hasPython)('sbk repl in a terminal', { concurrent: true }, () => {
  it('answers queries, opens a result by number, runs lookups and trees, and leaves with :q', async () => {
    const s = sbk(['repl'], { env: { SBK_HISTORY: '0' } });
    let at = await s.waitFor('sbk> ');
    await s.press('卡丢了咋办', KEY.enter);
    at = await s.waitFor('(lost-card)', at);
    at = await s.waitFor('[2]', at);
    at = await s.waitFor('sbk> ', at);
    await s.press('2', KEY.enter);
    at = await s.waitFor('来源：知识库原文', at);
    await s.press(':phones 68967600', KEY.enter);
    at = await s.waitFor('社保卡服务电话', at);
    await s.press(':tree lost-card', KEY.enter);
    at = await s.waitFor('丢的是哪种卡？', at);
    await s.press(KEY.ctrlC); // leaves the tree, not the session
    at = await s.waitFor('已返回会话', at);
    at = await s.waitFor('sbk> ', at);
    await s.press(':outlets --bank 花旗', KEY.enter); // an error is reported and the session goes on
    at = await s.waitFor('sbk> ', at);
    await s.press(':q', KEY.enter);
    expect(await s.exited).toBe(0);
  });

  it('clears the line on Ctrl-C, recalls history with the up arrow, and leaves on Ctrl-D', async () => {
    const s = sbk(['repl'], { env: { SBK_HISTORY: '0' } });
    let at = await s.waitFor('sbk> ');
    await s.press('密码锁了', KEY.enter);
    at = await s.waitFor('(password-locked)', at);
    at = await s.waitFor('sbk> ', at);
    await s.press('社保卡丢了', KEY.ctrlC, KEY.enter); // cleared: Enter on an empty line searches nothing
    await s.press(KEY.up, KEY.enter); // recalls 密码锁了
    at = await s.waitFor('(password-locked)', at);
    expect(s.raw.slice(0, at)).not.toContain('(lost-card)');
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });

  it('starts when sbk is run with no arguments on a terminal', async () => {
    const s = sbk([], { env: { SBK_HISTORY: '0' } });
    await s.waitFor('sbk> ', await s.waitFor('sbk 会话模式'));
    await s.press(KEY.ctrlD);
    expect(await s.exited).toBe(0);
  });
});

describe('sbk repl without a terminal', () => {
  it('refuses at once with exit 2 and says what to use instead', () => {
    const r = runCli(['repl'], { input: '社保卡丢了\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/会话模式需要在终端中使用/);
  });
});
