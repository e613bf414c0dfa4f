import { faq } from '../services.js';
import { formatEntry } from '../render/entry.js';
import { makeStyle } from '../render/style.js';
import { SbkError, EXIT } from '../errors.js';
import { closest } from '../suggest.js';
import type { Context } from '../context.js';

export async function run(ctx: Context, id: string, opts: { json?: boolean }): Promise<number> {
  const kb = { faq: await faq(ctx.dataDir) };
  const entry = kb.faq.entries.find((e) => e.id === id);
  if (!entry) {
    const hint = closest(id, kb.faq.entries.map((e) => e.id));
    throw new SbkError(`没有 id 为“${id}”的条目${hint ? `，是否想查看 ${hint}？` : ''}：用 sbk search 关键词 找到条目 id`, EXIT.usage);
  }
  if (opts.json) {
    ctx.term.out(JSON.stringify(entry) + '\n');
    return EXIT.found;
  }
  const byId = new Map(kb.faq.entries.map((e) => [e.id, e.question]));
  ctx.term.out(formatEntry(entry, { width: ctx.term.width, style: makeStyle(ctx.term.color), questionOf: (i) => byId.get(i) }));
  return EXIT.found;
}
