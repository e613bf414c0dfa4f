/**
 * How a decision tree's outcome reads, as functions of data (no terminal I/O): the outcome answer first
 * (title, warnings, the phones, then the steps, then the entries it rests on), the 工单 block to paste
 * into a ticket (the answers given, what to tell the caller, the phones, the replay command), in text,
 * Markdown and JSON; and the interactive prompt's screen (`askScreen`), redrawn whole on every key.
 * Every line of text output fits the width, in display columns.
 */
import type { ResolvedOutcome } from '../trees/engine.js';
import type { Style } from './style.js';
import { highlight } from './text.js';
import { titleLines } from './entry.js';
import { displayWidth, padEnd, truncate, wrap, wrapItems } from './width.js';

/** One answer given on the way to an outcome, with the tree's own words for it. */
export interface GivenAnswer {
  question: string;
  prompt: string;
  choice: string;
  label: string;
}

/** Everything the outcome renderers need: the tree, the answers given, the outcome, the replay command. */
export interface OutcomeReport {
  tree: { id: string; title: string };
  answers: GivenAnswer[];
  outcome: ResolvedOutcome;
  replay: string;
}

/** The outcome as an operator reads it, phones first. */
export function formatOutcome(o: ResolvedOutcome, style: Style, width: number): string {
  const lines: string[] = [];
  lines.push(...titleLines(`【${o.title}】`, `(${o.id})`, width, style));
  // Stale warnings come before the steps, where they are read. The maintainers' note is not for the caller.
  for (const w of o.warnings) lines.push(...wrap(w, width, '  ').map(style.warn));
  lines.push(...phoneLines(o, style, width));
  const numWidth = `${o.steps.length}.`.length + 3;
  o.steps.forEach((s, i) => {
    const first = padEnd(`  ${i + 1}.`, numWidth);
    lines.push(...wrap(s.text, width, { first, indent: ' '.repeat(numWidth) }).map((l) => highlight(l, style)));
  });
  if (o.faq.length) {
    lines.push(...wrapItems(o.faq.map((f) => f.id), width, { first: '  依据：', indent: '        ' }).map(style.dim));
    lines.push(...wrap('（sbk show <id> 查看全文）', width, '        ').map(style.dim));
  }
  return lines.join('\n') + '\n';
}

/** `电话：` and one line per number, the number first and its label hanging beside it. */
function phoneLines(o: ResolvedOutcome, style: Style, width: number): string[] {
  if (!o.phones.length) return [];
  const lines = [style.bold('  电话：')];
  const col = Math.max(...o.phones.map((p) => displayWidth(p.numbers.join('、'))));
  const fits = 4 + col + 2 + 12 <= width;
  for (const p of o.phones) {
    const nums = p.numbers.join('、');
    if (!nums) {
      lines.push(...wrap(p.label, width, '    '));
      continue;
    }
    if (fits) {
      const first = `    ${padEnd(nums, col)}  `;
      const rows = wrap(p.label, width, { first, indent: ' '.repeat(displayWidth(first)) });
      rows[0] = rows[0]!.replace(nums, style.phone(nums));
      lines.push(...rows);
    } else {
      lines.push(...wrapItems(p.numbers, width, { first: '    ', indent: '    ' }).map(style.phone), ...wrap(p.label, width, '      '));
    }
  }
  return lines;
}

/** The phones of an outcome on one line each, as in the 工单 block: `0531-68967600 社保卡服务电话…`. */
function phoneTexts(o: ResolvedOutcome): string[] {
  return o.phones.map((p) => (p.numbers.length ? `${p.numbers.join('、')} ${p.label}` : p.label));
}

/** The answers given, `问题？答案` joined by `；`. */
function answersText(answers: GivenAnswer[]): string {
  return answers.map((a) => `${a.prompt}${a.label}`).join('；');
}

/** The 工单 block in text: labelled lines, each wrapped under its label. */
export function ticketText(r: OutcomeReport, style: Style, width: number): string {
  const rule = Math.max(8, Math.min(width, 40) - displayWidth('工单（可直接复制）') - 2);
  const lines = [style.bold(`—— 工单（可直接复制）${'—'.repeat(rule)}`)];
  const field = (label: string, value: string) => lines.push(...wrap(value, width, { first: `${label}：`, indent: '      ' }));
  field('问诊', `${r.tree.title}（${r.tree.id}）`);
  if (r.answers.length) field('回答', answersText(r.answers));
  field('答复', r.outcome.title);
  const phones = phoneTexts(r.outcome);
  phones.forEach((p, i) => lines.push(...wrap(p, width, { first: i === 0 ? '电话：' : '      ', indent: '        ' })));
  // The replay command breaks only between its words, each `--answer q=c` kept whole, with a shell's ` \`.
  const words = r.replay.split(/ (?=--answer )/);
  lines.push(...wrapItems(words, width, { first: '重现：', indent: '      ', sep: ' ', lineEnd: ' \\' }));
  return lines.join('\n') + '\n';
}

/** The outcome and its 工单 block as Markdown (a ticket system or chat that renders it). */
export function outcomeMarkdown(r: OutcomeReport): string {
  const o = r.outcome;
  const md = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1');
  const out = [`### ${md(o.title)}（${o.id}）`, ''];
  for (const w of o.warnings) out.push(`> ${md(w)}`, '');
  if (o.phones.length) {
    out.push('**电话**', '');
    for (const p of o.phones) out.push(`- ${p.numbers.length ? `**${p.numbers.join('、')}** ` : ''}${md(p.label)}`);
    out.push('');
  }
  o.steps.forEach((s, i) => out.push(`${i + 1}. ${md(s.text)}`));
  out.push('');
  if (o.faq.length) out.push(`依据：${o.faq.map((f) => `\`${f.id}\``).join('、')}`, '');
  out.push('#### 工单', '');
  out.push(`- 问诊：${md(r.tree.title)}（${r.tree.id}）`);
  if (r.answers.length) out.push(`- 回答：${md(answersText(r.answers))}`);
  out.push(`- 答复：${md(o.title)}`);
  for (const p of phoneTexts(o)) out.push(`- 电话：${md(p)}`);
  out.push(`- 重现：\`${r.replay}\``);
  return out.join('\n') + '\n';
}

/** The outcome as JSON: the tree, the path, the outcome (without the maintainers' note) and the 工单 fields. */
export function outcomeJson(r: OutcomeReport): Record<string, unknown> {
  const { note: _note, ...shown } = r.outcome;
  return {
    tree: r.tree.id,
    path: r.answers.map((a) => ({ question: a.question, choice: a.choice })),
    outcome: shown,
    ticket: {
      tree: r.tree.title,
      answers: r.answers.map((a) => ({ question: a.prompt, answer: a.label })),
      tell: r.outcome.title,
      phones: r.outcome.phones,
      replay: r.replay,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The interactive prompt's screen

interface AskScreen {
  title: string;
  /** The answers so far, each changeable. */
  answers: { prompt: string; label: string }[];
  prompt: string;
  hint?: string;
  choices: string[];
  /** Where the cursor is: 0 … answers.length-1 an earlier answer, then the choices. */
  cursor: number;
  width: number;
  /** Rows the screen may use (the terminal's rows less one, so drawing never scrolls). */
  height: number;
  /** A one-line message (e.g. "已经是第一个问题"). */
  message?: string;
  /** What Ctrl-C does, in the keys line (default 退出; in the session 返回会话). */
  cancel?: string;
}

/**
 * A window of `n` rows in `budget` rows around `focus`, the `↑ 还有` / `↓ 还有` rows included in the budget
 * (with fewer than three rows there is no room for them: the caller's heading gives the count).
 */
function windowOf(n: number, budget: number, focus: number): { from: number; to: number; marks: boolean } {
  if (n <= budget) return { from: 0, to: n, marks: false };
  const place = (visible: number) => Math.min(Math.max(0, focus - Math.floor(visible / 2)), n - visible);
  if (budget < 3) {
    const visible = Math.max(1, budget);
    const from = place(visible);
    return { from, to: from + visible, marks: false };
  }
  let visible = budget - 1;
  let from = place(visible);
  if (from > 0 && from + visible < n) {
    visible = budget - 2;
    from = place(visible);
  }
  return { from, to: from + visible, marks: true };
}

/**
 * The prompt's screen: the tree's title, "你的回答" (each earlier answer, changeable), the question with
 * its hint, the choices (numbered; the cursor on one; `↑ 还有 N 项` / `↓ 还有 N 项` where a list is cut),
 * and the keys. Fits `width` × `height`; the choices get the room first, the earlier answers what is left.
 */
export function askScreen(v: AskScreen, style: Style): string[] {
  const { width } = v;
  const fit = (s: string) => truncate(s, width);
  const head = wrap(v.title, width).map(style.heading);
  const prompt = (extra: string) => wrap(v.prompt + extra, width, { first: '? ', indent: '  ' }).map(style.bold);
  const hint = v.hint ? wrap(`提示：${v.hint}`, width, '  ').map(style.dim) : [];
  const onAnswer = v.cursor < v.answers.length;
  const cancel = `Ctrl-C ${v.cancel ?? '退出'}`;
  const keys = onAnswer
    ? ['↑↓ 选择', '回车 修改这个回答', '↓ 回到当前问题', cancel]
    : ['↑↓ 选择', `回车/数字${v.choices.length >= 10 ? '（两位数连按）' : ''} 确认`, ...(v.answers.length ? ['←/Esc/退格 上一步'] : []), cancel];
  // Broken between keys, never inside one (a lone 会话 under Ctrl-C 返回 at 60 columns).
  const help = [...(v.message ? wrap(v.message, width).map(style.warn) : []), ...wrapItems(keys, width, { sep: ' • ' }).map(style.dim)];
  const answersHead = v.answers.length ? 1 : 0;
  let room = v.height - head.length - prompt('').length - hint.length - help.length - answersHead;
  // The earlier answers get at least one row (the cursor row when it is there), the choices the rest.
  const minAnswers = v.answers.length ? Math.min(v.answers.length, onAnswer ? 3 : 1) : 0;
  const choiceRoom = Math.max(1, Math.min(v.choices.length, room - minAnswers));
  room -= choiceRoom;
  const answerRoom = Math.max(minAnswers, Math.min(v.answers.length, room));

  const lines = [...head];
  if (v.answers.length) {
    const w = windowOf(v.answers.length, answerRoom, onAnswer ? v.cursor : v.answers.length - 1);
    const count = w.to - w.from < v.answers.length ? `共 ${v.answers.length} 条，` : '';
    lines.push(style.dim(fit(`你的回答（${count}↑ 选中可修改）：`)));
    if (w.marks && w.from > 0) lines.push(style.dim(fit(`  ↑ 还有 ${w.from} 个更早的回答`)));
    for (let i = w.from; i < w.to; i++) {
      const a = v.answers[i]!;
      const mark = i === v.cursor ? '❯ ' : '  ';
      const label = ` ${a.label}`;
      const room = width - displayWidth(mark) - displayWidth(`${i + 1}. `) - displayWidth(label);
      const text = room >= 6 ? `${i + 1}. ${truncate(a.prompt, room)}${label}` : `${i + 1}. ${a.label}`;
      lines.push(i === v.cursor ? style.bold(fit(mark + text)) : fit(mark + text));
    }
    if (w.marks && w.to < v.answers.length) lines.push(style.dim(fit(`  ↓ 还有 ${v.answers.length - w.to} 个回答`)));
  }
  const focus = onAnswer ? 0 : v.cursor - v.answers.length;
  const w = windowOf(v.choices.length, choiceRoom, focus);
  // Too few rows for the `还有 N 项` marks: the question says how many choices there are.
  const asked = prompt(!w.marks && w.to - w.from < v.choices.length ? `（共 ${v.choices.length} 项，↑↓ 查看）` : '');
  lines.push(...asked.slice(0, Math.max(1, prompt('').length)), ...hint);
  if (w.marks && w.from > 0) lines.push(style.dim(fit(`  ↑ 上面还有 ${w.from} 项`)));
  for (let i = w.from; i < w.to; i++) {
    const on = !onAnswer && i === focus;
    const text = fit(`${on ? '❯' : ' '} ${i + 1}. ${v.choices[i]}`);
    lines.push(on ? style.phone(text) : text);
  }
  if (w.marks && w.to < v.choices.length) lines.push(style.dim(fit(`  ↓ 下面还有 ${v.choices.length - w.to} 项`)));
  lines.push(...help);
  return lines;
}
