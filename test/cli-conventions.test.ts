/** Conventions every command keeps: Chinese help, clean usage errors, colour rules, exit codes. */
import { describe, expect, it } from 'vitest';

import { sbk } from './helpers/inproc.js';

const ANSI = /\u001b\[\d+(;\d+)*m/;

describe('help and version', () => {
  it('prints the version from package.json', async () => {
    const r = await sbk(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(['search', 'show', 'validate', 'tree', 'banks', 'outlets', 'offices', 'phones'])('%s --help is in Chinese with examples', async (cmd) => {
    const r = await sbk([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('用法：');
    expect(r.stdout).toContain('示例：');
    expect(r.stdout).not.toMatch(/Usage:|Options:/);
  });
});

describe('usage errors', () => {
  it('rejects an unknown option in Chinese with exit 2 and no trace', async () => {
    const r = await sbk(['search', '补卡', '--limt', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sbk：未知选项 --limt，是否想输入 --limit？/);
    expect(r.stdout).toBe('');
  });

  it('rejects --limit abc with exit 2', async () => {
    const r = await sbk(['search', '补卡', '--limit', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--limit 的值“abc”无效/);
  });

  it('asks for a query when the query is empty', async () => {
    const r = await sbk(['search', '   ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/请输入要搜索的问题/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('suggests the closest id for an unknown entry', async () => {
    const r = await sbk(['show', 'lost-crad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/是否想查看 lost-card/);
  });
});

describe('colour', () => {
  it('uses no colour when stdout is not a terminal', async () => {
    const r = await sbk(['show', 'lost-card']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('colours phone numbers when colour is forced (as on a terminal)', async () => {
    const r = await sbk(['show', 'lost-card'], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(ANSI);
  });

  it('never colours with NO_COLOR, even when forced', async () => {
    const r = await sbk(['show', 'lost-card'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('never colours with --no-color', async () => {
    const r = await sbk(['--no-color', 'show', 'lost-card'], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).not.toMatch(ANSI);
  });
});

describe('stale entries', () => {
  it('show a visible warning when printed', async () => {
    const r = await sbk(['show', 'promotions-2021']);
    expect(r.stdout).toMatch(/⚠ 内容可能已过时：.*2021/);
  });
});
