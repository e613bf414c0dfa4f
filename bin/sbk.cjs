#!/usr/bin/env node
'use strict';
// CommonJS on purpose: starting Node's ES module loader costs a one-shot `sbk` more than its search.
// Node 22+ can also keep compiled code between runs (module.enableCompileCache); Node 20 lacks it.
const nodeModule = require('node:module');

if (typeof nodeModule.enableCompileCache === 'function' && !process.env.SBK_NO_COMPILE_CACHE) {
  try {
    nodeModule.enableCompileCache();
  } catch {
    // A read-only cache directory only costs speed.
  }
}
require('../dist/bundle/sbk.cjs');
