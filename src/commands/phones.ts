import { knowledgeBase } from '../services.js';
import { findPhones } from '../lookup/phones.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import type { Column } from '../lookup/types.js';
import { readingsFor } from './lookupPinyin.js';

export async function run(ctx: Context, keyword: string[], opts: FormatFlags): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const q = keyword.join(' ');
  const result = findPhones(kb.banks, kb.offices, q, await readingsFor(ctx.dataDir, q));
  // For a person, a card per number (the number and whose it is on one line, what it is for beneath);
  // `--format table` is the grid.
  const { renderCards } = await import('../render/cards.js');
  const columns = result.columns as unknown as Column[];
  return {
    ...tableOutput(result),
    text: (view) => renderCards(columns, result.rows, { title: 'number', inline: ['owner'], fields: ['purpose', 'district'] }, view),
  };
}
