/**
 * The one output system. A command returns an Output: what it found (`data`, which is what JSON
 * prints, lists as lists), the kind of thing it is, and for the text formats the renderer that lives
 * with that kind (src/render/results.ts, entry.ts, table.ts, the tree's in commands/tree.ts). The
 * reporter chosen by `--format` (or `--json`) turns it into text: `text`/`table` for a person, `json`,
 * and `csv`, `tsv`, `md` where they fit (tables: all; documents: text, json, md). Adding a format never
 * touches a command.
 */
import type { Cell, Column, LookupResult, Row } from '../lookup/types.js';
import { cellText, LIST_SEP } from '../lookup/types.js';
import type { Context } from '../context.js';
import type { Style } from './style.js';
import { SbkError, EXIT } from '../errors.js';

const FORMATS = ['text', 'table', 'json', 'csv', 'tsv', 'md'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface ReportOptions {
  width: number;
  style: Style;
  /** Show the maintainers' notes (--notes): a table's footnotes, an entry's 注. */
  notes?: boolean;
}

/** What a command gives back to be rendered. */
export interface Output {
  /** What it is: `table` (a lookup's rows), `search`, `entry`, `tree-outcome`, … */
  kind: string;
  /** The result as data: JSON prints exactly this. */
  data: unknown;
  /** The text for a person (format `text`). */
  text?: (view: ReportOptions) => string | Promise<string>;
  /** Text written after the (possibly paged) text, straight to the terminal (a tree outcome's 工单 block). */
  after?: (view: ReportOptions) => string;
  /** Markdown (format `md`), when the kind has it. */
  md?: () => string;
  /** A lookup's rows and columns: table, csv, tsv and md come from them. */
  table?: LookupResult;
  /** JSON Lines instead of one document (one search per input line). */
  jsonLine?: boolean;
  /** Remarks for stderr, whatever the format. */
  notes?: string[];
  /** The exit code (default: found). */
  code?: number;
}

/**
 * A spreadsheet opening CSV or TSV runs a cell that starts with = + - @ (or a tab or CR before one) as
 * a formula (`=HYPERLINK(…)`): such a text cell gets a leading ' (the usual formula-injection rule,
 * OWASP), which the spreadsheet shows as text. Numbers stay numbers.
 */
export function neutralise(v: Cell, sep: string = LIST_SEP): string {
  const s = cellText(v, sep);
  return (typeof v === 'string' || Array.isArray(v)) && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes; CRLF between records. */
export function csvField(v: Cell, sep: string = LIST_SEP): string {
  const s = neutralise(v, sep);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record per line for cut/awk: tabs and line breaks inside a value become spaces. */
export function tsvField(v: Cell, sep: string = LIST_SEP): string {
  return neutralise(v, sep).replace(/\r\n|[\t\r\n]/g, ' ');
}

/** A Markdown table cell: pipes escaped, line breaks as <br>. */
function mdField(v: Cell, sep: string): string {
  return cellText(v, sep).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

const cell = (r: Row, c: Column) => r[c.key] ?? null;

/** The rows of a lookup as JSON objects: every column, lists as lists. */
export function tableJson(columns: readonly Column[], rows: readonly Row[]): Record<string, Cell>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, cell(r, c)])));
}

export const reporters = {
  json: (columns: Column[], rows: Row[]) => `${JSON.stringify(tableJson(columns, rows))}\n`,
  csv: (columns: Column[], rows: Row[]) =>
    [columns.map((c) => csvField(c.key)), ...rows.map((r) => columns.map((c) => csvField(cell(r, c), c.joinWith)))]
      .map((fields) => `${fields.join(',')}\r\n`)
      .join(''),
  tsv: (columns: Column[], rows: Row[]) =>
    [columns.map((c) => c.key), ...rows.map((r) => columns.map((c) => tsvField(cell(r, c), c.joinWith)))]
      .map((fields) => `${fields.join('\t')}\n`)
      .join(''),
  md: (columns: Column[], rows: Row[]) => {
    const cols = columns.filter((c) => !c.tableHidden);
    const line = (cells: string[]) => `| ${cells.join(' | ')} |\n`;
    return (
      line(cols.map((c) => c.header)) +
      line(cols.map(() => '---')) +
      rows.map((r) => line(cols.map((c) => mdField(c.display ? (c.display(r) as Cell) : cell(r, c), c.joinWith ?? LIST_SEP)))).join('')
    );
  },
  table: async (columns: Column[], rows: Row[], opts: ReportOptions) => (await import('./table.js')).renderTable(columns, rows, opts),
};

export interface FormatFlags {
  format?: string;
  json?: boolean;
}

/**
 * `--json` is `--format json`. Without either the output is text (a table for lookups), also when stdout
 * is a pipe: the table is what an operator copies into a ticket; scripts ask for json/csv/tsv explicitly.
 */
export function chooseFormat(flags: FormatFlags, spec?: { options?: readonly { long: string; choices?: readonly string[] }[] }): FormatName {
  const allowed = spec?.options?.find((o) => o.long === 'format')?.choices ?? FORMATS;
  if (flags.json && flags.format && flags.format !== 'json') {
    throw new SbkError(`--json 和 --format ${flags.format} 不能同时使用：只保留其中一个`, EXIT.usage);
  }
  if (flags.json) return 'json';
  const f = flags.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(f) || (flags.format !== undefined && !allowed.includes(f))) {
    throw new SbkError(`输出格式“${f}”无效：可选 ${allowed.join('、')}`, EXIT.usage);
  }
  return f as FormatName;
}

/** Render an Output in a format: the text (without writing it). */
export async function render(out: Output, format: FormatName, view: ReportOptions): Promise<string> {
  const t = out.table;
  if (format === 'json') return out.jsonLine ? `${JSON.stringify(out.data)}\n` : `${JSON.stringify(out.data, null, 2)}\n`;
  if (t && (format === 'text' || format === 'table')) {
    const cols = t.columns as unknown as Column[];
    // A lookup with its own text for a person (outlets: a compact list) gives it for `text`; `table` is the grid.
    let text = format === 'text' && out.text ? await out.text(view) : await reporters.table(cols, t.rows, view);
    // JSON/CSV/TSV carry each row's note as a field; a table shows them as footnotes, so the operator
    // sees the source's errors (a wrong address, two different numbers) next to the data.
    const { wrap } = await import('./text.js');
    if (view.notes) for (const line of footnotes(t.rows)) text += wrap(line, view.width, '').join('\n') + '\n';
    return text;
  }
  if (t && (format === 'csv' || format === 'tsv' || format === 'md')) return reporters[format](t.columns as unknown as Column[], t.rows);
  if (format === 'text' && out.text) return out.text(view);
  if (format === 'md' && out.md) return out.md();
  throw new SbkError(`这个命令不能输出 ${format} 格式：可用 --format text 或 --json`, EXIT.usage);
}

/**
 * Write an Output to the terminal and give its exit code. A lookup that found nothing writes nothing
 * on stdout and the reason on stderr (1); a name the user typed that sbk does not know is a usage
 * error (2, src/errors.ts). Remarks go to stderr either way.
 */
export async function emitOutput(ctx: Context, out: Output, format: FormatName, how: { page?: boolean } = {}): Promise<number> {
  const t = out.table;
  if (t?.unknown) throw new SbkError(t.unknown, EXIT.usage);
  if (t && !t.rows.length) {
    ctx.term.err(`${t.miss ?? '没有找到结果。'}\n`);
    return EXIT.notFound;
  }
  const view = { width: ctx.term.width, style: ctx.style, notes: ctx.notes };
  const text = await render(out, format, view);
  // Text written after the result (a tree outcome's 工单 block) follows it on the screen, so it is there
  // to copy at the end; it is paged together with the result when the two are taller than the terminal,
  // so the result's first lines (title, phones) never scroll away under it.
  const after = out.after && (format === 'text' || format === 'table') ? out.after(view) : '';
  // A result taller than the terminal goes through the pager (io.ts decides; never on a pipe).
  if (text || after) await (how.page === false ? ctx.term.out(text + after) : ctx.term.page(text + after));
  for (const n of [...(t?.notes ?? []), ...(out.notes ?? [])]) ctx.term.err(`${n}\n`);
  return out.code ?? EXIT.found;
}

/** A lookup's result as an Output: JSON is its rows (every column, lists as lists). */
export function tableOutput<R extends Row>(result: LookupResult<R>): Output {
  return { kind: 'table', data: tableJson(result.columns as unknown as Column[], result.rows), table: result as unknown as LookupResult };
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
