#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json says so; the rest of the package is ES modules). Starts dist/bundle/sbk.cjs, one CommonJS file (starting Node's ES module loader would cost a one-shot
// `sbk` more than its search), with its compiled code kept between runs where possible:
// - Node 22+: module.enableCompileCache().
// - Node 20: V8 code cache. `npm run build` runs one search with SBK_CODE_CACHE=write, which saves the
//   compiled code of everything a search runs to sbk.cjs.cache, stamped with the bundle's size and
//   time; a cache from another bundle is never used, and V8 itself rejects one from another Node.
// SBK_NO_COMPILE_CACHE=1 turns both off.
const nodeModule = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'sbk.cjs');
const cacheFile = `${bundle}.cache`;
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

function runWithCodeCache() {
  const vm = require('node:vm');
  const st = fs.statSync(bundle);
  const stamp = Buffer.from(`${st.size}:${Math.trunc(st.mtimeMs)}\n`);
  let cachedData;
  try {
    const data = fs.readFileSync(cacheFile);
    if (data.subarray(0, stamp.length).equals(stamp)) cachedData = data.subarray(stamp.length);
  } catch {
    // No cache yet: compile as usual.
  }
  const script = new vm.Script(nodeModule.wrap(fs.readFileSync(bundle, 'utf8')), {
    filename: bundle,
    cachedData,
  });
  if (process.env.SBK_CODE_CACHE === 'write') {
    process.on('exit', () => {
      fs.writeFileSync(`${cacheFile}.new`, Buffer.concat([stamp, script.createCachedData()]));
      fs.renameSync(`${cacheFile}.new`, cacheFile);
    });
  }
  const mod = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, nodeModule.createRequire(bundle), mod, bundle, path.dirname(bundle));
}
