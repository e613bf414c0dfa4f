/**
 * The plain data every lookup returns: flat rows (one value per cell, so JSON, CSV and TSV carry the
 * same fields) and the columns that describe them. Reporters in src/render/formats.ts print them.
 */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface Column<R extends Row = Row> {
  /** Field name in JSON and the header in CSV/TSV (stable, English). */
  key: keyof R & string;
  /** Header in the terminal table (Chinese). */
  header: string;
  /** Hidden in the terminal table (still in JSON/CSV/TSV). */
  tableHidden?: boolean;
  /** Text for the terminal table when it differs from the raw value (是/否 for booleans, ...). */
  display?: (row: R) => string;
  /** In the terminal table, start a new line at each of these separators (one phone per line). */
  splitOn?: string;
  /** Never narrower than this in the terminal table (display columns). */
  minWidth?: number;
}

export interface LookupResult<R extends Row = Row> {
  columns: Column<R>[];
  rows: R[];
  /** Set when nothing matched: what was not found and which values are valid (for stderr). */
  miss?: string;
  /** Remarks for stderr next to the results: approximate matches, outlets whose district is unknown. */
  notes: string[];
}

/** Multiple phones or items in one cell are joined with these (the source's own separators). */
export const LIST_SEP = '、';
export const ITEM_SEP = '；';

/** A cell's phone numbers (canonical form), joined with LIST_SEP. */
export function joinNumbers(phones: readonly { number: string }[]): string {
  return phones.map((p) => p.number).join(LIST_SEP);
}
