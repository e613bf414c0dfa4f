import { knowledgeBase } from '../services.js';
import { findOffices, findYibao } from '../lookup/offices.js';
import { tableOutput, type FormatFlags, type Output } from '../render/formats.js';
import type { Context } from '../context.js';
import { readingsFor } from './lookupPinyin.js';

interface OfficeOptions extends FormatFlags {
  yibao?: boolean;
}

export async function run(ctx: Context, keyword: string | undefined, opts: OfficeOptions): Promise<Output> {
  const kb = await knowledgeBase(ctx.dataDir);
  const py = await readingsFor(ctx.dataDir, keyword);
  if (opts.yibao) return tableOutput(findYibao(kb.offices.yibao, keyword, py));
  return tableOutput(findOffices(kb.offices.offices, keyword, py));
}
