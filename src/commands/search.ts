/**
 * `sbk search`: one query from the arguments, or (no arguments, stdin not a terminal) one query per
 * input line. The ranking lives in src/search (the one query box: FAQ entries and table rows); the
 * response is rendered by src/render/results.ts through the output system (src/render/formats.ts).
 * This file asks the search and hands back what it found.
 */
import { faq, readWholeCache, searcher as openSearcher } from '../services.js';
import type { SearchResponse, Searcher } from '../search/index.js';
import { batchJson, faqOnly, ResultsText, resultsJson } from '../render/results.js';
import { chooseFormat, render, type FormatName, type Output } from '../render/formats.js';
import { SbkError, EXIT, foundCode } from '../errors.js';
import { inputLines, MAX_LINE_BYTES, type InputLine } from '../lines.js';
import { COMMAND_NAMES, commandSpec, searchMode } from '../commandline.js';
import type { Context } from '../context.js';
import type { FaqEntry } from '../kb/schema.js';
import { logSearch } from '../log/querylog.js';
import { closest } from '../suggest.js';
import { segmentPinyin } from '../search/pinyin.js';

export interface SearchOptions {
  limit: number;
  /** Number the results so the session mode can open one by its number. */
  numbered?: boolean;
  json?: boolean;
  format?: string;
  explain?: boolean;
  /** false when the command line named no command (`sbk outlet 章丘`: the default search). */
  commandWord?: boolean;
}

export const NOT_FOUND = '没有找到相关答案：换个说法或关键词再试，例如“补卡”“密码”“制卡进度”。';

export async function run(ctx: Context, query: string[], opts: SearchOptions): Promise<number | Output> {
  const mode = searchMode(undefined, query, ctx.term);
  if (mode === 'no-query') throw new SbkError('请输入要搜索的问题，例如：sbk 社保卡丢了怎么办', EXIT.usage);
  const format = chooseFormat(opts, commandSpec('search'));
  const { entries } = await faq(ctx.dataDir);
  const searcher = await openSearcher(ctx.dataDir);
  if (mode === 'batch') {
    // Answers are written as they come: any damage in the cache must show before the first.
    await readWholeCache(ctx.dataDir);
    return runBatch(searcher, entries, opts, format, ctx);
  }
  const q = query.join(' ').trim();
  // `sbk outlet 章丘`, `sbk sho lost-card`: most likely a mistyped command name, unless the word is a
  // plausible query itself: the search finds something for it (pinyin or initials of what the knowledge
  // base says), or it is whole pinyin syllables (shou ji) and the search answers the whole query.
  const command = opts.commandWord === false ? mistypedCommand(query[0]!) : undefined;
  const plausible = command ? searcher.search(query[0]!, 1).results.length > 0 || (isPinyin(query[0]!, searcher) && searcher.search(q, 1).results.length > 0) : true;
  if (command && !plausible) {
    const rest = query.slice(1).join(' ');
    throw new SbkError(`未知命令 ${query[0]}，是否想输入 sbk ${command}${rest ? ` ${rest}` : ''}？运行 sbk --help 查看全部命令`, EXIT.usage);
  }
  const resp = searcher.search(q, opts.limit, { explain: opts.explain });
  await logSearch(ctx, 'oneshot', q, faqOnly(resp), resp.ambiguous);
  const notes = resp.results.length ? [] : [NOT_FOUND];
  if (command) notes.push(`提示：若想运行命令 ${command}，请输入 sbk ${command}`);
  return searchOutput(resp, entries, opts, notes);
}

/** A search response as an Output: JSON the results (an array), text the best answer and the others. */
function searchOutput(resp: SearchResponse, entries: readonly FaqEntry[], opts: Pick<SearchOptions, 'explain' | 'numbered'>, notes: string[] = []): Output {
  return {
    kind: 'search',
    data: resultsJson(resp, Boolean(opts.explain)),
    text: (view) => new ResultsText(entries, { ...view, numbered: opts.numbered, explain: opts.explain }).single(resp),
    md: () => searchMarkdown(resp),
    notes,
    code: foundCode(resp.results.length),
  };
}

/** The best answer and the others as Markdown (for a ticket or a chat message). */
function searchMarkdown(resp: SearchResponse): string {
  const [best, ...rest] = resp.results;
  if (!best) return '';
  const out: string[] = [];
  if (best.kind === 'faq') out.push(`## ${best.entry.question}`, '', best.entry.answer.trim(), '', `（${best.entry.id}）`);
  else out.push(`## ${best.title}`, '', `${best.command}`);
  if (rest.length) {
    out.push('', '其他可能的答案：', '');
    for (const r of rest) out.push(r.kind === 'faq' ? `- ${r.entry.question}（${r.entry.id}）` : `- ${r.title}（${r.command}）`);
  }
  return out.join('\n') + '\n';
}

/** One answer per input line, written as soon as the line is read (a script may feed queries one by one). */
async function runBatch(searcher: Searcher, entries: readonly FaqEntry[], opts: SearchOptions, format: FormatName, ctx: Context): Promise<number> {
  if (format !== 'text' && format !== 'json') throw new SbkError(`逐行搜索只能输出 text 或 json：去掉 --format ${format}`, EXIT.usage);
  let found = false;
  const text = new ResultsText(entries, { width: ctx.term.width, style: ctx.style, explain: opts.explain, notes: ctx.notes });
  const view = { width: ctx.term.width, style: ctx.style, notes: ctx.notes };
  const write = async (resp: SearchResponse, error?: string) => {
    const out: Output = { kind: 'search-line', jsonLine: true, data: batchJson(resp, Boolean(opts.explain), error), text: () => text.batchLine(resp, error) };
    ctx.term.out(await render(out, format, view));
  };
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
      ctx.term.err(`sbk：第 ${n} 行超过 ${MAX_LINE_BYTES / 1024 / 1024} MB，已跳过，其余各行照常回答\n`);
      await write({ query: '', results: [], ambiguous: false }, error);
    } else {
      const q = line.text;
      const resp: SearchResponse = q.trim() ? searcher.search(q, opts.limit, { explain: opts.explain }) : { query: q, results: [], ambiguous: false };
      if (resp.results.length) found = true;
      await write({ ...resp, query: q });
      if (q.trim()) await logSearch(ctx, 'batch', q, faqOnly(resp), resp.ambiguous);
    }
    await ctx.term.drain();
  }
  return found ? EXIT.found : EXIT.notFound;
}

/** The word is whole pinyin syllables (shouji), by the search's own syllable table. */
function isPinyin(word: string, searcher: Searcher): boolean {
  const units = segmentPinyin(word.toLowerCase(), searcher.pinyin);
  return units.length > 0 && units.every((u) => u.syllable !== undefined);
}

/**
 * The command an ASCII first word probably meant (`outlet` → outlets, `sho` → show), if it is close to
 * one by edit distance and is not one.
 */
function mistypedCommand(word: string): string | undefined {
  if (!/^[a-z]{3,12}$/i.test(word) || COMMAND_NAMES.includes(word.toLowerCase())) return undefined;
  return closest(word.toLowerCase(), COMMAND_NAMES, 0.34);
}
