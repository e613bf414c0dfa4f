import { knowledgeBase } from '../services.js';
import { findPhones } from '../lookup/phones.js';
import { emit, type FormatFlags } from '../render/formats.js';
import type { Context } from '../context.js';

export async function run(ctx: Context, keyword: string[], opts: FormatFlags): Promise<number> {
  const kb = await knowledgeBase(ctx.dataDir);
  return emit(ctx, findPhones(kb.banks, kb.offices, keyword.join(' ')), opts);
}
