/**
 * Parse one YAML data file and validate it against a schema, reporting every problem as
 * `file:line path: message` in Chinese. Shared by faq/banks/offices and trees.
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
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

export function formatPath(path: readonly PathKey[]): string {
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

export function parseYamlFile<S extends z.ZodType>(file: string, source: string, schema: S): ParsedFile<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOfOffset = (offset: number) => lineCounter.linePos(offset).line;

  const lineOf = (path: readonly PathKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineOfOffset(node.range[0]);
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
