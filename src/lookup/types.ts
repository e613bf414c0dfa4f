/**
 * The plain data every lookup returns: rows of cells (a list of phones is a list, in JSON too; CSV and
 * TSV join it with the column's separator) and the columns that describe them. Reporters in
 * src/render/formats.ts print them.
 */
export type Cell = string | number | boolean | null | readonly string[];
export type Row = Record<string, Cell>;

export interface Column<R extends Row = Row> {
  /** Field name in JSON and the header in CSV/TSV (stable, English). */
  key: keyof R & string;
  /** Header in the terminal table (Chinese). */
  header: string;
  /** Hidden in the terminal table (still in JSON/CSV/TSV). */
  tableHidden?: boolean;
  /** Text for the terminal table when it differs from the raw value (是/否 for booleans, ...); a list is one line per item. */
  display?: (row: R) => string | readonly string[];
  /** A list cell in CSV/TSV (and in a one-line table cell): its items joined with this (default LIST_SEP). */
  joinWith?: string;
  /** Never narrower than this in the terminal table (display columns). */
  minWidth?: number;
}

export interface LookupResult<R extends Row = Row> {
  columns: Column<R>[];
  rows: R[];
  /** Set when nothing matched: what was not found and which values are valid (for stderr; exit 1). */
  miss?: string;
  /**
   * Set when a name the user gave (a bank, a district) is not one sbk knows: the message, with the
   * names that exist. A usage error (exit 2), as an unknown tree or entry id is (src/errors.ts).
   */
  unknown?: string;
  /** Remarks for stderr next to the results: approximate matches, outlets whose district is unknown. */
  notes: string[];
}

/** Multiple phones or items in one cell are joined with these (the source's own separators). */
export const LIST_SEP = '、';
export const ITEM_SEP = '；';

/** A cell's phone numbers (canonical form), as a list. */
export function numbers(phones: readonly { number: string }[]): string[] {
  return phones.map((p) => p.number);
}

/** A cell as one line of text: a list joined with `sep`. */
export function cellText(v: Cell | undefined, sep: string = LIST_SEP): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(sep);
  return String(v);
}
