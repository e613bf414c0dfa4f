/** `sbk show <id>`: one entry in full (text, JSON or Markdown through the output system). */
import { faq } from '../services.js';
import { entryById, entryIds } from '../kb/entries.js';
import { formatEntry, questionsById } from '../render/entry.js';
import { SbkError, EXIT } from '../errors.js';
import { closest } from '../suggest.js';
import type { Context } from '../context.js';
import type { Output } from '../render/formats.js';
import type { FaqEntry } from '../kb/schema.js';

export async function run(ctx: Context, id: string): Promise<Output> {
  const { entries, appendix } = await faq(ctx.dataDir);
  const entry = entryById(entries, id);
  const part = entry ? undefined : appendix.find((a) => a.id === id);
  if (part) {
    // A paragraph of the source that is no question and answer (an illustration kept as it is).
    const title = part.title.replace(/[：:]\s*$/, '');
    throw new SbkError(`“${id}”是知识库原文第 ${part.source_line} 行的附录“${title}”（图解），不是问答条目：请用 sbk search 关键词 查找有文字说明的条目`, EXIT.usage);
  }
  if (!entry) {
    const hint = closest(id, entryIds(entries));
    throw new SbkError(`没有 id 为“${id}”的条目${hint ? `，是否想查看 ${hint}？` : ''}：用 sbk search 关键词 找到条目 id`, EXIT.usage);
  }
  const questionOf = questionsById(entries);
  return {
    kind: 'entry',
    data: entry,
    text: (view) => formatEntry(entry, { ...view, questionOf }),
    md: () => entryMarkdown(entry, questionOf),
  };
}

/** An entry as Markdown: the question as a heading, the answer, warnings, related entries, the source line. */
function entryMarkdown(e: FaqEntry, questionOf: (id: string) => string | undefined): string {
  const out = [`## 【${e.category}】${e.question}`, ''];
  if (e.stale) out.push(`> ⚠ 内容可能已过时：${e.stale}`, '');
  out.push(e.answer.trim(), '');
  if (e.see_also.length) out.push('相关：', '', ...e.see_also.map((id) => `- ${id}${questionOf(id) ? `  ${questionOf(id)}` : ''}`), '');
  out.push(`（${e.id}，知识库原文第 ${e.source_line} 行）`);
  return out.join('\n') + '\n';
}
