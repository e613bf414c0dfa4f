import { knowledgeBase } from '../services.js';
import { findOutlets } from '../lookup/outlets.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import { readingsFor } from './lookupPinyin.js';

interface OutletOptions extends FormatFlags {
  bank?: string;
  district?: string;
}

export async function run(ctx: Context, keyword: string | undefined, opts: OutletOptions): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const py = await readingsFor(ctx.dataDir, keyword, opts.bank, opts.district);
  return tableOutput(findOutlets(kb.banks.outlets, kb.banks.banks, { keyword, bank: opts.bank, district: opts.district }, py));
}
