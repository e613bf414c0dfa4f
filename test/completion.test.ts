/**
 * `sbk completion` prints scripts, made from the command declarations, that complete commands, options,
 * tree and entry ids, the banks' short names and the districts that have outlets.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sbk } from './helpers/inproc.js';
import { COMMANDS, GLOBAL_OPTIONS } from '../src/commandline.js';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { outletDistricts } from '../src/lookup/outlets.js';
import { ROOT } from './helpers/cli.js';

const bash = await sbk(['completion', 'bash']);
const script = path.join(mkdtempSync(path.join(tmpdir(), 'sbk-compl-')), 'sbk.bash');
writeFileSync(script, bash.stdout);

/** What bash offers after typing `words` (the last word is the one being completed). */
function complete(...words: string[]): string[] {
  const arr = ['sbk', ...words].map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source '${script}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length}; _sbk; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

describe('sbk completion', () => {
  it('prints a bash script', () => {
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -F _sbk sbk');
  });

  it('completes command names', () => {
    expect(complete('ou')).toEqual(['outlets']);
    expect(complete('')).toEqual(expect.arrayContaining(['search', 'tree', 'banks', 'outlets', 'offices', 'phones', 'repl']));
  });

  it('completes tree ids after tree', () => {
    expect(complete('tree', 'lo')).toEqual(['lost-card']);
    expect(complete('tree', '')).toEqual(expect.arrayContaining(['lost-card', 'card-unusable', 'progress']));
  });

  it('completes the seven banks by their short names after --bank', () => {
    expect(complete('outlets', '--bank', '建')).toEqual(['建行']);
    expect(complete('outlets', '--bank', '')).toEqual(['工行', '农行', '中行', '建行', '齐鲁', '农商', '邮储']);
    expect(complete('outlets', '-b', '农')).toEqual(['农行', '农商']);
  });

  it('completes only districts that have outlets after --district, each name whole', () => {
    const kb = loadKnowledgeBase(ROOT);
    const offered = complete('outlets', '--district', '');
    expect(offered).toHaveLength(outletDistricts(kb.banks.outlets).length);
    expect(complete('outlets', '--district', '章')).toEqual(['章丘']);
    // Every offered name finds outlets (none is cut: 南部山区 is not 南部山).
    for (const d of offered) expect(kb.banks.outlets.some((o) => o.district?.startsWith(d)), d).toBe(true);
    expect(offered).not.toContain('南部山');
  });

  it('completes entry ids after show, and a format after --format', () => {
    expect(complete('show', 'lost-card-re')).toEqual(expect.arrayContaining(['lost-card-reissue-weekend']));
    expect(complete('show', 'lost-card-re').every((id) => id.startsWith('lost-card-re'))).toBe(true);
    expect(complete('outlets', '--format', 'c')).toEqual(['csv']);
    expect(complete('show', '--format', '')).toEqual(['text', 'json', 'md']);
  });

  it('completes a command’s own options, and each program option once', () => {
    expect(complete('outlets', '--di')).toEqual(['--district']);
    expect(complete('--')).toEqual([...new Set(complete('--'))]);
    expect(complete('--').filter((o) => o === '--version')).toEqual(['--version']);
  });

  it('offers exactly the declared commands and options (no list of its own)', () => {
    expect(complete('')).toEqual([...COMMANDS.map((c) => c.name), '--version', ...GLOBAL_OPTIONS.map((o) => `--${o.long}`)]);
    for (const c of COMMANDS.filter((x) => x.options)) {
      expect(complete(c.name, '--').sort(), c.name).toEqual([...new Set([...c.options!.map((o) => `--${o.long}`), ...GLOBAL_OPTIONS.map((o) => `--${o.long}`)])].sort());
    }
  });

  it('prints a zsh script', async () => {
    const r = await sbk(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#compdef sbk/);
    expect(r.stdout).toContain('lost-card');
  });

  it('rejects other shells with exit 2', async () => {
    const r = await sbk(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash.*zsh/);
  });
});

describe('a mistyped command name', () => {
  it('gets a suggestion when it matches nothing', async () => {
    const r = await sbk(['outlts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/未知命令 outlts，是否想输入 sbk outlets？/);
    expect(r.stdout).toBe('');
  });
});
