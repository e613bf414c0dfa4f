/**
 * Results that cannot be delivered are reported, never hidden: a full disk, a closed stdout, an
 * unreadable stdin. A batch stays bounded and stoppable whatever it is fed.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/cli.js';

const TRACE = /\n\s+at .+:\d+:\d+/;
const sh = (script: string, input = '') => spawnSync('bash', ['-c', script], { encoding: 'utf8', input, timeout: 20000 });
const sbk = `'${process.execPath}' '${BIN}'`;

describe('stdout that cannot take the results', () => {
  it.each([
    ['search 社保卡丢了'],
    ['search 社保卡丢了 --json'],
    ['outlets'],
    ['show lost-card'],
    ['validate'],
    ['--help'],
    ['search --json'],
  ])('sbk %s > /dev/full: one Chinese line on stderr, exit 2', (args) => {
    const r = sh(`${sbk} ${args} > /dev/full`, '卡丢了\n密码锁了\n');
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sbk：无法输出结果（磁盘空间已满）/m);
  });

  it('a closed stdout (>&-) is reported, not exit 0 with the answer lost', () => {
    const r = sh(`${sbk} search 社保卡丢了 >&-`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/标准输出已关闭/);
    // Output thrown away on purpose is not an error.
    expect(sh(`${sbk} search 社保卡丢了 > /dev/null`).status).toBe(0);
  });
});

describe('stdout that takes the results slowly', () => {
  // A parent can hand sbk a non-blocking pipe (npm does, once its own stdout was a Node pipe): writes then
  // stop with EAGAIN whenever the reader lags, and nothing may be lost or reordered.
  const hasPython = spawnSync('python3', ['-c', '0']).status === 0;
  it.skipIf(!hasPython)('a non-blocking pipe read slowly gets every result line, in order', () => {
    const reader = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w, stdin=subprocess.PIPE)',
      'os.close(w)',
      "p.stdin.write(''.join(f'社保卡丢了怎么办{i}\\n' for i in range(300)).encode())",
      'p.stdin.close()',
      'time.sleep(1.5)',
      'data = b""',
      'while True:',
      '    b = os.read(r, 65536)',
      '    if not b: break',
      '    data += b',
      '    time.sleep(0.02)',
      'sys.stdout.buffer.write(data)',
      'sys.exit(p.wait())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', reader, process.execPath, BIN, 'search', '--json'], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    // Far more than a pipe holds (64 KB), so the reader's lag made sbk wait.
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    expect(lines.map((l) => l.query)).toEqual(Array.from({ length: 300 }, (_, i) => `社保卡丢了怎么办${i}`));
  }, 60_000);
});

describe('batch input', () => {
  it('a directory on stdin is reported with exit 2', () => {
    for (const args of ['search --json', '']) {
      const r = sh(`${sbk} ${args} < /`);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/无法读取标准输入（这是一个目录）/);
    }
  });

  it('an endless line (< /dev/zero) gets an error result and the lines after it are answered', () => {
    const r = sh(`{ head -c 3000000 /dev/zero; printf '\\n社保卡丢了\\n'; } | ${sbk} search --json`);
    expect(r.stderr).not.toMatch(TRACE);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].error).toMatch(/超过 2 MB/);
    expect(lines[0].results).toEqual([]);
    expect(lines[1].results[0].id).toBe('lost-card');
    expect(r.stderr).toMatch(/^sbk：第 1 行超过 2 MB，已跳过/m);
    expect(r.status).toBe(0);
  });

  it('Ctrl-C during a long piped batch stops it at once, with whole JSON lines and exit 130', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sbk-batch-'));
    try {
      const file = path.join(dir, 'q.txt');
      writeFileSync(file, Array.from({ length: 200_000 }, (_, i) => `社保卡丢了怎么办${i}`).join('\n') + '\n');
      // cat | sbk: the lines come through a pipe as fast as sbk reads them.
      // Its own process group, which gets the SIGINT as a terminal's Ctrl-C would send it.
      const child = spawn('bash', ['-c', `cat '${file}' | ${sbk} search --json; exit \${PIPESTATUS[1]}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      let interruptedAt = 0;
      child.stdout.on('data', (d) => {
        out += d;
        if (!interruptedAt && out.split('\n').length > 50) {
          interruptedAt = Date.now();
          process.kill(-child.pid!, 'SIGINT');
        }
      });
      const code = await new Promise<number | null>((done) => {
        const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
        child.on('close', (c) => {
          clearTimeout(timer);
          done(c);
        });
      });
      const stoppedIn = Date.now() - interruptedAt;
      expect(code).toBe(130);
      // Generous for a loaded machine; before, it answered the whole read-ahead first (tens of seconds).
      expect(stoppedIn).toBeLessThan(5000);
      expect(out.endsWith('\n')).toBe(true);
      const lines = out.trimEnd().split('\n');
      expect(lines.length).toBeLessThan(200_000);
      for (const l of lines) expect(JSON.parse(l)).toHaveProperty('results');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
