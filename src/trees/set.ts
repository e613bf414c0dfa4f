/**
 * Decision trees as the engine walks them, built from validated trees.yaml content. Kept apart from
 * load.ts (YAML, schema, graph checks) so a run answered from the build-time cache loads neither.
 */
import type { RawNode, RawTree, Tree, TreeNode, TreesFile } from './schema.js';
import type { TreeTables } from './phones.js';

export interface TreeSet {
  trees: Tree[];
  tables: TreeTables;
  /** Text of each cited faq-source.txt line (by line number), when the source was at hand at load or build. */
  cited?: Record<string, string>;
}

/** Trees from already validated file content (load.ts, or the build-time cache). */
export function treeSetFromRaw(raw: TreesFile, tables: TreeTables): TreeSet {
  return { trees: raw.trees.map(buildTree), tables, ...(raw.cited ? { cited: raw.cited } : {}) };
}

export const isQuestion = (n: RawNode) => n.prompt !== undefined;

function buildTree(t: RawTree): Tree {
  const nodes = new Map<string, TreeNode>();
  for (const n of t.nodes) {
    if (isQuestion(n)) {
      nodes.set(n.id, {
        kind: 'question',
        id: n.id,
        prompt: n.prompt!,
        ...(n.hint ? { hint: n.hint } : {}),
        choices: n.choices!.map((c) => ({ id: c.id, label: c.label, next: (c.next ?? n.next)!, ...(c.value ? { value: c.value } : {}) })),
      });
    } else {
      nodes.set(n.id, {
        kind: 'outcome',
        id: n.id,
        title: n.title!,
        steps: n.steps!.map((s) => ({ text: s.text, source: s.source ?? [], ...(s.kind ? { kind: s.kind } : {}) })),
        phones: n.phones,
        faq: n.faq!,
        ...(n.note ? { note: n.note } : {}),
      });
    }
  }
  return { id: t.id, title: t.title, ...(t.summary ? { summary: t.summary } : {}), start: t.start, nodes };
}
