/** A log of 32-bit numbers for building the index (build.ts field lists, phrase.ts phrase lists). */

const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A growing list of 32-bit numbers in chunks of a million (the largest is tens of MB): never copied
 * to grow, so it never needs its size two or three times over while growing.
 */
export class U32Log {
  private readonly chunks: Uint32Array[] = [];
  private last = new Uint32Array(0);
  n = 0;
  push(x: number): void {
    const k = this.n & (CHUNK - 1);
    if (k === 0) this.chunks.push((this.last = new Uint32Array(CHUNK)));
    this.last[k] = x;
    this.n++;
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS]![i & (CHUNK - 1)]!;
  }
  clear(): void {
    this.chunks.length = 0;
    this.last = new Uint32Array(0);
    this.n = 0;
  }
}
