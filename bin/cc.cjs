'use strict';
const nodeModule = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const file = path.join(__dirname, '../dist/bundle/sbk.cjs');
const cacheFile = '/tmp/sbk.v8cache';
const source = fs.readFileSync(file, 'utf8');
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(nodeModule.wrap(source), { filename: file, cachedData });
if (process.env.WRITE_CC) process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
if (process.env.SHOW_CC) process.stderr.write(`rejected=${script.cachedDataRejected}\n`);
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, nodeModule.createRequire(file), m, file, path.dirname(file));
