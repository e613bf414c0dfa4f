/**
 * `sbk search`: one query from the arguments, or (no arguments, stdin not a terminal) one query per
 * input line. The ranking lives in src/search (the one query box: FAQ entries and table rows); the
 * response is rendered by src/render/results.ts. This file parses, calls them and writes.
 */
import { faq, searcher as openSearcher } from '../services.js';
import type { SearchResponse, Searcher } from '../search/index.js';
import { batchJson, faqOnly, ResultsText, resultsJson } from '../render/results.js';
import { SbkError, EXIT } from '../errors.js';
import { lazyRequire } from '../lazy.js';
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
    const resp = searcher.search(q, opts.limit, { explain: opts.explain });
    // `sbk outlet` is a query to the default command, but most likely a mistyped command name.
    const command = query.length === 1 ? await mistypedCommand(q) : undefined;
    if (command && !resp.results.length) {
      throw new SbkError(`未知命令 ${q}，是否想输入 sbk ${command}？运行 sbk --help 查看全部命令`, EXIT.usage);
    }
    view.single(resp);
    await logSearch(ctx, 'oneshot', q, faqOnly(resp));
    if (command) ctx.term.err(`提示：若想运行命令 ${command}，请输入 sbk ${command}\n`);
    return resp.results.length ? EXIT.found : EXIT.notFound;
  }
  return runBatch(searcher, view, opts, ctx.term.input, ctx);
}

/** One answer per input line, written as soon as the line is read (a script may feed queries one by one). */
async function runBatch(searcher: Searcher, view: ResultView, opts: SearchOptions, input: NodeJS.ReadStream, ctx: Context): Promise<number> {
  let found = false;
  const { createInterface } = lazyRequire<typeof import('node:readline')>('node:readline');
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const resp: SearchResponse = line.trim() ? searcher.search(line, opts.limit, { explain: opts.explain }) : { query: line, results: [], ambiguous: false };
    if (resp.results.length) found = true;
    view.batchLine({ ...resp, query: line });
    if (line.trim()) await logSearch(ctx, 'batch', line, faqOnly(resp));
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

  single(resp: SearchResponse): void {
    const { term } = this.ctx;
    if (this.opts.json) term.out(JSON.stringify(resultsJson(resp, Boolean(this.opts.explain)), null, 2) + '\n');
    else if (resp.results.length) term.out(this.text.single(resp));
    if (!resp.results.length) term.err(NOT_FOUND);
  }

  /** The result `n` (1-based) of a response in full, as the session mode opens it. */
  full(resp: SearchResponse, n: number): string | undefined {
    const r = resp.results[n - 1];
    return r ? this.text.full(r) : undefined;
  }

  batchLine(resp: SearchResponse): void {
    const { term } = this.ctx;
    if (this.opts.json) term.out(JSON.stringify(batchJson(resp, Boolean(this.opts.explain))) + '\n');
    else term.out(this.text.batchLine(resp));
  }
}

/** The command a lone ASCII word probably meant (`outlet` → outlets), if it is close to one. */
async function mistypedCommand(word: string): Promise<string | undefined> {
  if (!/^[a-z]{3,12}$/i.test(word)) return undefined;
  const [{ commandNames }, { closest }] = await Promise.all([import('../program.js'), import('../suggest.js')]);
  const names = commandNames();
  return names.includes(word) ? undefined : closest(word, names, 0.34);
}
