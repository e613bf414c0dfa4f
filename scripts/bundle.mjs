// Build step: bundle sbk's own code into one CommonJS file, dist/bundle/sbk.cjs, so a one-shot `sbk`
// reads one file and never starts Node's ES module loader (which alone cost more than a search).
// Commands stay lazily initialised inside the bundle; the larger dependencies (prompts,
// tables, YAML, schemas) stay in node_modules and are required only by the commands that use them.
// chalk and get-east-asian-width are ES modules only, so they are bundled (Node 20.17 cannot require them).
// Last, one run of each kind of command through bin/sbk.js writes the V8 code caches Node 20 starts from.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const BUILD_ID_PLACEHOLDER = 'sbk-build-id-placeholder';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const bundled = ['chalk', 'get-east-asian-width'];
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((d) => !bundled.includes(d));

// A default or namespace import of a Node built-in (`import path from 'node:path'`) becomes esbuild's
// __toESM, which copies every export of the module as a getter (~0.5 ms of a run for ten such imports):
// sbk's own code imports built-ins by name (`import { join } from 'node:path'`), which is a plain
// require. A bundled package's default import (chalk's `import tty from 'node:tty'`, ~0.35 ms of a
// coloured run for its three) is given the module itself: a built-in is no ES module to interoperate with.
const builtinDefaults = {
  name: 'builtin-defaults',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => (a.importer.includes('/node_modules/') && a.kind === 'import-statement' ? { path: a.path, namespace: 'builtin-default' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'builtin-default' }, (a) => ({ contents: `export default require(${JSON.stringify(a.path)});`, loader: 'js' }));
  },
};

// Build beside the old bundle and swap, so a CLI started during the build never sees half a bundle.
rmSync('dist/bundle.new', { recursive: true, force: true });
const result = await build({
  entryPoints: ['src/cli.ts'],
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  // The sources are ES modules (tsc's dist/ for the build scripts); in the bundle import.meta.url is the
  // bundle file's own URL.
  // __SBK_BUILD_ID__: this build's identity (a hash of the bundle), which keys the user cache
  // (src/kb/userCache.ts) so that a cache from another build is never used.
  // import.meta.dirname is the bundle's __dirname; import.meta.url is made only if something asks
  // (pathToFileURL on cold code: about 0.5 ms of a one-shot run).
  define: { 'import.meta.url': '__sbkMeta.url', 'import.meta.dirname': '__dirname', __SBK_BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER) },
  banner: { js: "const __sbkMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  plugins: [builtinDefaults],
  logLevel: 'warning',
  legalComments: 'none',
});
// esbuild escapes non-ASCII text in strings but not in regular expressions or comments; one such
// character makes V8 hold and scan the whole file as two-byte text (measured: ~4 ms a run). \uXXXX
// means the same character in a regular expression, comment or identifier.
const text = result.outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const ascii = text.replaceAll(BUILD_ID_PLACEHOLDER, createHash('sha256').update(text).digest('hex').slice(0, 24));
mkdirSync('dist/bundle.new', { recursive: true });
writeFileSync('dist/bundle.new/sbk.cjs', ascii);
rmSync('dist/bundle', { recursive: true, force: true });
renameSync('dist/bundle.new', 'dist/bundle');

// Node 20 has no compile cache of its own: one run of each kind of one-shot command saves the code it
// compiled, in that kind's cache; bin/sbk.js uses the command word's cache when there is one, else the
// search's. The search's is made by the text search, which runs what the JSON search runs and the text
// rendering besides. A cache per kind because a search's compiled code is no use to `sbk tree`, and one
// cache of everything is larger to read for each. Measured against the search's cache for all (main-thread
// CPU, medians of 15 pairs): tree -6.3 ms, phones -3.7, banks -3.4, show -2.4, outlets -0.9; a cache of
// every command made the search about 1 ms slower.
const TREE = ['tree', 'lost-card', '-a', 'card=jinan', '-a', 'insured=jinan', '-a', 'location=in-jinan', '-a', 'holder=adult', '-a', 'when=weekday'];
const CACHE_RUNS = [['search', '社保卡丢了'], ['show', 'lost-card'], TREE, ['outlets', '章丘'], ['phones', '68967600'], ['banks'], ['validate']];
for (const args of CACHE_RUNS) {
  const warm = spawnSync(process.execPath, ['bin/sbk.js', ...args], {
    env: { ...process.env, SBK_CODE_CACHE: 'write', SBK_NO_COMPILE_CACHE: '', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  // Found (0) or not found (1) both mean it ran; 2 or a crash means the bundle is broken.
  if (warm.status !== 0 && warm.status !== 1) {
    process.stderr.write(`bundle: the bundled CLI failed \`sbk ${args.join(' ')}\` (exit ${warm.status}):\n${warm.stderr}`);
    process.exit(1);
  }
}
