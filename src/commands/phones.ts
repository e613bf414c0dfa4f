import { knowledgeBase } from '../services.js';
import { findPhones } from '../lookup/phones.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import { readingsFor } from './lookupPinyin.js';

export async function run(ctx: Context, keyword: string[], opts: FormatFlags): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const q = keyword.join(' ');
  return tableOutput(findPhones(kb.banks, kb.offices, q, await readingsFor(ctx.dataDir, q)));
}
