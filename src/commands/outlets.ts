import { knowledgeBase } from '../services.js';
import { findOutlets } from '../lookup/outlets.js';
import { emit, type FormatFlags } from '../render/formats.js';
import type { Context } from '../context.js';

interface OutletOptions extends FormatFlags {
  bank?: string;
  district?: string;
}

export async function run(ctx: Context, keyword: string | undefined, opts: OutletOptions): Promise<number> {
  const kb = await knowledgeBase(ctx.dataDir);
  return emit(ctx, findOutlets(kb.banks.outlets, kb.banks.banks, { keyword, bank: opts.bank, district: opts.district }), opts);
}
