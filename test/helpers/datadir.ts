/** A temporary --data-dir holding copies of the shipped data files, optionally edited. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

export const DATA_FILES = ['faq.yaml', 'banks.yaml', 'offices.yaml', 'trees.yaml', 'search.yaml'];

export function makeDataDir(edits: Record<string, (text: string) => string | null> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sbk-data-'));
  for (const f of DATA_FILES) {
    const src = path.join(ROOT, f);
    if (!existsSync(src)) continue;
    const text = readFileSync(src, 'utf8');
    const edited = edits[f] ? edits[f](text) : text;
    if (edited !== null) writeFileSync(path.join(dir, f), edited);
  }
  return dir;
}

/** Line number (1-based) of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`not found: ${needle}`);
  return i + 1;
}
