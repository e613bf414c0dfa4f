/**
 * The command line, declared once. Every command, its arguments, its options and its examples are in
 * COMMANDS below, and everything else is derived from that table: the reader of the command line
 * (`parseCommandLine`, used for one-shot runs, the quick search path and, through `parseCommandArgs`,
 * the session mode's `:outlets 章丘 --bank 工行`), the help (src/help.ts) and the shell completion
 * (src/commands/completion.ts). Nothing here loads a command's module: each is imported when it runs.
 *
 * Why not commander, the design card's parser: loading it and declaring the commands was a sixth of a
 * one-shot run (the old quick path existed only to skip it), and with one reader for every entry
 * (command line, session, completion, help) the measured table commands ran 0.83× as long as with
 * commander (`outlets 章丘`, paired runs in one bench, issue 13A), and search 0.92×. The reader is the
 * declarations plus a small loop over the words.
 *
 * Session mode helpers: `parseCommandArgs(name, argv)` reads the words after a command name exactly as
 * the command line would; `commandSpec(name)` gives the declaration (for :help <command>).
 */
import { SbkError, EXIT } from './errors.js';
import { DEFAULT_LIMIT, parseAge, parseDate, parseLimit } from './options.js';
import { closest } from './suggest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';
import type { Context } from './context.js';
import type { Terminal } from './io.js';
import type { Output } from './render/formats.js';

/**
 * What a shell can complete for an option value or an argument (src/commands/completion.ts); an option
 * with `choices` offers them. `districts`: those with an outlet; `office-districts`: those with an office.
 */
export type Completer = 'banks' | 'districts' | 'office-districts' | 'trees' | 'entries' | 'dirs' | 'files' | 'shells';

export interface OptionSpec {
  /** Long name without the dashes (`limit`); its key in the parsed options is camelCase (`olderThan`). */
  long: string;
  short?: string;
  /** The value's placeholder in help (`<数量>`); absent for a flag. */
  value?: string;
  /** Repeatable: the values in order (`--answer a=b --answer c=d`). */
  multiple?: boolean;
  /** Checks and converts a value; throws SbkError with what to type instead. */
  parse?: (v: string) => unknown;
  default?: unknown;
  choices?: readonly string[];
  description: string;
  complete?: Completer;
  /** `--no-color`: sets `color` to false. */
  negates?: string;
}

export interface ArgSpec {
  /** Placeholder in help and in error messages (Chinese). */
  name: string;
  required?: boolean;
  variadic?: boolean;
  description: string;
  complete?: Completer;
}

/** A command's module, loaded when it runs: `run(ctx, ...args, opts)` gives the exit code. */
type Runner = (ctx: Context, ...rest: any[]) => Promise<number | Output> | number | Output; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CommandSpec {
  name: string;
  description: string;
  args?: ArgSpec[];
  options?: OptionSpec[];
  /** Example lines: `命令` or `命令  说明`. */
  examples?: string[];
  subcommands?: CommandSpec[];
  load?: () => Promise<Runner>;
  /** Not offered inside the session mode (`:repl`). */
  noSession?: boolean;
}

/** Output formats per kind of output (src/render/formats.ts renders them). */
const TABLE_FORMATS = ['table', 'json', 'csv', 'tsv', 'md'] as const;
const DOC_FORMATS = ['text', 'json', 'md'] as const;

const json = (what = '输出 JSON'): OptionSpec => ({ long: 'json', description: what });
const format = (choices: readonly string[], description: string): OptionSpec => ({
  long: 'format',
  short: 'f',
  value: '格式',
  choices,
  description,
});
const tableFormat = format(TABLE_FORMATS, '输出格式：table 表格（默认，输出到管道时也是表格）、json、csv（RFC 4180，UTF-8）、tsv（每行一条，便于 cut/awk）、md（Markdown 表格）');
const tableJson = json('等同 --format json');

export const GLOBAL_OPTIONS: OptionSpec[] = [
  { long: 'data-dir', value: '目录', description: '从该目录读取 faq.yaml、banks.yaml、offices.yaml、trees.yaml、search.yaml（默认用安装包自带的数据）', complete: 'dirs' },
  { long: 'no-color', negates: 'color', description: '不使用颜色（输出不是终端或设置了 NO_COLOR 时也不用颜色）' },
  { long: 'notes', description: '同时显示维护者的注（知识库原文的错字、缺区号、前后矛盾等，供核对；平时不显示）' },
  { long: 'no-pager', negates: 'pager', description: '结果比终端高时也不用分页器（默认用 $SBK_PAGER、$PAGER 或 less -FRX；输出到管道时从不分页）' },
  { long: 'help', short: 'h', description: '显示帮助' },
];
/** Only before a command: `sbk --version`. */
export const VERSION_OPTION: OptionSpec = { long: 'version', short: 'V', description: '显示版本号' };

export const PROGRAM = {
  name: 'sbk',
  description: '济南 12345 热线社保卡问答分诊：搜索知识库、引导式问诊（决策树）、银行/网点/经办机构/电话查询',
  examples: [
    'sbk 社保卡丢了怎么办           搜索（默认命令）',
    'sbk show lost-card             查看一个条目全文',
    'sbk tree lost-card             引导式问诊',
    'sbk outlets --district 章丘    查网点',
    'sbk phones 68967600            查电话是谁的',
    'sbk help outlets               查看一个命令的帮助',
  ],
};

/** The commands, in the order help lists them. The first is the default (`sbk 卡丢了` = `sbk search 卡丢了`). */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'search',
    description: '搜索知识库，显示最佳答案全文和其他候选（默认命令，可省略 search）',
    args: [{ name: '问题', variadic: true, description: '来电人的问题、关键词、拼音均可；省略且标准输入不是终端时逐行读取' }],
    options: [
      { long: 'limit', short: 'n', value: '数量', parse: parseLimit, default: DEFAULT_LIMIT, description: '最多显示几条结果' },
      format(DOC_FORMATS, '输出格式：text 文字（默认）、json、md（Markdown）'),
      json('等同 --format json'),
      { long: 'explain', description: '说明每条结果为什么排在这里' },
    ],
    examples: ['sbk 卡丢了咋办', 'sbk search 补卡 周末 --limit 3', 'sbk shebaoka diule --json', 'printf "密码锁了\\n新卡怎么激活\\n" | sbk search --json'],
    load: async () => (await import('./commands/search.js')).run,
  },
  {
    name: 'show',
    description: '显示一个条目的全文',
    args: [{ name: '条目id', required: true, description: '条目 id，例如 lost-card（搜索结果中括号里的就是 id）', complete: 'entries' }],
    options: [format(DOC_FORMATS, '输出格式：text 文字（默认）、json、md（Markdown）'), json('等同 --format json')],
    examples: ['sbk show lost-card', 'sbk show lost-card-reissue-weekend --json'],
    load: async () => (await import('./commands/show.js')).run,
  },
  {
    name: 'tree',
    description: '引导式问诊：社保卡丢失、卡用不了、制卡进度等',
    args: [{ name: '决策树id', description: '决策树 id；省略则列出全部', complete: 'trees' }],
    options: [
      { long: 'answer', short: 'a', value: '问题=选项', multiple: true, description: '预先给出答案，可多次使用，例如 --answer card=jinan' },
      format(DOC_FORMATS, '结果的输出格式：text 结果和工单（默认）、json、md（Markdown，便于粘贴）'),
      json('输出 JSON（等同 --format json）'),
      { long: 'describe', description: '输出整棵树（配合 --json）' },
      { long: 'mermaid', description: '输出 Mermaid 流程图' },
      { long: 'sources', description: '逐个结果列出每一步及其所引 faq-source.txt 原文（供维护者核对）' },
    ],
    examples: [
      'sbk tree                                   列出全部决策树',
      'sbk tree lost-card                         在终端中逐步提问（↑↓ 选择，可返回上一步）',
      'sbk tree progress --answer card-type=employee --answer stage=in-production --json    不提问，直接给出结果（脚本用；缺答案时报错并列出可选项）',
      'sbk tree lost-card --describe --json       整棵树',
      'sbk tree progress --mermaid                Mermaid 流程图（选项文字在连线上）',
      'sbk tree lost-card --sources               每一步与它所引的原文行并排，供核对',
    ],
    load: async () => (await import('./commands/tree.js')).run,
  },
  {
    name: 'banks',
    description: '七家合作银行：客服电话、查卡电话、区县/莱芜分支行电话、三代卡、电子社保卡',
    args: [{ name: '银行', description: '银行名或简称，例如 工行、农商', complete: 'banks' }],
    options: [tableFormat, tableJson],
    examples: ['sbk banks', 'sbk banks 建行', 'sbk banks --format csv'],
    load: async () => (await import('./commands/banks.js')).run,
  },
  {
    name: 'outlets',
    description: '78 家“社银合作”银行网点',
    args: [{ name: '关键词', description: '按网点名称、地址查找（汉字或拼音），例如 经八路、jingbalu、政务中心', complete: 'districts' }],
    options: [
      { long: 'bank', short: 'b', value: '银行', description: '只看某家银行，例如 工行、农商', complete: 'banks' },
      { long: 'district', short: 'd', value: '区县', description: '只看某个区县，例如 章丘、莱芜区、lixia', complete: 'districts' },
      tableFormat,
      tableJson,
    ],
    examples: ['sbk outlets 经八路', 'sbk outlets --bank 工行 --district 莱芜', 'sbk outlets --format tsv | cut -f3'],
    load: async () => (await import('./commands/outlets.js')).run,
  },
  {
    name: 'offices',
    description: '15 家社保卡业务经办机构；--yibao 查各区医保办电话（居民社保卡制卡进度）',
    args: [{ name: '关键词', description: '机构名、区县或地址关键词', complete: 'office-districts' }],
    options: [{ long: 'yibao', description: '显示各区医保办电话' }, tableFormat, tableJson],
    examples: ['sbk offices', 'sbk offices 章丘', 'sbk offices --yibao 历城'],
    load: async () => (await import('./commands/offices.js')).run,
  },
  {
    name: 'phones',
    description: '知识库中所有电话：按号码查是谁的，按名称查号码',
    args: [{ name: '号码或名称', required: true, variadic: true, description: '号码（可只输后几位）或名称，例如 68967600、建行、章丘、laiwu' }],
    options: [tableFormat, tableJson],
    examples: ['sbk phones 68967600', 'sbk phones 建行', 'sbk phones 章丘 --json'],
    load: async () => (await import('./commands/phones.js')).run,
  },
  {
    name: 'validate',
    description: '检查数据文件，列出读到的内容或全部问题',
    options: [json(), { long: 'older-than', value: '天数', parse: parseAge, description: '列出超过这么多天未审核（reviewed: 日期）的条目，例如 180d' }],
    examples: ['sbk validate', 'sbk --data-dir ./新版知识库 validate', 'sbk validate --older-than 180d'],
    load: async () => (await import('./commands/validate.js')).run,
  },
  {
    name: 'repl',
    description: '会话模式：连续输入问题查看答案，数字打开对应结果，:tree、:outlets 等运行其他命令（Ctrl-D 或 :q 退出）',
    examples: ['sbk repl', 'sbk          （在终端中不带参数运行也进入会话模式）'],
    load: async () => (await import('./commands/repl.js')).run,
    noSession: true,
  },
  {
    name: 'completion',
    description: '输出 shell 补全脚本（命令、选项、决策树 id、条目 id、银行和区县名）',
    args: [{ name: 'shell', required: true, description: 'bash 或 zsh', complete: 'shells' }],
    examples: ['sbk completion bash >> ~/.bashrc', 'sbk completion zsh > "${fpath[1]}/_sbk"'],
    load: async () => (await import('./commands/completion.js')).run,
  },
  {
    name: 'source',
    description: '维护者：对比新版 faq-source.txt 与数据文件，并把变化写入数据文件',
    subcommands: [
      {
        name: 'diff',
        description: '列出新版源文件相对数据文件新增、变更、删除的问答条目和表格行',
        args: [{ name: '新版源文件', required: true, description: '新版 faq-source.txt 的路径', complete: 'files' }],
        options: [json('输出 JSON：{"added": [...], "changed": [...], "removed": [...], "tables": {...}}')],
        examples: ['sbk source diff ~/下载/faq-source-新版.txt', 'sbk source diff 新版.txt --json'],
        load: async () => (await import('./commands/source.js')).diff,
      },
      {
        name: 'apply',
        description: '把新版源文件的变化写入 faq.yaml、banks.yaml、offices.yaml（保留 id、别名、注释；新条目和变更条目标记 review）',
        args: [{ name: '新版源文件', required: true, description: '新版 faq-source.txt 的路径', complete: 'files' }],
        options: [{ long: 'force', description: '数据文件有未提交的修改（或不在 git 中）时也改写' }],
        examples: ['sbk source apply 新版.txt', 'sbk --data-dir ./新版知识库 source apply 新版.txt --force'],
        load: async () => (await import('./commands/source.js')).apply,
      },
    ],
  },
  {
    name: 'report',
    description: '维护者：查询日志报告：没有答案的问题（按相同词语归组计数）、接近并列、被标记为不好的答案、问得最多的条目',
    options: [
      { long: 'log', value: '文件', description: '读取这个查询日志（默认：配置的日志文件，$XDG_STATE_HOME/sbk/queries.jsonl）', complete: 'files' },
      { long: 'since', value: '日期', parse: parseDate, description: '只看这一天（YYYY-MM-DD）及以后的查询' },
      json(),
    ],
    examples: ['sbk report', 'sbk report --since 2026-03-01', 'sbk report --log ./queries.jsonl --json'],
    load: async () => (await import('./commands/report.js')).run,
  },
  {
    name: 'config',
    description: '维护者：sbk 的配置文件（例如开启查询日志 query_log: true）',
    subcommands: [
      {
        name: 'path',
        description: '显示配置文件的路径（$XDG_CONFIG_HOME/sbk/config.yaml）',
        options: [{ long: 'log', description: '改为显示默认查询日志文件的路径（$XDG_STATE_HOME/sbk/queries.jsonl）' }],
        examples: ['sbk config path', 'mkdir -p "$(dirname "$(sbk config path)")" && echo "query_log: true" >> "$(sbk config path)"'],
        load: async () => (await import('./commands/config.js')).path,
      },
    ],
  },
];

/** The names a user can type as a command: the one list (help, suggestions, completion, the session mode). */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);
const DEFAULT_COMMAND = COMMANDS[0]!;

/**
 * How a search runs, decided here only: `sbk` alone on a terminal is the session mode; a search without
 * a query reads one question per stdin line when stdin is not a terminal (batch), and is a usage error
 * (no question) when it is; with a query it is one search.
 */
type SearchMode = 'session' | 'batch' | 'one' | 'no-query';
export function searchMode(argv: readonly string[] | undefined, query: readonly string[], term: { stdinIsTTY: boolean; stdoutIsTTY: boolean }): SearchMode {
  if (argv?.length === 0 && term.stdinIsTTY && term.stdoutIsTTY) return 'session';
  if (query.length) return query.join(' ').trim() ? 'one' : 'no-query';
  return term.stdinIsTTY ? 'no-query' : 'batch';
}

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** `olderThan` for `--older-than`. */
function optionKey(o: OptionSpec): string {
  return o.negates ?? o.long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export type Options = Record<string, unknown>;

/** What a command line asks for. */
export type CommandLine =
  | { kind: 'help'; path: string[] }
  | { kind: 'version' }
  | {
      kind: 'run';
      /** `['source', 'diff']` for a subcommand. */
      path: string[];
      spec: CommandSpec;
      /** Positional values in declaration order: a variadic one as an array, a missing optional one undefined. */
      args: unknown[];
      opts: Options;
      globals: Globals;
    };

/** The program options as a command line gives them. */
type Globals = { dataDir?: string; color: boolean; pager?: boolean; notes?: boolean };

const usage = (text: string) => new SbkError(text, EXIT.usage);

/**
 * How many words at the start of `argv` are the program's own options (GLOBAL_OPTIONS but --help:
 * `--no-color`, `--notes`, `--data-dir D`, `--data-dir=D`); the command word, if any, comes next.
 */
export function programOptionsEnd(argv: readonly string[]): number {
  let k = 0;
  while (k < argv.length) {
    const o = GLOBAL_OPTIONS.find((g) => g.long !== 'help' && (argv[k] === `--${g.long}` || (g.value !== undefined && argv[k]!.startsWith(`--${g.long}=`))));
    if (!o) break;
    k += o.value !== undefined && argv[k] === `--${o.long}` ? 2 : 1;
  }
  return Math.min(k, argv.length);
}

/**
 * Reads a whole command line (without `node sbk`). A command word counts only as the first word after
 * the program's own options (`--data-dir`, `--no-color`); any other first word starts a query to the
 * default command (`sbk --json search 卡` asks for "search 卡"). Program options are read anywhere.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const k = programOptionsEnd(argv);
  const first = argv[k];
  if (first === '-V' || first === '--version') return { kind: 'version' };
  if (first === 'help') {
    const rest = argv.slice(k + 1).filter((w) => !w.startsWith('-'));
    return { kind: 'help', path: helpPath(rest) };
  }
  const globalsBefore = argv.slice(0, k);
  let spec = first !== undefined ? commandSpec(first) : undefined;
  let rest = argv.slice(k + (spec ? 1 : 0));
  const path = [spec?.name ?? DEFAULT_COMMAND.name];
  if (spec?.subcommands) {
    const i = rest.findIndex((w) => !w.startsWith('-'));
    const sub = i >= 0 ? spec.subcommands.find((s) => s.name === rest[i]) : undefined;
    if (!sub) {
      if (rest.includes('-h') || rest.includes('--help')) return { kind: 'help', path };
      const names = spec.subcommands.map((s) => s.name);
      if (i < 0) throw usage(`缺少子命令：可用 ${names.map((n) => `sbk ${spec!.name} ${n}`).join('、')}（运行 sbk help ${spec.name} 查看用法）`);
      const hint = closest(rest[i]!, names);
      throw usage(`未知命令 ${spec.name} ${rest[i]}${hint ? `，是否想输入 sbk ${spec.name} ${hint}？` : ''}：可用 ${names.map((n) => `sbk ${spec!.name} ${n}`).join('、')}`);
    }
    path.push(sub.name);
    rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
    spec = sub;
  }
  const read = readArgs(spec ?? DEFAULT_COMMAND, [...globalsBefore, ...rest], path, true);
  // `sbk --help`: the program's help (`sbk search --help` is the search's).
  if (read.kind === 'help' && !spec) return { kind: 'help', path: [] };
  // The search tells a query from a mistyped command name only when no command was named.
  if (read.kind === 'run' && !spec) read.opts.commandWord = false;
  return read;
}

function helpPath(words: string[]): string[] {
  if (!words.length) return [];
  const spec = commandSpec(words[0]!);
  if (!spec) {
    const hint = closest(words[0]!, COMMAND_NAMES, 0.4);
    throw usage(`没有命令 ${words[0]}${hint ? `，是否想输入 sbk help ${hint}？` : ''}：可用 ${COMMAND_NAMES.join('、')}`);
  }
  const sub = words[1] && spec.subcommands?.find((s) => s.name === words[1]);
  return sub ? [spec.name, sub.name] : [spec.name];
}

/**
 * The words after a command name, read as the command line reads them: for the session mode
 * (`:outlets 章丘 --bank 工行`). Program options (`--data-dir`) are not taken there.
 */
export function parseCommandArgs(commandName: string, argv: readonly string[]): CommandLine {
  const spec = commandSpec(commandName);
  if (!spec) throw usage(`未知命令 ${commandName}`);
  if (spec.subcommands) return parseCommandLine([commandName, ...argv]);
  return readArgs(spec, argv, [commandName], false);
}

function readArgs(spec: CommandSpec, argv: readonly string[], path: string[], globalsAllowed: boolean): CommandLine {
  const options = [...(spec.options ?? []), ...(globalsAllowed ? GLOBAL_OPTIONS : GLOBAL_OPTIONS.filter((o) => o.long === 'help'))];
  const opts: Options = {};
  const positionals: string[] = [];
  for (const o of options) if (o.default !== undefined) opts[optionKey(o)] = o.default;
  const set = (o: OptionSpec, raw: string | undefined) => {
    const key = optionKey(o);
    if (o.negates) return void (opts[key] = false);
    if (o.value === undefined) return void (opts[key] = true);
    if (raw === undefined) throw usage(`选项 --${o.long} 缺少取值：运行 ${helpCommand(path)} 查看用法`);
    if (o.choices && !o.choices.includes(raw)) throw usage(`选项 --${o.long} 的值“${raw}”无效：可选 ${o.choices.join('、')}`);
    const v = o.parse ? o.parse(raw) : raw;
    if (o.multiple) opts[key] = [...((opts[key] as unknown[] | undefined) ?? []), v];
    else opts[key] = v;
  };
  const unknown = (name: string): never => {
    const longs = options.map((o) => `--${o.long}`);
    const hint = name.startsWith('--') ? closest(name, longs) : undefined;
    throw usage(`未知选项 ${name}${hint ? `，是否想输入 ${hint}？` : ''}：运行 ${helpCommand(path)} 查看可用选项`);
  };
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const o = options.find((x) => x.long === name);
      if (!o) unknown(eq < 0 ? a : a.slice(0, eq));
      if (o!.long === 'help') {
        help = true;
        continue;
      }
      if (o!.value === undefined) {
        if (eq >= 0) throw usage(`选项 --${o!.long} 不带取值：去掉“${a.slice(eq)}”`);
        set(o!, undefined);
      } else set(o!, eq >= 0 ? a.slice(eq + 1) : argv[++i]);
      continue;
    }
    if (a.length > 1 && a.startsWith('-') && !/^-\d/.test(a)) {
      // A cluster of short options: -n5, -ab.
      for (let j = 1; j < a.length; j++) {
        const o = options.find((x) => x.short === a[j]);
        if (!o) unknown(`-${a[j]}`);
        if (o!.long === 'help') {
          help = true;
          continue;
        }
        if (o!.value === undefined) {
          set(o!, undefined);
          continue;
        }
        set(o!, j + 1 < a.length ? a.slice(j + 1) : argv[++i]);
        break;
      }
      continue;
    }
    positionals.push(a);
  }
  if (help) return { kind: 'help', path };

  const args: unknown[] = [];
  const declared = spec.args ?? [];
  let p = 0;
  for (const d of declared) {
    if (d.variadic) {
      args.push(positionals.slice(p));
      p = positionals.length;
      if (d.required && !(args[args.length - 1] as string[]).length) throw usage(`缺少参数 <${d.name}>：运行 ${helpCommand(path)} 查看用法`);
    } else {
      if (d.required && p >= positionals.length) throw usage(`缺少参数 <${d.name}>：运行 ${helpCommand(path)} 查看用法`);
      args.push(positionals[p++]);
    }
  }
  if (p < positionals.length) throw usage(`参数太多（“${positionals[p]}”）：运行 ${helpCommand(path)} 查看用法`);
  const { dataDir, color, pager, notes, ...own } = opts;
  return { kind: 'run', path, spec, args, opts: own, globals: globalsOf({ dataDir, color, pager, notes }) };
}

function globalsOf({ dataDir, color, pager, notes }: Options): Globals {
  const globals: Globals = { color: color !== false };
  if (pager === false) globals.pager = false;
  if (notes === true) globals.notes = true;
  if (typeof dataDir === 'string') globals.dataDir = dataDir;
  return globals;
}

/**
 * The program's flags (GLOBAL_OPTIONS without a value: `--no-color`, `--no-pager`) among the words of a
 * command line that could not be read, anywhere before `--`: the terminal that reports the error is set
 * up as they ask.
 */
export function flagGlobals(argv: readonly string[]): Globals {
  const given = argv.slice(0, argv.indexOf('--') >>> 0);
  const opts: Options = {};
  for (const o of GLOBAL_OPTIONS) if (o.value === undefined && given.includes(`--${o.long}`)) opts[optionKey(o)] = !o.negates;
  return globalsOf(opts);
}

function helpCommand(path: string[]): string {
  return `sbk ${path.join(' ')} --help`;
}

/** The package's version (`sbk --version`). */
export function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Run a command line already read, with a Context (the session mode keeps one for its whole run). */
export async function execute(line: CommandLine, ctx: Context, how: { page?: boolean; shown?: (out: Output) => void } = {}): Promise<number> {
  try {
    return await executeOnce(line, ctx, how);
  } catch (e) {
    // A cache part failed its check while the command read it (src/kb/blocks.ts): nothing read from it
    // was written (a batch checks all it reads first); the command runs again from the YAML.
    if ((e as Error | undefined)?.name !== 'CacheDamaged') throw e;
    (await import('./services.js')).forgetCache();
    return executeOnce(line, ctx, how);
  }
}

/**
 * `--version`, and `--help` paged like a result (taller than the terminal, its first lines, the usage,
 * would scroll away): answered without a command or a Context. In the session (`inSession`) the help
 * leaves out the program options, which are given when it starts.
 */
export async function answerWithoutCommand(line: Exclude<CommandLine, { kind: 'run' }>, term: Pick<Terminal, 'out' | 'page' | 'width'>, inSession = false): Promise<number> {
  if (line.kind === 'version') term.out(`${version()}\n`);
  else await term.page((await import('./help.js')).helpText(line.path, term.width, inSession));
  return EXIT.found;
}

async function executeOnce(line: CommandLine, ctx: Context, how: { page?: boolean; shown?: (out: Output) => void }): Promise<number> {
  if (line.kind !== 'run') return answerWithoutCommand(line, ctx.term, ctx.session !== undefined);
  const run = await line.spec.load!();
  const result: unknown = await run(ctx, ...line.args, line.opts);
  if (typeof result === 'number') return result;
  const { emitOutput, chooseFormat } = await import('./render/formats.js');
  const code = await emitOutput(ctx, result as Output, chooseFormat(line.opts, line.spec), how);
  // The session keeps what is on screen (what `:copy` copies).
  how.shown?.(result as Output);
  return code;
}

