import { knowledgeBase } from '../services.js';
import { findOutlets } from '../lookup/outlets.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import type { Column } from '../lookup/types.js';
import { readingsFor } from './lookupPinyin.js';

interface OutletOptions extends FormatFlags {
  bank?: string;
  district?: string;
}

export async function run(ctx: Context, keyword: string | undefined, opts: OutletOptions): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const py = await readingsFor(ctx.dataDir, keyword, opts.bank, opts.district);
  const result = findOutlets(kb.banks.outlets, kb.banks.banks, { keyword, bank: opts.bank, district: opts.district }, py);
  // For a person, a compact list (about two rows an outlet: a district's outlets on one 80×24 screen);
  // `--format table` is the grid.
  const { renderList } = await import('../render/table.js');
  const columns = result.columns as unknown as Column[];
  return {
    ...tableOutput(result),
    text: (view) => renderList(columns, result.rows, { head: ['no', 'bank', 'name'], side: 'phones', body: ['address'], common: 'district', noun: '“社银合作”网点 ' }, view),
  };
}
