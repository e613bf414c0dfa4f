/** Option values the command declarations (src/commandline.ts) check. */
import { SbkError } from './errors.js';

/** Results a search shows when --limit is not given. */
export const DEFAULT_LIMIT = 5;

export function parseLimit(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n < 1 || n > 200) {
    throw new SbkError(`--limit 的值“${v}”无效：请给 1 到 200 之间的整数，例如 --limit 5`);
  }
  return n;
}

/** `--older-than 180d` (days; a bare number means days too): the age in days. */
export function parseAge(v: string): number {
  const m = v.trim().match(/^(\d{1,5})\s*(d|天)?$/i);
  if (!m) throw new SbkError(`--older-than 的值“${v}”无效：请写天数，例如 --older-than 180d`);
  return Number(m[1]);
}

/** `--since 2026-03-01`: a calendar date, given back as written. */
export function parseDate(v: string): string {
  const d = v.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)) || !new Date(d).toISOString().startsWith(d)) {
    throw new SbkError(`日期“${v}”无效：请写成 YYYY-MM-DD，例如 --since 2026-03-01`);
  }
  return d;
}
