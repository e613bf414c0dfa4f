/**
 * Load trees.yaml and check the whole graph up front (GOV.UK smart-answers style), so a broken tree
 * fails `sbk validate` instead of failing an operator mid-call. Every problem is reported as
 * `trees.yaml:line path: message` through the shared YAML reporter.
 *
 * Checks: node kinds, duplicate ids, every `next` exists, the start is a question, every node is
 * reachable, no cycles, every FAQ id and phone reference exists, answer references are answered on
 * every path, and every phone number written in an outcome's steps is among its phones. With these,
 * every path ends in an outcome: the graph is finite and acyclic, and only outcomes have no way out.
 *
 * Steps and the source: every step cites faq-source.txt lines or is a hint (cite.ts). When the source
 * is at hand (beside the project: developers, CI, the build) each cited step must be its lines' own
 * words; the cited lines' text is kept with the result so the build cache can carry it.
 *
 * Graphs are walked with explicit stacks, never recursion: a tree thousands of questions deep is
 * valid data and must not overflow the call stack.
 */
import { parseYamlFile, type DataProblem, type ParsedFile, type PathKey } from '../kb/yamlFile.js';
import { digitsOf } from '../kb/phone.js';
import { readDataFile, dataError, type KnowledgeBase } from '../kb/load.js';
import { SbkError } from '../errors.js';
import { treesFileSchema, type RawTree, type TreesFile } from './schema.js';
import { MIN_COVERAGE, SOURCE_NAME, hintProblem, readSource, stepCoverage } from './cite.js';
import { isQuestion, treeSetFromRaw, type TreeSet } from './set.js';
import { isAnswerKey, refKinds, resolvePhoneRef, PhoneRefError, type TreeTables } from './phones.js';

const TREES_FILE = 'trees.yaml';

interface TreesCheck {
  set?: TreeSet;
  /** The validated file content, kept so the build can cache it (see src/kb/open.ts). */
  raw?: TreesFile;
  problems: DataProblem[];
}

/**
 * Check trees.yaml text. Without `tables` (the other files are broken) references are not checked;
 * without `faqSource` (the lines of faq-source.txt) steps are not held to their cited lines.
 */
export function checkTreesSource(source: string, tables?: TreeTables, faqSource?: string[]): TreesCheck {
  const parsed = parseYamlFile(TREES_FILE, source, treesFileSchema);
  if (!parsed.data) return { problems: parsed.problems };
  const file = parsed as Required<ParsedFile<TreesFile>>;
  const problems = checkGraph(file, tables);
  problems.push(...checkSteps(file, faqSource));
  if (tables) problems.push(...checkOutside(file, tables));
  if (problems.length || !tables) return { problems };
  const raw: TreesFile = faqSource ? { ...parsed.data, cited: citedLines(parsed.data, faqSource) } : parsed.data;
  return { set: treeSetFromRaw(raw, tables), raw, problems };
}

export function checkTrees(dataDir: string, tables?: TreeTables): TreesCheck {
  return checkTreesSource(readDataFile(dataDir, TREES_FILE), tables, readSource(dataDir));
}

/** For `sbk validate`: like checkTrees, but a missing or unreadable trees.yaml is one more problem. */
export function checkTreesFile(dataDir: string, tables?: TreeTables): TreesCheck {
  try {
    return checkTrees(dataDir, tables);
  } catch (e) {
    if (e instanceof SbkError) return { problems: [{ file: TREES_FILE, line: 1, path: '', message: e.message }] };
    throw e;
  }
}

/** Load trees.yaml against a loaded knowledge base, or throw an SbkError (exit 2) listing every problem. */
export function loadTrees(kb: KnowledgeBase): TreeSet {
  const { set, problems } = checkTrees(kb.dataDir, kb);
  if (!set) throw dataError(problems);
  return set;
}

function checkGraph(file: Required<ParsedFile<TreesFile>>, tables?: TreeTables): DataProblem[] {
  const problems: DataProblem[] = [];
  const at = (path: PathKey[], msg: string) => problems.push(file.problemAt(path, msg));

  const treeSeen = new Map<string, number>();
  file.data.trees.forEach((tree, ti) => {
    const prev = treeSeen.get(tree.id);
    if (prev !== undefined) at(['trees', ti, 'id'], `决策树 id“${tree.id}”重复（第一次出现在 trees[${prev}]），请改用唯一的 id`);
    else treeSeen.set(tree.id, ti);
    checkTree(tree, ['trees', ti], at, tables);
  });
  return problems;
}

type At = (path: PathKey[], msg: string) => void;

function checkTree(tree: RawTree, base: PathKey[], at: At, tables?: TreeTables): void {
  const index = new Map<string, number>();
  tree.nodes.forEach((n, ni) => {
    const prev = index.get(n.id);
    if (prev !== undefined) at([...base, 'nodes', ni, 'id'], `节点 id“${n.id}”重复（第一次出现在 nodes[${prev}]），请改用唯一的 id`);
    else index.set(n.id, ni);
  });
  const nodePath = (id: string): PathKey[] => [...base, 'nodes', index.get(id)!];

  // Each node is exactly one kind, with the fields of that kind only.
  let kindsOk = true;
  tree.nodes.forEach((n, ni) => {
    const p = [...base, 'nodes', ni];
    const q = n.prompt !== undefined;
    const o = n.title !== undefined;
    if (q && o) {
      at([...p, 'title'], '节点不能同时有 prompt（问题）和 title（结果），请拆成两个节点');
      kindsOk = false;
    } else if (!q && !o) {
      at(p, '节点既没有 prompt（问题）也没有 title（结果），请补上其中一个');
      kindsOk = false;
    } else if (q) {
      if (!n.choices) at(p, `问题节点 ${n.id} 缺少 choices（选项），请至少给一个`);
      for (const f of ['steps', 'faq'] as const) if (n[f] !== undefined) at([...p, f], `问题节点不能有 ${f}（那是结果节点的字段）`);
      if (n.phones.length) at([...p, 'phones'], '问题节点不能有 phones（那是结果节点的字段）');
    } else {
      if (!n.steps) at(p, `结果节点 ${n.id} 缺少 steps（要告诉来电人的步骤）`);
      if (!n.faq || n.faq.length === 0) at(p, `结果节点 ${n.id} 缺少 faq（所依据的 faq.yaml 条目 id），请至少给一个`);
      for (const f of ['choices', 'next', 'hint'] as const) if (n[f] !== undefined) at([...p, f], `结果节点不能有 ${f}（那是问题节点的字段）`);
    }
  });
  if (!kindsOk) return;

  // Edges: every choice leads to an existing node.
  const edges = new Map<string, string[]>();
  for (const [ni, n] of tree.nodes.entries()) {
    if (!isQuestion(n) || !n.choices) continue;
    const p = [...base, 'nodes', ni];
    if (n.next !== undefined && !index.has(n.next)) at([...p, 'next'], nextMissing(n.next, index));
    const seen = new Set<string>();
    const out: string[] = [];
    n.choices.forEach((c, ci) => {
      if (seen.has(c.id)) at([...p, 'choices', ci, 'id'], `选项 id“${c.id}”在问题 ${n.id} 中重复，请改用唯一的 id`);
      seen.add(c.id);
      const next = c.next ?? n.next;
      if (next === undefined) at([...p, 'choices', ci], `选项 ${c.id} 缺少 next（下一个节点），或在问题上写一个共用的 next`);
      else if (!index.has(next)) {
        if (c.next !== undefined) at([...p, 'choices', ci, 'next'], nextMissing(next, index));
      } else out.push(next);
    });
    edges.set(n.id, out);
  }

  if (!index.has(tree.start)) {
    at([...base, 'start'], `start 指向不存在的节点“${tree.start}”，应为 ${[...index.keys()].join('、')} 之一`);
    return;
  }
  if (!isQuestion(tree.nodes[index.get(tree.start)!]!)) at([...base, 'start'], `start 应指向一个问题节点，“${tree.start}”是结果节点`);

  // Cycles (depth-first with an explicit stack, reporting the loop) and reachability.
  const state = new Map<string, 'open' | 'done'>();
  const stack: { id: string; edge: number }[] = [{ id: tree.start, edge: 0 }];
  state.set(tree.start, 'open');
  let cyclic = false;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const out = edges.get(top.id) ?? [];
    if (top.edge >= out.length) {
      stack.pop();
      state.set(top.id, 'done');
      continue;
    }
    const next = out[top.edge++]!;
    const s = state.get(next);
    if (s === 'open') {
      const ids = stack.map((f) => f.id);
      const loop = [...ids.slice(ids.indexOf(next)), next].join(' → ');
      const n = tree.nodes[index.get(top.id)!]!;
      const ci = n.choices!.findIndex((c) => (c.next ?? n.next) === next);
      at([...nodePath(top.id), 'choices', ci, 'next'], `形成循环：${loop}，决策树必须一直向前走到结果，请改指向后面的节点`);
      cyclic = true;
    } else if (s === undefined) {
      state.set(next, 'open');
      stack.push({ id: next, edge: 0 });
    }
  }
  for (const n of tree.nodes) {
    if (!state.has(n.id)) at([...nodePath(n.id), 'id'], `节点 ${n.id} 从 start（${tree.start}）走不到，请从某个选项的 next 指向它，或删掉它`);
  }
  if (cyclic || !tables) return;

  // References into faq.yaml, banks.yaml, offices.yaml.
  const faqIds = new Set(tables.faq.entries.map((e) => e.id));
  for (const [ni, n] of tree.nodes.entries()) {
    if (isQuestion(n)) continue;
    const p = [...base, 'nodes', ni];
    n.faq?.forEach((f, fi) => {
      if (!faqIds.has(f)) at([...p, 'faq', fi], `faq 指向不存在的条目“${f}”，请改成 faq.yaml 中已有的 id（用 sbk search 查找）`);
    });
    const known = new Set<string>();
    n.phones.forEach((ref, ri) => {
      const rp = [...p, 'phones', ri];
      const kinds = refKinds(ref);
      const raw = kinds.length === 1 ? ref[kinds[0]!] : undefined;
      try {
        if (isAnswerKey(raw)) {
          const qi = index.get(raw.answer);
          const q = qi === undefined ? undefined : tree.nodes[qi]!;
          if (!q || !isQuestion(q)) throw new PhoneRefError(`answer 应为本树中一个问题的 id，“${raw.answer}”不是`);
          if (reachableAvoiding(tree.start, n.id, raw.answer, edges)) {
            throw new PhoneRefError(`有路径不经过问题 ${raw.answer} 就到达了本结果，无法取它的答案；请让所有到达本结果的路径都经过该问题`);
          }
          // Only the choices that can lead here must name a row of the table.
          const leadsHere = (c: { next?: string }) => {
            const next = c.next ?? q.next;
            return next !== undefined && (next === n.id || reachableAvoiding(next, n.id, '', edges));
          };
          for (const c of q.choices!.filter(leadsHere)) {
            try {
              for (const line of resolvePhoneRef(ref, tables, () => c.value ?? c.id)) line.numbers.forEach((x) => known.add(digitsOf(x)));
            } catch (e) {
              if (e instanceof PhoneRefError) throw new PhoneRefError(`问题 ${q.id} 的选项 ${c.id}：${e.message}（用 value 写表中的键）`);
              throw e;
            }
          }
        } else {
          for (const line of resolvePhoneRef(ref, tables)) line.numbers.forEach((x) => known.add(digitsOf(x)));
        }
      } catch (e) {
        if (e instanceof PhoneRefError) at(kinds.length === 1 ? [...rp, kinds[0]!] : rp, e.message);
        else throw e;
      }
    });
    // A number typed into the prose must also be pulled from the tables, so a changed number is caught.
    // Digit runs of phone length only: 123456 / 000000 are PINs, and five-digit service numbers such as
    // 12345 appear in prose as names (“12345工作人员”).
    n.steps?.forEach((s, si) => {
      for (const m of s.text.matchAll(/\d[\d-]*\d/g)) {
        const d = digitsOf(m[0]);
        if (![8, 10, 11, 12].includes(d.length)) continue;
        if (![...known].some((k) => k.endsWith(d))) {
          at([...p, 'steps', si], `步骤里的电话 ${m[0]} 不在本结果的 phones 中，请在 phones 里引用它所在的表（hotline、bank_card_check、yibao 等）`);
        }
      }
    });
  }
}

/** Words that belong to maintainers (file names, remarks about the source), never to operator text. */
const MAINTAINER_WORDS = /源文件|原文|faq-source|\.ya?ml\b|另一条|另有|未列|未写|转录/;

/**
 * Every outcome step cites source lines or is a hint; with the source at hand, each cited step is its
 * lines' own words. Operator-facing text (titles, prompts, hints, choices, steps) holds no maintainer
 * words: those reasons go to `note`.
 */
function checkSteps(file: Required<ParsedFile<TreesFile>>, faqSource?: string[]): DataProblem[] {
  const problems: DataProblem[] = [];
  const at = (path: PathKey[], msg: string) => problems.push(file.problemAt(path, msg));
  const operatorText = (path: PathKey[], s: string | undefined) => {
    const m = s?.match(MAINTAINER_WORDS);
    if (m) at(path, `接线员看到的文字不应出现“${m[0]}”（维护者的说明）：请改成告诉来电人的话，原因写到结果的 note 中`);
  };
  file.data.trees.forEach((tree, ti) => {
    operatorText(['trees', ti, 'title'], tree.title);
    operatorText(['trees', ti, 'summary'], tree.summary);
    tree.nodes.forEach((n, ni) => {
      const p: PathKey[] = ['trees', ti, 'nodes', ni];
      operatorText([...p, 'title'], n.title);
      operatorText([...p, 'prompt'], n.prompt);
      operatorText([...p, 'hint'], n.hint);
      n.choices?.forEach((c, ci) => operatorText([...p, 'choices', ci, 'label'], c.label));
      n.steps?.forEach((s, si) => {
        const sp = [...p, 'steps', si];
        operatorText([...sp, 'text'], s.text);
        if (s.kind === 'hint') {
          if (s.source) at([...sp, 'source'], '提示步骤（kind: hint）不引用原文：请删掉 source，或删掉 kind: hint 让它作为引用原文的步骤');
          const bad = hintProblem(s.text);
          if (bad) at([...sp, 'text'], `提示步骤（kind: hint）不能含电话、时限、金额或证件（${bad}）：这样的内容要引用原文，请改写 source`);
          return;
        }
        if (!s.source) {
          at(sp, `步骤缺少 source（所依据的 ${SOURCE_NAME} 行号，如 source: [242]）；是工具自己的提示（指向别的树、提醒查卡状态）时写 kind: hint`);
          return;
        }
        if (!faqSource) return;
        const bad = s.source.filter((l) => l > faqSource.length);
        if (bad.length) {
          at([...sp, 'source'], `source 中的行号 ${bad.join('、')} 超出 ${SOURCE_NAME} 的范围（共 ${faqSource.length} 行）`);
          return;
        }
        const lines = s.source.map((l) => faqSource[l - 1]!);
        const c = stepCoverage(s.text, lines);
        const cited = `第 ${s.source.join('、')} 行`;
        if (c.missingNumbers.length) {
          at([...sp, 'text'], `步骤里的数字 ${c.missingNumbers.join('、')} 不在所引 ${SOURCE_NAME} ${cited}中：请核对数字，或引用写有它的行`);
        }
        if (c.coverage < MIN_COVERAGE) {
          const pct = Math.floor(c.coverage * 100);
          at([...sp, 'text'], `步骤只有 ${pct}% 是所引 ${SOURCE_NAME} ${cited}的原话（至少 ${MIN_COVERAGE * 100}%），原文没有：${c.uncovered.join(' ')}；请改用原文的说法，或引用说了这些话的行`);
        }
      });
    });
  });
  return problems;
}

/** The text of every cited line, for the build cache and `--sources`. */
function citedLines(data: TreesFile, faqSource: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = new Set<number>();
  for (const t of data.trees) for (const n of t.nodes) for (const s of n.steps ?? []) for (const l of s.source ?? []) lines.add(l);
  for (const l of [...lines].sort((a, b) => a - b)) out[l] = faqSource[l - 1] ?? '';
  return out;
}

/** `outside`: each entry exists and is not also cited by an outcome (it is one or the other). */
function checkOutside(file: Required<ParsedFile<TreesFile>>, tables: TreeTables): DataProblem[] {
  const problems: DataProblem[] = [];
  const ids = new Set(tables.faq.entries.map((e) => e.id));
  const cited = new Set(file.data.trees.flatMap((t) => t.nodes.flatMap((n) => n.faq ?? [])));
  const seen = new Set<string>();
  file.data.outside.forEach((o, i) => {
    const p = ['outside', i, 'faq'];
    if (!ids.has(o.faq)) problems.push(file.problemAt(p, `outside 指向不存在的条目“${o.faq}”，请改成 faq.yaml 中已有的 id`));
    else if (cited.has(o.faq)) problems.push(file.problemAt(p, `条目 ${o.faq} 已被某个结果引用，不应再列在 outside（决策树之外）中`));
    if (seen.has(o.faq)) problems.push(file.problemAt(p, `条目 ${o.faq} 在 outside 中重复`));
    seen.add(o.faq);
  });
  return problems;
}

function nextMissing(next: string, index: Map<string, number>): string {
  return `next 指向不存在的节点“${next}”，应为 ${[...index.keys()].join('、')} 之一`;
}

/** Can `target` be reached from `start` without passing through `avoid`? */
function reachableAvoiding(start: string, target: string, avoid: string, edges: Map<string, string[]>): boolean {
  if (start === avoid) return false;
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    const id = todo.pop()!;
    if (id === target) return true;
    for (const n of edges.get(id) ?? []) {
      if (n !== avoid && !seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return false;
}
