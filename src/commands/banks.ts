import { knowledgeBase } from '../services.js';
import { findBanks } from '../lookup/banks.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import { readingsFor } from './lookupPinyin.js';

export async function run(ctx: Context, keyword: string | undefined, opts: FormatFlags): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  return tableOutput(findBanks(kb.banks.banks, keyword, await readingsFor(ctx.dataDir, keyword)));
}
