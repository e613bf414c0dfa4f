/**
 * The session's screens as an operator sees them, in a real terminal emulator (tmux, skipped when it is
 * not installed): the rows on screen now, not the bytes written.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasTmux, tmuxSbk, type TmuxScreen } from './helpers/tmux.js';
import { displayWidth } from '../src/render/width.js';

const open: TmuxScreen[] = [];
const dirs: string[] = [];
// After all: the tests run at the same time, each in its own tmux server and state folder.
afterAll(() => {
  for (const s of open.splice(0)) s.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function repl(width: number, height: number, env: Record<string, string> = {}): TmuxScreen {
  const home = mkdtempSync(path.join(tmpdir(), 'sbk-screen-'));
  dirs.push(home);
  const s = tmuxSbk('repl', width, height, { NO_COLOR: '1', XDG_STATE_HOME: home, XDG_CONFIG_HOME: home, ...env });
  open.push(s);
  return s;
}

describe.skipIf(!hasTmux)('the session on screen', { concurrent: true }, () => {
  it.each([80, 60])('at %i×24 a lost-card search leaves the typed line, the title, 68967600 按1 and the prompt on one screen', async (width) => {
    const s = repl(width, 24);
    await s.waitFor('sbk>');
    await s.keys('我的社保卡丢了咋补', 'Enter');
    const rows = await s.waitFor(/来源：[^\n]*\n[\s\S]*sbk>\s*$/);
    expect(rows).toContain('sbk> 我的社保卡丢了咋补');
    expect(rows.some((r) => r.startsWith('【') && r.includes('(lost-card)'))).toBe(true);
    expect(rows.join('\n')).toMatch(/68967600\s*，按1/);
    expect(rows.filter((r) => r.trim()).pop()).toBe('sbk>');
    for (const r of rows) expect(displayWidth(r), r).toBeLessThanOrEqual(width);
    // Every related entry is still named (as a list of ids when the window is short).
    for (const id of ['lost-card-reissue-weekend', 'reissue-documents', 'temporary-loss-release', 'reissue-by-proxy']) expect(rows.join('\n')).toContain(id);
    await s.keys('2', 'Enter'); // the candidates are still there by number
    await s.waitFor(/sbk> 2\n【/);
  });

  it('at 160×45 lists every other candidate with its question', async () => {
    const s = repl(160, 45);
    await s.waitFor('sbk>');
    await s.keys('我的社保卡丢了咋补', 'Enter');
    const rows = await s.waitFor(/\[5\]/);
    expect(rows.filter((r) => /^\s+\[\d\] \S/.test(r))).toHaveLength(4);
  });

  it('copies with y in tmux: says how to turn set-clipboard on while it is off, and then the copy reaches tmux', async () => {
    // No clipboard command to reach: the copy goes by OSC 52, which tmux drops unless set-clipboard is on.
    const s = repl(80, 24, { DISPLAY: '', WAYLAND_DISPLAY: '' });
    await s.waitFor('sbk>');
    s.tmux('set-option', '-g', 'set-clipboard', 'external');
    await s.keys('卡丢了咋办', 'Enter');
    await s.waitFor('(lost-card)');
    await s.keys('y', 'Enter');
    let rows = await s.waitFor(/set-clipboard[\s\S]*sbk>\s*$/);
    const said = (r: string[]) => r.join(' ').replace(/\s+/g, ' ');
    expect(said(rows)).toContain('已复制 lost-card 的答案');
    expect(said(rows)).toContain('tmux 的 set-clipboard 现在是 external');
    expect(said(rows)).toContain('运行 tmux set -g set-clipboard on');
    for (const r of rows) expect(displayWidth(r), r).toBeLessThanOrEqual(80);
    s.tmux('set-option', '-g', 'set-clipboard', 'on');
    await s.keys('C-l', 'y', 'Enter');
    rows = await s.waitFor(/已复制 lost-card 的答案[\s\S]*sbk>\s*$/);
    expect(said(rows)).not.toContain('set-clipboard');
    expect(s.tmux('show-buffer')).toContain('临时挂失电话：68967600');
  });

  it('the live search fills the 80×24 screen exactly, and Esc gives the transcript back', async () => {
    const s = repl(80, 24);
    await s.waitFor('sbk>');
    await s.keys('密码锁了', 'Enter');
    await s.waitFor('(password-locked)');
    await s.keys('C-f', '卡丢了');
    const rows = await s.waitFor('▶');
    expect(rows).toHaveLength(24);
    expect(rows[0]).toBe('实时搜索› 卡丢了');
    expect(rows.filter((r) => r.startsWith('▶'))).toHaveLength(1);
    expect(rows.some((r) => r.startsWith('【'))).toBe(true); // the preview
    for (const r of rows) expect(displayWidth(r), r).toBeLessThanOrEqual(80);
    await s.keys('Escape');
    const back = await s.waitFor('sbk> 卡丢了');
    expect(back.join('\n')).toContain('(password-locked)'); // the transcript as it was
    expect(back.join('\n')).not.toContain('实时搜索');
  });
});
