/**
 * bin/sbk.js keeps compiled code between runs (V8 code cache on Node 20, Node's compile cache on 22+).
 * A cache must only ever make sbk faster: a missing, damaged or foreign one gives the same answers.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, ROOT } from './helpers/cli.js';
import { installedCopy, sbkIn } from './helpers/installed.js';

const sbk = (dir: string, args: string[], env: Record<string, string> = {}) => sbkIn(dir, args, { env });

const hasCodeCache = existsSync(path.join(ROOT, 'dist', 'bundle', 'sbk.cjs.search.cache'));

describe('compiled-code cache', () => {
  it('answers the same with the cache, without it, and with a damaged one', () => {
    const dir = installedCopy();
    try {
      const bundleDir = path.join(dir, 'dist', 'bundle');
      // Each kind of command has its own cache (bin/sbk.js): every one of these is damaged alike.
      const cacheFiles = () => readdirSync(bundleDir).filter((f) => f.endsWith('.cache')).map((f) => path.join(bundleDir, f));
      const calls = [
        ['search', '社保卡丢了', '--json'],
        ['show', 'lost-card'],
        ['tree', 'lost-card', '-a', 'card=jinan', '-a', 'insured=jinan', '-a', 'location=in-jinan', '-a', 'holder=adult', '-a', 'when=weekday', '--json'],
        ['outlets', '章丘'],
      ];
      const expected = calls.map((args) => sbk(dir, args, { SBK_NO_COMPILE_CACHE: '1' }));
      for (const r of expected) expect(r.stderr).toBe('');
      const check = () => calls.forEach((args, i) => expect(sbk(dir, args)).toEqual(expected[i]));

      check(); // the caches built with the bundle (Node 20), or Node's own (22+)
      if (hasCodeCache) {
        const files = cacheFiles();
        expect(files.map((f) => path.basename(f)).sort()).toEqual(['banks', 'outlets', 'phones', 'search', 'show', 'tree', 'validate'].map((k) => `sbk.cjs.${k}.cache`));
        const good = files.map((f) => readFileSync(f));
        const stamps = good.map((g) => g.subarray(0, g.indexOf(10) + 1));
        files.forEach((f, k) => writeFileSync(f, Buffer.concat([stamps[k]!, Buffer.from('not compiled code')])));
        check(); // not a code cache at all
        // Damaged code: V8 does not notice and crashed (exit 133 or SIGSEGV) until sbk checked the cache's checksum.
        files.forEach((f, k) => {
          const damaged = Buffer.from(good[k]!);
          for (let i = 0; i < 200; i++) damaged[stamps[k]!.length + 1000 + i * 97]! ^= 0x5a;
          writeFileSync(f, damaged);
        });
        check();
      }
      for (const f of cacheFiles()) rmSync(f, { force: true });
      check();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasCodeCache)('never runs code cached from another bundle of the same length and file time', async () => {
    const dir = installedCopy();
    try {
      const bundle = path.join(dir, 'dist', 'bundle', 'sbk.cjs');
      const original = readFileSync(bundle, 'utf8');
      const kept = `${bundle}.orig`;
      writeFileSync(kept, original);
      spawnSync('touch', ['-r', bundle, kept]);
      /** Put `text` in the bundle in place, keeping its time to the nanosecond (touch -r). */
      const edit = (text: string) => {
        writeFileSync(bundle, text);
        spawnSync('touch', ['-r', kept, bundle]);
        expect(statSync(bundle).mtimeMs).toBe(statSync(kept).mtimeMs);
      };
      const notFound = ['search', '火星签证'];
      const expected = sbk(dir, notFound, { SBK_NO_COMPILE_CACHE: '1' });
      expect(expected.stderr).toContain('没有找到相关答案');
      // Another bundle of exactly the same length, whose not-found message starts 没 → 沢.
      const other = original.replace('NOT_FOUND = "\\u6CA1', 'NOT_FOUND = "\\u6CA2');
      expect(other).not.toBe(original);
      // The build's cache (of the original) with the edited bundle: the edited code runs.
      edit(other);
      expect(sbk(dir, notFound).stderr).toContain('沢有找到');
      // A cache of the edited bundle with the original back in place: the original runs.
      expect(sbk(dir, notFound, { SBK_CODE_CACHE: 'write' }).stderr).toContain('沢有找到');
      edit(original);
      expect(sbk(dir, notFound)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads nothing through import(), which the code cache cannot carry', () => {
    const bundle = readFileSync(path.join(ROOT, 'dist', 'bundle', 'sbk.cjs'), 'utf8');
    expect(bundle.match(/[^\w$.]import\(/g) ?? []).toEqual([]);
  });
});

describe('one-shot output', () => {
  // Node's stream modules (made with process.stdout/stderr/stdin, node:tty, node:zlib) cost a one-shot
  // run about 3 ms of its 40: results go out with writeSync, and nothing else on these paths needs them.
  it.each([
    [['search', '社保卡丢了', '--json']],
    [['社保卡丢了']],
    [['show', 'lost-card']],
    [['tree', 'lost-card', '-a', 'card=jinan', '-a', 'insured=jinan', '-a', 'location=in-jinan', '-a', 'holder=adult', '-a', 'when=weekday']],
    [['outlets', '章丘']],
    [['phones', '68967600']],
    [['banks']],
    [['火星签证']],
  ])('sbk %j into a pipe writes its results without loading stream modules', (args) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sbk-modules-'));
    try {
      const probe = path.join(dir, 'probe.cjs');
      writeFileSync(probe, "process.on('exit', () => require('fs').writeSync(2, '\\nMODULES ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n");
      const r = spawnSync(process.execPath, ['-r', probe, BIN, ...args], { encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1' } });
      expect([0, 1]).toContain(r.status);
      const [said, modules] = r.stderr.split('\nMODULES ');
      // Results on stdout, or (nothing found) the message on stderr.
      expect((r.stdout + said).length).toBeGreaterThan(0);
      const loaded: string[] = JSON.parse(modules!);
      expect(loaded.filter((m) => /^NativeModule (stream|net|tty|zlib|internal\/streams\/(readable|writable))$/.test(m))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ NODE_PENDING_DEPRECATION: '1' }],
    [{ NODE_OPTIONS: '--pending-deprecation' }],
  ])('asked to warn about pending deprecations (%j), it answers without printing a warning', (env) => {
    const r = spawnSync(process.execPath, [BIN, 'search', '社保卡丢了', '--json'], { encoding: 'utf8', input: '', env: { ...process.env, ...env } });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0].id).toBe('lost-card');
    expect(r.stderr).toBe('');
  });
});
