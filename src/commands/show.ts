import { faq } from '../services.js';
import { formatEntry, questionsById } from '../render/entry.js';
import { SbkError, EXIT } from '../errors.js';
import { closest } from '../suggest.js';
import type { Context } from '../context.js';

export async function run(ctx: Context, id: string, opts: { json?: boolean }): Promise<number> {
  const { entries } = await faq(ctx.dataDir);
  const entry = entries.find((e) => e.id === id);
  if (!entry) {
    const hint = closest(id, entries.map((e) => e.id));
    throw new SbkError(`没有 id 为“${id}”的条目${hint ? `，是否想查看 ${hint}？` : ''}：用 sbk search 关键词 找到条目 id`, EXIT.usage);
  }
  if (opts.json) {
    ctx.term.out(JSON.stringify(entry) + '\n');
    return EXIT.found;
  }
  await ctx.term.page(formatEntry(entry, { width: ctx.term.width, style: ctx.style, questionOf: questionsById(entries) }));
  return EXIT.found;
}
