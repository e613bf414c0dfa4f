/**
 * Writes a source comparison (diff.ts) into the YAML texts with yaml's Document API, so comments,
 * key order and quoting of everything untouched stay byte for byte. Entries that stay keep their id,
 * aliases, see_also and notes; new entries get a generated id and `review: 新条目`; changed ones
 * `review: 答案已变更` (or 问题已变更); every source_line follows the new document. Something a decision
 * tree still refers to is kept and marked for review instead of deleted. Pure: texts in, texts and a
 * list of what was done out; the command checks git and writes the files.
 */
import { isScalar, isSeq, parse, parseDocument, visit, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { KnowledgeBase } from '../kb/load.js';
import { resolveBank } from '../lookup/banks.js';
import { DISTRICTS } from '../lookup/districts.js';
import type { Comparison } from './diff.js';
import { answerText, TABLE_PLACEHOLDER, type SourceDocument } from './parse.js';

/** How the project's YAML files are written (see test: a file read and written back is unchanged). */
export const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

const REVIEW = {
  added: '新条目',
  answer: '答案已变更',
  question: '问题已变更',
  keptForTree: '源文件已删除此条，决策树仍引用：请改决策树后删除',
  row: '源文件中的这一行已变更',
  newRow: '源文件新增的行：请核对',
} as const;

interface DataTexts {
  'faq.yaml': string;
  'banks.yaml': string;
  'offices.yaml': string;
  'trees.yaml': string;
}

interface ApplyResult {
  /** New texts of the files that changed. */
  files: Partial<Record<'faq.yaml' | 'banks.yaml' | 'offices.yaml', string>>;
  /** One line per thing done, in Chinese, for the maintainer. */
  done: string[];
  /** What sbk could not write and a maintainer must do by hand. */
  manual: string[];
}

export function applyComparison(kb: KnowledgeBase, doc: SourceDocument, cmp: Comparison, texts: DataTexts): ApplyResult {
  const refs = treeReferences(texts['trees.yaml']);
  const result: ApplyResult = { files: {}, done: [], manual: [] };
  const remap = lineMap(kb, doc, cmp);

  const faq = parseDocument(texts['faq.yaml']);
  const banks = parseDocument(texts['banks.yaml']);
  const offices = parseDocument(texts['offices.yaml']);
  applyEntries(faq, offices, kb, doc, cmp, refs, result);
  remapLines(faq, remap);
  remapLines(banks, remap);
  remapLines(offices, remap);
  applyTables(banks, offices, kb, doc, cmp, refs, result);

  const out = (d: Document, name: keyof ApplyResult['files']) => {
    const text = d.toString(YAML_OUTPUT);
    if (text !== texts[name]) result.files[name] = text;
  };
  out(faq, 'faq.yaml');
  out(banks, 'banks.yaml');
  out(offices, 'offices.yaml');
  return result;
}

// -- entries --

function applyEntries(faq: Document, offices: Document, kb: KnowledgeBase, doc: SourceDocument, cmp: Comparison, refs: TreeRefs, result: ApplyResult): void {
  const seq = faq.get('entries', true) as YAMLSeq<YAMLMap>;
  const old = kb.faq.entries;
  const oldNodes = [...seq.items];
  const kept = new Set<number>();
  const items: YAMLMap[] = [];
  const ids = new Set([...old.map((e) => e.id), ...kb.faq.appendix.map((a) => a.id)]);
  const appendixTitle = kb.faq.appendix[0]?.title;

  doc.entries.forEach((s, k) => {
    const i = cmp.pairing[k];
    if (i !== undefined) {
      // Entries removed before this one that a tree still uses stay where they were.
      for (let j = 0; j < i; j++) if (!kept.has(j) && !cmp.pairing.includes(j) && refs.faq.has(old[j]!.id)) keepRemoved(j);
      const node = oldNodes[i]!;
      kept.add(i);
      const what = cmp.kinds.get(k);
      if (what === 'question' || what === 'both') setValue(node, 'question', s.question);
      if (what === 'answer' || what === 'both') setValue(node, 'answer', newAnswer(old[i]!.answer, s.answer, appendixTitle));
      setValue(node, 'source_line', s.line);
      if (what) {
        node.set('review', what === 'question' ? REVIEW.question : REVIEW.answer);
        const part = { question: '问题', answer: '答案', both: '问题和答案' }[what];
        result.done.push(`faq.yaml：更新 ${old[i]!.id} 的${part}（源文件第 ${s.line} 行，review: ${what === 'question' ? REVIEW.question : REVIEW.answer}）`);
      }
      items.push(node);
      return;
    }
    const id = uniqueId(`new-${s.line}`, ids);
    // The category of the entry before it: the source groups entries by topic; a maintainer checks it.
    const category = (items.length ? (items[items.length - 1]!.get('category') as string) : old[0]!.category) ?? '其他';
    const node = faq.createNode({ id, category, question: s.question, answer: answerText(s.answer), source_line: s.line, review: REVIEW.added }) as YAMLMap;
    (node.get('question', true) as Scalar).type = 'QUOTE_DOUBLE';
    (node.get('answer', true) as Scalar).type = 'BLOCK_LITERAL';
    items.push(node);
    result.done.push(`faq.yaml：新增 ${id}「${s.question}」（源文件第 ${s.line} 行，category 暂定为 ${category}，review: ${REVIEW.added}）`);
  });
  for (let j = 0; j < old.length; j++) if (!kept.has(j) && !cmp.pairing.includes(j) && refs.faq.has(old[j]!.id)) keepRemoved(j);

  const removed = new Set(old.filter((_, j) => !kept.has(j)).map((e) => e.id));
  for (const id of removed) result.done.push(`faq.yaml：删除 ${id}「${old.find((e) => e.id === id)!.question}」`);
  seq.items = items;
  // A see_also or a hotline's faq pointing at a deleted entry would fail validation.
  const hotlines = (offices.get('hotlines', true) as YAMLSeq<YAMLMap> | undefined)?.items ?? [];
  for (const [node, key] of [...items.map((n) => [n, 'see_also'] as const), ...hotlines.map((n) => [n, 'faq'] as const)]) {
    const list = node.get(key, true);
    if (!isSeq(list)) continue;
    const before = list.items.length;
    list.items = list.items.filter((it) => !(isScalar(it) && removed.has(String(it.value))));
    if (list.items.length < before) result.done.push(`${key === 'faq' ? 'offices.yaml：热线' : 'faq.yaml：'} ${String(node.get('id'))} 的 ${key} 不再指向已删除的条目`);
    if (!list.items.length) node.delete(key);
  }

  function keepRemoved(j: number) {
    kept.add(j);
    const node = oldNodes[j]!;
    node.set('review', REVIEW.keptForTree);
    items.push(node);
    result.manual.push(`faq.yaml：${old[j]!.id} 已不在新源文件中，但决策树仍引用它：已保留并标记 review，请改 trees.yaml 后删除`);
  }
}

/** The new answer text; an answer that holds a table placeholder or sits before the appendix keeps that shape. */
function newAnswer(oldAnswer: string, sourceAnswer: string, appendixTitle: string | undefined): string {
  const lines = sourceAnswer.split('\n');
  const placeholders = oldAnswer.match(TABLE_PLACEHOLDER);
  if (placeholders) {
    const end = lines.findIndex((l) => l.startsWith('\t'));
    const prose = answerText(lines.slice(0, end < 0 ? lines.length : end).join('\n'));
    return [prose, ...placeholders].filter(Boolean).join('\n');
  }
  const cut = appendixTitle ? lines.findIndex((l) => l.trim() === appendixTitle.trim()) : -1;
  return answerText((cut < 0 ? lines : lines.slice(0, cut)).join('\n'));
}

function uniqueId(base: string, ids: Set<string>): string {
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  ids.add(id);
  return id;
}

/** Set a value, keeping the existing node's quoting or block style. */
function setValue(map: YAMLMap, key: string, value: string | number): void {
  const node = map.get(key, true);
  if (isScalar(node)) node.value = value;
  else map.set(key, value);
}

// -- source lines --

/**
 * Where an old source line is now: a line inside an entry moves with the entry (its offset in the
 * entry kept); a line of an entry that is gone stays.
 */
function lineMap(kb: KnowledgeBase, doc: SourceDocument, cmp: Comparison): (line: number) => number {
  const old = kb.faq.entries;
  const newLine = new Map<number, number>();
  cmp.pairing.forEach((i, k) => i !== undefined && newLine.set(i, doc.entries[k]!.line));
  return (line) => {
    let i = -1;
    for (let j = 0; j < old.length && old[j]!.source_line <= line; j++) i = j;
    const to = i >= 0 ? newLine.get(i) : undefined;
    return to === undefined ? line : to + (line - old[i]!.source_line);
  };
}

/** Every `…source_line` number outside the FAQ entries (whose lines are set exactly) moves with its entry. */
function remapLines(d: Document, remap: (line: number) => number): void {
  const entries = d.get('entries', true);
  visit(d, {
    Seq(_, node) {
      if (node === entries) return visit.SKIP;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && String(pair.key.value).endsWith('source_line') && isScalar(pair.value) && typeof pair.value.value === 'number') {
        pair.value.value = remap(pair.value.value);
      }
    },
  });
}

// -- tables --

function applyTables(banks: Document, offices: Document, kb: KnowledgeBase, doc: SourceDocument, cmp: Comparison, refs: TreeRefs, result: ApplyResult): void {
  const t = cmp.diff.tables;
  const label = { name: '名称', address: '地址', phones: '电话', bank: '银行' } as Record<string, string>;
  const what = (c: { fields: string[]; before: Record<string, string>; after: Record<string, string> }) =>
    c.fields.map((f) => `${label[f] ?? f} ${c.before[f]} → ${c.after[f]}`).join('，');

  // Exact lines for every row the new source has.
  const outletSeq = banks.get('outlets', true) as YAMLSeq<YAMLMap>;
  const outletNode = (no: number) => outletSeq.items.find((n) => n.get('no') === no);
  for (const s of doc.outlets) outletNode(s.no)?.set('source_line', s.line);
  const officeSeq = offices.get('offices', true) as YAMLSeq<YAMLMap>;
  const officeNode = (name: string) => officeSeq.items.find((n) => n.get('name') === name);
  for (const s of doc.offices) setIfNode(officeNode(s.name), 'source_line', s.line);
  const yibaoSeq = offices.get('yibao', true) as YAMLSeq<YAMLMap>;
  const yibaoNode = (district: string) => yibaoSeq.items.find((n) => n.get('district') === district);
  for (const s of doc.yibao) setIfNode(yibaoNode(s.district), 'source_line', s.line);

  for (const c of t.outlets.changed) {
    const node = outletNode(Number(c.key))!;
    const s = doc.outlets.find((o) => String(o.no) === c.key)!;
    for (const f of c.fields) {
      if (f === 'phones') node.set('phones', phonesNode(banks, s.phones));
      else if (f === 'bank') {
        const bank = resolveBank(kb.banks.banks, s.bank)?.bank;
        if (bank) node.set('bank', bank.id);
        else result.manual.push(`banks.yaml：网点 ${c.key} 的银行“${s.bank}”不是已知的银行，请手工填写 bank`);
      } else setValue(node, f, s[f as 'name' | 'address']);
    }
    node.set('review', REVIEW.row);
    result.done.push(`banks.yaml：网点 ${c.key}「${s.name}」${what(c)}（源文件第 ${s.line} 行）`);
  }
  for (const a of t.outlets.added) {
    const s = doc.outlets.find((o) => String(o.no) === a.key)!;
    const bank = resolveBank(kb.banks.banks, s.bank)?.bank;
    if (!bank) {
      result.manual.push(`banks.yaml：新网点 ${a.key}「${s.name}」的银行“${s.bank}”不是已知的银行，未写入，请手工添加`);
      continue;
    }
    const node = banks.createNode({ no: s.no, bank: bank.id, name: s.name, address: s.address, district: DISTRICTS.find((d) => s.address.includes(d)) ?? null, source_line: s.line, review: REVIEW.newRow }) as YAMLMap;
    node.set('phones', phonesNode(banks, s.phones));
    quote(node, 'name', 'address', 'district');
    const at = outletSeq.items.findIndex((n) => Number(n.get('no')) > s.no);
    outletSeq.items.splice(at < 0 ? outletSeq.items.length : at, 0, node);
    result.done.push(`banks.yaml：新增网点 ${s.no}「${s.name}」（源文件第 ${s.line} 行，review: ${REVIEW.newRow}）`);
  }
  for (const r of t.outlets.removed) {
    removeRow(outletSeq, outletNode(Number(r.key))!, refs.outlets.has(Number(r.key)), `banks.yaml：网点 ${r.key}「${r.row.name}」`, result);
  }

  for (const c of t.offices.changed) {
    const node = officeNode(c.key)!;
    const s = doc.offices.find((o) => o.name === c.key)!;
    if (c.fields.includes('address')) setValue(node, 'address', s.address);
    if (c.fields.includes('phones')) node.set('phones', phonesNode(offices, s.phones));
    node.set('review', REVIEW.row);
    result.done.push(`offices.yaml：经办机构「${c.key}」${what(c)}（源文件第 ${s.line} 行）`);
  }
  for (const a of t.offices.added) {
    const s = doc.offices.find((o) => o.name === a.key)!;
    const ids = new Set(kb.offices.offices.map((o) => o.id));
    const node = offices.createNode({ id: uniqueId(`new-office-${s.line}`, ids), name: s.name, district: s.name, address: s.address, source_line: s.line, review: REVIEW.newRow }) as YAMLMap;
    node.set('phones', phonesNode(offices, s.phones));
    quote(node, 'address');
    officeSeq.items.push(node);
    result.done.push(`offices.yaml：新增经办机构「${s.name}」（源文件第 ${s.line} 行，review: ${REVIEW.newRow}）`);
  }
  const officeIds = new Map(kb.offices.offices.map((o) => [o.name, o.id]));
  for (const r of t.offices.removed) {
    removeRow(officeSeq, officeNode(r.key)!, refs.offices.has(officeIds.get(r.key) ?? ''), `offices.yaml：经办机构「${r.key}」`, result);
  }

  for (const c of t.yibao.changed) {
    const node = yibaoNode(c.key)!;
    const s = doc.yibao.find((y) => y.district === c.key)!;
    node.set('phones', phonesNode(offices, s.phones));
    node.set('review', REVIEW.row);
    result.done.push(`offices.yaml：区医保办「${c.key}」${what(c)}（源文件第 ${s.line} 行）`);
  }
  for (const a of t.yibao.added) {
    const s = doc.yibao.find((y) => y.district === a.key)!;
    const node = offices.createNode({ district: s.district, source_line: s.line, review: REVIEW.newRow }) as YAMLMap;
    node.set('phones', phonesNode(offices, s.phones));
    node.flow = true;
    yibaoSeq.items.push(node);
    result.done.push(`offices.yaml：新增区医保办「${s.district}」（源文件第 ${s.line} 行，review: ${REVIEW.newRow}）`);
  }
  for (const r of t.yibao.removed) {
    removeRow(yibaoSeq, yibaoNode(r.key)!, refs.yibao.has(r.key), `offices.yaml：区医保办「${r.key}」`, result);
  }

  for (const c of t.bankPhones.changed) {
    const slot = bankPhoneSlotPath(kb, c.key);
    const s = doc.bankPhones.find((b) => b.line === c.line)!;
    if (!slot) continue;
    banks.setIn(slot, phonesNode(banks, s.phones));
    result.done.push(`banks.yaml：${c.key} ${what(c)}（源文件第 ${c.line} 行）`);
  }
  for (const a of t.bankPhones.added) result.manual.push(`banks.yaml：源文件第 ${a.line} 行新增“${a.key}：${a.row.phones}”，不知道属于哪家银行的哪一项，未写入，请手工添加`);
  for (const r of t.bankPhones.removed) result.manual.push(`banks.yaml：源文件不再有“${r.key}：${r.row.phones}”，未删除，请核对后手工处理`);
}

function bankPhoneSlotPath(kb: KnowledgeBase, key: string): (string | number)[] | undefined {
  const banks = kb.banks.banks;
  for (const [i, b] of banks.entries()) {
    if (key === `${b.name}客服电话`) return ['banks', i, 'customer_service'];
    if (key === `${b.name}查卡电话`) return ['banks', i, 'card_check'];
    const j = b.branches.findIndex((br) => br.name === key);
    if (j >= 0) return ['banks', i, 'branches', j, 'phones'];
  }
  return undefined;
}

function removeRow(seq: YAMLSeq<YAMLMap>, node: YAMLMap, referenced: boolean, what: string, result: ApplyResult): void {
  if (referenced) {
    node.set('review', REVIEW.keptForTree);
    result.manual.push(`${what}已不在新源文件中，但决策树仍引用它：已保留并标记 review，请改 trees.yaml 后删除`);
    return;
  }
  seq.items.splice(seq.items.indexOf(node), 1);
  result.done.push(`${what}：已删除（源文件中已没有）`);
}

function setIfNode(node: YAMLMap | undefined, key: string, value: number): void {
  if (node) setValue(node, key, value);
}

function quote(node: YAMLMap, ...keys: string[]): void {
  for (const k of keys) {
    const v = node.get(k, true);
    if (isScalar(v) && typeof v.value === 'string') v.type = 'QUOTE_DOUBLE';
  }
}

/**
 * A phone cell as banks.yaml/offices.yaml write it: `"0531-82062001"` when the source writes the
 * canonical form, else `{number: "0531-89735111", written: "89735111"}`; `83236980/81` is two numbers.
 */
function phonesNode(d: Document, cell: string): YAMLSeq {
  const phones: (string | { number: string; written: string })[] = [];
  for (const part of cell.split(/[、,，\s]+/).filter(Boolean)) {
    const m = part.match(/^([\d-]+)\/(\d{1,4})$/);
    const numbers = m ? [m[1]!, m[1]!.slice(0, m[1]!.length - m[2]!.length) + m[2]] : [part];
    for (const n of numbers) {
      const number = canonical(n);
      phones.push(number === part ? number : { number, written: part });
    }
  }
  const seq = d.createNode(phones) as YAMLSeq;
  seq.flow = true;
  visit(seq, {
    Scalar(_, s) {
      if (typeof s.value === 'string') s.type = 'QUOTE_DOUBLE';
    },
  });
  return seq;
}

/** `0531-XXXXXXXX` for a Jinan number however written; service numbers as they are. */
function canonical(n: string): string {
  const d = n.replace(/\D/g, '');
  if (/^\d{8}$/.test(d)) return `0531-${d}`;
  if (/^0531\d{8}$/.test(d)) return `0531-${d.slice(4)}`;
  return n;
}

// -- what the decision trees refer to --

interface TreeRefs {
  faq: Set<string>;
  outlets: Set<number>;
  offices: Set<string>;
  yibao: Set<string>;
}

function treeReferences(treesText: string): TreeRefs {
  const refs: TreeRefs = { faq: new Set(), outlets: new Set(), offices: new Set(), yibao: new Set() };
  let raw: unknown;
  try {
    raw = parse(treesText, { maxAliasCount: -1 });
  } catch {
    return refs;
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'faq' && Array.isArray(x)) x.forEach((id) => refs.faq.add(String(id)));
      else if (k === 'outlet' && typeof x === 'number') refs.outlets.add(x);
      else if (k === 'office' && typeof x === 'string') refs.offices.add(x);
      else if (k === 'yibao' && typeof x === 'string') refs.yibao.add(x);
      else walk(x);
    }
  };
  walk(raw);
  return refs;
}

