/**
 * Reading a data file's bytes: the one place sbk opens faq.yaml, banks.yaml, offices.yaml and
 * trees.yaml (the YAML loaders and the cache's freshness check both read through it). A --data-dir is
 * untrusted: only a regular file is read (a FIFO would block the read forever, a link to /dev/zero
 * would grow memory without end), and only up to MAX_DATA_BYTES.
 *
 * `sameBytes` holds what is read: while it runs, every read of a data file of that directory gives
 * the bytes of the first read, so the installed cache's check (open.ts), the YAML check and the
 * content hash that files the checked data in the user cache (userCache.ts) all see one reading of
 * each file. A hash of a file not read whole (eachPiece: the user cache's look-up) reads it piece by
 * piece instead, without holding it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SbkError, EXIT } from '../errors.js';

export const DATA_FILES = ['faq.yaml', 'banks.yaml', 'offices.yaml', 'trees.yaml', 'search.yaml'] as const;

/** Far above a whole hotline's knowledge base (20,000 entries are about 15 MB). */
const MAX_DATA_BYTES = 20 * 1024 * 1024;

let held: { dir: string; files: Map<string, Buffer | SbkError> } | undefined;

/** Runs `fn` with the data files of `dataDir` read once each (see above); nested calls share the outer hold. */
export async function sameBytes<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  if (held) return fn();
  held = { dir: resolve(dataDir), files: new Map() };
  try {
    return await fn();
  } finally {
    held = undefined;
  }
}

/** The file's bytes, or an SbkError (exit 2) saying what is wrong with it and what to do. */
export function readDataBytes(dataDir: string, name: string): Buffer {
  if (!held || held.dir !== resolve(dataDir)) return readBytes(dataDir, name);
  let got = held.files.get(name);
  if (!got) {
    try {
      got = readBytes(dataDir, name);
    } catch (e) {
      if (!(e instanceof SbkError)) throw e;
      got = e;
    }
    held.files.set(name, got);
  }
  if (got instanceof SbkError) throw got;
  return got;
}

/** The data file opened for reading, checked to be a regular file within the limit (else an SbkError). */
function openData(dataDir: string, name: string): { fd: number; file: string; size: number } {
  const file = join(dataDir, name);
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' ? '没有读取权限' : '无法读取';
    throw new SbkError(`数据文件 ${file} ${why}：请检查 --data-dir 指向的目录是否含有 ${name}`, EXIT.usage);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new SbkError(`数据文件 ${file} 是一个目录：请把 ${name} 放在 --data-dir 指向的目录里`, EXIT.usage);
    if (!st.isFile()) throw new SbkError(`数据文件 ${file} 不是普通文件（管道、设备或特殊文件）：请改用普通的 ${name} 文件`, EXIT.usage);
    if (st.size > MAX_DATA_BYTES) throw tooBig(file);
    return { fd, file, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw readError(file, e);
  }
}

const tooBig = (file: string) => new SbkError(`数据文件 ${file} 超过 ${MAX_DATA_BYTES / 1024 / 1024} MB：请检查是否选错了文件`, EXIT.usage);
const readError = (file: string, e: unknown) =>
  e instanceof SbkError ? e : new SbkError(`数据文件 ${file} 无法读取（${(e as NodeJS.ErrnoException).code ?? '读取错误'}）：请检查文件`, EXIT.usage);

function readBytes(dataDir: string, name: string): Buffer {
  const { fd, file, size } = openData(dataDir, name);
  try {
    // Read to the end (the size may change while reading), never past the limit.
    const buf = Buffer.allocUnsafe(Math.min(MAX_DATA_BYTES + 1, size + 1));
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += got;
    if (n > MAX_DATA_BYTES) throw tooBig(file);
    if (n === buf.length) throw new SbkError(`数据文件 ${file} 在读取时被改动：请等写完后重试`, EXIT.usage);
    return buf.subarray(0, n);
  } catch (e) {
    throw readError(file, e);
  } finally {
    closeSync(fd);
  }
}

/** Piece of a data file handed to a hash at a time: one buffer, reused (L2-sized, no 12 MB copy). */
const CHUNK = 256 * 1024;

/**
 * Hands the file's bytes to `each`, piece by piece (each piece valid only during the call), and returns
 * how many there were: a hash of a large file without holding it (reading a 12 MB faq.yaml into one
 * buffer cost more than hashing it). While the bytes are held (sameBytes) and this file was read, the
 * held bytes. Same checks and errors as readDataBytes.
 */
export function eachPiece(dataDir: string, name: string, each: (piece: Uint8Array) => void): number {
  const got = held && held.dir === resolve(dataDir) ? held.files.get(name) : undefined;
  if (got instanceof SbkError) throw got;
  if (got) {
    each(got);
    return got.length;
  }
  const { fd, file } = openData(dataDir, name);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n = 0;
    for (let k; (k = readSync(fd, buf, 0, CHUNK, null)) > 0; ) {
      n += k;
      if (n > MAX_DATA_BYTES) throw tooBig(file);
      each(k === CHUNK ? buf : buf.subarray(0, k));
    }
    return n;
  } catch (e) {
    throw readError(file, e);
  } finally {
    closeSync(fd);
  }
}
