import { loadKnowledgeBase } from '../kb/load.js';
import { createSearcher } from '../search/index.js';
import { formatEntry } from '../render/entry.js';
import { makeStyle } from '../render/style.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';

interface SearchOptions {
  limit: number;
  json?: boolean;
  explain?: boolean;
}

export async function run(ctx: Context, query: string[], opts: SearchOptions): Promise<number> {
  const q = query.join(' ').trim();
  if (!q) throw new SbkError('请输入要搜索的问题，例如：sbk 社保卡丢了怎么办', EXIT.usage);
  const kb = loadKnowledgeBase(ctx.dataDir);
  const results = createSearcher(kb.faq.entries).search(q, opts.limit);
  if (opts.json) {
    ctx.term.out(JSON.stringify(results.map((r) => ({ id: r.entry.id, question: r.entry.question, answer: r.entry.answer, category: r.entry.category, score: r.score }))) + '\n');
  } else if (results.length) {
    const style = makeStyle(ctx.term.color);
    const byId = new Map(kb.faq.entries.map((e) => [e.id, e.question]));
    ctx.term.out(formatEntry(results[0]!.entry, { width: ctx.term.width, style, questionOf: (id) => byId.get(id) }));
    for (const r of results.slice(1)) ctx.term.out(`  ${r.entry.question}  ${style.id(r.entry.id)}\n`);
  }
  if (!results.length) ctx.term.err('没有找到相关答案：换个说法或关键词再试，例如“补卡”“密码”“制卡进度”。\n');
  return results.length ? EXIT.found : EXIT.notFound;
}
