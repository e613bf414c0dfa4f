/** A copy of the installed package (bin, bundle, caches, data) in a temporary directory, and a way to run it. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

export function installedCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sbk-installed-'));
  mkdirSync(path.join(dir, 'dist'));
  // cp -a keeps file times to the nanosecond, as an installed copy has them (cpSync rounds them).
  for (const f of ['package.json', 'faq.yaml', 'banks.yaml', 'offices.yaml', 'trees.yaml', 'bin', 'dist/bundle', 'dist/cache']) {
    const r = spawnSync('cp', ['-a', path.join(ROOT, f), path.join(dir, f)]);
    if (r.status !== 0) throw new Error(`cp -a ${f} failed: ${r.stderr}`);
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
}

/** Run the copy's bin/sbk.js; XDG_CACHE_HOME points into the copy, so no run shares a user cache with another. */
export function sbkIn(dir: string, args: string[], opts: RunOptions = {}) {
  const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'sbk.js'), ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 30000,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: path.join(dir, '.user-cache'), ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
