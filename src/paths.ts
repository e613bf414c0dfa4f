import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The installed package's root (holds faq.yaml etc.). This file compiles to dist/paths.js. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}
