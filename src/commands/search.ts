/**
 * `sbk search`: one query from the arguments, or (no arguments, stdin not a terminal) one query per
 * input line. The ranking lives in src/search (the one query box: FAQ entries and table rows); the
 * response is rendered by src/render/results.ts. This file parses, calls them and writes.
 */
import { faq, searcher as openSearcher } from '../services.js';
import type { SearchResponse, Searcher } from '../search/index.js';
import { batchJson, faqOnly, ResultsText, resultsJson } from '../render/results.js';
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
  /** Write a single answer through the pager when it is taller than the terminal (default: yes). */
  page?: boolean;
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
    const resp = searcher.search(q, opts.limit, { explain: opts.explain });
    // `sbk outlet` is a query to the default command, but most likely a mistyped command name.
    const command = query.length === 1 ? await mistypedCommand(q) : undefined;
    if (command && !resp.results.length) {
      throw new SbkError(`未知命令 ${q}，是否想输入 sbk ${command}？运行 sbk --help 查看全部命令`, EXIT.usage);
    }
    await view.single(resp);
    await logSearch(ctx, 'oneshot', q, faqOnly(resp), resp.ambiguous);
    if (command) ctx.term.err(`提示：若想运行命令 ${command}，请输入 sbk ${command}\n`);
    return resp.results.length ? EXIT.found : EXIT.notFound;
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
      const error = `输入行超过 ${MAX_LINE_BYTES / 1024 / 1024} MB，已跳过`;
      ctx.term.err(`第 ${n} 行${error.slice(2)}\n`);
      view.batchLine({ query: '', results: [], ambiguous: false }, error);
    } else {
      const text = line.text;
      const resp: SearchResponse = text.trim() ? searcher.search(text, opts.limit, { explain: opts.explain }) : { query: text, results: [], ambiguous: false };
      if (resp.results.length) found = true;
      view.batchLine({ ...resp, query: text });
      if (text.trim()) await logSearch(ctx, 'batch', text, faqOnly(resp), resp.ambiguous);
    }
    await ctx.term.drain();
  }
  return found ? EXIT.found : EXIT.notFound;
}

/** Writes search responses to the terminal through the text or JSON reporter. */
export class ResultView {
  private readonly text: ResultsText;

  constructor(
    private readonly ctx: Context,
    entries: FaqEntry[],
    private readonly opts: SearchOptions,
  ) {
    this.text = new ResultsText(entries, { width: ctx.term.width, style: ctx.style, numbered: opts.numbered, explain: opts.explain });
  }

  /** The response as one result: paged when it is taller than the terminal (see io.ts). */
  async single(resp: SearchResponse): Promise<void> {
    const { term } = this.ctx;
    const write = (t: string) => (this.opts.page === false ? term.out(t) : term.page(t));
    if (this.opts.json) await write(JSON.stringify(resultsJson(resp, Boolean(this.opts.explain)), null, 2) + '\n');
    else if (resp.results.length) await write(this.text.single(resp));
    if (!resp.results.length) term.err(NOT_FOUND);
  }

  /** The result `n` (1-based) of a response in full, as the session mode opens it. */
  full(resp: SearchResponse, n: number): string | undefined {
    const r = resp.results[n - 1];
    return r ? this.text.full(r) : undefined;
  }

  /** One input line's answers; `error` when the line could not be read (too long). */
  batchLine(resp: SearchResponse, error?: string): void {
    const { term } = this.ctx;
    if (this.opts.json) term.out(JSON.stringify(batchJson(resp, Boolean(this.opts.explain), error)) + '\n');
    else term.out(this.text.batchLine(resp, error));
  }
}

/** The command a lone ASCII word probably meant (`outlet` → outlets), if it is close to one. */
async function mistypedCommand(word: string): Promise<string | undefined> {
  if (!/^[a-z]{3,12}$/i.test(word)) return undefined;
  const [{ commandNames }, { closest }] = await Promise.all([import('../program.js'), import('../suggest.js')]);
  const names = commandNames();
  return names.includes(word) ? undefined : closest(word, names, 0.34);
}
