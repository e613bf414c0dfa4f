/** How one FAQ entry reads in a terminal: question, wrapped answer, warnings, related entries. */
import type { FaqEntry } from '../kb/schema.js';
import type { Style } from './style.js';
import { highlight, wrap } from './text.js';

export interface EntryView {
  width: number;
  style: Style;
  /** Look up related entries' questions for the see_also list. */
  questionOf?: (id: string) => string | undefined;
}

/** `questionOf` for an EntryView: each entry's question by id. */
export function questionsById(entries: readonly FaqEntry[]): (id: string) => string | undefined {
  const byId = new Map(entries.map((e) => [e.id, e.question]));
  return (id) => byId.get(id);
}

/** The visible warning printed with every stale entry, wherever it appears. */
export function staleWarning(entry: Pick<FaqEntry, 'stale'>): string | undefined {
  return entry.stale ? `⚠ 内容可能已过时：${entry.stale}` : undefined;
}

export function formatEntry(entry: FaqEntry, view: EntryView): string {
  const { style, width } = view;
  const lines: string[] = [];
  lines.push(style.heading(`【${entry.category}】${entry.question}`) + '  ' + style.id(`(${entry.id})`));
  const warning = staleWarning(entry);
  if (warning) lines.push(...wrap(warning, width).map(style.warn));
  lines.push(...wrap(entry.answer, width, '  ').map((l) => highlight(l, style)));
  if (entry.note) lines.push(...wrap(`注（源文件问题）：${entry.note}`, width, '  ').map(style.dim));
  if (entry.see_also.length) {
    lines.push(style.dim('  相关：'));
    for (const id of entry.see_also) {
      const q = view.questionOf?.(id);
      lines.push(style.dim(`    ${id}${q ? `  ${q}` : ''}`));
    }
  }
  lines.push(style.dim(`  来源：faq-source.txt 第 ${entry.source_line} 行`));
  return lines.join('\n') + '\n';
}
