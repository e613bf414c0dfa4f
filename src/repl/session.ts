/**
 * The session mode's loop: read a line (src/repl/editor.ts), read what it asks (parse.ts), answer it
 * with the same searcher, renderers and commands as the command line, at the terminal's width as it
 * is now. The knowledge base and index are loaded once for the session.
 *
 * Answers are written into the terminal's own scrollback, not through a pager: an operator on a call
 * types the next question at once, and a pager per answer would hide the prompt and cost a `q` each
 * time. The renderers put the key lines (title, what to say, phones) first, and a search answer's other
 * candidates shrink to fit. Only what is still taller than the window (a very long answer, a tree's
 * outcome with its 工单 block, a long table) goes through the pager, as on the command line, so its
 * title is not scrolled away.
 */
import { faq, searcher as openSearcher, trees as openTrees } from '../services.js';
import type { AnyResult, SearchResponse } from '../search/index.js';
import { faqOnly, ResultsText, resultsJson } from '../render/results.js';
import { PLAIN } from '../render/style.js';
import { displayWidth, wrap } from '../render/width.js';
import { PHONE_PATTERN } from '../kb/phone.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';
import { rowsNeeded, type Terminal } from '../io.js';
import { NOT_FOUND, type SearchOptions } from '../commands/search.js';
import type { Output } from '../render/formats.js';
import { cellText } from '../lookup/types.js';
import { logEvent, logSearch, queryLogOn } from '../log/querylog.js';
import { KeyQueue } from './keys.js';
import { LineEditor, type Completion } from './editor.js';
import { History, historyFile } from './history.js';
import { parseLine, SESSION_WORDS, splitArgs, type Action } from './parse.js';
import { commandNames, declaredCommands, optionFlags, searchArgs } from './options.js';
import { sessionSyntax, sessionTerminal } from './hints.js';
import { liveSearch } from './live.js';
import { copy } from './clipboard.js';

const PROMPT = 'sbk> ';
/** How many more results `:more` shows each time. */
const MORE = 5;
const MAX_LIMIT = 200;

export const HELP = `会话模式：
  直接输入问题          搜索，例如：卡丢了咋办、补卡 周末、shebaoka diule
  问题后加选项          同命令行，例如：卡丢了 --limit 8、密码锁了 --explain
  1、2、3 …             打开上次搜索的第几条结果全文
  68967600              查这个电话号码是谁的（4 位以上的数字）
  :more                 上次搜索的更多结果
  :live 或 Ctrl-F       边输入边搜索（↑↓ 选择，回车 打开，Esc 返回）
  :copy 或 y            复制屏幕上的答案、查表的行或问诊的工单
                        :copy 电话 只复制电话；:copy 3 复制第 3 条结果
  :show <id>            打开一个条目
  :tree [id]            决策树问诊，例如 :tree lost-card（冒号可省）
  :outlets 章丘         查表，选项同命令行，例如 :outlets 章丘 --bank 工行
                        （:banks :offices :phones 同理）
  :good / :bad [原因]   标记上一个答案对不对（记入查询日志，供维护者改进）
  :help [命令]          显示本帮助，或一个命令的用法，例如 :help tree
  :q 或 Ctrl-D          退出（也可输入 exit、quit、退出）
按键：Tab 补全命令和 id · ↑↓ 历史 · Ctrl-R 搜索历史 · Ctrl-C 清空当前输入
      Ctrl-L 清屏 · Ctrl-Z 暂停（在 shell 中输入 fg 回来）
`;


/** The last search that found something: what numbers, `:more` and `:copy N` refer to. */
interface LastSearch {
  query: string;
  opts: SearchOptions;
  response: SearchResponse;
  /** Results shown so far (`:more` shows the next ones). */
  shown: number;
  /** Of those, how many are on screen with their question (the rest only as numbers: `:more` lists them first). */
  listed: number;
}

export async function runSession(ctx: Context): Promise<number> {
  if (!ctx.term.stdinIsTTY) {
    throw new SbkError('会话模式需要在终端中使用：脚本请用 sbk search，或把问题逐行通过管道传给 sbk', EXIT.usage);
  }
  const { entries } = await faq(ctx.dataDir);
  const search = await openSearcher(ctx.dataDir);
  const treeIds = (await openTrees(ctx.dataDir)).trees.map((t) => t.id);
  const entryIds = entries.map((e) => e.id);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const { style } = ctx;
  const tty = ctx.term.prompts;
  // The terminal's width now (io.ts reads a terminal's at each use: the window may have been resized);
  // with stdout not a terminal, the width of the one the session is typed in.
  const width = () => Math.max(20, Math.min(200, (ctx.term.stdoutIsTTY ? ctx.term.width : tty.columns || ctx.term.width) || 80));
  const height = () => Math.max(8, tty.rows || 24);
  const names = commandNames();
  /** What the session and the commands it runs write on: the session's syntax, the width now. */
  const said: Terminal = sessionTerminal(ctx.term, names, width);
  /** …whose pager (a result taller than the window) has the keyboard to itself while it runs. */
  const term: Terminal = Object.create(said, { page: { value: (t: string) => pageAlone(t) } }) as Terminal;
  const text = (opts: { explain?: boolean; relatedIds?: boolean } = {}) =>
    new ResultsText(entries, { width: width(), style, numbered: true, explain: opts.explain, relatedIds: opts.relatedIds, notes: ctx.notes });

  const commands = declaredCommands({ trees: () => treeIds, entries: () => entryIds });
  const history = new History(historyFile(), (m) => ctx.term.err(style.dim(m)));
  const keys = new KeyQueue(ctx.term.input);
  /** The context the session's commands run with: a tree's prompt reads the session's keys. */
  const inSession: Context = { ...ctx, term, session: { keys } };
  const editor = new LineEditor({ write: (s) => void tty.write(s), width }, keys);

  let last: LastSearch | undefined;
  /** The answer on screen: what `:copy` and `y` copy. */
  let current: AnyResult | undefined;
  /** Rows a lookup put on screen (`:outlets 章丘`) or a tree outcome's 工单 block, when shown after `current`. */
  let shownOutput: { label: string; content: string } | undefined;
  /** The last query and the answer it led to (the first result, or the one opened): what :good/:bad mark. */
  let asked: { query: string; id?: string } | undefined;
  /** Set while the pager has the keyboard (it reads the terminal itself). */
  let paging = false;

  const onResize = () => keys.push({ str: '', name: 'resize' });
  const onCont = () => {
    // Back in the foreground (fg): the shell may have reset the terminal. A pager running keeps the keys.
    if (!paging) keys.start();
  };
  const onEnd = (signal: NodeJS.Signals) => {
    restore();
    process.exit(128 + (signal === 'SIGHUP' ? 1 : 15));
  };
  const restore = () => {
    keys.stop();
    // Leave the live search's screen, show the cursor a tree prompt hid.
    tty.write((live ? '\x1b[?1049l' : '') + '\x1b[?25h');
  };
  let live = false;
  tty.on('resize', onResize);
  process.on('SIGCONT', onCont);
  // Before the command line's own restore (src/io.ts), which does not know the live search's screen.
  process.prependListener('SIGTERM', onEnd);
  process.prependListener('SIGHUP', onEnd);

  keys.start();
  ctx.term.err(style.heading('sbk 会话模式') + style.dim(`（${entries.length} 条问答已载入；:help 查看用法，Ctrl-F 边输入边搜索，:q 退出）`) + '\n');
  let initial = '';
  try {
    for (;;) {
      const r = await editor.read({
        prompt: PROMPT,
        history: history.lines,
        complete,
        initial,
        interruptHint: style.dim('（输入 :q 或按 Ctrl-D 退出）'),
      });
      initial = '';
      if (r.kind === 'eof') break;
      if (r.kind === 'suspend') {
        await suspend();
        initial = r.text;
        continue;
      }
      if (r.kind === 'live') {
        initial = await runLive(r.text);
        continue;
      }
      history.add(r.text);
      if ((await answer(parseLine(r.text, commands))) === 'exit') break;
    }
  } finally {
    tty.off('resize', onResize);
    process.off('SIGCONT', onCont);
    process.off('SIGTERM', onEnd);
    process.off('SIGHUP', onEnd);
    keys.stop();
  }
  ctx.term.err('再见。\n');
  return EXIT.found;

  async function answer(a: Action): Promise<'exit' | void> {
    switch (a.kind) {
      case 'empty':
        return;
      case 'exit':
        return 'exit';
      case 'help':
        return help(a.topic);
      case 'open':
        return open(a.n);
      case 'phone':
        return runCommand(['phones', a.number]);
      case 'more':
        return more();
      case 'copy':
        return copyWhat(a.what);
      case 'live':
        initial = await runLive(a.query);
        return;
      case 'mark':
        return markAnswer(a.mark, a.reason);
      case 'unknown':
        ctx.term.err(`未知命令 :${a.name}，${a.suggestion ? `是否想输入 :${a.suggestion}？` : ''}输入 :help 查看\n`);
        return;
      case 'command':
        return runCommand([a.name, ...a.argv]);
      case 'search':
        return searchWords(a.words);
    }
  }

  async function searchWords(words: string[]): Promise<void> {
    let parsed;
    try {
      parsed = searchArgs(words);
    } catch (e) {
      return reportError(e);
    }
    const query = parsed.query.join(' ').trim();
    if (!query) return void ctx.term.err('请输入要搜索的问题，例如：卡丢了咋办\n');
    const response = search.search(query, parsed.opts.limit, { explain: parsed.opts.explain });
    const found = faqOnly(response);
    asked = { query, id: found[0]?.entry.id };
    await logSearch(ctx, 'session', query, found, response.ambiguous);
    if (parsed.opts.json) {
      ctx.term.out(JSON.stringify(resultsJson(response, Boolean(parsed.opts.explain)), null, 2) + '\n');
    }
    if (!response.results.length) {
      // The numbered results of the last search that found something stay: `2` still opens its second.
      const keep = last ? style.dim(`（上次“${last.query}”的 ${last.shown} 条结果仍可用编号打开）`) : '';
      ctx.term.err(NOT_FOUND + keep + '\n');
      return;
    }
    last = { query, opts: parsed.opts, response, shown: response.results.length, listed: response.results.length };
    current = response.results[0];
    shownOutput = undefined;
    if (!parsed.opts.json) {
      const { text: shown, listed } = fitted(response, parsed.opts);
      last.listed = listed;
      // The best answer alone taller than the window: paged, so it starts at its title.
      if (rowsOf(shown) > height() - 3) await term.page(shown);
      else term.out(shown);
    }
    if (response.results.length >= parsed.opts.limit && parsed.opts.limit < MAX_LIMIT) {
      ctx.term.err(style.dim('（:more 查看更多结果，:copy 复制答案）') + '\n');
    }
  }

  /**
   * The search's answer as it fits the screen: when the best answer and the other candidates together
   * are taller than the window, the others get one line each and as many as fit (the rest stay numbered,
   * `:more` shows them), so the answer's first lines are still on screen when the prompt comes back.
   */
  function fitted(response: SearchResponse, opts: { explain?: boolean }): { text: string; listed: number } {
    const view = text(opts);
    const whole = view.single(response);
    // The typed line above, the hint and the prompt below stay on screen too.
    const rows = height() - 3;
    const all = { text: whole, listed: response.results.length };
    if (response.ambiguous || opts.explain || rowsOf(whole) <= rows) return all;
    const [best, ...rest] = response.results;
    let top = style.dim('[1]') + '\n' + view.full(best!);
    // Still taller than the window (a narrow one): related entries as a list of ids, so the title stays on screen.
    if (rowsOf(top) > rows - 2) top = style.dim('[1]') + '\n' + text({ ...opts, relatedIds: true }).full(best!);
    // Each other candidate without its answer's preview line: its question (wrapped if need be), id and score.
    const heads = rest.map((r, i) => view.brief(r, i + 2).replace(/\n$/, '').split('\n').slice(0, -1).join('\n') + '\n');
    // Below the answer: a blank line, the heading, the candidates (and a line saying how many are left).
    let room = rows - rowsOf(top) - 2;
    let out = top + '\n';
    const total = heads.reduce((n, h) => n + rowsOf(h), 0);
    if (total <= room) return { ...all, text: out + style.dim('其他可能的答案：') + '\n' + heads.join('') };
    const shown: string[] = [];
    room -= 1;
    for (const h of heads) {
      if (rowsOf(h) > room) break;
      shown.push(h);
      room -= rowsOf(h);
    }
    if (shown.length) {
      out += style.dim('其他可能的答案：') + '\n' + shown.join('');
      out += style.dim(`  …还有 ${heads.length - shown.length} 条（输入编号打开，:more 列出）`) + '\n';
    } else out += style.dim(`其他可能的答案：${heads.length > 1 ? `[2]–[${heads.length + 1}]` : '[2]'}，输入编号打开，:more 列出`) + '\n';
    return { text: out, listed: 1 + shown.length };
  }

  /** Rows `text` takes on the screen now (a line wider than the window takes more than one). */
  function rowsOf(t: string): number {
    return rowsNeeded(t, width());
  }

  async function open(n: number): Promise<void> {
    const r = last?.response.results[n - 1];
    if (!last || !r) {
      ctx.term.err(last ? `没有第 ${n} 条：上次搜索有 ${last.shown} 条结果（:more 查看更多）\n` : '还没有搜索结果：先输入一个问题\n');
      return;
    }
    if (r.kind === 'faq') {
      asked = { query: last.query, id: r.entry.id };
      await logEvent(ctx, 'open', last.query, r.entry.id);
    }
    current = r;
    shownOutput = undefined;
    const full = text(last!.opts).full(r);
    if (rowsOf(full) > height() - 3) await term.page(full);
    else term.out(full);
  }

  async function more(): Promise<void> {
    if (!last) return void ctx.term.err('还没有搜索结果：先输入一个问题\n');
    if (last.listed < last.shown) {
      // Candidates shown only as numbers (no room under the answer): listed first, before any new ones.
      const view = text(last.opts);
      const from = last.listed;
      term.out(last.response.results.slice(from, last.shown).map((r, i) => view.brief(r, from + i + 1)).join(''));
      last = { ...last, listed: last.shown };
      ctx.term.err(style.dim(`（第 ${from + 1}–${last.shown} 条；输入编号打开全文，:more 查看更多）`) + '\n');
      return;
    }
    const limit = Math.min(MAX_LIMIT, last.shown + MORE);
    const response = last.shown < MAX_LIMIT ? search.search(last.query, limit, { explain: last.opts.explain }) : last.response;
    const fresh = response.results.slice(last.shown);
    if (!fresh.length) return void ctx.term.err(`“${last.query}”没有更多结果了（共 ${last.shown} 条）\n`);
    const view = text(last.opts);
    const from = last.shown;
    last = { ...last, response, shown: response.results.length, listed: response.results.length };
    term.out(fresh.map((r, i) => view.brief(r, from + i + 1)).join(''));
    ctx.term.err(style.dim(`（第 ${from + 1}–${last.shown} 条；输入编号打开全文）`) + '\n');
  }

  /**
   * What a command put on screen that `:copy` copies: a lookup's rows (one line each, every field shown),
   * a tree outcome's 工单 block. Other output (help, lists of trees) leaves the copy target as it was.
   */
  function copyable(out: Output, argv: string[]): { label: string; content: string } | undefined {
    const t = out.table;
    if (t?.rows.length) {
      const cols = t.columns.filter((c) => !c.tableHidden);
      const lines = t.rows.map((r) => cols.map((c) => cellText(c.display ? c.display(r) : r[c.key] ?? null)).filter(Boolean).join(' '));
      const first = t.rows[0]!;
      const name = String(first.name ?? first.owner ?? first.short ?? first.number ?? '');
      return { label: t.rows.length === 1 && name ? `${name} 这一行` : `:${argv.join(' ')} 的 ${t.rows.length} 行`, content: lines.join('\n') };
    }
    if (out.after) {
      // Unwrapped: pasted into a ticket system, a sentence must not break where the screen did.
      const block = out.after({ width: 10_000, style: PLAIN }).trim();
      if (block) return { label: `:${argv[0]} ${argv[1] ?? ''} 的工单`.replace(/ +的/, ' 的'), content: block };
    }
    return undefined;
  }

  /** `:copy` the answer on screen, `:copy 3` the third result, `:copy 电话` the phone numbers in the answer. */
  async function copyWhat(what: string): Promise<void> {
    let r = current;
    let label: string;
    let name: string;
    let content: string;
    const n = /^\d{1,3}$/.test(what) ? Number(what) : undefined;
    if (n !== undefined) {
      r = last?.response.results[n - 1];
      if (!r) return void ctx.term.err(last ? `没有第 ${n} 条：上次搜索有 ${last.shown} 条结果\n` : '还没有搜索结果：先输入一个问题\n');
    }
    if (n === undefined && shownOutput) {
      ({ label, content } = shownOutput);
      name = label;
    } else {
      if (!r) return void ctx.term.err('还没有可以复制的答案：先搜索一个问题\n');
      name = r.kind === 'faq' ? r.entry.id : r.title;
      content = plainText(r);
      label = r.kind === 'faq' ? `${name} 的答案` : `${name} 这一行`;
    }
    if (/^(电话|号码|phones?|tel)$/i.test(what)) {
      const phones = [...new Set(content.match(PHONE_PATTERN) ?? [])];
      if (!phones.length) return void ctx.term.err(`${label}中没有电话号码\n`);
      content = phones.join(' ');
      label = `${name} 中的电话 ${content}`;
    } else if (what && n === undefined) {
      return void ctx.term.err(`不知道怎么复制“${what}”：可用 :copy、:copy 电话、:copy <编号>\n`);
    }
    const way = copy(content, (seq) => void tty.write(seq));
    // Wrapped to the window like every other line (a list of phones is long; a number is never split).
    const said = wrap(`已复制 ${label}（${[...content].length} 字，经 ${way.via}）`, width(), '  ').join('\n') + '\n';
    ctx.term.err(said + (way.caveat ? wrap(`（${way.caveat}）`, width()).map(style.dim).join('\n') + '\n' : ''));
  }

  /** What is copied: the answer's own words (an FAQ entry's answer, a row's fields), without colour or layout. */
  function plainText(r: AnyResult): string {
    if (r.kind === 'faq') return r.entry.answer.trim();
    const block = new ResultsText(entries, { width: 1000, style: PLAIN }).full(r);
    return block
      .split('\n')
      .filter((l) => l.trim() && !/^\s*更多：/.test(l))
      .map((l) => l.trim())
      .join('\n');
  }

  async function markAnswer(mark: 'good' | 'bad', reason: string | undefined): Promise<void> {
    if (!asked?.id) return void ctx.term.err('还没有可以标记的答案：先搜索一个问题\n');
    if (!queryLogOn(ctx)) return void ctx.term.err('查询日志未开启，标记不会保存：在配置文件中写 query_log: true（:config path 显示位置）\n');
    await logEvent(ctx, mark, asked.query, asked.id, reason);
    ctx.term.err(style.dim(`已标记 ${asked.id} 为${mark === 'good' ? '好' : '不好'}${reason ? `：${reason}` : ''}`) + '\n');
  }

  async function help(topic: string | undefined): Promise<void> {
    if (!topic) return void ctx.term.err(sessionHelp());
    const sessionOnly = (SESSION_WORDS as readonly string[]).includes(topic);
    if (!names.includes(topic)) {
      if (sessionOnly) return void ctx.term.err(sessionHelp());
      return void ctx.term.err(`未知命令 :${topic}，输入 :help 查看\n`);
    }
    const { helpText } = await import('../help.js');
    term.err(helpText([topic], width(), true));
  }

  /** `:outlets 章丘 --bank 工行` runs like `sbk outlets 章丘 --bank 工行`; an error is reported, the session goes on. */
  async function runCommand(argv: string[]): Promise<void> {
    if (argv[0] === 'repl') return void ctx.term.err('已经在会话模式中\n');
    const shown = argv[0] === 'show' && argv[1] ? byId.get(argv[1]) : undefined;
    if (shown) {
      current = { kind: 'faq', entry: shown, score: 1, points: 0 };
      shownOutput = undefined;
    }
    // Read by the command line's own reader and run with the session's context (data, colour); paged
    // only when taller than the window (see the top of this file).
    const { parseCommandArgs, execute } = await import('../commandline.js');
    const saved = process.exitCode;
    try {
      await execute(parseCommandArgs(argv[0]!, argv.slice(1)), inSession, {
        page: true,
        shown: (out) => {
          const what = copyable(out, argv);
          if (what) shownOutput = what;
        },
      });
    } catch (e) {
      if (e instanceof Error && e.name === 'ExitPromptError') ctx.term.err('已返回会话。\n');
      else reportError(e);
    } finally {
      process.exitCode = saved;
    }
  }

  /**
   * The pager reads the keys from the terminal itself: the session stops reading them meanwhile, so a
   * key pressed in the pager never lands on the session's line.
   */
  async function pageAlone(t: string): Promise<void> {
    keys.stop();
    paging = true;
    try {
      await said.page(t);
    } finally {
      paging = false;
      keys.clear();
      keys.start();
    }
  }

  /** The session's help at the window's width: a description too long for its row goes on under its column. */
  function sessionHelp(): string {
    const w = width();
    const column = ' '.repeat(24);
    return HELP.split('\n')
      .flatMap((line) => {
        if (displayWidth(line) <= w) return [line];
        const m = /^( {2}\S.{0,20}?\s{2,})(\S.*)$/u.exec(line);
        if (m && displayWidth(m[1]!) === 24) return wrap(m[2]!, w, { first: m[1]!, indent: column });
        if (line.startsWith(column)) return wrap(line.trimStart(), w, column);
        return wrap(line.trimStart(), w, { first: line.slice(0, line.length - line.trimStart().length), indent: '      ' });
      })
      .join('\n');
  }

  function reportError(e: unknown): void {
    void import('../errors.js').then(({ reportError }) => reportError(e, term.err));
  }


  async function runLive(initialQuery: string): Promise<string> {
    live = true;
    let r;
    try {
      r = await liveSearch({
        keys,
        write: (s) => void tty.write(s),
        width,
        height,
        style,
        search: (q, limit) => search.search(q, limit),
        full: (res, w) => sessionSyntax(new ResultsText(entries, { width: w, style, numbered: true }).full(res), names),
        initial: initialQuery,
      });
    } finally {
      live = false;
    }
    if (r.kind === 'back') return r.query;
    // Opened: into the transcript as if typed, and its results numbered as after a search.
    const query = r.response.query || '';
    tty.write(PROMPT + style.dim(`（实时搜索）${query}`) + '\n');
    history.add(query);
    last = { query, opts: { limit: r.response.results.length, numbered: true }, response: r.response, shown: r.response.results.length, listed: r.response.results.length };
    const found = faqOnly(r.response);
    asked = { query, id: found[0]?.entry.id };
    await logSearch(ctx, 'session', query, found, r.response.ambiguous);
    await open(r.n);
    return '';
  }

  async function suspend(): Promise<void> {
    keys.stop();
    const back = new Promise<void>((resolve) => {
      process.once('SIGCONT', () => resolve());
      // Without job control (no shell to bring it back) the stop is ignored: carry on.
      setTimeout(resolve, 200);
    });
    process.kill(process.pid, 'SIGTSTP');
    await back;
    keys.start();
  }

  function complete(before: string): Completion {
    const all = [...new Set([...names, ...SESSION_WORDS])];
    const m = /^(\s*[:：])(\S*)$/.exec(before);
    if (m) {
      const start = [...m[1]!].length - 1;
      return { start, candidates: all.map((c) => ':' + c).filter((c) => c.startsWith(':' + m[2]!)).sort() };
    }
    const w = /^\s*[:：]?(\S+)\s+(?:\S+\s+)*(\S*)$/.exec(before);
    if (!w) return { start: 0, candidates: [] };
    const cmd = w[1]!.toLowerCase();
    const word = w[2]!;
    const start = [...before].length - [...word].length;
    const pick = (list: readonly string[]) => list.filter((c) => c.startsWith(word)).sort();
    if (word.startsWith('-')) {
      const name = names.includes(cmd) ? cmd : 'search';
      return { start, candidates: pick(optionFlags(name)) };
    }
    const args = splitArgs(before).length - (word ? 1 : 0);
    if (args !== 1) return { start, candidates: [] };
    if (cmd === 'tree') return { start, candidates: pick(treeIds) };
    if (cmd === 'show') return { start, candidates: pick(entryIds) };
    if (cmd === 'help') return { start, candidates: pick(names) };
    return { start, candidates: [] };
  }
}
