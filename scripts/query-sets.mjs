/**
 * The project's search query sets and the random noise, as bench:search (scripts/bench-search.mjs) and
 * scripts/search-snapshot.mjs both read them: one list, so a set added for one is seen by the other.
 */
import path from 'node:path';

/** The query set files, in order: the shared development set, then the project's own sets. */
export function querySetFiles(root) {
  return [
    path.resolve(root, '../shared/eval/dev.jsonl'),
    ...['queries', 'heldout', 'fresh', 'direct', 'oos', 'method'].map((n) => path.join(root, `scripts/bench-search.${n}.jsonl`)),
  ];
}

/** Random noise, the same every run: Latin-letter strings and strings of common Han characters. */
export function noiseQueries() {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const dec = new TextDecoder('gb2312');
  const han = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) han.push(dec.decode(new Uint8Array([hi, lo])));
  const out = [];
  for (let i = 0; i < 300; i++) {
    const n = 2 + Math.floor(rand() * 9);
    out.push(Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join(''));
  }
  for (let i = 0; i < 300; i++) {
    const n = 2 + Math.floor(rand() * 5);
    out.push(Array.from({ length: n }, () => han[Math.floor(rand() * han.length)]).join(''));
  }
  return out;
}
