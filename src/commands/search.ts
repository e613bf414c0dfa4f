/**
 * `sbk search`: one query from the arguments, or (no arguments, stdin not a terminal) one query per
 * input line. The ranking lives in src/search; this file parses, calls it and renders.
 */
import { displayWidth as stringWidth } from '../render/width.js';
import { faq, searcher as openSearcher } from '../services.js';
import type { MatchedTerm, SearchResult, Searcher } from '../search/index.js';
import { formatEntry, questionsById } from '../render/entry.js';
import type { Style } from '../render/style.js';
import { SbkError, EXIT } from '../errors.js';
import { inputLines, MAX_LINE_BYTES, type InputLine } from '../lines.js';
import type { Context } from '../context.js';
import type { FaqEntry } from '../kb/schema.js';
import { logSearch } from '../log/querylog.js';

export interface SearchOptions {
  limit: number;
  /** Number the results so the session mode can open one by its number. */
  numbered?: boolean;
  json?: boolean;
  explain?: boolean;
}

const NOT_FOUND = '没有找到相关答案：换个说法或关键词再试，例如“补卡”“密码”“制卡进度”。\n';

export async function run(ctx: Context, query: string[], opts: SearchOptions): Promise<number> {
  const q = query.join(' ').trim();
  const batch = query.length === 0 && !ctx.term.stdinIsTTY;
  if (!q && !batch) throw new SbkError('请输入要搜索的问题，例如：sbk 社保卡丢了怎么办', EXIT.usage);
  const { entries } = await faq(ctx.dataDir);
  const searcher = await openSearcher(ctx.dataDir);
  const view = new ResultView(ctx, entries, opts);
  if (!batch) {
    const results = searcher.search(q, opts.limit, { explain: opts.explain });
    // `sbk outlet` is a query to the default command, but most likely a mistyped command name.
    const command = query.length === 1 ? await mistypedCommand(q) : undefined;
    if (command && !results.length) {
      throw new SbkError(`未知命令 ${q}，是否想输入 sbk ${command}？运行 sbk --help 查看全部命令`, EXIT.usage);
    }
    view.single(results);
    await logSearch(ctx, 'oneshot', q, results);
    if (command) ctx.term.err(`提示：若想运行命令 ${command}，请输入 sbk ${command}\n`);
    return results.length ? EXIT.found : EXIT.notFound;
  }
  return runBatch(searcher, view, opts, ctx);
}

/** One answer per input line, written as soon as the line is read (a script may feed queries one by one). */
async function runBatch(searcher: Searcher, view: ResultView, opts: SearchOptions, ctx: Context): Promise<number> {
  let found = false;
  const lines = inputLines(ctx.term.input);
  for (let n = 1; ; n++) {
    let next: IteratorResult<InputLine>;
    try {
      next = await lines.next();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!code) throw e;
      throw new SbkError(`无法读取标准输入（${code}）：请把问题逐行写入文件或通过管道传给 sbk`, EXIT.usage);
    }
    if (next.done) break;
    const line = next.value;
    if ('tooLong' in line) {
      ctx.term.err(`第 ${n} 行超过 ${MAX_LINE_BYTES / 1024 / 1024} MB，已跳过\n`);
      view.batchLine('', [], `输入行超过 ${MAX_LINE_BYTES / 1024 / 1024} MB，已跳过`);
    } else {
      const results = line.text.trim() ? searcher.search(line.text, opts.limit, { explain: opts.explain }) : [];
      if (results.length) found = true;
      view.batchLine(line.text, results);
      if (line.text.trim()) await logSearch(ctx, 'batch', line.text, results);
    }
    await ctx.term.drain();
  }
  return found ? EXIT.found : EXIT.notFound;
}

function toJson(r: SearchResult, explain: boolean) {
  const e = r.entry;
  return {
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

function explainJson(m: MatchedTerm) {
  return { term: termLabel(m.term), field: m.field, points: m.points, via: originLabel(m) };
}

const FIELD_LABEL = { question: '问题', aliases: '别名', answer: '答案' } as const;

/** A term as an operator reads it: 挂失, 拼音 she bao, 首字母 sbk. */
function termLabel(term: string): string {
  const kind = term.slice(0, 2);
  const body = term.slice(2);
  if (kind === 'q:' || kind === 'p:') return `拼音 ${body.replace('|', ' ')}`;
  if (kind === 'i:') return `首字母 ${body}`;
  return body;
}

function originLabel(m: MatchedTerm): string {
  const o = m.origin;
  if (o.kind === 'synonym') return `同义：${o.said}→${o.means}`;
  if (o.kind === 'pinyin') return `拼音：${o.from}`;
  if (o.kind === 'initials') return `首字母：${o.from}`;
  return '原词';
}

export class ResultView {
  private readonly style: Style;
  private readonly questionOf: (id: string) => string | undefined;

  constructor(
    private readonly ctx: Context,
    entries: FaqEntry[],
    private readonly opts: SearchOptions,
  ) {
    this.style = ctx.style;
    this.questionOf = questionsById(entries);
  }

  single(results: SearchResult[]): void {
    const { term } = this.ctx;
    if (this.opts.json) {
      term.out(JSON.stringify(results.map((r) => toJson(r, Boolean(this.opts.explain))), null, 2) + '\n');
    } else if (results.length) {
      const [best, ...rest] = results;
      if (this.opts.numbered) term.out(this.style.dim('[1]') + '\n');
      term.out(formatEntry(best!.entry, { width: term.width, style: this.style, questionOf: this.questionOf }));
      if (this.opts.explain) term.out(this.explainLines(best!));
      if (rest.length) term.out('\n' + this.style.dim('其他可能的答案：') + '\n');
      rest.forEach((r, i) => {
        term.out(this.brief(r, this.opts.numbered ? i + 2 : undefined));
        if (this.opts.explain) term.out(this.explainLines(r));
      });
    }
    if (!results.length) term.err(NOT_FOUND);
  }

  /** One input line's answers; `error` when the line could not be read (too long). */
  batchLine(query: string, results: SearchResult[], error?: string): void {
    const { term } = this.ctx;
    if (this.opts.json) {
      term.out(JSON.stringify({ query, ...(error ? { error } : {}), results: results.map((r) => toJson(r, Boolean(this.opts.explain))) }) + '\n');
      return;
    }
    term.out(this.style.heading(`问：${query}`) + '\n');
    if (error) return void term.out(this.style.dim(`  （${error}）`) + '\n');
    if (!results.length) term.out(this.style.dim('  （没有找到相关答案）') + '\n');
    for (const r of results) {
      term.out(this.brief(r));
      if (this.opts.explain) term.out(this.explainLines(r));
    }
  }

  /** Question, id, score, then one line of the answer cut to the terminal width. */
  private brief(r: SearchResult, n?: number): string {
    const { style } = this;
    const width = this.ctx.term.width;
    const warn = r.entry.stale ? style.warn(' ⚠ 可能已过时') : '';
    const num = n !== undefined ? `[${n}] ` : '';
    const tail = `  (${r.entry.id}) ${r.score.toFixed(2)}${r.entry.stale ? ' ⚠ 可能已过时' : ''}`;
    // The id and score stay visible: a long question is cut to fit one line.
    const question = truncate(r.entry.question, Math.max(12, width - 2 - stringWidth(num) - stringWidth(tail)));
    const head = `  ${style.bold(num)}${question}  ${style.id(`(${r.entry.id})`)} ${style.dim(r.score.toFixed(2))}${warn}`;
    const preview = truncate(r.entry.answer.replace(/\s+/g, ' ').trim(), width - 6);
    return `${head}\n    ${style.dim(preview)}\n`;
  }

  private explainLines(r: SearchResult): string {
    const { style } = this;
    const byField = new Map<string, string[]>();
    for (const m of r.matched ?? []) {
      const key = FIELD_LABEL[m.field];
      const list = byField.get(key) ?? [];
      const via = m.origin.kind === 'text' ? '' : `（${originLabel(m)}）`;
      const item = `${termLabel(m.term)}${via} ${m.points}`;
      if (list.length < 12) list.push(item);
      byField.set(key, list);
    }
    const lines = [`    为什么：得分 ${r.score.toFixed(2)}（BM25 ${r.points}）`];
    for (const [field, items] of byField) lines.push(`      ${field}命中：${items.join('、')}`);
    return lines.map((l) => style.dim(l)).join('\n') + '\n';
  }
}

function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = stringWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** The command a lone ASCII word probably meant (`outlet` → outlets), if it is close to one. */
async function mistypedCommand(word: string): Promise<string | undefined> {
  if (!/^[a-z]{3,12}$/i.test(word)) return undefined;
  const [{ commandNames }, { closest }] = await Promise.all([import('../program.js'), import('../suggest.js')]);
  const names = commandNames();
  return names.includes(word) ? undefined : closest(word, names, 0.34);
}
