/**
 * A --data-dir is untrusted: sbk reads only regular files of a sane size, never hangs or runs out of
 * memory on a special file, and never lets control characters in data reach a terminal or a pipe.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf, makeDataDir } from './helpers/datadir.js';
import { sbk } from './helpers/inproc.js';

const TRACE = /\n\s+at .+:\d+:\d+/;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the shipped data whose faq.yaml is replaced by `make(file)`. */
function withFaq(make: (file: string) => void): string {
  const dir = makeDataDir();
  dirs.push(dir);
  const file = path.join(dir, 'faq.yaml');
  unlinkSync(file);
  make(file);
  return dir;
}

function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(TRACE);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('special and oversized data files', () => {
  it('a FIFO as faq.yaml is an error, not a wait for a writer that never comes', async () => {
    const dir = withFaq((f) => expect(spawnSync('mkfifo', [f]).status).toBe(0));
    for (const args of [['search', '社保卡丢了'], ['validate'], ['show', 'lost-card']]) {
      expectOneLineError(await sbk(['--data-dir', dir, ...args], { timeoutMs: 10000 }), /faq\.yaml.*不是普通文件/);
    }
  });

  it('faq.yaml linked to /dev/zero is an error, not a read that grows memory without end', async () => {
    const dir = withFaq((f) => symlinkSync('/dev/zero', f));
    expectOneLineError(await sbk(['--data-dir', dir, 'validate'], { timeoutMs: 10000 }), /faq\.yaml.*不是普通文件/);
  });

  it('a data file over 20 MB is refused before it is read', async () => {
    const dir = withFaq((f) => {
      writeFileSync(f, '');
      truncateSync(f, 21 * 1024 * 1024);
    });
    expectOneLineError(await sbk(['--data-dir', dir, 'search', '社保卡丢了'], { timeoutMs: 10000 }), /faq\.yaml.*超过 20 MB/);
  });
});

describe('control characters in data', () => {
  const ESC = '\u001b';
  it.each([
    ['a raw escape sequence in an answer', '临时挂失电话：68967600', `临时挂失电话：${ESC}[2J${ESC}]0;pwned\u000768967600`],
    ['a YAML escape that makes one in a question', 'question: "社保卡丢了怎么办？"', 'question: "\\e[31m社保卡丢了怎么办？"'],
    ['a carriage return that overwrites the line', 'question: "社保卡丢了怎么办？"', 'question: "社保卡丢了怎么办？\\r"'],
  ])('%s is rejected at load with file:line and never printed', async (_, from, to) => {
    const dir = makeDataDir({ 'faq.yaml': (t) => t.replace(from, to) });
    dirs.push(dir);
    const line = lineOf(readFileSync(path.join(dir, 'faq.yaml'), 'utf8'), to);
    for (const args of [['validate'], ['search', '社保卡丢了'], ['show', 'lost-card']]) {
      const r = await sbk(['--data-dir', dir, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`faq\\.yaml:${line} .*控制字符 U\\+00(1B|0D)`));
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
  });
});
