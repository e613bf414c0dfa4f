/**
 * `sbk repl`: the session mode for an operator's shift. Type what the caller says and see the answers;
 * a number opens that result in full; `:tree lost-card`, `:outlets 章丘` and the other commands run
 * as they would on the command line. The knowledge base and index are loaded once for the session.
 * Up/down recall earlier lines; Ctrl-C clears the line; Ctrl-D or :q leaves.
 */
import { createInterface, type Interface } from 'node:readline';
import { faq, searcher as openSearcher } from '../services.js';
import { ResultView } from './search.js';
import type { SearchResponse } from '../search/index.js';
import { faqOnly } from '../render/results.js';
import { formatEntry, questionsById } from '../render/entry.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';
import type { FaqEntry } from '../kb/schema.js';
import { logEvent, logSearch, queryLogOn } from '../log/querylog.js';

const PROMPT = 'sbk> ';
const LIMIT = 5;

const HELP = `会话模式：
  直接输入问题          搜索，例如：卡丢了咋办、补卡 周末、shebaoka diule
  1、2、3 …             打开上次搜索的第几条结果全文
  :show <id>            打开一个条目
  :tree [id]            决策树问诊，例如 :tree lost-card
  :banks / :outlets / :offices / :phones …   查询表格，选项同命令行，例如 :outlets 章丘 --bank 工行
  :good / :bad [原因]   标记上一个答案对不对（记入查询日志，供维护者改进知识库）
  :help                 显示本帮助
  :q 或 Ctrl-D          退出（Ctrl-C 清空当前输入）
`;

export async function run(ctx: Context): Promise<number> {
  if (!ctx.term.stdinIsTTY) {
    throw new SbkError('会话模式需要在终端中使用：脚本请用 sbk search，或把问题逐行通过管道传给 sbk', EXIT.usage);
  }
  const { entries } = await faq(ctx.dataDir);
  const search = await openSearcher(ctx.dataDir);
  const { style } = ctx;
  const questionOf = questionsById(entries);
  // Not paged inside the session for now (issue 13C decides): the pager is for one-shot commands.
  const view = new ResultView(ctx, entries, { limit: LIMIT, numbered: true, page: false });
  const show = (e: FaqEntry) => ctx.term.out(formatEntry(e, { width: ctx.term.width, style, questionOf }));

  // Shown once the line editor has the terminal: a key pressed before then (Ctrl-D) would be lost.
  let greeting: string | undefined =
    style.heading(`sbk 会话模式`) + style.dim(`（${entries.length} 条问答已载入；:help 查看用法，:q 退出）`) + '\n';
  let last: SearchResponse = { query: '', results: [], ambiguous: false };
  /** The last query and the answer it led to (the first result, or the one opened): what :good/:bad mark. */
  let asked: { query: string; id?: string } | undefined;
  const history: string[] = [];

  for (;;) {
    const line = await readLine(history);
    if (line === undefined) break; // Ctrl-D
    const input = line.trim();
    if (!input) continue;
    if (input === ':q' || input === ':quit' || input === ':exit') break;
    if (input === ':help' || input === ':h' || input === '?') {
      ctx.term.err(HELP);
      continue;
    }
    if (/^\d+$/.test(input)) {
      const picked = last.results[Number(input) - 1];
      if (picked?.kind === 'faq' && asked) {
        asked.id = picked.entry.id;
        await logEvent(ctx, 'open', asked.query, picked.entry.id);
      }
      const text = view.full(last, Number(input));
      if (text) ctx.term.out(text);
      else ctx.term.err(last.results.length ? `没有第 ${input} 条：上次搜索有 ${last.results.length} 条结果\n` : '还没有搜索结果：先输入一个问题\n');
      continue;
    }
    const mark = /^:(good|bad)(?:\s+(.*))?$/.exec(input);
    if (mark) {
      await markAnswer(mark[1] as 'good' | 'bad', mark[2]?.trim());
      continue;
    }
    if (input.startsWith(':')) {
      await runCommand(input.slice(1));
      continue;
    }
    last = search.search(input, LIMIT);
    const faqResults = faqOnly(last);
    asked = { query: input, id: faqResults[0]?.entry.id };
    await view.single(last);
    await logSearch(ctx, 'session', input, faqResults, last.ambiguous);
  }
  ctx.term.err('再见。\n');
  return EXIT.found;

  async function markAnswer(mark: 'good' | 'bad', reason: string | undefined): Promise<void> {
    if (!asked?.id) return void ctx.term.err('还没有可以标记的答案：先搜索一个问题\n');
    if (!queryLogOn(ctx)) return void ctx.term.err('查询日志未开启，标记不会保存：在配置文件中写 query_log: true（sbk config path 显示位置）\n');
    await logEvent(ctx, mark, asked.query, asked.id, reason);
    ctx.term.err(style.dim(`已标记 ${asked.id} 为${mark === 'good' ? '好' : '不好'}${reason ? `：${reason}` : ''}`) + '\n');
  }

  /** One line with history and line editing; Ctrl-C clears the line instead of leaving. */
  function readLine(hist: string[]): Promise<string | undefined> {
    return new Promise((resolve) => {
      const rl: Interface = createInterface({
        input: ctx.term.input,
        output: ctx.term.prompts,
        terminal: true,
        history: hist,
        historySize: 500,
        removeHistoryDuplicates: true,
      });
      let done = false;
      const finish = (v: string | undefined) => {
        if (done) return;
        done = true;
        rl.close();
        resolve(v);
      };
      rl.on('SIGINT', () => {
        if (rl.line) {
          rl.write(null, { ctrl: true, name: 'u' });
        } else {
          ctx.term.err(style.dim('\n（输入 :q 或按 Ctrl-D 退出）') + '\n');
          rl.prompt();
        }
      });
      rl.on('line', (l) => {
        hist.splice(0, hist.length, ...((rl as unknown as { history: string[] }).history ?? hist));
        finish(l);
      });
      rl.on('close', () => finish(undefined));
      if (greeting) ctx.term.err(greeting);
      greeting = undefined;
      rl.setPrompt(PROMPT);
      rl.prompt();
    });
  }

  /** `:outlets 章丘 --bank 工行` runs like `sbk outlets 章丘 --bank 工行`; an error is reported, the session goes on. */
  async function runCommand(text: string): Promise<void> {
    const argv = splitArgs(text);
    if (argv[0] === 'repl') return void ctx.term.err('已经在会话模式中\n');
    const { buildProgram, reportError } = await import('../program.js');
    const program = buildProgram();
    const globals = ['--data-dir', ctx.dataDir, '--no-pager', ...(ctx.term.color ? [] : ['--no-color'])];
    const saved = process.exitCode;
    try {
      await program.parseAsync([...globals, ...argv], { from: 'user' });
    } catch (e) {
      if (e instanceof Error && e.name === 'ExitPromptError') ctx.term.err('已取消。\n');
      else reportError(e);
    } finally {
      process.exitCode = saved;
    }
  }
}

/** Split a command line on spaces, keeping "quoted parts" together. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
