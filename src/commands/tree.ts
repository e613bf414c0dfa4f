/**
 * `sbk tree`: list the decision trees, walk one (arrow-key prompts on stderr, or --answer for
 * scripts), or export one (--describe --json, --mermaid). The work is in src/trees; this file only
 * turns options into calls and results into text.
 */
import { trees } from '../services.js';
import type { TreeSet } from '../trees/set.js';
import { AnswerError, back, choose, resolveOutcome, walk, type PathStep, type Position, type ResolvedOutcome } from '../trees/engine.js';
import { describeTree, sourcesReview, treeMermaid, type SourcesReview } from '../trees/describe.js';
import { readSource, sourcePath, SOURCE_NAME } from '../trees/cite.js';
import type { QuestionNode, Tree } from '../trees/schema.js';
import type { Style } from '../render/style.js';
import { highlight, wrap } from '../render/text.js';
import { SbkError, EXIT } from '../errors.js';
import { lazyRequire } from '../lazy.js';
import { closest } from '../suggest.js';
import type { Context } from '../context.js';

export interface TreeOptions {
  answer?: string[];
  json?: boolean;
  describe?: boolean;
  mermaid?: boolean;
  sources?: boolean;
}

export async function run(ctx: Context, id: string | undefined, opts: TreeOptions): Promise<number> {
  const set = await trees(ctx.dataDir);

  if (id === undefined) {
    if (opts.describe || opts.mermaid || opts.sources || opts.answer?.length) {
      throw new SbkError('请给出决策树 id，例如 sbk tree lost-card --mermaid；运行 sbk tree 查看全部决策树');
    }
    return list(ctx, set, opts);
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
    if (opts.json) ctx.term.out(JSON.stringify(review, null, 2) + '\n');
    else ctx.term.out(formatSources(tree, review, ctx.style, ctx.term.width));
    return EXIT.found;
  }
  if (opts.describe) {
    const d = describeTree(tree, set.tables);
    if (opts.json) ctx.term.out(JSON.stringify(d, null, 2) + '\n');
    else ctx.term.out(outline(tree, set, ctx.style, ctx.term.width));
    return EXIT.found;
  }

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
  const interactive = pos.kind === 'question';
  if (pos.kind === 'question') {
    if (!ctx.term.stdinIsTTY) throw missingAnswer(tree, pos.node);
    pos = await ask(tree, pos, ctx);
  }
  if (pos.kind !== 'outcome') throw new Error('unreachable');
  const outcome = resolveOutcome(tree, pos.node, set.tables, pos.path);

  if (opts.json) {
    // The maintainers' note stays out of what operators and their scripts get (it is in --describe and --sources).
    const { note: _note, ...shown } = outcome;
    ctx.term.out(JSON.stringify({ tree: tree.id, path: pos.path, outcome: shown }, null, 2) + '\n');
  } else {
    const { style } = ctx;
    if (!interactive) ctx.term.out(formatPath(tree, pos.path, style));
    ctx.term.out(formatOutcome(outcome, style, ctx.term.width));
  }
  if (interactive) ctx.term.err(`重现这次问诊：${replayCommand(tree, pos.path)}\n`);
  return EXIT.found;
}

function list(ctx: Context, set: TreeSet, opts: TreeOptions): number {
  if (opts.json) {
    ctx.term.out(JSON.stringify(set.trees.map((t) => ({ id: t.id, title: t.title }))) + '\n');
    return EXIT.found;
  }
  const { style } = ctx;
  const w = Math.max(...set.trees.map((t) => t.id.length));
  for (const t of set.trees) {
    ctx.term.out(`${style.bold(t.id.padEnd(w))}  ${t.title}${t.summary ? style.dim(`  ${t.summary}`) : ''}\n`);
  }
  if (ctx.term.stdoutIsTTY) ctx.term.err('用 sbk tree <id> 开始问诊，例如 sbk tree lost-card\n');
  return EXIT.found;
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

const BACK = Symbol('back');

/** Ask the remaining questions with arrow-key menus on stderr, allowing one step back at a time. */
async function ask(tree: Tree, pos: Position, ctx: Context): Promise<Position> {
  const { select } = lazyRequire<typeof import('@inquirer/prompts')>('@inquirer/prompts');
  const { style } = ctx;
  const theme = { style: { keysHelpTip: () => style.dim('↑↓ 选择 • 回车 确认 • Ctrl-C 退出') } };
  // Show every choice at once when the terminal is tall enough: a hidden “其他” or “返回上一步” is easy to miss.
  const pageRows = Math.max(7, (ctx.term.prompts.rows || 24) - 8);
  ctx.term.err(style.heading(tree.title) + '\n');
  while (pos.kind === 'question') {
    const q = pos.node;
    const choices: { name: string; value: string | typeof BACK; short?: string }[] = q.choices.map((c) => ({ name: c.label, value: c.id }));
    if (pos.path.length > 0) choices.push({ name: '← 返回上一步', value: BACK, short: '← 返回上一步' });
    // The hint goes on its own line: inside the message it would run into the answer once answered.
    if (q.hint) ctx.term.err(style.dim(`  提示：${q.hint}`) + '\n');
    const answer = await select(
      { message: q.prompt, choices, pageSize: Math.min(choices.length, pageRows), loop: false, theme },
      { input: ctx.term.input, output: ctx.term.prompts },
    );
    pos = answer === BACK ? back(tree, pos) : choose(tree, pos, answer);
  }
  return pos;
}

function replayCommand(tree: Tree, path: PathStep[]): string {
  return `sbk tree ${tree.id}${path.map((s) => ` --answer ${s.question}=${s.choice}`).join('')}`;
}

function formatPath(tree: Tree, path: PathStep[], style: Style): string {
  return path
    .map((s) => {
      const q = tree.nodes.get(s.question);
      if (q?.kind !== 'question') return '';
      const c = q.choices.find((x) => x.id === s.choice);
      return style.dim(`${q.prompt} → ${c?.label ?? s.choice}`) + '\n';
    })
    .join('');
}

export function formatOutcome(o: ResolvedOutcome, style: Style, width: number): string {
  const lines: string[] = [];
  lines.push(style.heading(`【${o.title}】`) + '  ' + style.id(`(${o.id})`));
  // Stale warnings come before the steps, where they are read. The maintainers' note is not for the caller.
  for (const w of o.warnings) lines.push(...wrap(w, width, '  ').map(style.warn));
  const indent = '     ';
  o.steps.forEach((s, i) => {
    const num = `  ${i + 1}.`.padEnd(indent.length);
    wrap(s.text, width, indent).forEach((l, j) => lines.push(highlight(j === 0 ? num + l.slice(indent.length) : l, style)));
  });
  if (o.phones.length) {
    // Number first, so the operator's eye finds it; the label says whose it is and what for.
    lines.push(style.bold('  电话：'));
    const col = Math.max(...o.phones.map((p) => p.numbers.join('、').length));
    for (const p of o.phones) {
      const nums = p.numbers.join('、');
      lines.push(nums ? `    ${style.phone(nums)}${' '.repeat(col - nums.length)}  ${p.label}` : `    ${p.label}`);
    }
  }
  if (o.faq.length) {
    lines.push(style.dim('  依据（sbk show <id> 查看全文）：'));
    for (const f of o.faq) lines.push(...wrap(`${f.id}  ${f.question}`, width, '    ').map(style.dim));
  }
  return lines.join('\n') + '\n';
}

/**
 * `--describe` without --json: the tree as an indented outline. Every node is written out once; a node
 * reached again (choices that share a next node) is a one-line reference, so the outline grows with the
 * number of nodes, not the number of paths. An explicit stack instead of recursion: a tree thousands of
 * questions deep must not overflow the call stack.
 */
function outline(tree: Tree, set: TreeSet, style: Style, width: number): string {
  const out: string[] = [style.heading(`${tree.title}（${tree.id}）`)];
  const shown = new Set<string>();
  type Item = { line: string } | { id: string; indent: string };
  // Past a dozen levels the indent stops growing: a very deep tree would otherwise print a square of spaces.
  const deeper = (indent: string, by: string) => (indent.length >= 48 ? indent : indent + by);
  const todo: Item[] = [{ id: tree.start, indent: '' }];
  while (todo.length) {
    const item = todo.pop()!;
    if ('line' in item) {
      out.push(item.line);
      continue;
    }
    const { id, indent } = item;
    const n = tree.nodes.get(id)!;
    if (shown.has(id)) {
      out.push(`${indent}→ ${n.kind === 'question' ? `? ${n.prompt}` : n.title} ${style.id(`[${n.id}]，见上文`)}`);
      continue;
    }
    shown.add(id);
    if (n.kind === 'question') {
      out.push(`${indent}${style.bold(`? ${n.prompt}`)} ${style.id(`[${n.id}]`)}`);
      // Reverse order on the stack, so the first choice (its label, then its subtree) comes out first.
      for (let i = n.choices.length - 1; i >= 0; i--) {
        const c = n.choices[i]!;
        todo.push({ id: c.next, indent: deeper(indent, '    ') });
        todo.push({ line: `${indent}  - ${c.label} ${style.id(`(${c.id})`)}` });
      }
    } else {
      out.push(`${indent}→ ${style.bold(n.title)} ${style.id(`[${n.id}]`)}`);
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
  const out: string[] = [style.heading(`${tree.title}（${tree.id}）：每一步与所引 ${SOURCE_NAME} 原文`)];
  for (const o of review) {
    out.push('', `${style.bold(`【${o.title}】`)} ${style.id(`(${o.id})`)}`);
    o.steps.forEach((s, i) => {
      const num = `  ${i + 1}.`.padEnd(5);
      out.push(...wrap(s.text, width, '     ').map((l, j) => (j === 0 ? num + l.slice(5) : l)));
      if (s.kind === 'hint') out.push(style.dim('       （工具提示，不引用原文）'));
      for (const c of s.cited) {
        const head = `       第 ${c.line} 行｜`;
        out.push(...wrap(c.text ?? '（原文不在手边）', width, ' '.repeat(head.length)).map((l, j) => style.dim(j === 0 ? head + l.trimStart() : l)));
      }
    });
    if (o.note) out.push(...wrap(`维护说明：${o.note}`, width, '  ').map(style.warn));
  }
  return out.join('\n') + '\n';
}
