/**
 * The real interactive prompt, driven through a pseudo-terminal (`script`), as an operator uses it:
 * arrow keys and Enter, going back one step, and Ctrl-C.
 */
import { describe, expect, it } from 'vitest';
import { hasScript, KEY, ptySession as session } from './helpers/pty.js';

describe.skipIf(!hasScript)('sbk tree in a terminal', () => {
  it('asks with arrow-key menus, goes back one step, and prints the outcome', async () => {
    const s = session('tree lost-card');
    let at = await s.waitFor('丢的是哪种卡？');
    await s.press(KEY.enter); // 济南社保卡
    at = await s.waitFor('持卡人现在还在济南参保吗？', at);
    await s.press(KEY.enter); // 还在济南参保
    at = await s.waitFor('持卡人本人现在在济南吗？', at);
    expect(s.screen.slice(at)).toContain('返回上一步');
    await s.press(KEY.down, KEY.down, KEY.enter); // ← 返回上一步
    at = await s.waitFor('持卡人现在还在济南参保吗？', at);
    await s.press(KEY.enter);
    at = await s.waitFor('持卡人本人现在在济南吗？', at);
    await s.press(KEY.down, KEY.enter); // 不在济南
    at = await s.waitFor('(holder-away)', at);
    expect(await s.exited).toBe(0);
    const outcome = s.screen.slice(at);
    expect(outcome).toContain('68967600');
    expect(outcome).toContain('还无法跨地市补办');
    expect(s.screen).toContain('sbk tree lost-card --answer card=jinan --answer insured=jinan --answer location=away');
  });

  it('starts from the given answers and asks only the rest', async () => {
    const s = session('tree progress --answer card-type=employee --answer stage=at-bank');
    const at = await s.waitFor('制卡银行是哪家？');
    expect(s.screen).not.toContain('要查哪种社保卡的制卡进度？');
    await s.press(KEY.down, KEY.enter); // 农业银行
    await s.waitFor('(at-bank)', at);
    expect(await s.exited).toBe(0);
    expect(s.screen).toContain('0531-88989601');
  });

  it('Ctrl-C exits with 130 and says it was cancelled', async () => {
    const s = session('tree card-unusable');
    await s.waitFor('来电人的问题是哪一类？');
    await s.press(KEY.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.screen).toContain('已取消');
    expect(s.screen).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });
});
