/**
 * Every test file runs sbk with a user cache folder of its own (XDG_CACHE_HOME in a temp dir), so no
 * test ever writes to the user's home or shares a cache with another file's runs.
 */
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'sbk-test-cache-'));
process.env.XDG_CACHE_HOME = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
