/** `sbk completion` prints scripts that complete commands, tree ids, banks and districts. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const bash = runCli(['completion', 'bash']);
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

  it('completes bank names after --bank and districts after --district', () => {
    expect(complete('outlets', '--bank', '建')).toEqual(expect.arrayContaining(['建行', '建设银行']));
    expect(complete('outlets', '--district', '章')).toEqual(['章丘']);
  });

  it('completes a command’s own options', () => {
    expect(complete('outlets', '--d')).toEqual(['--district']);
  });

  it('prints a zsh script', () => {
    const r = runCli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#compdef sbk/);
    expect(r.stdout).toContain('lost-card');
  });

  it('rejects other shells with exit 2', () => {
    const r = runCli(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash.*zsh/);
  });
});

describe('a mistyped command name', () => {
  it('gets a suggestion when it matches nothing', () => {
    const r = runCli(['outlts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/未知命令 outlts，是否想输入 sbk outlets？/);
    expect(r.stdout).toBe('');
  });
});
