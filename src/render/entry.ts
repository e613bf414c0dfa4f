/**
 * How one FAQ entry reads in a terminal, answer first: the title, then what to tell the caller with
 * the clauses holding its phone numbers and keys (按1) quoted on top and highlighted, then the answer in
 * full, then the rest (the maintainers' note, related entries, the source line). Every line fits the
 * width, in display columns; all text is the knowledge base's own.
 */
import type { FaqEntry } from '../kb/schema.js';
import { entryById } from '../kb/entries.js';
import type { Style } from './style.js';
import { highlight, keyExcerpts, KEY_TOKEN } from './text.js';
import { displayWidth, wrap, wrapItems } from './width.js';

interface EntryView {
  width: number;
  style: Style;
  /** Look up related entries' questions for the see_also list. */
  questionOf?: (id: string) => string | undefined;
  /** Related entries as one wrapped list of ids (the session on a short screen), not a line each with its question. */
  relatedIds?: boolean;
  /** Show the maintainers' note (--notes). */
  notes?: boolean;
}

/** `questionOf` for an EntryView: each entry's question by id. */
export function questionsById(entries: readonly FaqEntry[]): (id: string) => string | undefined {
  // Looked up when asked: entries from the cache are parsed only when used (src/kb/entries.ts).
  return (id) => entryById(entries, id)?.question;
}

/** The visible warning printed with every stale entry, wherever it appears. */
export function staleWarning(entry: Pick<FaqEntry, 'stale'>): string | undefined {
  return entry.stale ? `⚠ 内容可能已过时：${entry.stale}` : undefined;
}

/** Where a heading and its tag go (titleLines): an entry's title unless told. */
export interface TitleLayout {
  /** Before the first line ('' ) and before the lines after it ('  '). */
  first?: string;
  indent?: string;
  /** Between the text and the tag on one line ('  '). */
  gap?: string;
  /** Before the tag on a line of its own ('  '). */
  tagIndent?: string;
  /** The look of the text's lines (style.heading). */
  look?: (s: string) => string;
}

/**
 * A heading wrapped to the width with `tag` (an id in brackets) after it: on its last line when it fits,
 * else on a line of its own; the tag is never broken.
 */
export function titleLines(text: string, tag: string, width: number, style: Style, styleTag: (s: string) => string = style.id, layout: TitleLayout = {}): string[] {
  const { first = '', indent = '  ', gap = '  ', tagIndent = '  ', look = style.heading } = layout;
  const lines = wrap(text, width, { first, indent });
  const last = lines[lines.length - 1] ?? '';
  const out = lines.map((l) => look(l));
  if (!tag) return out;
  if (displayWidth(last) + displayWidth(gap) + displayWidth(tag) <= width) out[out.length - 1] = look(last) + gap + styleTag(tag);
  else out.push(...wrap(tag, width, { indent: tagIndent, first: tagIndent }).map(styleTag));
  return out;
}

/**
 * The clauses with a phone number or key, to put on top: only when they are a small part of a longer
 * answer and not already in its first two rows (an answer that is itself a list of phones, or three
 * lines or fewer, already has them on top).
 */
function keyLines(answer: string, width: number, style: Style): string[] {
  const excerpts = keyExcerpts(answer);
  if (!excerpts.length) return [];
  const rows = wrap(answer, width, '  ');
  const excerptWidth = excerpts.reduce((a, x) => a + displayWidth(x), 0);
  if (rows.length <= 3 || excerptWidth * 2 > displayWidth(answer)) return [];
  // Already on top: every phone and key of the answer is in its first two rows.
  const top = rows.slice(0, 2).join('').replace(/\s/g, '');
  const tokens = excerpts.flatMap((x) => x.match(KEY_TOKEN) ?? []);
  if (tokens.every((t) => top.includes(t))) return [];
  const label = '  电话：';
  const hang = ' '.repeat(displayWidth(label));
  return excerpts.flatMap((x, i) => wrap(x, width, { first: i === 0 ? label : hang, indent: hang })).map((l) => highlight(l, style));
}

export function formatEntry(entry: FaqEntry, view: EntryView): string {
  const { style, width } = view;
  const lines: string[] = titleLines(`【${entry.category}】${entry.question}`, `(${entry.id})`, width, style);
  const warning = staleWarning(entry);
  if (warning) lines.push(...wrap(warning, width, '  ').map(style.warn));
  lines.push(...keyLines(entry.answer, width, style));
  lines.push(...wrap(entry.answer, width, '  ').map((l) => highlight(l, style)));
  if (entry.note && view.notes) lines.push(...wrap(`注（知识库原文的问题，供核对）：${entry.note}`, width, '  ').map(style.dim));
  if (entry.see_also.length && view.relatedIds) {
    lines.push(...wrapItems(entry.see_also, width, { first: '  相关：', indent: '        ' }).map(style.dim));
  } else if (entry.see_also.length) {
    lines.push(style.dim('  相关：'));
    for (const id of entry.see_also) {
      const q = view.questionOf?.(id);
      lines.push(...relatedLines(id, q, width).map(style.dim));
    }
  }
  lines.push(...wrap(`来源：知识库原文第 ${entry.source_line} 行`, width, '  ').map(style.dim));
  return lines.join('\n') + '\n';
}

/** `    id  question`, the question wrapped under itself (or under the id when the width is short). */
function relatedLines(id: string, question: string | undefined, width: number, indent = '    '): string[] {
  if (!question) return wrap(id, width, indent);
  const head = `${indent}${id}  `;
  if (width - displayWidth(head) >= 20) return wrap(question, width, { first: head, indent: ' '.repeat(displayWidth(head)) });
  return [...wrap(id, width, indent), ...wrap(question, width, indent + '  ')];
}
