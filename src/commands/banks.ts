import { knowledgeBase } from '../services.js';
import { findBanks } from '../lookup/banks.js';
import { emit, type FormatFlags } from '../render/formats.js';
import type { Context } from '../context.js';

export async function run(ctx: Context, keyword: string | undefined, opts: FormatFlags): Promise<number> {
  const kb = await knowledgeBase(ctx.dataDir);
  return emit(ctx, findBanks(kb.banks.banks, keyword), opts);
}
