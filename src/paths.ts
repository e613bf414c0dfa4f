import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

let root: string | undefined;

/**
 * The installed package's root (holds package.json, faq.yaml, ...). Found by walking up from this
 * file, which may sit in dist/ (tsc output) or dist/bundle/ (the bundle, sbk.cjs).
 */
export function packageRoot(): string {
  if (root) return root;
  // import.meta.dirname where the runtime gives it (the bundle: its __dirname, without making a URL).
  const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    dir = dirname(dir);
  }
  return (root = resolve(here, '..'));
}
