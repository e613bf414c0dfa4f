/**
 * The user cache (src/kb/userCache.ts): a --data-dir builds its cache once, in the user's cache folder,
 * and later runs on the same bytes use it; an edit gets a new one; a folder that cannot be written falls
 * back to the temp folder, then to none; runs at the same time all answer right; old entries go.
 * Each test has its own XDG_CACHE_HOME and TMPDIR.
 *
 * Runs are in-process (helpers/inproc.ts sbkFresh: sbk's modules loaded anew for each run, so every run
 * finds and reads its cache from disk as a new process does; an installed copy's runs with its package
 * root); the runs started at the same time are real processes of the bundle.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { installedCopy } from './helpers/installed.js';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, runCli } from './helpers/cli.js';
import { sbkFresh } from './helpers/inproc.js';
import { makeDataDir } from './helpers/datadir.js';
import { pruneCache } from '../src/kb/userCache.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(d);
  return d;
};
const uid = String(process.getuid?.() ?? '');

/** A home for one test: its own cache and temp folders, and a data dir (optionally edited). */
function setup(edits: Parameters<typeof makeDataDir>[0] = {}, list = made) {
  const home = mkdtempSync(path.join(tmpdir(), 'sbk-uc-'));
  const data = makeDataDir(edits);
  list.push(home, data);
  const env = { XDG_CACHE_HOME: path.join(home, 'cache'), TMPDIR: path.join(home, 'tmp') };
  mkdirSync(env.TMPDIR);
  const sbk = async (args: string[], extra: Record<string, string> = {}, input?: string) => {
    const r = await sbkFresh(['--data-dir', data, ...args], { processEnv: { ...env, ...extra }, input });
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const entries = (root = path.join(env.XDG_CACHE_HOME, 'sbk')) => (existsSync(root) ? readdirSync(root).filter((n) => /^[0-9a-f]{64}$/.test(n)) : []);
  return { home, data, env, sbk, entries, root: path.join(env.XDG_CACHE_HOME, 'sbk') };
}

/** A same-size edit of a data file (the answer to lost-card's phone). */
const editPhone = (text: string) => text.replace('临时挂失电话：68967600', '临时挂失电话：68967609');

const QUERIES = '社保卡丢了\n密码锁了怎么办\n工行网点\n异地就医备案\n';

/**
 * One first run on the edited data, shared by the file: a batch search in a home of its own builds the
 * user cache from the YAML. Its answers are what every later run on the same bytes must give, and a
 * test that needs an entry to be there already (not its building) gets a copy of this one: an entry is
 * keyed by the data's bytes, so it is the entry any data dir with these bytes has.
 */
const fixtureDirs: string[] = [];
let fixture: { home: ReturnType<typeof setup>; first: { code: number; stdout: string; stderr: string }; entry: string; key: string };
beforeAll(async () => {
  const home = setup({ 'faq.yaml': editPhone }, fixtureDirs);
  const first = await home.sbk(['search', '--json'], {}, QUERIES);
  const [key] = home.entries();
  fixture = { home, first, key: key!, entry: path.join(home.root, key!) };
}, 60000);
afterAll(() => {
  for (const d of fixtureDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** The fixture's entry copied into a home's cache folder (as if a first run there had built it). */
function seed(root: string): string {
  cpSync(fixture.entry, path.join(root, fixture.key), { recursive: true });
  return fixture.key;
}

describe('user cache', () => {
  it('is built once by the first run and used, not rebuilt, by the next runs on the same data', async () => {
    const { sbk, entries, root } = fixture.home;
    const { first } = fixture;
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('68967609');
    const [key] = entries();
    expect(entries()).toHaveLength(1);
    const dir = path.join(root, key!);
    for (const f of ['meta.json', 'faq.bin', 'tables.json', 'trees.json', 'search.bin']) expect(existsSync(path.join(dir, f))).toBe(true);
    const before = Object.fromEntries(['meta.json', 'search.bin', 'faq.bin'].map((f) => [f, statSync(path.join(dir, f))]));
    // A run that uses the entry marks it as used (its folder's time): set it far back to see that.
    utimesSync(dir, new Date(2000, 0, 1), new Date(2000, 0, 1));
    for (const args of [['search', '--json'], ['show', 'lost-card'], ['tree', 'lost-card', '--describe', '--json'], ['banks', '工行']]) {
      const r = await sbk(args, {}, args[0] === 'search' ? QUERIES : undefined);
      expect(r.code, args.join(' ')).toBe(0);
      if (args[0] === 'search') expect(r).toEqual(first);
    }
    expect(statSync(dir).mtimeMs).toBeGreaterThan(new Date(2020, 0, 1).getTime());
    for (const [f, st] of Object.entries(before)) {
      const now = statSync(path.join(dir, f));
      expect([now.ino, now.mtimeMs], f).toEqual([st.ino, st.mtimeMs]);
    }
    expect(entries()).toEqual([key]);
  });

  it('gets a new entry after an edit that keeps the size and the file time, and answers from the edit', async () => {
    const { data, sbk, entries, root } = setup({ 'faq.yaml': editPhone });
    mkdirSync(root, { recursive: true });
    seed(root);
    expect((await sbk(['show', 'lost-card'])).stdout).toContain('68967609');
    expect(entries()).toHaveLength(1);
    const file = path.join(data, 'faq.yaml');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('临时挂失电话：68967609', '临时挂失电话：68967608'));
    utimesSync(file, atime, mtime);
    const after = await sbk(['show', 'lost-card']);
    expect(after.stdout).toContain('68967608');
    expect(after.stdout).not.toContain('68967609');
    expect(entries()).toHaveLength(2);
    expect((await sbk(['search', '社保卡丢了', '--json'])).stdout).toContain('68967608');
  });

  it('falls back to the temp folder when the cache folder cannot be written, and to no cache when neither can', async () => {
    const { home, env, sbk, entries } = setup({ 'faq.yaml': editPhone });
    // A cache folder under a regular file can never be created (root can write anywhere else).
    writeFileSync(path.join(home, 'file'), '');
    const blocked = path.join(home, 'file', 'cache');
    const tmpRoot = path.join(env.TMPDIR, `sbk-${uid}`);
    const first = await sbk(['search', '社保卡丢了', '--json'], { XDG_CACHE_HOME: blocked });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('68967609');
    expect(entries(tmpRoot)).toHaveLength(1);
    expect(statSync(tmpRoot).mode & 0o777).toBe(0o700);
    expect(existsSync(path.join(tmpRoot, entries(tmpRoot)[0]!, 'search.bin'))).toBe(true);
    expect(await sbk(['search', '社保卡丢了', '--json'], { XDG_CACHE_HOME: blocked })).toEqual(first);

    // Nothing writable: the run still answers, from the YAML, and leaves nothing behind.
    const nowhere = { XDG_CACHE_HOME: blocked, TMPDIR: path.join(home, 'file', 'tmp') };
    expect(await sbk(['search', '社保卡丢了', '--json'], nowhere)).toEqual(first);
    expect((await sbk(['validate'], nowhere)).code).toBe(0);
  }, 90000);

  it('never uses a temp-folder cache that other users can write into', async () => {
    const { home, env, sbk, entries } = setup({ 'faq.yaml': editPhone });
    writeFileSync(path.join(home, 'file'), '');
    const tmpRoot = path.join(env.TMPDIR, `sbk-${uid}`);
    mkdirSync(tmpRoot);
    chmodSync(tmpRoot, 0o777);
    const r = await sbk(['show', 'lost-card'], { XDG_CACHE_HOME: path.join(home, 'file', 'cache') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('68967609');
    expect(entries(tmpRoot)).toHaveLength(0);
  });

  it('answers right in runs started at the same time on a new data dir, which leave one sound entry', async () => {
    const { env, data, entries, root } = setup({ 'faq.yaml': editPhone });
    const queries = QUERIES;
    // What the first run on these bytes answered, from the YAML (in another home).
    const expected = fixture.first;
    expect(expected.code).toBe(0);
    const run = () =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--data-dir', data, 'search', '--json'], { env: { ...process.env, ...env, NO_COLOR: undefined } });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.on('close', (code) => resolve({ code, stdout }));
        child.stdin.end(queries);
      });
    // Real processes (a process's own module state cannot race with itself in one process).
    const results = await Promise.all([run(), run(), run()]);
    for (const r of results) expect(r).toEqual({ code: 0, stdout: expected.stdout });
    expect(entries()).toHaveLength(1);
    expect(readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
    // The entry they left is sound: a real run (the same build of sbk) answers from it as before.
    const again = runCli(['--data-dir', data, 'search', '--json'], { env, input: queries });
    expect(again.stdout).toBe(expected.stdout);
    expect(readdirSync(path.join(root, entries()[0]!))).toEqual(expect.arrayContaining(['meta.json', 'search.bin', 'faq.bin']));
  }, 60000);

  it('notices a damaged entry, answers as from the YAML and builds it again', async () => {
    const { sbk, entries, root } = setup({ 'faq.yaml': editPhone });
    const queries = QUERIES;
    mkdirSync(root, { recursive: true });
    seed(root);
    const { first } = fixture;
    expect(await sbk(['search', '--json'], {}, queries)).toEqual(first);
    const file = path.join(root, entries()[0]!, 'search.bin');
    const bytes = readFileSync(file);
    bytes.fill(0, 200_000, 400_000);
    writeFileSync(file, bytes);
    expect(await sbk(['search', '--json'], {}, queries)).toEqual(first);
    expect(await sbk(['search', '--json'], {}, queries)).toEqual(first);
    expect(readFileSync(path.join(root, entries()[0]!, 'search.bin')).subarray(200_000, 400_000).some((b) => b !== 0)).toBe(true);
  }, 90000);

  it('lets validate reuse the verdict on unchanged bytes, and checks again after any edit', async () => {
    const { data, sbk, entries, root } = setup();
    const first = await sbk(['validate', '--json']);
    expect(first.code).toBe(0);
    const [key] = entries();
    expect(key).toBeDefined();
    const dir = path.join(root, key!);
    // The same parts as a first search keeps (the query box's table names too: a later search on
    // these bytes then reads the tables only for a query that names a row).
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['faq.bin', 'tables.json', 'table-names.json', 'trees.json']));
    utimesSync(dir, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(await sbk(['validate', '--json'])).toEqual(first);
    expect(statSync(dir).mtimeMs).toBeGreaterThan(new Date(2020, 0, 1).getTime());
    expect(await sbk(['validate'])).toEqual(await sbk(['validate'], { XDG_CACHE_HOME: path.join(root, 'elsewhere') }));
    // A broken edit of the same size: not the old verdict.
    const file = path.join(data, 'banks.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('customer_service: ["95588"]', 'customer_service: [95588"]'));
    const broken = await sbk(['validate']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('banks.yaml');
  });

  it('is used by an installed copy whose data was edited since its build', async () => {
    const { env, entries } = setup();
    const copy = installedCopy();
    made.push(copy);
    writeFileSync(path.join(copy, 'faq.yaml'), editPhone(readFileSync(path.join(copy, 'faq.yaml'), 'utf8')));
    // In-process as the copy's bin/sbk.js runs (its package root; the real runs at the same time above
    // cover the bundle's own use of the user cache).
    const run = async () => {
      const r = await sbkFresh(['show', 'lost-card'], { installedAt: copy, processEnv: env });
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    };
    const first = await run();
    expect(first.stdout).toContain('68967609');
    expect(entries()).toHaveLength(1);
    expect(await run()).toEqual(first);
    expect(entries()).toHaveLength(1);
  });
});

describe('pruning', () => {
  const key = (i: number) => i.toString(16).padStart(64, '0');
  const DAY = 86_400_000;

  it('removes entries not used for 30 days, all but the newest 8, and stale temporary folders', async () => {
    const root = temp('sbk-prune-');
    const now = Date.now();
    const make = (name: string, ageDays: number) => {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'meta.json'), '{}');
      const t = new Date(now - ageDays * DAY);
      utimesSync(path.join(root, name), t, t);
    };
    for (let i = 0; i < 12; i++) make(key(i), i);
    make(key(100), 40);
    make(`${key(101)}.tmp-1-x`, 1);
    make(`${key(102)}.tmp-2-y`, 0);
    mkdirSync(path.join(root, 'not-an-entry'));
    const removed = pruneCache(root, { keep: key(11), now });
    const left = readdirSync(root).sort();
    // Newest 8 (0..7), the one kept (11), the fresh temp folder and what is not sbk's.
    expect(left).toEqual([...[0, 1, 2, 3, 4, 5, 6, 7, 11].map(key), `${key(102)}.tmp-2-y`, 'not-an-entry'].sort());
    expect(removed.sort()).toEqual([key(8), key(9), key(10), key(100), `${key(101)}.tmp-1-x`].sort());
  });

  it('runs when a run writes a new entry', async () => {
    const { root, sbk, entries } = setup({ 'faq.yaml': editPhone });
    mkdirSync(root, { recursive: true });
    const old = new Date(Date.now() - 40 * DAY);
    for (let i = 0; i < 3; i++) {
      mkdirSync(path.join(root, key(i)));
      utimesSync(path.join(root, key(i)), old, old);
    }
    expect((await sbk(['show', 'lost-card'])).code).toBe(0);
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).not.toBe(key(0));
  });
});
