/**
 * The command line: declares the commands and their options and loads each command's module lazily
 * (a one-shot search never loads prompt or table libraries); `reportError` is the single error boundary
 * that turns errors into a one-line Chinese message and an exit code. Used by cli.ts and by the REPL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Help, Option } from 'commander';
import { SbkError, EXIT } from './errors.js';
import { makeContext, type Context, type GlobalOptions } from './context.js';
import { packageRoot } from './paths.js';
import { DEFAULT_LIMIT, parseAge, parseDate, parseLimit } from './options.js';
import { FORMATS } from './render/formats.js';

let cachedVersion: string | undefined;

function version(): string {
  if (cachedVersion) return cachedVersion;
  try {
    cachedVersion = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    cachedVersion = 'unknown';
  }
  return cachedVersion;
}

/** Wraps a lazily imported command so it gets a Context built from the global options. */
function lazy<A extends unknown[]>(
  load: () => Promise<{ run: (ctx: Context, ...args: A) => Promise<number> | number }>,
) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const ctx = await makeContext(cmd.optsWithGlobals<GlobalOptions>());
    const mod = await load();
    const code = await mod.run(ctx, ...(args.slice(0, -1) as A));
    process.exitCode = code;
  };
}

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

/** Commander's help layout with Chinese headings (inherited by every subcommand). */
const CHINESE_HELP = {
  showGlobalOptions: true,
  styleTitle: (title: string) => TITLES[title] ?? title,
  formatHelp: (cmd: Command, helper: Help) =>
    Help.prototype.formatHelp
      .call(helper, cmd, helper)
      .replace(/\(default: ([^)]*)\)/g, '（默认：$1）')
      .replace(/\(choices: ([^)]*)\)/g, '（可选：$1）'),
};

export function buildProgram(): Command {
  const program = new Command('sbk');
  program.configureHelp(CHINESE_HELP);
  program
    .description('济南 12345 热线社保卡问答分诊：搜索知识库、引导式问诊（决策树）、银行/网点/经办机构/电话查询')
    .version(version(), '-V, --version', '显示版本号')
    .option('--data-dir <dir>', '从该目录读取 faq.yaml、banks.yaml、offices.yaml、trees.yaml（默认用安装包自带的数据）')
    .option('--no-color', '不使用颜色（输出不是终端或设置了 NO_COLOR 时也不用颜色）')
    .option('--no-pager', '结果比终端高时也不用分页器（默认用 $SBK_PAGER、$PAGER 或 less -FRX；输出到管道时从不分页）')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
示例：
  sbk 社保卡丢了怎么办           搜索（默认命令）
  sbk show lost-card             查看一个条目全文
  sbk tree lost-card             引导式问诊
  sbk outlets --district 章丘    查网点
  sbk phones 68967600            查电话是谁的`,
    );

  program
    .command('search', { isDefault: true })
    .description('搜索知识库，显示最佳答案全文和其他候选（默认命令，可省略 search）')
    .argument('[query...]', '来电人的问题、关键词、拼音均可；省略且标准输入不是终端时逐行读取')
    .option('-n, --limit <n>', '最多显示几条结果', parseLimit, DEFAULT_LIMIT)
    .option('--json', '输出 JSON')
    .option('--explain', '说明每条结果为什么排在这里')
    .addHelpText('after', '\n示例：\n  sbk 卡丢了咋办\n  sbk search 补卡 周末 --limit 3\n  sbk shebaoka diule --json\n  printf "密码锁了\\n新卡怎么激活\\n" | sbk search --json')
    .action(lazy(() => import('./commands/search.js')));

  program
    .command('show')
    .description('显示一个条目的全文')
    .argument('<id>', '条目 id，例如 lost-card（搜索结果中括号里的就是 id）')
    .option('--json', '输出 JSON')
    .addHelpText('after', '\n示例：\n  sbk show lost-card\n  sbk show lost-card-reissue-weekend --json')
    .action(lazy(() => import('./commands/show.js')));

  program
    .command('validate')
    .description('检查数据文件，列出读到的内容或全部问题')
    .option('--json', '输出 JSON')
    .option('--older-than <days>', '列出超过这么多天未审核（reviewed: 日期）的条目，例如 180d', parseAge)
    .addHelpText('after', '\n示例：\n  sbk validate\n  sbk --data-dir ./新版知识库 validate\n  sbk validate --older-than 180d')
    .action(lazy(() => import('./commands/validate.js')));

  // -- tree: guided decision trees (issue 4) --
  program
    .command('tree')
    .description('引导式问诊：社保卡丢失、卡用不了、制卡进度等')
    .argument('[id]', '决策树 id；省略则列出全部')
    .option('-a, --answer <question=choice...>', '预先给出答案，可多次使用，例如 --answer card=jinan')
    .option('--json', '输出 JSON（等同 --format json）')
    .addOption(new Option('-f, --format <format>', '结果的输出格式：text 结果和工单（默认）、json、md（Markdown，便于粘贴）').choices(['text', 'json', 'md']))
    .option('--describe', '输出整棵树（配合 --json）')
    .option('--mermaid', '输出 Mermaid 流程图')
    .option('--sources', '逐个结果列出每一步及其所引 faq-source.txt 原文（供维护者核对）')
    .addHelpText('after', '\n示例：\n  sbk tree                                   列出全部决策树\n  sbk tree lost-card                         在终端中逐步提问（↑↓ 选择，可返回上一步）\n  sbk tree progress --answer card-type=employee --answer stage=in-production --json\n                                             不提问，直接给出结果（脚本用；缺答案时报错并列出可选项）\n  sbk tree lost-card --describe --json       整棵树\n  sbk tree progress --mermaid                Mermaid 流程图（选项文字在连线上）\n  sbk tree lost-card --sources               每一步与它所引的原文行并排，供核对')
    .action(lazy(() => import('./commands/tree.js')));

  // -- lookups: banks, outlets, offices, phones (issue 5) --
  const formatOption = () =>
    new Option('-f, --format <format>', '输出格式：table 表格（默认，输出到管道时也是表格）、json、csv（RFC 4180，UTF-8）、tsv（每行一条，便于 cut/awk）').choices(FORMATS);
  program
    .command('banks')
    .description('七家合作银行：客服电话、查卡电话、区县/莱芜分支行电话、三代卡、电子社保卡')
    .argument('[keyword]', '银行名或简称，例如 工行、农商')
    .addOption(formatOption())
    .option('--json', '等同 --format json')
    .addHelpText('after', '\n示例：\n  sbk banks\n  sbk banks 建行\n  sbk banks --format csv')
    .action(lazy(() => import('./commands/banks.js')));
  program
    .command('outlets')
    .description('78 家“社银合作”银行网点')
    .argument('[keyword]', '按网点名称、地址模糊查找，例如 经八路、政务中心')
    .option('-b, --bank <bank>', '只看某家银行，例如 工行、农商')
    .option('-d, --district <district>', '只看某个区县，例如 章丘、莱芜区')
    .addOption(formatOption())
    .option('--json', '等同 --format json')
    .addHelpText('after', '\n示例：\n  sbk outlets 经八路\n  sbk outlets --bank 工行 --district 莱芜\n  sbk outlets --format tsv | cut -f3')
    .action(lazy(() => import('./commands/outlets.js')));
  program
    .command('offices')
    .description('15 家社保卡业务经办机构；--yibao 查各区医保办电话（居民社保卡制卡进度）')
    .argument('[keyword]', '机构名、区县或地址关键词')
    .option('--yibao', '显示各区医保办电话')
    .addOption(formatOption())
    .option('--json', '等同 --format json')
    .addHelpText('after', '\n示例：\n  sbk offices\n  sbk offices 章丘\n  sbk offices --yibao 历城')
    .action(lazy(() => import('./commands/offices.js')));
  program
    .command('phones')
    .description('知识库中所有电话：按号码查是谁的，按名称查号码')
    .argument('<keyword...>', '号码（可只输后几位）或名称，例如 68967600、建行、章丘')
    .addOption(formatOption())
    .option('--json', '等同 --format json')
    .addHelpText('after', '\n示例：\n  sbk phones 68967600\n  sbk phones 建行\n  sbk phones 章丘 --json')
    .action(lazy(() => import('./commands/phones.js')));

  program
    .command('repl')
    .description('会话模式：连续输入问题查看答案，数字打开对应结果，:tree、:outlets 等运行其他命令（Ctrl-D 或 :q 退出）')
    .addHelpText('after', '\n示例：\n  sbk repl\n  sbk          （在终端中不带参数运行也进入会话模式）')
    .action(lazy(() => import('./commands/repl.js')));

  // -- maintainers: a new source version, the query log's report, the config file (issue 15) --
  const source = program
    .command('source')
    .description('维护者：对比新版 faq-source.txt 与数据文件，并把变化写入数据文件')
    .helpCommand(false);
  source
    .command('diff')
    .description('列出新版源文件相对数据文件新增、变更、删除的问答条目和表格行')
    .argument('<new-source>', '新版 faq-source.txt 的路径')
    .option('--json', '输出 JSON：{"added": [...], "changed": [...], "removed": [...], "tables": {...}}')
    .addHelpText('after', '\n示例：\n  sbk source diff ~/下载/faq-source-新版.txt\n  sbk source diff 新版.txt --json')
    .action(lazy(async () => ({ run: (await import('./commands/source.js')).diff })));
  source
    .command('apply')
    .description('把新版源文件的变化写入 faq.yaml、banks.yaml、offices.yaml（保留 id、别名、注释；新条目和变更条目标记 review）')
    .argument('<new-source>', '新版 faq-source.txt 的路径')
    .option('--force', '数据文件有未提交的修改（或不在 git 中）时也改写')
    .addHelpText('after', '\n示例：\n  sbk source apply 新版.txt\n  sbk --data-dir ./新版知识库 source apply 新版.txt --force')
    .action(lazy(async () => ({ run: (await import('./commands/source.js')).apply })));

  program
    .command('report')
    .description('维护者：查询日志报告：没有答案的问题（按相同词语归组计数）、接近并列、被标记为不好的答案、问得最多的条目')
    .option('--log <file>', '读取这个查询日志（默认：配置的日志文件，$XDG_STATE_HOME/sbk/queries.jsonl）')
    .option('--since <date>', '只看这一天（YYYY-MM-DD）及以后的查询', parseDate)
    .option('--json', '输出 JSON')
    .addHelpText('after', '\n示例：\n  sbk report\n  sbk report --since 2026-03-01\n  sbk report --log ./queries.jsonl --json')
    .action(lazy(() => import('./commands/report.js')));

  const config = program.command('config').description('维护者：sbk 的配置文件（例如开启查询日志 query_log: true）').helpCommand(false);
  config
    .command('path')
    .description('显示配置文件的路径（$XDG_CONFIG_HOME/sbk/config.yaml）')
    .option('--log', '改为显示默认查询日志文件的路径（$XDG_STATE_HOME/sbk/queries.jsonl）')
    .addHelpText('after', '\n示例：\n  sbk config path\n  mkdir -p "$(dirname "$(sbk config path)")" && echo "query_log: true" >> "$(sbk config path)"')
    .action(lazy(async () => ({ run: (await import('./commands/config.js')).path })));

  program
    .command('completion')
    .description('输出 shell 补全脚本（命令、决策树 id、银行和区县名）')
    .argument('<shell>', 'bash 或 zsh')
    .addHelpText('after', '\n示例：\n  sbk completion bash >> ~/.bashrc\n  sbk completion zsh > "${fpath[1]}/_sbk"')
    .action(lazy(() => import('./commands/completion.js')));

  // Errors surface as exceptions for reportError (the REPL keeps running after one).
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) {
    c.exitOverride();
    c.configureOutput({ outputError: () => {} });
    c.helpOption('-h, --help', '显示帮助');
  }
  return program;
}

/** The names a user can type as a command (for suggestions and completion). */
export function commandNames(program: Command = buildProgram()): string[] {
  return program.commands.map((c) => c.name());
}

/** Commander's own messages are English; say them in Chinese with what to do. */
function translateCommanderError(e: CommanderError): string {
  const m = e.message.replace(/^error:\s*/, '');
  let r: RegExpMatchArray | null;
  if ((r = m.match(/unknown option '([^']+)'(?:\s*\(Did you mean (\S+)\?\))?/)))
    return `未知选项 ${r[1]}${r[2] ? `，是否想输入 ${r[2]}？` : ''}：运行 sbk --help 查看可用选项`;
  if ((r = m.match(/unknown command '([^']+)'(?:\s*\(Did you mean (\S+)\?\))?/)))
    return `未知命令 ${r[1]}${r[2] ? `，是否想输入 ${r[2]}？` : ''}：运行 sbk --help 查看全部命令`;
  if ((r = m.match(/missing required argument '([^']+)'/))) return `缺少参数 <${r[1]}>：运行 sbk <命令> --help 查看用法`;
  if ((r = m.match(/option '([^']+)' argument missing/))) return `选项 ${r[1]} 缺少取值：运行 sbk <命令> --help 查看用法`;
  if ((r = m.match(/option '([^']+)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./)))
    return `选项 ${r[1]} 的值“${r[2]}”无效：可选 ${r[3]}`;
  if (/too many arguments/.test(m)) return `参数太多：运行 sbk <命令> --help 查看用法`;
  return `${m}：运行 sbk --help 查看用法`;
}

/** The one place that turns an error into a message on stderr and an exit code. */
export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    if (e.cause instanceof SbkError) return reportError(e.cause);
    process.stderr.write(`sbk：${translateCommanderError(e)}\n`);
    return EXIT.usage;
  }
  if (e instanceof SbkError) {
    process.stderr.write(`sbk：${e.message}\n`);
    for (const d of e.details) process.stderr.write(`  ${d}\n`);
    return e.exitCode;
  }
  if (e instanceof Error && e.name === 'ExitPromptError') {
    process.stderr.write('\n已取消。\n');
    return EXIT.interrupted;
  }
  const what = e instanceof Error ? e.message : String(e);
  process.stderr.write(`sbk：内部错误（${what.split('\n')[0]}）。请把这条信息和所用命令报告给维护者；设置 SBK_DEBUG=1 可看到详细信息。\n`);
  if (process.env.SBK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT.usage;
}

