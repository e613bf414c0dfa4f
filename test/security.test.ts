/**
 * Data never becomes code or control (issue 12): completion scripts keep every data word a plain word
 * in a real bash; aliases with shell metacharacters are rejected at load with file:line; CSV/TSV cells
 * that a spreadsheet would run as a formula are neutralised; killed at a tree prompt, sbk gives the
 * terminal back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';
import { lineOf, makeDataDir } from './helpers/datadir.js';
import { hasScript } from './helpers/pty.js';
import { bashScript, zshScript, type CompletionWords } from '../src/commands/completion.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'sbk-sec-'));
  made.push(d);
  return d;
};

describe('completion scripts', () => {
  it('reject a --data-dir whose bank alias holds shell metacharacters, at its file:line, and run nothing', async () => {
    const work = temp();
    const marker = path.join(work, 'PWNED');
    const alias = `$(touch ${marker})`;
    const dir = makeDataDir({ 'banks.yaml': (t) => t.replace('aliases: [工行, ', `aliases: ["${alias}", 工行, `) });
    made.push(dir);
    const line = lineOf(readFileSync(path.join(dir, 'banks.yaml'), 'utf8'), alias);
    const validate = await sbk(['--data-dir', dir, 'validate']);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain(`banks.yaml:${line}`);
    expect(validate.stderr).toContain('shell');
    const script = await sbk(['--data-dir', dir, 'completion', 'bash']);
    expect(script.code).toBe(2);
    expect(script.stdout).toBe('');
    expect(script.stderr).toContain(`banks.yaml:${line}`);
    expect(existsSync(marker)).toBe(false);
  });

  it.each(['`touch X`', 'a b', "it's", 'x;y', 'a|b', 'a&b', '$HOME', 'a>b', 'a*', '(x)', 'a\\b'])('reject the alias %s in validate', async (bad) => {
    const dir = makeDataDir({ 'banks.yaml': (t) => t.replace('aliases: [工行, ', `aliases: [${JSON.stringify(bad)}, 工行, `) });
    made.push(dir);
    const r = await sbk(['--data-dir', dir, 'validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/banks\.yaml:7\b/);
  });

  // Whatever the data says, the script keeps it literal: words that passed no check at all.
  const hostile = (marker: string): CompletionWords => {
    const banks = { words: [`$(touch ${marker})`, `\`touch ${marker}-bt\``, `it's`, '工行', 'a b'] };
    return {
      commands: ['banks', 'outlets', 'tree'],
      globalOptions: ['--help'],
      options: { banks: ['--json'], outlets: ['--bank', '--district'], tree: ['--answer'] },
      values: { 'outlets:--bank': banks, 'outlets:-b': banks, 'outlets:--district': { words: ['章丘', `$(touch ${marker}-d)`] }, 'outlets:--format': { words: ['csv'] } },
      args: { tree: { words: [`$(touch ${marker}-tree)`, 'lost-card'] }, banks },
    };
  };

  it('offer data words literally in a real bash and never run them', async () => {
    const work = temp();
    const marker = path.join(work, 'PWNED');
    const file = path.join(work, 'sbk.bash');
    writeFileSync(file, bashScript(hostile(marker)));
    const complete = (...words: string[]) => {
      const arr = ['sbk', ...words].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
      const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length}; _sbk; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', cwd: work });
      expect(r.status).toBe(0);
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(complete('banks', '')).toEqual([`$(touch ${marker})`, `\`touch ${marker}-bt\``, `it's`, '工行', 'a b']);
    expect(complete('banks', '工')).toEqual(['工行']);
    expect(complete('banks', '$')).toEqual([`$(touch ${marker})`]);
    expect(complete('outlets', '--bank', '')).toHaveLength(5);
    expect(complete('outlets', '--district', '')).toEqual(['章丘', `$(touch ${marker}-d)`]);
    expect(complete('tree', '')).toEqual([`$(touch ${marker}-tree)`, 'lost-card']);
    expect(complete('outlets', '--')).toEqual(['--bank', '--district']);
    expect(complete('')).toEqual(['banks', 'outlets', 'tree', '--help']);
    // Completion also works with `complete -p`'s own machinery (bash runs _sbk for `sbk <TAB>`).
    expect(spawnSync('bash', ['-c', `source '${file}'; complete -p sbk`], { encoding: 'utf8' }).stdout).toContain('_sbk');
    expect(spawnSync('ls', [work], { encoding: 'utf8' }).stdout.trim()).toBe('sbk.bash');
  });

  it('single-quote every data word in the zsh script', async () => {
    const script = zshScript(hostile('/tmp/x'));
    // Each data word appears only as one single-quoted shell word ('\'' for a quote inside).
    expect(script).toContain(`compadd -- '$(touch /tmp/x)' '\`touch /tmp/x-bt\`' 'it'\\''s' '工行' 'a b'`);
    expect(script).not.toMatch(/[^'(]\$\(touch/);
  });
});

describe('CSV and TSV output', () => {
  it('neutralise cells that a spreadsheet would run as a formula (= + - @), and only those', async () => {
    const dir = makeDataDir({
      'banks.yaml': (t) =>
        t
          .replace('address: "济南市经十路21586号"', 'address: "=HYPERLINK(\\"http://evil.example\\",\\"点击\\")"')
          .replace('name: "工商银行济南市中支行营业室"', 'name: "@SUM(1+1)"'),
    });
    made.push(dir);
    const csv = await sbk(['--data-dir', dir, 'outlets', '--bank', '工行', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const row = csv.stdout.split('\r\n').find((l) => l.includes('SUM'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(row).toContain(`'@SUM(1+1)`);
    expect(csv.stdout).not.toMatch(/(^|,)[=+\-@]/m);
    // Ordinary cells are untouched: numbers, phones.
    expect(row).toMatch(/^1,/);
    expect(row).toContain('0531-82062001');
    const tsv = await sbk(['--data-dir', dir, 'outlets', '--bank', '工行', '--format', 'tsv']);
    const trow = tsv.stdout.split('\n').find((l) => l.includes('SUM'))!;
    expect(trow.split('\t')).toEqual(expect.arrayContaining([`'@SUM(1+1)`, `'=HYPERLINK("http://evil.example","点击")`]));
    expect(tsv.stdout).not.toMatch(/(^|\t)[=+\-@]/m);
  });
});

describe.skipIf(!hasScript)('killed at a tree prompt', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('by %s: the terminal is given back (line mode, echo, cursor shown), exit %i', async (signal, code) => {
    const work = temp();
    const pidFile = path.join(work, 'pid');
    // In a real pty: sbk at a prompt, then, in the same terminal, what stty says once it is gone.
    const inner = `sh -c 'echo $$ > ${pidFile}; exec ${process.execPath} ${BIN} tree lost-card'; echo rc=$?; stty -a`;
    const child = spawn('script', ['-qfec', `bash -c "${inner.replace(/"/g, '\\"').replace(/\$/g, '\\$')}"`, '/dev/null'], {
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 30));
    };
    // The prompt is up (it hides the cursor).
    await until(() => screen.includes('\x1b[?25l') && existsSync(pidFile));
    expect(screen).toContain('\x1b[?25l');
    process.kill(Number(readFileSync(pidFile, 'utf8')), signal);
    await exited;
    expect(screen).toContain(`rc=${code}`);
    const before = screen.slice(0, screen.indexOf('rc='));
    expect(before.lastIndexOf('\x1b[?25h')).toBeGreaterThan(before.lastIndexOf('\x1b[?25l'));
    const stty = screen.slice(screen.indexOf('rc='));
    expect(stty).toMatch(/(^|\s)icanon(\s|;|$)/m);
    expect(stty).toMatch(/(^|\s)echo(\s|;|$)/m);
  });
});

describe('what the user typed, quoted back in an error', () => {
  it('shows control characters as \\x1b and the like: no screen clear, no bell, still one line', async () => {
    for (const args of [['tree', 'lost-card', '--answer', 'card=\x1b[2J\x07evil'], ['tree', 'lost\x1b]0;title\x07'], ['show', 'x\ny\x9b31m']]) {
      const r = await sbk(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sbk：[^\n]*\n$/);
      expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      expect(r.stderr).toMatch(/\\x1b|\\x0a/);
    }
  });
});
