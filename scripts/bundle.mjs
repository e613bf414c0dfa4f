// Build step: bundle the CLI into dist/bundle/ so a one-shot `sbk` reads a few files instead of
// resolving and evaluating dozens of modules. Commands stay separate chunks (loaded lazily), so a
// search never loads the prompt or table libraries.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * commander requires node:child_process at load time for external subcommands, which sbk has none of;
 * loading it (and net, dgram, streams behind it) cost every run several milliseconds. Inside commander it
 * becomes an object that loads the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'lazy', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

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
  plugins: [lazyChildProcess],
  logLevel: 'warning',
  legalComments: 'none',
});
rmSync('dist/bundle', { recursive: true, force: true });
renameSync('dist/bundle.new', 'dist/bundle');
