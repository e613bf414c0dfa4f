/**
 * Loads a module that only some runs need (a hash when a data file changed, line reading for batch
 * input, the prompts of an interactive tree, fuzzy matching for an outlet keyword with no exact match,
 * the pinyin library at build time) when it is first needed, synchronously and as CommonJS. sbk runs as
 * one CommonJS bundle (dist/bundle/sbk.cjs, started by bin/sbk.js); an import() there would start
 * Node's ES module loader, costly for a one-shot run and not allowed with V8's code cache.
 */
import { createRequire } from 'node:module';

let load: NodeRequire | undefined;

export function lazyRequire<T>(id: string): T {
  // The bundle has its own require (the bundle file's); tsc's ES modules make one.
  load ??= typeof require === 'function' ? require : createRequire(import.meta.url);
  return load(id) as T;
}

type Crc32 = (bytes: Uint8Array, value: number) => number;
let nativeCrc32: Crc32 | undefined;

/**
 * CRC-32 of some bytes, exactly zlib.crc32's. node:zlib is only a wrapper around a native function
 * that Node has built in, and loading it loads Node's ~30 stream modules: measured 3.7 ms for
 * require('node:zlib') and the CRCs of the 1.6 MB a one-shot search checks, 0.85 ms calling the native
 * function directly (a CRC-32 in JavaScript or WebAssembly: 3-8 ms, as the code is still cold). So the
 * native function is used where Node exposes it (process.binding, deprecated in documentation only),
 * and node:zlib otherwise: a Node without it, or one asked to warn about pending deprecations
 * (which would print a warning on every run). bin/sbk.js has the same few lines for the code cache.
 */
export function crc32(bytes: Uint8Array): number {
  nativeCrc32 ??= findCrc32();
  return nativeCrc32(bytes, 0) >>> 0;
}

function findCrc32(): Crc32 {
  const warns = process.execArgv.includes('--pending-deprecation') || /--pending-deprecation/.test(process.env.NODE_OPTIONS ?? '') || process.env.NODE_PENDING_DEPRECATION === '1';
  if (!warns) {
    try {
      const native = (process as unknown as { binding: (name: string) => { crc32?: Crc32 } }).binding('zlib').crc32;
      if (typeof native === 'function') return native;
    } catch {
      // Not exposed by this Node: the module.
    }
  }
  const { crc32: zlibCrc32 } = lazyRequire<typeof import('node:zlib')>('node:zlib');
  return (bytes, value) => zlibCrc32(bytes, value);
}

let frugal = 0;

/**
 * Runs `fn` with V8 told to keep its heap small (`--optimize-for-size`, read by its garbage collector
 * at each collection), then as before: for the work of a first run on a large --data-dir (the full
 * check, the index build), whose garbage V8 would otherwise let pile up. Measured building the index of
 * 20,000 entries: peak RSS 324–329 MB → 226–230 MB, about 15% more CPU (that run only).
 */
export async function frugally<T>(fn: () => Promise<T> | T): Promise<T> {
  const v8 = lazyRequire<typeof import('node:v8')>('node:v8');
  if (frugal++ === 0) v8.setFlagsFromString('--optimize-for-size');
  try {
    return await fn();
  } finally {
    if (--frugal === 0) v8.setFlagsFromString('--no-optimize-for-size');
  }
}
