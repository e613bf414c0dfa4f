/**
 * Parse one YAML data file and validate it against a schema, reporting every problem as
 * `file:line path: message` in Chinese. Shared by faq/banks/offices and trees.
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import type { z } from 'zod';

export interface DataProblem {
  file: string;
  line: number;
  path: string;
  message: string;
}

export function formatProblem(p: DataProblem): string {
  return `${p.file}:${p.line} ${p.path ? p.path + ': ' : ''}${p.message}`;
}

export type PathKey = string | number;

function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${k}` : k;
  return out;
}

export interface ParsedFile<T> {
  /** Validated data, absent when parsing or validation failed. */
  data?: T;
  problems: DataProblem[];
  /** Line (1-based) of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PathKey[]): number;
  /** A problem located at `path` in this file. */
  problemAt(path: readonly PathKey[], message: string): DataProblem;
}

/** Limits that make a YAML alias bomb fail fast instead of exhausting memory. */
const MAX_ALIAS_COUNT = 100;

/**
 * Characters a terminal takes as instructions (escape sequences change colours, clear the screen, set
 * the window title; a carriage return overwrites the line; bidirectional controls reorder it), which data
 * must never carry to an operator's screen or a script's pipe. Tab and line breaks are text.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The same in the file itself, where a CR before LF is a Windows line end. */
const CONTROL_IN_SOURCE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
/** Enough to locate the damage; a binary file would otherwise list every line. */
const MAX_CONTROL_PROBLEMS = 10;

const controlMessage = (ch: string) =>
  `含有控制字符 U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}（终端会把它当作指令）：请删除该字符`;

/** Control characters in the file's text, one problem per line holding any. */
function controlProblems(file: string, source: string, lineOfOffset: (offset: number) => number): DataProblem[] {
  const problems: DataProblem[] = [];
  let lastLine = 0;
  for (const m of source.matchAll(CONTROL_IN_SOURCE)) {
    const line = lineOfOffset(m.index);
    if (line === lastLine) continue;
    lastLine = line;
    problems.push({ file, line, path: '', message: controlMessage(m[0]) });
    if (problems.length >= MAX_CONTROL_PROBLEMS) break;
  }
  return problems;
}

/** Control characters that YAML escapes ("\e", "\x1b") put into the values. */
function controlInValues(raw: unknown, at: (path: PathKey[], message: string) => DataProblem): DataProblem[] {
  const problems: DataProblem[] = [];
  const walk = (v: unknown, path: PathKey[]) => {
    if (problems.length >= MAX_CONTROL_PROBLEMS) return;
    if (typeof v === 'string') {
      const m = CONTROL.exec(v);
      if (m) problems.push(at(path, controlMessage(m[0])));
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(raw, []);
  return problems;
}

interface ParseOptions {
  /**
   * A top-level key whose value is a long block list (faq.yaml's `entries`): each item is parsed as a
   * document of its own (splitList), so memory holds one item's syntax tree at a time, not the file's.
   */
  splitList?: string;
}

export function parseYamlFile<S extends z.ZodType>(file: string, source: string, schema: S, opts: ParseOptions = {}): ParsedFile<z.output<S>> {
  const split = opts.splitList ? splitList(source, opts.splitList) : undefined;
  const parts = split && parseSplit(source, split);
  const lineCounter = new LineCounter();
  const doc: Document = parts?.skeleton ?? parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOfOffset = parts?.lineOfOffset ?? ((offset: number) => lineCounter.linePos(offset).line);

  const lineOf = (path: readonly PathKey[]): number => {
    if (parts && split && path[0] === split.key) {
      if (typeof path[1] === 'number' && path[1] >= 0 && path[1] < split.items.length) return parts.itemLineOf(path[1], path.slice(2));
      return lineOfOffset(split.items[0]![0]);
    }
    const nodeLine = parts?.skeletonLine ?? lineOfOffset;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return nodeLine(node.range[0]);
    }
    return 1;
  };
  const problemAt = (path: readonly PathKey[], message: string): DataProblem => ({
    file,
    line: lineOf(path),
    path: formatPath(path),
    message,
  });
  const result: ParsedFile<z.output<S>> = { problems: [], lineOf, problemAt };

  result.problems.push(...controlProblems(file, source, lineOfOffset));
  if (result.problems.length) return result;

  for (const err of doc.errors) {
    const line = err.linePos?.[0]?.line ?? lineOfOffset(err.pos[0]);
    const what = err.code === 'DUPLICATE_KEY' ? '重复的键：同一层级不能出现两次相同的字段名' : `YAML 语法错误（${err.code}）`;
    result.problems.push({ file, line, path: '', message: `${what}，请修正该行` });
  }
  if (result.problems.length) return result;

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    result.problems.push({ file, line: 1, path: '', message: `YAML 别名（*alias）引用过多（上限 ${MAX_ALIAS_COUNT}），疑似“别名炸弹”，拒绝加载` });
    return result;
  }
  if (parts && split) (raw as Record<string, unknown>)[split.key] = parts.items;

  result.problems.push(...controlInValues(raw, problemAt));
  if (result.problems.length) return result;

  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
      result.problems.push(problemAt(path, describeIssue(issue, valueAt(raw, path))));
    }
    return result;
  }
  result.data = parsed.data;
  return result;
}

/** Where a top-level block list's items are in the source: [start, end) offsets of each item's lines. */
interface ListSplit {
  key: string;
  /** Offset of the first character after the key's line, and of the end of the list's lines. */
  from: number;
  to: number;
  items: [number, number][];
}

/**
 * The items of the block list under top-level `key:`, found by their lines: each starts with `- ` at
 * the list's indent, and every other line of the list is blank, a comment or indented deeper (a block
 * or quoted scalar's lines are deeper, so an item's text cannot hold a line that starts the next).
 * Undefined when the file is not laid out so (a flow list, tabs, directives, a single document marker,
 * no items): the whole file is then parsed as one document.
 */
function splitList(source: string, key: string): ListSplit | undefined {
  if (/^(?:%|---|\.\.\.)/m.test(source)) return undefined;
  const head = new RegExp(`^${key}:[ ]*(?:#.*)?$`, 'm').exec(source);
  if (!head) return undefined;
  const from = source.indexOf('\n', head.index) + 1;
  if (from === 0) return undefined;
  const items: [number, number][] = [];
  let indent = -1;
  let to = source.length;
  for (let at = from; at < source.length; ) {
    let eol = source.indexOf('\n', at);
    if (eol < 0) eol = source.length;
    let lead = at;
    while (lead < eol && source.charCodeAt(lead) === 32) lead++;
    const c = source.charCodeAt(lead);
    const blank = lead === eol || c === 13 || c === 35; /* CR, # */
    if (c === 9) return undefined; // A tab in the indentation: left to the full parser.
    if (!blank) {
      const n = lead - at;
      // The list ends at the next line at column 0 (the next key).
      if (n === 0) {
        if (c === 45) return undefined;
        to = at;
        break;
      }
      const dash = c === 45 && (lead + 1 === eol || source.charCodeAt(lead + 1) === 32);
      if (indent < 0) {
        if (!dash) return undefined;
        indent = n;
        items.push([at, 0]);
      } else if (n === indent && dash) {
        items[items.length - 1]![1] = at;
        items.push([at, 0]);
      } else if (n <= indent) return undefined;
    }
    at = eol + 1;
  }
  if (!items.length) return undefined;
  items[items.length - 1]![1] = to;
  return { key, from, to, items };
}

interface SplitParse {
  /** The file with the list's lines blanked (the other keys, their lines unchanged). */
  skeleton: Document;
  /** Each item's value, as the whole file's parse would give it. */
  items: unknown[];
  lineOfOffset(offset: number): number;
  /** Line in the file of an offset in the skeleton. */
  skeletonLine(offset: number): number;
  itemLineOf(item: number, path: readonly PathKey[]): number;
}

/**
 * Each item parsed on its own; undefined when any item or the rest of the file has an error or a
 * warning, or an item is not exactly one list item (the whole file is then parsed as one, so every
 * message is the one the full parse gives).
 */
function parseSplit(source: string, split: ListSplit): SplitParse | undefined {
  // Line starts, for offsets → lines over the whole file (no one parse sees the whole file to count them).
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const lineOfOffset = (offset: number) => lines.linePos(offset).line;
  const parseItem = (i: number): Document | undefined => {
    const [a, b] = split.items[i]!;
    const d = parseDocument(source.slice(a, b), { uniqueKeys: true, prettyErrors: false });
    const seq = d.contents;
    if (d.errors.length || d.warnings.length || !isSeq(seq) || seq.items.length !== 1) return undefined;
    return d;
  };
  const items: unknown[] = [];
  for (let i = 0; i < split.items.length; i++) {
    const d = parseItem(i);
    if (!d) return undefined;
    let value: unknown;
    try {
      value = (d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown[])[0];
    } catch {
      return undefined;
    }
    // A copy is what is kept: the YAML library's objects die young, so V8 does not learn to allocate
    // its nodes (mostly garbage) straight into the old generation. Measured on 20,000 entries: peak
    // memory of the parse 255 → 120 MB, and less time collecting.
    items.push(structuredClone(value));
  }
  // The rest of the file, without the list's lines (offsets past them are mapped back: skeletonLine).
  const skeleton = parseDocument(source.slice(0, split.from) + source.slice(split.to), { uniqueKeys: true, prettyErrors: false });
  if (skeleton.errors.length || skeleton.warnings.length || !isMap(skeleton.contents)) return undefined;
  // Nothing of the list may be left in the rest: the key's value there is empty.
  const left = skeleton.contents.get(split.key, true);
  if (!isScalar(left) || left.value !== null) return undefined;
  let last: { item: number; doc: Document } | undefined;
  const itemLineOf = (item: number, path: readonly PathKey[]): number => {
    if (last?.item !== item) last = { item, doc: parseItem(item)! };
    const { doc } = last;
    const base = split.items[item]![0];
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn([0, ...path.slice(0, n)], true);
      if (isNode(node) && node.range) return lineOfOffset(base + node.range[0]);
    }
    return lineOfOffset(base);
  };
  const cut = split.to - split.from;
  const skeletonLine = (offset: number) => lineOfOffset(offset < split.from ? offset : offset + cut);
  return { skeleton, items, lineOfOffset, skeletonLine, itemLineOf };
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  boolean: 'true/false',
  array: '列表',
  object: '映射（键: 值）',
};

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined && issue.code !== 'unrecognized_keys') return '必填字段缺失（required）';
  switch (issue.code) {
    case 'invalid_type':
      return `类型不对：应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'unrecognized_keys':
      return `未知字段：${issue.keys.join('、')}（拼写错误？）`;
    case 'invalid_value':
      return `取值无效：应为 ${issue.values.map(String).join('、')} 之一`;
    case 'too_small':
      return issue.origin === 'array' ? `至少需要 ${String(issue.minimum)} 项` : issue.message;
    case 'invalid_union':
      return '格式不对：电话应写成 "0531-12345678" 或 {number: ..., written: ...}';
    default:
      return issue.message;
  }
}
