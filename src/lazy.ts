/**
 * Loads a module that only some runs need (a hash when a data file changed, line reading for batch
 * input, the prompts of an interactive tree, fuzzy matching for an outlet keyword with no exact match,
 * the pinyin library at build time) when it is first needed, synchronously and as CommonJS. sbk runs as
 * one CommonJS bundle (dist/bundle/sbk.cjs, started by bin/sbk.js); an import() there would start
 * Node's ES module loader, costly for a one-shot run and not allowed with V8's code cache.
 */
import { createRequire } from 'node:module';

export function lazyRequire<T>(id: string): T {
  return createRequire(import.meta.url)(id) as T;
}
