import { knowledgeBase } from '../services.js';
import { findBanks } from '../lookup/banks.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import type { Column } from '../lookup/types.js';
import { readingsFor } from './lookupPinyin.js';

export async function run(ctx: Context, keyword: string | undefined, opts: FormatFlags): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const result = findBanks(kb.banks.banks, keyword, await readingsFor(ctx.dataDir, keyword));
  // For a person, a card per bank (about three rows a bank: all of them on one 80×24 screen);
  // `--format table` is the grid.
  const { renderCards } = await import('../render/cards.js');
  const columns = result.columns as unknown as Column[];
  return {
    ...tableOutput(result),
    text: (view) => renderCards(columns, result.rows, { title: 'name', inline: ['issues_gen3', 'ecard_app'], fields: ['customer_service', 'card_check', 'branches'] }, view),
  };
}
