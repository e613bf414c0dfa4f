#!/usr/bin/env node
// Node 22+ can keep compiled code between runs (a one-shot sbk then starts faster); Node 20 lacks it.
import module from 'node:module';

if (typeof module.enableCompileCache === 'function' && !process.env.SBK_NO_COMPILE_CACHE) {
  try {
    module.enableCompileCache();
  } catch {
    // A read-only cache directory only costs speed.
  }
}
await import('../dist/bundle/cli.js');
