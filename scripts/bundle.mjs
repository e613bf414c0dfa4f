// Build step: bundle the CLI into dist/bundle/ so a one-shot `sbk` reads a few files instead of
// resolving and evaluating dozens of modules. Commands stay separate chunks (loaded lazily), so a
// search never loads the prompt or table libraries.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

// Build beside the old bundle and swap, so a CLI started during the build never sees half a bundle.
rmSync('dist/bundle.new', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist/bundle.new',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (cli-table3) call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __sbkRequire } from 'node:module'; const require = __sbkRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
rmSync('dist/bundle', { recursive: true, force: true });
renameSync('dist/bundle.new', 'dist/bundle');
