/**
 * `sbk tree`: list the decision trees, walk one (arrow-key prompts on stderr, or --answer for
 * scripts), or export one (--describe --json, --mermaid). The work is in src/trees; this file only
 * turns options into calls and results into text.
 */
import { trees } from '../services.js';
import type { TreeSet } from '../trees/set.js';
import { AnswerError, choose, replay, resolveOutcome, walk, type PathStep, type Position } from '../trees/engine.js';
import { describeTree, sourcesReview, treeMermaid, type SourcesReview } from '../trees/describe.js';
import { readSource, sourcePath, SOURCE_NAME } from '../trees/cite.js';
import type { QuestionNode, Tree } from '../trees/schema.js';
import type { Style } from '../render/style.js';
import { highlight } from '../render/text.js';
import { displayWidth, padEnd, wrap } from '../render/width.js';
import { titleLines } from '../render/entry.js';
import { askScreen, formatOutcome, outcomeJson, outcomeMarkdown, ticketText, type GivenAnswer, type OutcomeReport } from '../render/tree.js';
import { SbkError, EXIT } from '../errors.js';
import { closest } from '../suggest.js';
import type { Context } from '../context.js';
import { chooseFormat, type Output } from '../render/formats.js';
import { commandSpec } from '../commandline.js';

export interface TreeOptions {
  answer?: string[];
  json?: boolean;
  /** How the outcome is written: text (the default: the outcome and its 工单 block), json or md. */
  format?: string;
  describe?: boolean;
  mermaid?: boolean;
  sources?: boolean;
}

/** What the tree command found, for the output system (src/render/formats.ts): JSON its data, text its renderer. */
export async function run(ctx: Context, id: string | undefined, opts: TreeOptions): Promise<number | Output> {
  const set = await trees(ctx.dataDir);

  // --describe, --mermaid and --sources each print the whole tree their own way; with answers or another of
  // them one would be silently dropped, so say it (--describe and --sources keep --json / --format).
  const views = (['describe', 'mermaid', 'sources'] as const).filter((v) => opts[v]);
  if (views.length > 1) throw new SbkError(`--${views[0]} 和 --${views[1]} 只能选一个`);
  const view = views[0];
  if (view && opts.answer?.length) throw new SbkError(`--${view} 输出整棵树，不能和 --answer 一起用：去掉 --answer，或去掉 --${view} 直接得到结果`);
  if (view === 'mermaid' && (opts.json || opts.format)) throw new SbkError('--mermaid 只输出 Mermaid 流程图，不能和 --json、--format 一起用（整棵树的 JSON 用 --describe --json）');

  if (id === undefined) {
    if (view || opts.answer?.length) {
      throw new SbkError(`请给出决策树 id，例如 sbk tree lost-card ${view ? `--${view}` : '--answer card=jinan'}；运行 sbk tree 查看全部决策树`);
    }
    return {
      kind: 'tree-list',
      data: set.trees.map((t) => ({ id: t.id, title: t.title })),
      text: (view) => treeList(set.trees, view.style, view.width),
      notes: ctx.term.stdoutIsTTY && !opts.json && !opts.format ? ['用 sbk tree <id> 开始问诊，例如 sbk tree lost-card'] : [],
    };
  }
  const tree = findTree(set, id);

  if (opts.mermaid) {
    ctx.term.out(treeMermaid(tree));
    return EXIT.found;
  }
  if (opts.sources) {
    const cited = set.cited ?? citedFromSource(ctx.dataDir, tree);
    if (!cited) ctx.term.err(`提示：找不到 ${SOURCE_NAME}（应在 ${sourcePath(ctx.dataDir)}），下面只列出所引行号\n`);
    const review = sourcesReview(tree, cited ?? {});
    return { kind: 'tree-sources', data: review, text: (view) => formatSources(tree, review, view.style, view.width) };
  }
  if (opts.describe) {
    return { kind: 'tree', data: describeTree(tree, set.tables), text: (view) => outline(tree, set, view.style, view.width) };
  }

  // A format the outcome has not is said before any question is asked.
  chooseFormat(opts, commandSpec('tree'));
  const answers = parseAnswers(opts.answer ?? []);
  let result;
  try {
    result = walk(tree, answers);
  } catch (e) {
    throw answerError(e, tree);
  }
  if (result.unused.length) {
    ctx.term.err(`提示：这些 --answer 不在本次路径上，已忽略：${result.unused.join('、')}\n`);
  }
  let pos = result.position;
  if (pos.kind === 'question') {
    if (!ctx.term.stdinIsTTY) throw missingAnswer(tree, pos.node);
    pos = await ask(tree, pos, ctx);
  }
  if (pos.kind !== 'outcome') throw new Error('unreachable');
  const outcome = resolveOutcome(tree, pos.node, set.tables, pos.path);
  const report: OutcomeReport = { tree: { id: tree.id, title: tree.title }, answers: givenAnswers(tree, pos.path), outcome, replay: replayCommand(tree, pos.path) };
  return {
    kind: 'tree-outcome',
    data: outcomeJson(report),
    text: (view) => formatOutcome(outcome, view.style, view.width),
    // The 工单 block is written after the (possibly paged) outcome, so it is on the screen at the end, to copy.
    after: (view) => '\n' + ticketText(report, view.style, view.width),
    md: () => outcomeMarkdown(report),
  };
}

/** The answers on a path in the tree's own words. */
export function givenAnswers(tree: Tree, path: PathStep[]): GivenAnswer[] {
  return path.map((s) => {
    const q = tree.nodes.get(s.question);
    const prompt = q?.kind === 'question' ? q.prompt : s.question;
    const label = q?.kind === 'question' ? (q.choices.find((c) => c.id === s.choice)?.label ?? s.choice) : s.choice;
    return { question: s.question, prompt, choice: s.choice, label };
  });
}

/** Each tree: its id and title, the summary wrapped under them (never past the width). */
export function treeList(list: readonly Tree[], style: Style, width: number): string {
  const w = Math.max(...list.map((t) => displayWidth(t.id)));
  const lines: string[] = [];
  for (const t of list) {
    const head = `${padEnd(t.id, w)}  `;
    const hang = ' '.repeat(displayWidth(head));
    const narrow = width - displayWidth(head) < 20;
    const title = wrap(t.title, width, narrow ? { first: `${t.id}  `, indent: '  ' } : { first: head, indent: hang });
    lines.push(...title.map((l, i) => (i === 0 ? l.replace(t.id, style.bold(t.id)) : l)));
    if (t.summary) lines.push(...wrap(t.summary, width, narrow ? '  ' : hang).map(style.dim));
  }
  return lines.join('\n') + '\n';
}

function findTree(set: TreeSet, id: string): Tree {
  const tree = set.trees.find((t) => t.id === id);
  if (tree) return tree;
  const ids = set.trees.map((t) => t.id);
  const hint = closest(id, ids);
  throw new SbkError(`没有 id 为“${id}”的决策树${hint ? `，是否想输入 ${hint}？` : ''}：可用 ${ids.join('、')}（运行 sbk tree 查看）`);
}

/** `--answer card=jinan` (repeatable) into question → choice. */
function parseAnswers(raw: string[]): Map<string, string> {
  const answers = new Map<string, string>();
  for (const a of raw) {
    const m = a.match(/^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/);
    if (!m) throw new SbkError(`--answer 的值“${a}”格式不对：应写成 问题id=选项id，例如 --answer card=jinan`);
    const [, q, c] = m as unknown as [string, string, string];
    const prev = answers.get(q);
    if (prev !== undefined && prev !== c) throw new SbkError(`问题 ${q} 给了两个不同的答案（${prev} 和 ${c}）：每个问题只能用一次 --answer`);
    answers.set(q, c);
  }
  return answers;
}

function answerError(e: unknown, tree: Tree): unknown {
  if (!(e instanceof AnswerError)) return e;
  const hint = e.suggestion ? `，是否想输入 ${e.suggestion}？` : '';
  if (e.reason === 'unknown-question') {
    return new SbkError(`决策树 ${tree.id} 没有问题“${e.question}”${hint}：可用的问题 id 为 ${e.valid.join('、')}（sbk tree ${tree.id} --describe 查看）`);
  }
  return new SbkError(`问题 ${e.question} 没有选项“${e.choice}”${hint}：可选 ${e.valid.join('、')}`);
}

function missingAnswer(tree: Tree, q: QuestionNode): SbkError {
  const choices = q.choices.map((c) => `${c.id}（${c.label}）`).join('、');
  return new SbkError(
    `缺少问题 ${q.id}（${q.prompt}）的答案，标准输入不是终端，无法提问：请加 --answer ${q.id}=<选项id>（例如 sbk tree ${tree.id} --answer ${q.id}=${q.choices[0]?.id ?? '…'}），可选 ${choices}`,
  );
}

/**
 * Ask the remaining questions on stderr, one screen redrawn in place on every key (see askScreen):
 * the answers so far, each changeable (↑ into them, Enter), the question with the answer given before
 * preselected, ↑↓ and Enter or a digit to choose, ←/Esc/Backspace to go back a step. Going back or
 * changing an answer redraws the screen, so what is on it is always the current path. Ctrl-C or Ctrl-D
 * cancels (exit 130). The keys come from a KeyQueue (src/repl/keys.ts): the session's own inside the
 * session mode (keys typed ahead are answered in order, none is lost to a second reader), else one of
 * its own on the terminal.
 */
async function ask(tree: Tree, pos: Position, ctx: Context): Promise<Position> {
  const { KeyQueue, isCtrl, isEnter } = await import('../repl/keys.js');
  const out = ctx.term.prompts;
  const own = ctx.session ? undefined : new KeyQueue(ctx.term.input);
  const keys = ctx.session?.keys ?? own!;
  const { style } = ctx;
  /** The answer given before to each question (preselected when the question comes again). */
  const remembered = new Map(pos.path.map((s) => [s.question, s.choice]));
  let cursor = 0;
  let drawn = 0;
  let message: string | undefined;
  /** An earlier answer is being changed (chosen from "你的回答"). */
  let changing = false;
  /** Digits typed so far for a choice of a menu with 10 or more (1 then 2 picks the 12th). */
  let typed = '';

  const at = (p: Position) => {
    pos = p;
    if (p.kind !== 'question') return;
    const before = remembered.get(p.node.id);
    const i = before === undefined ? -1 : p.node.choices.findIndex((c) => c.id === before);
    cursor = p.path.length + Math.max(0, i);
  };
  const screen = () => {
    if (pos.kind !== 'question') return [];
    const q = pos.node;
    return askScreen(
      {
        title: tree.title,
        answers: givenAnswers(tree, pos.path).map((a) => ({ prompt: a.prompt, label: a.label })),
        prompt: q.prompt,
        hint: q.hint,
        choices: q.choices.map((c) => c.label),
        cursor,
        width: out.columns || ctx.term.width,
        height: Math.max(6, (out.rows || 24) - 1),
        message,
        ...(ctx.session ? { cancel: '返回会话' } : {}),
      },
      style,
    );
  };
  /** Erase what was drawn (the cursor is on its last line) and draw the screen again. */
  const draw = () => {
    const lines = screen();
    out.write((drawn > 1 ? `\x1b[${drawn - 1}A` : '') + '\r\x1b[J' + lines.join('\n'));
    drawn = lines.length;
  };
  // Back in the foreground after a stop by someone else (kill -TSTP): the old screen is gone.
  const forget = () => {
    drawn = 0;
  };
  const clear = () => {
    out.write((drawn > 1 ? `\x1b[${drawn - 1}A` : '') + '\r\x1b[J');
    drawn = 0;
  };
  // A window resize comes as a key (the session queues its own): redraw at the new size.
  const onResize = () => keys.push({ str: '', name: 'resize' });
  const restore = () => {
    own?.stop();
    out.write('\x1b[?25h');
  };

  at(pos);
  own?.start();
  if (own) out.on('resize', onResize);
  process.once('exit', restore);
  process.on('SIGCONT', forget);
  out.write('\x1b[?25l');
  try {
    for (;;) {
      if (pos.kind !== 'question') break;
      draw();
      const key = await keys.next();
      if (key.name === 'resize') continue;
      const q = pos.node;
      const answered = pos.path.length;
      const last = answered + q.choices.length - 1;
      message = undefined;
      if (isCtrl(key, 'c') || isCtrl(key, 'd') || key.str === '\x03') {
        const e = new Error('cancelled');
        e.name = 'ExitPromptError';
        throw e;
      }
      // Ctrl-Z: suspend like any terminal program: the question screen is taken off first and one line
      // says what is paused, so after `fg` the transcript holds one copy of the prompt, not the stale one
      // above the shell's job lines; the terminal back to normal, stopped, and redrawn after `fg`.
      if (isCtrl(key, 'z')) {
        clear();
        out.write(style.dim(`（问诊“${tree.title}”已暂停：输入 fg 回来继续）`) + '\n');
        keys.stop();
        out.write('\x1b[?25h');
        await new Promise<void>((resolve) => {
          const back = () => {
            clearTimeout(timer);
            resolve();
          };
          process.once('SIGCONT', back);
          // Without job control (no shell to bring it back) the stop is ignored: carry on.
          const timer = setTimeout(() => {
            process.off('SIGCONT', back);
            resolve();
          }, 200);
          process.kill(process.pid, 'SIGTSTP');
        });
        keys.start();
        out.write('\x1b[?25l');
        continue;
      }
      const back = (to: number) => {
        changing = false;
        at(replay(tree, pos.path.slice(0, to)));
      };
      /**
       * Answer the question. After changing an earlier answer, the later answers given before are kept
       * as far as they still apply (as GOV.UK's "change" does): the walk goes on through them to the
       * first question not answered yet, or to the outcome the change leads to.
       */
      const pick = (choice: string) => {
        if (pos.kind !== 'question') return;
        remembered.set(pos.node.id, choice);
        at(choose(tree, pos, choice));
        if (!changing) return;
        changing = false;
        while (pos.kind === 'question' && remembered.has(pos.node.id)) at(choose(tree, pos, remembered.get(pos.node.id)!));
      };
      const digit = !key.ctrl && !key.meta && /^[0-9]$/.test(key.str) ? key.str : undefined;
      if (isEnter(key)) {
        if (cursor < answered) {
          back(cursor);
          changing = true;
        } else pick(q.choices[cursor - answered]!.id);
      } else if (digit !== undefined) {
        const pickNumber = digitChoice(typed, digit, q.choices.length);
        typed = pickNumber.typed;
        if (pickNumber.pick !== undefined) pick(q.choices[pickNumber.pick - 1]!.id);
        else if (pickNumber.cursor !== undefined) {
          cursor = answered + pickNumber.cursor - 1;
          const upTo = Math.min(q.choices.length, pickNumber.cursor * 10 + 9);
          const more = upTo === pickNumber.cursor * 10 ? `第 ${upTo} 项` : `第 ${pickNumber.cursor * 10}–${upTo} 项`;
          message = `第 ${pickNumber.cursor} 项：回车选它，或再按一位数字选${more}`;
        } else message = `没有第 ${digit} 项：按 1–${q.choices.length} 选择`;
      } else {
        // A lone Esc comes as meta (the decoder's view of an Alt- prefix with nothing after it).
        switch (key.name) {
          case 'up':
          case 'k':
            cursor = Math.max(0, cursor - 1);
            break;
          case 'down':
          case 'j':
          case 'tab':
            cursor = Math.min(last, cursor + 1);
            break;
          case 'home':
            cursor = answered;
            break;
          case 'end':
            cursor = last;
            break;
          case 'left':
          case 'escape':
          case 'backspace':
            if (answered) back(answered - 1);
            else message = '已经是第一个问题';
            break;
          default:
            // A letter or other printable key that does nothing here (q, x, a typed word): say which keys do.
            if (!key.ctrl && !key.meta && key.str && /^\P{C}$/u.test(key.str) && key.str !== ' ') {
              message = `按 1–${q.choices.length} 或 ↑↓ 和回车选择，Ctrl-C ${ctx.session ? '返回会话' : '退出'}`;
            }
        }
      }
      if (digit === undefined) typed = '';
    }
    return pos;
  } finally {
    clear();
    out.off('resize', onResize);
    process.off('SIGCONT', forget);
    process.removeListener('exit', restore);
    restore();
  }
}

export function replayCommand(tree: Tree, path: PathStep[]): string {
  return `sbk tree ${tree.id}${path.map((s) => ` --answer ${s.question}=${s.choice}`).join('')}`;
}

/**
 * `--describe` without --json: the tree as an indented outline. Every node is written out once; a node
 * reached again (choices that share a next node) is a one-line reference, so the outline grows with the
 * number of nodes, not the number of paths. An explicit stack instead of recursion: a tree thousands of
 * questions deep must not overflow the call stack.
 */
function outline(tree: Tree, set: TreeSet, style: Style, width: number): string {
  const out: string[] = wrap(`${tree.title}（${tree.id}）`, width).map(style.heading);
  const shown = new Set<string>();
  type Item = { lines: string[] } | { id: string; indent: string };
  /** `text [id]` wrapped under `indent` (the id kept whole, on the last line when it fits). */
  const tagged = (text: string, tag: string, indent: string, look: (s: string) => string = (x) => x): string[] =>
    titleLines(text, tag, width, style, style.id, { first: indent, indent: indent + '  ', gap: ' ', tagIndent: indent + '  ', look });
  // Past a dozen levels the indent stops growing: a very deep tree would otherwise print a square of spaces.
  const deeper = (indent: string, by: string) => (indent.length >= 48 ? indent : indent + by);
  const todo: Item[] = [{ id: tree.start, indent: '' }];
  while (todo.length) {
    const item = todo.pop()!;
    if ('lines' in item) {
      out.push(...item.lines);
      continue;
    }
    const { id, indent } = item;
    const n = tree.nodes.get(id)!;
    if (shown.has(id)) {
      out.push(...tagged(`→ ${n.kind === 'question' ? `? ${n.prompt}` : n.title}`, `[${n.id}]，见上文`, indent));
      continue;
    }
    shown.add(id);
    if (n.kind === 'question') {
      out.push(...tagged(`? ${n.prompt}`, `[${n.id}]`, indent, style.bold));
      // Reverse order on the stack, so the first choice (its label, then its subtree) comes out first.
      for (let i = n.choices.length - 1; i >= 0; i--) {
        const c = n.choices[i]!;
        todo.push({ id: c.next, indent: deeper(indent, '    ') });
        todo.push({ lines: tagged(`- ${c.label}`, `(${c.id})`, indent + '  ') });
      }
    } else {
      out.push(...tagged(`→ ${n.title}`, `[${n.id}]`, indent, style.bold));
      const o = resolveOutcome(tree, n, set.tables);
      for (const s of o.steps) out.push(...wrap(s.text, width, indent + '    ').map((l) => highlight(l, style)));
    }
  }
  return out.join('\n') + '\n';
}

/** The cited lines' text read from faq-source.txt, for a tree set that came without it. */
function citedFromSource(dataDir: string, tree: Tree): Record<string, string> | undefined {
  const lines = readSource(dataDir);
  if (!lines) return undefined;
  const out: Record<string, string> = {};
  for (const n of tree.nodes.values()) if (n.kind === 'outcome') for (const s of n.steps) for (const l of s.source) out[l] = lines[l - 1] ?? '';
  return out;
}

/** `--sources`: each outcome's steps, each followed by the source lines it cites (dim), for review. */
function formatSources(tree: Tree, review: SourcesReview[], style: Style, width: number): string {
  const out: string[] = wrap(`${tree.title}（${tree.id}）：每一步与所引 ${SOURCE_NAME} 原文`, width).map(style.heading);
  for (const o of review) {
    out.push('', ...titleLines(`【${o.title}】`, `(${o.id})`, width, { ...style, heading: style.bold }));
    o.steps.forEach((s, i) => {
      const num = `  ${i + 1}.`.padEnd(5);
      out.push(...wrap(s.text, width, { first: num, indent: '     ' }));
      if (s.kind === 'hint') out.push(style.dim('       （工具提示，不引用原文）'));
      for (const c of s.cited) {
        const head = `       第 ${c.line} 行｜`;
        out.push(...wrap(c.text ?? '（原文不在手边）', width, { first: head, indent: ' '.repeat(displayWidth(head)) }).map(style.dim));
      }
    });
    if (o.note) out.push(...wrap(`维护说明：${o.note}`, width, '  ').map(style.warn));
  }
  return out.join('\n') + '\n';
}

/**
 * A digit typed at a menu of `count` choices, after the digits `typed` before it. A number no longer
 * number can start (3 of 12, 12 of 12) picks that choice at once; one that a second digit could still
 * extend (1 of 12) moves the cursor there and waits (Enter picks it, 2 makes it 12). A digit that fits
 * nothing starts over from itself.
 */
export function digitChoice(typed: string, digit: string, count: number): { typed: string; pick?: number; cursor?: number } {
  for (const t of [typed + digit, digit]) {
    const n = Number(t);
    if (t.startsWith('0') || n < 1 || n > count) continue;
    return n * 10 <= count ? { typed: t, cursor: n } : { typed: '', pick: n };
  }
  return { typed: '' };
}
