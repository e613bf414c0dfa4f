/**
 * Export a whole tree for review by the knowledge-base maintainers: a JSON description
 * (`sbk tree <id> --describe --json`) and a Mermaid flowchart with the choice labels on the edges.
 */
import type { Tree } from './schema.js';
import type { TreeTables } from './phones.js';
import { resolveOutcome, type ResolvedOutcome } from './engine.js';

type DescribedNode =
  | { id: string; kind: 'question'; prompt: string; hint?: string; choices: { id: string; label: string; next: string }[] }
  | ({ kind: 'outcome' } & ResolvedOutcome);

interface TreeDescription {
  id: string;
  title: string;
  summary?: string;
  start: string;
  nodes: DescribedNode[];
}

export function describeTree(tree: Tree, tables: TreeTables): TreeDescription {
  const nodes: DescribedNode[] = [];
  for (const n of tree.nodes.values()) {
    if (n.kind === 'question') {
      nodes.push({
        id: n.id,
        kind: 'question',
        prompt: n.prompt,
        ...(n.hint ? { hint: n.hint } : {}),
        choices: n.choices.map((c) => ({ id: c.id, label: c.label, next: c.next })),
      });
    } else {
      const { id, ...rest } = resolveOutcome(tree, n, tables);
      nodes.push({ id, kind: 'outcome', ...rest });
    }
  }
  return { id: tree.id, title: tree.title, ...(tree.summary ? { summary: tree.summary } : {}), start: tree.start, nodes };
}

export interface SourcesReview {
  id: string;
  title: string;
  steps: { text: string; kind?: 'hint'; cited: { line: number; text?: string }[] }[];
  note?: string;
}

/** Each outcome's steps beside the text of the lines they cite (`cited`: line number → text). */
export function sourcesReview(tree: Tree, cited: Record<string, string>): SourcesReview[] {
  const out: SourcesReview[] = [];
  for (const n of tree.nodes.values()) {
    if (n.kind !== 'outcome') continue;
    out.push({
      id: n.id,
      title: n.title,
      steps: n.steps.map((s) => ({
        text: s.text,
        ...(s.kind ? { kind: s.kind } : {}),
        cited: s.source.map((line) => ({ line, ...(cited[line] !== undefined ? { text: cited[line] } : {}) })),
      })),
      ...(n.note ? { note: n.note } : {}),
    });
  }
  return out;
}

/** Mermaid wants plain ids (and chokes on keywords such as `end`) and quoted labels without raw quotes. */
const mid = (id: string) => `n_${id.replace(/-/g, '_')}`;
const label = (s: string) => `"${s.replace(/"/g, '#quot;').replace(/\n/g, ' ')}"`;

export function treeMermaid(tree: Tree): string {
  const lines = ['flowchart TD'];
  for (const n of tree.nodes.values()) {
    if (n.kind === 'question') lines.push(`  ${mid(n.id)}{${label(n.prompt)}}`);
    else lines.push(`  ${mid(n.id)}([${label(n.title)}])`);
  }
  for (const n of tree.nodes.values()) {
    if (n.kind !== 'question') continue;
    for (const c of n.choices) lines.push(`  ${mid(n.id)} -->|${label(c.label)}| ${mid(c.next)}`);
  }
  lines.push('  classDef outcome fill:#e8f5e9,stroke:#2e7d32');
  const outcomes = [...tree.nodes.values()].filter((n) => n.kind === 'outcome').map((n) => mid(n.id));
  if (outcomes.length) lines.push(`  class ${outcomes.join(',')} outcome`);
  return lines.join('\n') + '\n';
}
