/**
 * sbk never hangs, never prints a stack trace and always ends with 0, 1 or 2 (130 when interrupted),
 * whatever it is given: closed pipes, pipes that never close, huge or broken input, arbitrary options.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BIN, runCli } from './helpers/cli.js';
import { sbk } from './helpers/inproc.js';

const TRACE = /\n\s+at .+:\d+:\d+/;

describe('pipes', () => {
  it('stops quietly when the reader closes the pipe early (sbk outlets --format tsv | head -1)', async () => {
    const r = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve) => {
      const child = spawn('bash', ['-o', 'pipefail', '-c', `'${process.execPath}' '${BIN}' outlets --format tsv | head -1; echo "rc=\${PIPESTATUS[0]}" >&2`]);
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => (stdout += d));
      child.on('exit', (code) => resolve({ code, stderr, first: stdout }));
    });
    expect(r.first.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.stderr).toMatch(/rc=0/);
  });

  it('sbk tree with a pipe on stdin that never closes exits 2 at once, naming --answer', async () => {
    const started = Date.now();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'tree', 'lost-card'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
      // stdin is left open on purpose.
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--answer/);
    expect(Date.now() - started).toBeLessThan(8000);
  });
});

describe('huge and broken input', () => {
  it('answers a query as long as the system allows for one argument (128 KB)', () => {
    const r = runCli(['search', '社保卡丢了怎么办'.repeat(5000), '--json'], { timeoutMs: 20000 });
    expect([0, 1]).toContain(r.code);
    expect(() => JSON.parse(r.stdout || '[]')).not.toThrow();
  });

  it('gives one output line per input line for a 1 MB line, invalid UTF-8 and NUL bytes in batch mode', () => {
    const input = Buffer.concat([
      Buffer.from('社保卡丢了'.repeat(70_000) + '\n'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      Buffer.from('a\u0000b\n'),
      Buffer.from('\n'),
    ]);
    const r = runCli(['search', '--json'], { input });
    expect(r.stderr).not.toMatch(TRACE);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!).results.length).toBeGreaterThan(0);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('results');
  });
});

describe('bad data never gives a trace', () => {
  it('an unreadable data directory is a one-line error with exit 2', () => {
    const r = runCli(['--data-dir', '/proc/self/does-not-exist', 'outlets']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('an id that is no entry', () => {
  it('sbk show of the appendix (an illustration of the source, not a question) says what it is and what to do, exit 2', async () => {
    const r = await sbk(['show', 'online-paths-illustrated']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sbk：“online-paths-illustrated”是知识库原文第 \d+ 行的附录“社保卡业务线上路径图解”（图解），不是问答条目：请用 sbk search 关键词 查找/);
  });
});

/** Run a command line in-process (a pipe): its exit code; an internal error (a bug) fails the test. */
async function exitCodeOf(argv: string[]): Promise<number> {
  const r = await sbk(argv);
  expect(r.stderr, argv.join(' ')).not.toContain('内部错误');
  return r.code;
}

describe('property: any text and option values', () => {
  const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', ' ', '章丘', '工行', '68967600', '0531', '\u0000', 'lost-card'));
  const format = fc.constantFrom(undefined, 'table', 'json', 'csv', 'tsv');

  it('search, lookups and trees end with 0, 1 or 2 and never throw anything else', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, format, fc.boolean(), fc.integer({ min: 1, max: 50 }), async (a, b, c, fmt, flag, limit) => {
        const f = fmt ? ['--format', fmt] : [];
        const codes = [
          await exitCodeOf(['search', '--limit', String(limit), flag ? '--json' : '--explain', '--', a]),
          await exitCodeOf(['banks', ...f, '--', a]),
          await exitCodeOf(['outlets', ...(b ? ['--bank', b] : []), ...(c ? ['--district', c] : []), ...(flag && !fmt ? ['--json'] : f), '--', a]),
          await exitCodeOf(['offices', ...(flag ? ['--yibao'] : []), ...f, '--', a]),
          await exitCodeOf(['phones', ...f, '--', a, b]),
          await exitCodeOf(['tree', '--answer', `${b}=${c}`, ...(flag ? ['--json'] : []), ...(a ? ['--', a] : [])]),
          await exitCodeOf(['tree', 'card-unusable', '--answer', `${b}=${c}`, '--answer', a, '--json']),
          await exitCodeOf(['show', ...(flag ? ['--json'] : []), '--', a]),
        ];
        for (const code of codes) expect([0, 1, 2]).toContain(code);
      }),
      { numRuns: 150 },
    );
  });
});
