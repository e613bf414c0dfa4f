import { knowledgeBase } from '../services.js';
import { findOffices, findYibao } from '../lookup/offices.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import type { Column } from '../lookup/types.js';
import { readingsFor } from './lookupPinyin.js';

interface OfficeOptions extends FormatFlags {
  yibao?: boolean;
}

export async function run(ctx: Context, keyword: string | undefined, opts: OfficeOptions): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const py = await readingsFor(ctx.dataDir, keyword);
  // For a person, a card per office (name and phones on one line, the address beneath; a 医保办 on one
  // line); `--format table` is the grid.
  const { renderCards } = await import('../render/cards.js');
  if (opts.yibao) {
    const result = findYibao(kb.offices.yibao, keyword, py);
    const columns = result.columns as unknown as Column[];
    return { ...tableOutput(result), text: (view) => renderCards(columns, result.rows, { title: 'name', inline: ['phones'], fields: [] }, view) };
  }
  const result = findOffices(kb.offices.offices, keyword, py);
  const columns = result.columns as unknown as Column[];
  return { ...tableOutput(result), text: (view) => renderCards(columns, result.rows, { title: 'name', inline: ['phones'], fields: ['address'] }, view) };
}
