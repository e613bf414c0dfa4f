import { knowledgeBase } from '../services.js';
import { findOffices, findYibao } from '../lookup/offices.js';
import { emit, type FormatFlags } from '../render/formats.js';
import type { Context } from '../context.js';

interface OfficeOptions extends FormatFlags {
  yibao?: boolean;
}

export async function run(ctx: Context, keyword: string | undefined, opts: OfficeOptions): Promise<number> {
  const kb = await knowledgeBase(ctx.dataDir);
  if (opts.yibao) return emit(ctx, findYibao(kb.offices.yibao, keyword), opts);
  return emit(ctx, findOffices(kb.offices.offices, keyword), opts);
}
