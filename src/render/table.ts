/**
 * Terminal tables, aligned for Chinese text and fitted to the terminal width.
 *
 * We choose the column widths and wrap every cell ourselves, by display width: cli-table3's own
 * wrapping cannot do Chinese (`wordWrap` only breaks at spaces, which Chinese text has none of, and
 * `wrapOnWordBoundary: false` counts UTF-16 units). Once every line fits, all that is left is drawing
 * the borders, and we draw them too (`drawGrid`), in cli-table3's layout: cli-table3 re-measured every
 * line of every cell with its own string-width and a fresh ANSI regular expression per call, ~100 ms of a
 * 210 ms `sbk banks` on this machine, for lines already measured here. A test keeps the output
 * identical to cli-table3's for the same cells.
 *
 * Borders are ASCII: box-drawing characters are "ambiguous width" and a Chinese Windows console draws
 * them two columns wide, which breaks every row.
 */
import { displayWidth as stringWidth, padEnd, unbreakableRuns, wrap } from './width.js';
import type { Column, Row } from '../lookup/types.js';
import type { Style } from './style.js';
import type { ReportOptions } from './formats.js';

/**
 * Rows of cells (each cell its lines, each line at most its column's width) inside ASCII borders, one
 * space of padding on each side, a rule between rows: the layout cli-table3 draws with ASCII chars.
 */
export function drawGrid(widths: number[], rows: string[][][]): string {
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  let out = rule;
  for (const row of rows) {
    const height = Math.max(1, ...row.map((lines) => lines.length));
    for (let i = 0; i < height; i++) {
      out += `|${row.map((lines, c) => {
        const line = lines[i] ?? '';
        return ` ${line}${' '.repeat(Math.max(0, widths[c]! - stringWidth(line)))} `;
      }).join('|')}|\n`;
    }
    out += rule;
  }
  return out;
}

/**
 * A cell's text in lines of at most `width` display columns, by the one wrapping routine (width.ts):
 * runs of Latin letters and digits (phone numbers, house numbers) stay whole unless a run alone is wider
 * than the line; a closing mark never starts a line. Empty lines inside a cell are dropped.
 */
export function wrapCell(text: string, width: number): string[] {
  const out = wrap(text, width).filter((l) => l !== '');
  return out.length ? out : [''];
}

/** The widest run that wrapping keeps whole (a phone number): a column should not be narrower. */
function longestRun(lines: string[]): number {
  return Math.max(0, ...lines.flatMap((l) => unbreakableRuns(l)).map((t) => stringWidth(t)));
}

export function cellLines(col: Column, row: Row): string[] {
  const raw = col.display ? col.display(row) : row[col.key];
  // A list (the phones of a row) is one line per item.
  if (Array.isArray(raw)) return [...raw];
  return [raw === null || raw === undefined ? '' : typeof raw === 'boolean' ? (raw ? '是' : '否') : String(raw)];
}

/**
 * Column widths that fit `total` display columns: each column's natural width, then the widest column
 * gives up one column at a time until the table fits or every column is at its minimum.
 */
export function fitWidths(natural: number[], minimum: number[], total: number): number[] {
  const chrome = natural.length * 3 + 1;
  const widths = [...natural];
  const sum = () => widths.reduce((a, b) => a + b, 0);
  while (sum() + chrome > total) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > minimum[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]! -= 1;
  }
  return widths;
}

export function renderTable(columns: Column[], rows: Row[], opts: ReportOptions): string {
  const { style } = opts;
  const cols = columns.filter((c) => !c.tableHidden);
  const cells = rows.map((r) => cols.map((c) => cellLines(c, r)));
  const natural = cols.map((c, i) => Math.max(stringWidth(c.header), ...cells.map((r) => Math.max(0, ...r[i]!.map((l) => stringWidth(l))))));
  const minimum = cols.map((c, i) =>
    Math.min(natural[i]!, Math.max(c.minWidth ?? 4, 4, Math.min(16, longestRun(cells.flatMap((r) => r[i]!))))),
  );
  const widths = fitWidths(natural, minimum, opts.width);
  const fit = (lines: string[], w: number) => lines.flatMap((l) => wrapCell(l, w));
  if (widths.reduce((a, b) => a + b, 0) + cols.length * 3 + 1 > opts.width) return renderRecords(cols, cells, opts.width, style);

  const head = cols.map((c, i) => fit([c.header], widths[i]!).map(style.heading));
  return drawGrid(widths, [head, ...cells.map((r) => r.map((lines, i) => fit(lines, widths[i]!)))]);
}

/**
 * Too narrow for the columns side by side (a split pane): one small two-column table per row, the
 * headers down the left and the values wrapped to the rest of the width.
 */
function renderRecords(cols: Column[], cells: string[][][], width: number, style: Style): string {
  const label = Math.max(...cols.map((c) => stringWidth(c.header)));
  const value = Math.max(8, width - label - 7);
  return cells
    .map((row) => drawGrid([label, value], row.map((lines, i) => [[style.heading(cols[i]!.header)], lines.flatMap((l) => wrapCell(l, value))])))
    .join('');
}

/** How a lookup's rows read as a compact list (renderList): which columns go where. */
interface ListSpec {
  /** Short columns on each record's first line, in order (序号, 银行, 网点名称). */
  head: string[];
  /** A column in its own aligned column on the first line (电话; a list: one item per line). */
  side: string;
  /** Columns wrapped under the first line, indented (地址). */
  body: string[];
  /** A column said once above the list when every row has the same value (区县), else added to the body. */
  common?: string;
  /** What a row is, for the line above the list (社银合作网点). */
  noun?: string;
}

/**
 * A lookup's rows for a person, about two screen rows a record where a grid takes three or four: the
 * short fields on the first line with the side column (the phones) aligned at the right, the long ones
 * wrapped beneath under an indent. Every visible field is there; widths are display columns (width.ts).
 * Falls back to the grid when the side column cannot fit beside the first fields (a very narrow pane).
 */
export function renderList(columns: Column[], rows: Row[], spec: ListSpec, opts: ReportOptions): string {
  const { style, width } = opts;
  const col = (key: string) => columns.find((c) => c.key === key)!;
  const text = (key: string, r: Row) => cellLines(col(key), r);
  const heads = spec.head.map(col);
  // Each head field padded to its widest value, so the names start in one column.
  const headWidths = heads.map((c) => Math.max(stringWidth(c.header), ...rows.map((r) => stringWidth(text(c.key, r).join(' ')))));
  const lead = heads.slice(0, -1).reduce((n, _c, i) => n + headWidths[i]! + 1, 0);
  const sideW = Math.max(stringWidth(col(spec.side).header), ...rows.flatMap((r) => text(spec.side, r).map((l) => stringWidth(l))));
  const nameW = Math.min(headWidths[headWidths.length - 1]!, width - lead - 2 - sideW);
  if (nameW < 8) return renderTable(columns, rows, opts);
  const sideAt = lead + nameW + 2;
  const indent = ' '.repeat(headWidths[0]! + 1);
  const commonValues = spec.common ? [...new Set(rows.map((r) => text(spec.common!, r).join('')))] : [];
  const common = spec.common && commonValues.length === 1 ? commonValues[0] : undefined;

  const out: string[] = [];
  if (common || spec.noun) out.push(style.heading(`${common ? `${common} ` : ''}${spec.noun ?? ''}${rows.length} 个`));
  const headLabel = heads.map((c, i) => (i < heads.length - 1 ? padEnd(c.header, headWidths[i]!) : c.header)).join(' ') + ` / ${spec.body.map((k) => col(k).header).join(' / ')}`;
  out.push(style.dim(padEnd(headLabel, sideAt) + col(spec.side).header));
  for (const r of rows) {
    const first = heads.slice(0, -1).map((c, i) => padEnd(text(c.key, r).join(' '), headWidths[i]!)).join(' ') + (heads.length > 1 ? ' ' : '');
    const names = wrap(text(heads[heads.length - 1]!.key, r).join(' '), lead + nameW, { first, indent: ' '.repeat(lead) });
    const side = text(spec.side, r);
    const lines = Math.max(names.length, side.length);
    for (let i = 0; i < lines; i++) {
      const left = names[i] ?? '';
      const s = side[i];
      out.push(s === undefined ? left : padEnd(left, sideAt) + style.phone(s));
    }
    const body = spec.body.map((k) => text(k, r).join(' ')).filter(Boolean);
    if (spec.common && !common) {
      // Said once above when the rows share it; else with each row, unless its body already names it.
      const value = text(spec.common, r).join('');
      const short = value.replace(/[区县市]$/, '');
      if (value && !body.some((b) => b.includes(short))) body.push(`${body.pop() ?? ''}（${col(spec.common).header}：${value}）`);
    }
    for (const b of body) out.push(...wrap(b, width, indent));
  }
  return out.join('\n') + '\n';
}
