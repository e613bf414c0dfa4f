/**
 * How a search response reads: the one structure the search core returns (SearchResponse: FAQ entries
 * and table rows, each with its kind, and whether the first two are a close call), rendered as text
 * for an operator or as JSON for scripts. Commands (search, the session mode) hand the response here.
 */
import type { AnyResult, MatchedTerm, RowHit, SearchResponse, SearchResult } from '../search/index.js';
import type { FaqEntry } from '../kb/schema.js';
import { formatEntry, questionsById, titleLines } from './entry.js';
import type { Style } from './style.js';
import { highlight } from './text.js';
import { displayWidth, truncate, wrap, wrapItems } from './width.js';

export interface ResultsView {
  /** Read on every render: a getter gives the terminal's current width (the session mode after a resize). */
  width: number;
  style: Style;
  /** Number the results so the session mode can open one by its number. */
  numbered?: boolean;
  explain?: boolean;
  /** Related entries as one list of ids instead of a line each with its question (a short screen). */
  relatedIds?: boolean;
  /** Show the maintainers' notes (--notes). */
  notes?: boolean;
}

/** One result as JSON: FAQ entries with their fields as before, rows with kind and the row's fields. */
export function resultJson(r: AnyResult, explain = false): Record<string, unknown> {
  if (r.kind !== 'faq') {
    // A phone row has its own `kind` (hotline, branch …): kept as phone_kind, `kind` is the result's.
    const { kind: own, ...row } = r.row;
    return { kind: r.kind, ...row, ...(own !== undefined ? { phone_kind: own } : {}), score: r.score, command: r.command };
  }
  const e = r.entry;
  return {
    kind: 'faq',
    id: e.id,
    question: e.question,
    answer: e.answer,
    category: e.category,
    score: r.score,
    ...(e.stale ? { stale: e.stale } : {}),
    ...(e.note ? { note: e.note } : {}),
    ...(e.see_also.length ? { see_also: e.see_also } : {}),
    ...(explain && r.matched ? { matched: r.matched.map(explainJson) } : {}),
  };
}

/**
 * `sbk search --json`: the results, an array as before (scripts read `.[0].id`); in a close call the
 * first two say `"ambiguous": true`.
 */
export function resultsJson(resp: SearchResponse, explain = false): Record<string, unknown>[] {
  return resp.results.map((r, i) => ({ ...resultJson(r, explain), ...(resp.ambiguous && i < 2 ? { ambiguous: true } : {}) }));
}

/** One line of batch output: the query, its results, and whether the first two are a close call. */
export function batchJson(resp: SearchResponse, explain = false, error?: string): Record<string, unknown> {
  return { query: resp.query, ...(error ? { error } : {}), results: resultsJson(resp, explain), ambiguous: resp.ambiguous };
}

function explainJson(m: MatchedTerm) {
  return { term: termLabel(m.term), field: m.field, points: m.points, via: originLabel(m) };
}

const FIELD_LABEL = { question: '问题', aliases: '别名', answer: '答案' } as const;

/** A term as an operator reads it: 挂失, 拼音 she bao. */
function termLabel(term: string): string {
  const kind = term.slice(0, 2);
  const body = term.slice(2);
  if (kind === 'q:' || kind === 'p:') return `拼音 ${body.replace('|', ' ')}`;
  return body;
}

function originLabel(m: MatchedTerm): string {
  const o = m.origin;
  if (o.kind === 'synonym') return `同义：${o.said}→${o.means}`;
  if (o.kind === 'pinyin') return `拼音：${o.from}`;
  if (o.kind === 'initials') return `首字母：${o.from}→${o.means}`;
  return '原词';
}

const KIND_LABEL: Record<RowHit['kind'], string> = { office: '经办机构', yibao: '医保办', bank: '银行', outlet: '社银合作网点', phone: '电话' };

/** The text reporter of search responses. */
export class ResultsText {
  private readonly questionOf: (id: string) => string | undefined;

  constructor(
    entries: readonly FaqEntry[],
    private readonly view: ResultsView,
  ) {
    this.questionOf = questionsById(entries);
  }

  /** The best answer in full (or both of a close call), then the other candidates one line each. */
  single(resp: SearchResponse): string {
    const { style, numbered } = this.view;
    const results = resp.results;
    if (!results.length) return '';
    let out = '';
    if (resp.ambiguous && results[0]!.kind === 'faq' && results[1]?.kind === 'faq') {
      out += wrap('两个答案很接近，请确认来电人问的是哪一个：', this.view.width).map(style.heading).join('\n') + '\n';
      out += this.brief(results[0]!, 1) + this.brief(results[1]!, 2);
      out += style.dim(numbered ? '输入编号打开全文。' : `用 sbk show <id> 打开全文。`) + '\n';
      const rest = results.slice(2);
      if (rest.length) out += '\n' + style.dim('其他可能的答案：') + '\n' + rest.map((r, i) => this.brief(r, numbered ? i + 3 : undefined)).join('');
      return out;
    }
    const [best, ...rest] = results;
    if (numbered) out += style.dim('[1]') + '\n';
    out += this.full(best!);
    if (rest.length) out += '\n' + style.dim('其他可能的答案：') + '\n';
    rest.forEach((r, i) => (out += this.brief(r, numbered ? i + 2 : undefined)));
    return out;
  }

  /** One input line of a batch: the query, then each result on one line. */
  batchLine(resp: SearchResponse, error?: string): string {
    const { style } = this.view;
    const { width } = this.view;
    const note = (s: string) => wrap(s, width, '  ').map(style.dim).join('\n') + '\n';
    let out = wrap(`问：${resp.query}`, width, { first: '', indent: '    ' }).map(style.heading).join('\n') + '\n';
    if (error) return out + note(`（${error}）`);
    if (!resp.results.length) out += note('（没有找到相关答案）');
    if (resp.ambiguous) out += note('（前两个答案很接近）');
    for (const r of resp.results) out += this.brief(r);
    return out;
  }

  /** A result in full: an FAQ entry as `sbk show` prints it, a row compactly with its phones highlighted. */
  full(r: AnyResult): string {
    const { style, width } = this.view;
    if (r.kind !== 'faq') return this.rowBlock(r);
    return formatEntry(r.entry, { width, style, questionOf: this.questionOf, relatedIds: this.view.relatedIds, notes: this.view.notes }) + (this.view.explain ? this.explainLines(r) : '');
  }

  private rowBlock(r: RowHit): string {
    const { style, width } = this.view;
    const lines = titleLines(`【${KIND_LABEL[r.kind]}】${r.title}`, '', width, style);
    for (const line of rowLines(r, this.view.notes)) lines.push(...wrap(line, width, '  ').map((l) => highlight(l, style)));
    lines.push(...wrap(`更多：${r.command}`, width, '  ').map(style.dim));
    return lines.join('\n') + '\n';
  }

  /**
   * A candidate in brief: its question (or row name) whole, wrapped if it must be (the question matters
   * more than the id), the id and the labelled score after it, then one line of the answer or row.
   */
  brief(r: AnyResult, n?: number): string {
    const { style, width } = this.view;
    const num = n !== undefined ? `[${n}] ` : '';
    const first = `  ${num}`;
    const hang = ' '.repeat(displayWidth(first));
    const indent = hang + '  ';
    let heading: string;
    let tag: string;
    let tagged: string;
    let preview: string;
    if (r.kind !== 'faq') {
      heading = `【${KIND_LABEL[r.kind]}】${r.title}`;
      tag = r.command;
      tagged = style.dim(tag);
      preview = highlight(truncate(rowLines(r).join('；'), width - displayWidth(indent)), style);
    } else {
      heading = r.entry.question;
      const stale = r.entry.stale ? ' ⚠ 可能已过时' : '';
      tag = `(${r.entry.id}) 得分 ${r.score.toFixed(2)}${stale}`;
      tagged = `${style.id(`(${r.entry.id})`)} ${style.dim(`得分 ${r.score.toFixed(2)}`)}${stale ? style.warn(stale) : ''}`;
      preview = style.dim(truncate(r.entry.answer.replace(/\s+/g, ' ').trim(), width - displayWidth(indent)));
    }
    // The tag whole on a line of its own (under the question) has its colours; wrapped, it is dim.
    const head = titleLines(heading, tag, width, style, (t) => (t === indent + tag ? indent + tagged : t === tag ? tagged : style.dim(t)), { first, indent: hang, tagIndent: indent, look: (l) => l });
    if (num) head[0] = head[0]!.replace(num, style.bold(num));
    return head.join('\n') + '\n' + indent + preview + '\n' + (r.kind === 'faq' && this.view.explain ? this.explainLines(r) : '');
  }

  private explainLines(r: SearchResult): string {
    const { style, width } = this.view;
    const byField = new Map<string, string[]>();
    for (const m of r.matched ?? []) {
      const key = FIELD_LABEL[m.field];
      const list = byField.get(key) ?? [];
      const via = m.origin.kind === 'text' ? '' : `（${originLabel(m)}）`;
      const item = `${termLabel(m.term)}${via} ${m.points}`;
      if (list.length < 12) list.push(item);
      byField.set(key, list);
    }
    const lines = wrap(`为什么：得分 ${r.score.toFixed(2)}（BM25 ${r.points}）`, width, '    ');
    for (const [field, items] of byField) lines.push(...wrapItems(items, width, { first: `      ${field}命中：`, indent: '        ' }));
    return lines.map((l) => style.dim(l)).join('\n') + '\n';
  }
}

/** A row's content lines, as the table commands label their columns. */
function rowLines(r: RowHit, notes = false): string[] {
  const f = r.row;
  const list = (v: unknown) => (Array.isArray(v) ? v.join('、') : String(v ?? ''));
  const out: string[] = [];
  const put = (label: string, v: unknown) => {
    const s = list(v);
    if (s) out.push(`${label}：${s}`);
  };
  switch (r.kind) {
    // Phones first (answer first: the number is what the operator gives the caller).
    case 'office':
      put('电话', f.phones);
      put('地址', f.address);
      break;
    case 'yibao':
      put('电话', f.phones);
      out.push('用途：居民社保卡制卡进度查不到时三方连线或转办');
      break;
    case 'bank':
      put('客服电话', f.customer_service);
      put('查卡电话', f.card_check);
      put('其他电话（未注明客服或查卡）', f.branches);
      put('邮寄电话', f.mailing);
      break;
    case 'outlet':
      put('电话', f.phones);
      put('银行', f.bank);
      put('地址', f.address);
      break;
    case 'phone':
      put('单位', f.owner);
      put('用途', f.purpose);
      break;
  }
  if (f.note && notes) out.push(`注：${String(f.note)}`);
  return out;
}

/** The FAQ entries of a response (the query log records entry ids). */
export function faqOnly(resp: SearchResponse): SearchResult[] {
  return resp.results.filter((r): r is SearchResult => r.kind === 'faq');
}
