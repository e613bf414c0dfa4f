#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json says so; the rest of the package is ES modules). Starts dist/bundle/sbk.cjs, one CommonJS file (starting Node's ES module loader would cost a one-shot
// `sbk` more than its search), with its compiled code kept between runs where possible:
// - Node 22+: module.enableCompileCache().
// - Node 20: V8 code cache. `npm run build` runs each kind of command once with SBK_CODE_CACHE=write,
//   which saves the compiled code of everything it ran to sbk.cjs.<kind>.cache, stamped with the bundle's size and
//   CRC-32 and its own; a cache from another bundle or a damaged one is never used, and V8 itself
//   rejects one from another Node.
// SBK_NO_COMPILE_CACHE=1 turns both off.
const nodeModule = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'sbk.cjs');
const useCache = !process.env.SBK_NO_COMPILE_CACHE;

if (useCache && typeof nodeModule.enableCompileCache === 'function') {
  try {
    nodeModule.enableCompileCache();
  } catch {
    // A read-only cache directory only costs speed.
  }
  require(bundle);
} else if (useCache) {
  runWithCodeCache();
} else {
  require(bundle);
}

// zlib's CRC-32 without loading node:zlib and with it Node's stream modules (see src/lazy.ts crc32).
function nativeCrc32() {
  const warns = process.execArgv.includes('--pending-deprecation') || /--pending-deprecation/.test(process.env.NODE_OPTIONS || '') || process.env.NODE_PENDING_DEPRECATION === '1';
  try {
    const native = !warns && process.binding('zlib').crc32;
    if (typeof native === 'function') return (bytes) => native(bytes, 0) >>> 0;
  } catch {
    // Not exposed by this Node: the module.
  }
  return require('node:zlib').crc32;
}

// One code cache per kind of one-shot command that has its own (the build makes one for each command of
// scripts/bundle.mjs CACHE_RUNS, which says why): the command word's cache when the build made one, else
// the search's (a search, the session, help, options before the command). SBK_CODE_CACHE=write (the build)
// writes the command word's.
function cacheFileFor(word, writing) {
  const own = /^[a-z]+$/.test(word || '') && `${bundle}.${word}.cache`;
  return own && (writing || fs.existsSync(own)) ? own : `${bundle}.search.cache`;
}

function runWithCodeCache() {
  const cacheFile = cacheFileFor(process.argv[2], process.env.SBK_CODE_CACHE === 'write');
  const vm = require('node:vm');
  const crc32 = nativeCrc32();
  const source = fs.readFileSync(bundle);
  // The cache names the bundle it was made from by size and CRC-32 of its bytes (a size and time can
  // survive an edit), and carries its own size and CRC-32: V8 does not check a cache's integrity and
  // crashes on a damaged one, so a cache that fails either check is never handed to it.
  const sum = (bytes) => `${bytes.length}:${crc32(bytes).toString(16)}`;
  const magic = `sbk-code-cache 1 ${sum(source)} `;
  let cachedData;
  try {
    const data = fs.readFileSync(cacheFile);
    const eol = data.indexOf(10);
    const head = data.subarray(0, eol + 1).toString('latin1');
    const body = data.subarray(eol + 1);
    if (eol > 0 && head === `${magic}${sum(body)}\n`) cachedData = body;
  } catch {
    // No cache yet: compile as usual.
  }
  const script = new vm.Script(nodeModule.wrap(source.toString('utf8')), {
    filename: bundle,
    cachedData,
  });
  if (process.env.SBK_CODE_CACHE === 'write') {
    process.on('exit', () => {
      const body = script.createCachedData();
      fs.writeFileSync(`${cacheFile}.new`, Buffer.concat([Buffer.from(`${magic}${sum(body)}\n`, 'latin1'), body]));
      fs.renameSync(`${cacheFile}.new`, cacheFile);
    });
  }
  const mod = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, nodeModule.createRequire(bundle), mod, bundle, path.dirname(bundle));
}
