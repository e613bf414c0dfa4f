/**
 * The decision-tree engine: pure functions from a tree and the answers so far to the next question or
 * the outcome. No terminal I/O; the interactive loop and --answer both drive these.
 *
 * State is the path taken, a list of (question, choice) steps keyed by node id, never by position:
 * going back drops the last step, and a transcript is just the path.
 */
import { closest } from '../suggest.js';
import type { Choice, OutcomeNode, QuestionNode, Step, Tree } from './schema.js';
import { resolvePhoneRef, type PhoneLine, type TreeTables } from './phones.js';
import { staleWarning } from '../render/entry.js';
import { entryById } from '../kb/entries.js';

export interface PathStep {
  question: string;
  choice: string;
}

export type Position =
  | { kind: 'question'; node: QuestionNode; path: PathStep[] }
  | { kind: 'outcome'; node: OutcomeNode; path: PathStep[] };

/** An answer that does not fit the tree; `suggestion` is the closest valid id, if any. */
export class AnswerError extends Error {
  constructor(
    readonly reason: 'unknown-question' | 'unknown-choice',
    readonly question: string,
    readonly choice: string | undefined,
    readonly valid: string[],
    readonly suggestion: string | undefined,
  ) {
    super(reason === 'unknown-question' ? `unknown question ${question}` : `unknown choice ${question}=${choice}`);
    this.name = 'AnswerError';
  }
}

function questionIds(tree: Tree): string[] {
  return [...tree.nodes.values()].filter((n) => n.kind === 'question').map((n) => n.id);
}

function positionAt(tree: Tree, id: string, path: PathStep[]): Position {
  const node = tree.nodes.get(id);
  if (!node) throw new Error(`tree ${tree.id}: no node ${id}`); // load.ts guarantees every next exists
  return node.kind === 'question' ? { kind: 'question', node, path } : { kind: 'outcome', node, path };
}

/** A choice by its id, else by the table key it stands for (district=章丘) or its label word for word (shipped-bank=工商银行). */
function findChoice(q: QuestionNode, choice: string): Choice {
  const c = q.choices.find((x) => x.id === choice) ?? q.choices.find((x) => x.value === choice) ?? q.choices.find((x) => x.label === choice);
  if (!c) {
    const ids = q.choices.map((x) => x.id);
    throw new AnswerError('unknown-choice', q.id, choice, ids, closest(choice, ids));
  }
  return c;
}

export function start(tree: Tree): Position {
  return positionAt(tree, tree.start, []);
}

/** Answer the current question with `choice`; throws AnswerError for a choice it does not have. */
export function choose(tree: Tree, pos: Position, choice: string): Position {
  if (pos.kind !== 'question') throw new Error('choose: already at an outcome');
  const c = findChoice(pos.node, choice);
  return positionAt(tree, c.next, [...pos.path, { question: pos.node.id, choice: c.id }]);
}

/** Go back one step (to the previous question); at the first question this stays put. */
export function back(tree: Tree, pos: Position): Position {
  return replay(tree, pos.path.slice(0, -1));
}

/** Follow a recorded path from the start. */
export function replay(tree: Tree, path: PathStep[]): Position {
  let pos = start(tree);
  for (const step of path) {
    if (pos.kind !== 'question' || pos.node.id !== step.question) throw new Error(`replay: path does not fit tree ${tree.id}`);
    pos = choose(tree, pos, step.choice);
  }
  return pos;
}

interface WalkResult {
  position: Position;
  /** Answers given for questions that exist but were not on the path taken. */
  unused: string[];
}

/**
 * Follow `answers` (question id → choice id) from the start as far as they go: to the outcome, or to
 * the first question without an answer. Unknown question or choice ids throw AnswerError.
 */
export function walk(tree: Tree, answers: ReadonlyMap<string, string>): WalkResult {
  const qids = questionIds(tree);
  for (const q of answers.keys()) {
    if (!qids.includes(q)) throw new AnswerError('unknown-question', q, undefined, qids, closest(q, qids));
  }
  let pos = start(tree);
  const used = new Set<string>();
  while (pos.kind === 'question') {
    const a = answers.get(pos.node.id);
    if (a === undefined) break;
    used.add(pos.node.id);
    pos = choose(tree, pos, a);
  }
  return { position: pos, unused: [...answers.keys()].filter((q) => !used.has(q)) };
}

/** Every root-to-outcome path, in choice order (for tests and review; no recursion, see load.ts). */
export function allPaths(tree: Tree): { path: PathStep[]; outcome: string }[] {
  const out: { path: PathStep[]; outcome: string }[] = [];
  const todo: Position[] = [start(tree)];
  while (todo.length) {
    const pos = todo.pop()!;
    if (pos.kind === 'outcome') out.push({ path: pos.path, outcome: pos.node.id });
    else for (let i = pos.node.choices.length - 1; i >= 0; i--) todo.push(choose(tree, pos, pos.node.choices[i]!.id));
  }
  return out;
}

export interface ResolvedOutcome {
  id: string;
  title: string;
  /** Each step with the faq-source.txt lines it says (`kind: 'hint'`: the tool's own guidance, no lines). */
  steps: Step[];
  phones: PhoneLine[];
  faq: { id: string; question: string }[];
  /** Stale warnings of the cited FAQ entries: shown to the operator before the steps. */
  warnings: string[];
  /** For maintainers (review output only; the operator's text leaves it out). */
  note?: string;
  /** The whole outcome as plain text, as the operator reads it to the caller. */
  text: string;
}

/**
 * The outcome with its phone references looked up. Answer references take the choice made on `path`;
 * without a path (describing the tree) they become a line saying which question decides the number.
 */
export function resolveOutcome(tree: Tree, node: OutcomeNode, tables: TreeTables, path?: PathStep[]): ResolvedOutcome {
  const answerOf = (question: string) => {
    const step = path?.find((s) => s.question === question);
    if (!step) return undefined;
    const q = tree.nodes.get(question);
    const c = q?.kind === 'question' ? q.choices.find((x) => x.id === step.choice) : undefined;
    return c ? (c.value ?? c.id) : undefined;
  };
  const phones: PhoneLine[] = [];
  for (const ref of node.phones) {
    const raw = ref.bank_card_check ?? ref.bank_customer_service ?? ref.bank_mailing ?? ref.yibao ?? ref.office ?? ref.outlet;
    if (typeof raw === 'object' && raw !== null && answerOf(raw.answer) === undefined) {
      const q = tree.nodes.get(raw.answer);
      const what = ref.bank_card_check ? '查卡电话' : ref.bank_customer_service ? '客服电话' : ref.bank_mailing ? '邮寄电话' : ref.yibao ? '医保办电话' : ref.office ? '经办机构电话' : '网点电话';
      phones.push({ label: `按“${q?.kind === 'question' ? q.prompt : raw.answer}”的答案给出${what}`, numbers: [] });
      continue;
    }
    phones.push(...resolvePhoneRef(ref, tables, answerOf));
  }
  // By id: entries read from the cache are parsed when used, and a find would parse every one before it.
  const entries = node.faq.map((id) => entryById(tables.faq.entries, id));
  const faq = node.faq.map((id, i) => ({ id, question: entries[i]?.question ?? '' }));
  const warnings = [...new Set(entries.flatMap((e) => (e && staleWarning(e)) || []))];
  const outcome = { id: node.id, title: node.title, steps: node.steps, phones, faq, warnings, ...(node.note ? { note: node.note } : {}) };
  return { ...outcome, text: outcomeText(outcome) };
}

/** Plain text of an outcome as the operator reads it (no colour, no wrapping, no maintainer note): `text` in --json. */
function outcomeText(o: Omit<ResolvedOutcome, 'text'>): string {
  const lines = [o.title, ...o.warnings, ...o.steps.map((s, i) => `${i + 1}. ${s.text}`)];
  if (o.phones.length) {
    lines.push('电话：');
    for (const p of o.phones) lines.push(p.numbers.length ? `  ${p.numbers.join('、')}  ${p.label}` : `  ${p.label}`);
  }
  if (o.faq.length) {
    lines.push('依据（sbk show <id> 查看全文）：');
    for (const f of o.faq) lines.push(`  ${f.id}  ${f.question}`);
  }
  return lines.join('\n');
}
