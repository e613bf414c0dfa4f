/**
 * Output is a plug-in: a lookup returns rows and columns, and a reporter chosen by name turns them into
 * text. Adding a format never touches the lookups. The table reporter is loaded only
 * when a table is printed.
 */
import type { Cell, Column, LookupResult, Row } from '../lookup/types.js';
import type { Context } from '../context.js';
import type { Style } from './style.js';
import { SbkError, EXIT } from '../errors.js';

export const FORMATS = ['table', 'json', 'csv', 'tsv'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface ReportOptions {
  width: number;
  style: Style;
}

export type Reporter = (columns: Column[], rows: Row[], opts: ReportOptions) => string | Promise<string>;

function text(v: Cell): string {
  if (v === null) return '';
  return String(v);
}

/**
 * A spreadsheet opening CSV or TSV runs a cell that starts with = + - @ (or a tab or CR before one) as
 * a formula (`=HYPERLINK(…)`): such a text cell gets a leading ' (the usual formula-injection rule,
 * OWASP), which the spreadsheet shows as text. Numbers stay numbers.
 */
export function neutralise(v: Cell): string {
  const s = text(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes; CRLF between records. */
export function csvField(v: Cell): string {
  const s = neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record per line for cut/awk: tabs and line breaks inside a value become spaces. */
export function tsvField(v: Cell): string {
  return neutralise(v).replace(/\r\n|[\t\r\n]/g, ' ');
}

export const reporters: Record<FormatName, Reporter> = {
  json: (columns, rows) => `${JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? null]))))}\n`,
  csv: (columns, rows) =>
    [columns.map((c) => csvField(c.key)), ...rows.map((r) => columns.map((c) => csvField(r[c.key] ?? null)))]
      .map((fields) => `${fields.join(',')}\r\n`)
      .join(''),
  tsv: (columns, rows) =>
    [columns.map((c) => c.key), ...rows.map((r) => columns.map((c) => tsvField(r[c.key] ?? null)))]
      .map((fields) => `${fields.join('\t')}\n`)
      .join(''),
  table: async (columns, rows, opts) => (await import('./table.js')).renderTable(columns, rows, opts),
};

export interface FormatFlags {
  format?: string;
  json?: boolean;
}

/**
 * `--json` is `--format json`. Without either the output is a table, also when stdout is a pipe: the
 * table is what an operator copies into a ticket; scripts ask for json/csv/tsv explicitly.
 */
export function chooseFormat(flags: FormatFlags): FormatName {
  if (flags.json && flags.format && flags.format !== 'json') {
    throw new SbkError(`--json 和 --format ${flags.format} 不能同时使用：只保留其中一个`, EXIT.usage);
  }
  if (flags.json) return 'json';
  const f = flags.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new SbkError(`输出格式“${f}”无效：可选 ${FORMATS.join('、')}`, EXIT.usage);
  }
  return f as FormatName;
}

/**
 * Print a lookup's result and return the exit code: rows on stdout (0), or nothing on stdout and the
 * reason on stderr (1). Remarks go to stderr either way.
 */
export async function emit<R extends Row>(ctx: Context, result: LookupResult<R>, flags: FormatFlags): Promise<number> {
  const format = chooseFormat(flags);
  if (!result.rows.length) {
    ctx.term.err(`${result.miss ?? '没有找到结果。'}\n`);
    return EXIT.notFound;
  }
  const out = await reporters[format](result.columns as unknown as Column[], result.rows, { width: ctx.term.width, style: ctx.style });
  await ctx.term.page(out);
  // JSON/CSV/TSV carry each row's note as a field; a table shows them as footnotes, so the operator
  // sees the source's errors (a wrong address, two different numbers) next to the data.
  if (format === 'table') {
    const { wrap } = await import('./text.js');
    for (const line of footnotes(result.rows)) ctx.term.out(wrap(line, ctx.term.width, '').join('\n') + '\n');
  }
  for (const n of result.notes) ctx.term.err(`${n}\n`);
  return EXIT.found;
}

/** `注：<row label>：<note>` for every row that has a note. */
export function footnotes(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of rows) {
    if (typeof r.note !== 'string' || !r.note) continue;
    const label = [r.no !== undefined ? `第${r.no}号` : '', r.number ?? '', r.name ?? r.owner ?? r.short ?? ''].filter(Boolean).join(' ');
    const line = `注：${label}：${r.note}`;
    if (!seen.has(line)) out.push(line);
    seen.add(line);
  }
  return out;
}
