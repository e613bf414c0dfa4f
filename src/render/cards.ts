/**
 * A lookup's rows as cards for a person, where a grid of many short columns wraps every header and
 * cell into three or four rows (`sbk banks` at 80 columns: 42 rows for 8 banks). Each card: the title
 * field on the first line with the short fields after it (三代卡：是), then the other fields as
 * `header：value`, packed side by side while they fit the width and wrapped under an indent when one
 * alone is longer. Phone numbers are highlighted. Widths are display columns (width.ts).
 * `--format table` is still the grid (table.ts).
 */
import { displayWidth, wrap, wrapItems } from './width.js';
import { cellLines } from './table.js';
import { PHONE_PATTERN } from '../kb/phone.js';
import type { Column, Row } from '../lookup/types.js';
import type { ReportOptions } from './formats.js';

interface CardSpec {
  /** The column that names the row (银行). */
  title: string;
  /** Short columns said on the title line (三代卡, 电子社保卡). */
  inline: string[];
  /** The other columns, in order, each `header：value` (values of a list joined by 、). */
  fields: string[];
}

const GAP = '  ';

/** A cell's values as the grid shows them (table.ts), an empty cell none. */
function values(col: Column, row: Row): string[] {
  return cellLines(col, row).filter((v) => v !== '');
}

export function renderCards(columns: Column[], rows: Row[], spec: CardSpec, opts: ReportOptions): string {
  const { style, width } = opts;
  const col = (key: string) => columns.find((c) => c.key === key)!;
  const phones = (s: string) => s.replace(PHONE_PATTERN, (n) => style.phone(n));
  const indent = '  ';
  const out: string[] = [];
  for (const r of rows) {
    const title = values(col(spec.title), r).join('');
    const inline = spec.inline.map((k) => `${col(k).header}：${values(col(k), r).join('、') || '—'}`);
    const head = [style.heading(title), ...inline.map(phones)].join(GAP);
    if (displayWidth(title) + inline.reduce((n, s) => n + GAP.length + displayWidth(s), 0) <= width) out.push(head);
    else out.push(style.heading(title), ...wrap(inline.join(GAP), width, indent).map(phones));
    // Pack the fields: a field joins the line while the line still fits, else starts the next one.
    let line = '';
    const flush = () => {
      if (line) out.push(phones(line));
      line = '';
    };
    for (const k of spec.fields) {
      const v = values(col(k), r);
      if (!v.length) continue;
      const item = `${col(k).header}：${v.join('、')}`;
      const joined = line ? `${line}${GAP}${item}` : `${indent}${item}`;
      if (displayWidth(joined) <= width) {
        line = joined;
        continue;
      }
      flush();
      if (displayWidth(indent + item) <= width) line = indent + item;
      // One value longer than a line (a purpose, an address): wrapped right after its header.
      else if (v.length === 1 && displayWidth(`${indent}  ${v[0]}`) > width) for (const l of wrap(item, width, { first: indent, indent: indent + '  ' })) out.push(phones(l));
      // `header：a、b、c` longer than a line: the items kept whole from line to line (a branch's name with
      // its number) under a deeper indent, the header alone on its line when the first item does not fit beside it.
      else {
        const header = `${indent}${col(k).header}：`;
        const deeper = indent + '  ';
        const beside = displayWidth(`${header}${v[0]}、`) <= width;
        if (!beside) out.push(header);
        for (const l of wrapItems(v, width, { first: beside ? header : deeper, indent: deeper })) out.push(phones(l));
      }
    }
    flush();
  }
  return out.join('\n') + '\n';
}
