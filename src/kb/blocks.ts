/**
 * A cache part that a run reads only in the pieces it needs, each piece checked before use. The FAQ
 * entries and the search index of a knowledge base of 20,000 entries are 12 and 28 MB: a one-shot
 * search that read and checked all of them (about 60 ms here) would spend more on reading than Node
 * spends starting; it needs a few dozen entries' worth of index lists and the entries it shows.
 *
 * Layout: "SBKB", u32 LE head length, head (UTF-8 JSON: body size, block size, CRC-32 of each block of
 * the body), zero padding to 8 bytes, body. The cache's meta.json records the size and CRC-32 of the
 * part's head (open.ts checksum), so the whole chain is checked: meta.json → head → each block. A block
 * is read from the file (one read for a stretch of blocks not read yet) and checked the first time
 * any byte of it is asked for; a block that fails its check throws CacheDamaged (the caller falls back
 * to the YAML), it is never used.
 *
 * Pure apart from reading the one file (no terminal I/O).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from '../lazy.js';

import type { ByteSource } from '../search/store.js';

export type { ByteSource } from '../search/store.js';

/** A cache part whose bytes failed their check after the run began to use it: nothing read from it is used. */
export class CacheDamaged extends Error {
  constructor(what: string) {
    super(`cache part damaged: ${what}`);
    this.name = 'CacheDamaged';
  }
}

const MAGIC = 'SBKB';
/** Small enough that a query reads little it does not use, large enough that the head stays small. */
const BLOCK_SIZE = 16 * 1024;
/**
 * Files up to this size are read whole, in one read, and every block checked when opened: fewer
 * calls than the blocks a query asks for one by one.
 */
const READ_WHOLE_BELOW = 1024 * 1024;

interface Head {
  size: number;
  block: number;
  sums: number[];
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** The error for a damaged part or block (`what`), after telling `onDamage`. */
function damagedNow(what: string, onDamage?: () => void): CacheDamaged {
  onDamage?.();
  return new CacheDamaged(what);
}

/** `body` as a block file (what is written to the cache folder): its head, then the body itself (not copied). */
export function writeBlocks(body: Uint8Array, block = BLOCK_SIZE): [Buffer, Uint8Array] {
  const sums: number[] = [];
  for (let at = 0; at < body.length; at += block) sums.push(crc32(body.subarray(at, Math.min(body.length, at + block))));
  const head = Buffer.from(JSON.stringify({ size: body.length, block, sums } satisfies Head), 'utf8');
  const out = Buffer.alloc(align8(8 + head.length));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(head.length, 4);
  head.copy(out, 8);
  return [out, body];
}

/** The bytes meta.json checks of a block file: its head (the head holds every block's check). */
export function blocksHead(file: Uint8Array): Uint8Array {
  if (file.length < 8 || String.fromCharCode(...file.subarray(0, 4)) !== MAGIC) throw new Error('not a block file');
  return file.subarray(0, 8 + (file[4]! | (file[5]! << 8) | (file[6]! << 16) | (file[7]! * 2 ** 24)));
}

/**
 * The block file `file`, if its head has checksum `headSum` (`check(head bytes) === headSum`);
 * undefined when it is missing or its head is damaged. `onDamage` runs when a block fails later.
 */
export function openBlocks(file: string, check: (head: Uint8Array) => boolean, onDamage?: () => void): (ByteSource & { readAll(): void }) | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  let head: Head;
  let bodyAt: number;
  /** A small file, read whole in one read (the shipped knowledge base's parts: 100–600 KB). */
  let whole: Buffer | undefined;
  try {
    const fileSize = fstatSync(fd).size;
    let start: Buffer;
    if (fileSize <= READ_WHOLE_BELOW) {
      whole = Buffer.allocUnsafe(fileSize);
      let got = 0;
      for (let n; got < fileSize && (n = readSync(fd, whole, got, fileSize - got, got)) > 0; ) got += n;
      if (got !== fileSize) throw new Error('truncated');
      start = whole;
    } else {
      start = Buffer.alloc(8);
      if (readSync(fd, start, 0, 8, 0) !== 8) throw new Error('not a block file');
    }
    if (start.length < 8 || start.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a block file');
    const headLen = start.readUInt32LE(4);
    let bytes: Buffer;
    if (whole) bytes = whole.subarray(0, 8 + headLen);
    else {
      bytes = Buffer.alloc(8 + headLen);
      start.copy(bytes);
      if (readSync(fd, bytes, 8, headLen, 8) !== headLen) throw new Error('head damaged');
    }
    if (bytes.length !== 8 + headLen || !check(bytes)) throw new Error('head damaged');
    head = JSON.parse(bytes.toString('utf8', 8)) as Head;
    bodyAt = align8(8 + headLen);
    if (!(head.block > 0) || head.sums.length !== Math.ceil(head.size / head.block)) throw new Error('head damaged');
  } catch {
    closeSync(fd);
    return undefined;
  }
  const { size, block, sums } = head;
  // Never written where not read: memory only for the blocks a run uses (a small file: the bytes read).
  const body = whole ? whole.subarray(bodyAt, bodyAt + size) : Buffer.allocUnsafe(size);
  if (whole) {
    closeSync(fd);
    if (body.length !== size) throw damagedNow(file, onDamage);
    for (let k = 0; k < sums.length; k++) {
      if (crc32(body.subarray(k * block, Math.min(size, (k + 1) * block))) !== sums[k]) throw damagedNow(file, onDamage);
    }
    return {
      length: size,
      read(start, end) {
        if (start < 0 || end > size || start > end) throw damagedNow(file, onDamage);
        return body.subarray(start, end);
      },
      readAll: () => undefined,
    };
  }
  const have = new Uint8Array(sums.length);
  /** Reads and checks blocks first..last (those not read yet), in one read per stretch. */
  const load = (first: number, last: number) => {
    for (let b = first; b <= last; b++) {
      if (have[b]) continue;
      let e = b;
      while (e < last && !have[e + 1]) e++;
      const from = b * block;
      const to = Math.min(size, (e + 1) * block);
      let got = 0;
      try {
        while (got < to - from) {
          const n = readSync(fd, body, from + got, to - from - got, bodyAt + from + got);
          if (n <= 0) break;
          got += n;
        }
      } catch {
        throw damagedNow(`${file} unreadable`, onDamage);
      }
      if (got !== to - from) throw damagedNow(`${file} truncated`, onDamage);
      for (let k = b; k <= e; k++) {
        if (crc32(body.subarray(k * block, Math.min(size, (k + 1) * block))) !== sums[k]) throw damagedNow(`${file} block ${k}`, onDamage);
        have[k] = 1;
      }
      b = e;
    }
  };
  return {
    length: size,
    read(start, end) {
      if (start < 0 || end > size || start > end) throw damagedNow(`${file}: range ${start}..${end} outside ${size}`, onDamage);
      if (end > start) load(Math.floor(start / block), Math.floor((end - 1) / block));
      return body.subarray(start, end);
    },
    /** Every block, read and checked now (a batch answers many queries: damage is found before any output). */
    readAll() {
      if (sums.length) load(0, sums.length - 1);
    },
  };
}
