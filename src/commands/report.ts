/**
 * `sbk report [--log FILE] [--since DATE] [--json]`: what callers asked that sbk could not answer, close
 * calls, answers marked bad and the entries asked most, from the query log (src/log/report.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { queryLogSetting, defaultLogFile } from '../log/config.js';
import { BadLogLine, buildReport, parseLog, type Report } from '../log/report.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';
import type { Output } from '../render/formats.js';
import { knowledgeBase } from '../services.js';

export interface ReportOptions {
  log?: string;
  since?: string;
  json?: boolean;
}

export async function run(ctx: Context, opts: ReportOptions): Promise<Output> {
  const file = opts.log ?? queryLogSetting().file ?? defaultLogFile();
  // The rotated part first: it holds the older lines.
  const files = [`${file}.1`, file].filter((f) => f === file || existsSync(f));
  const lines = files.flatMap((f) => readLog(f));
  const report = buildReport(lines, (await knowledgeBase(ctx.dataDir)).search, opts.since);
  return { kind: 'report', data: { log: file, ...report }, text: () => formatReport(file, report), code: report.queries ? EXIT.found : EXIT.notFound };
}

function readLog(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SbkError(`查询日志 ${file} 不存在：在配置文件中写 query_log: true 开启记录（sbk config path 显示位置），或用 --log 指定文件`, EXIT.usage);
    throw new SbkError(`无法读取查询日志 ${file}（${code ?? '未知原因'}）：请检查文件权限或用 --log 指定文件`, EXIT.usage);
  }
  try {
    return parseLog(text);
  } catch (e) {
    if (e instanceof BadLogLine) throw new SbkError(`查询日志 ${file} 第 ${e.line} 行${e.message}：这不是 sbk 写的查询日志，或该行已损坏（可删去这一行）`, EXIT.usage);
    throw e;
  }
}

function formatReport(file: string, r: Report): string {
  const out: string[] = [];
  out.push(`查询日志 ${file}${r.since ? `（${r.since} 起）` : ''}：共 ${r.queries} 次查询，${r.unanswered} 次没有答案`);
  const section = (title: string, rows: string[]) => {
    out.push('', `${title}${rows.length ? '' : '：无'}`);
    out.push(...rows);
  };
  const eg = (examples: string[]) => `  例：${examples.join(' | ')}`;
  section(
    '没有答案的问题（相同词语算一组；可加为别名或同义词）',
    r.unanswered_groups.map((g) => `  ${String(g.count).padStart(4)} 次  ${g.query}${g.examples.length > 1 ? eg(g.examples.slice(1)) : ''}`),
  );
  section('前两个结果接近并列', r.near_ties.map((g) => `  ${String(g.count).padStart(4)} 次  ${g.ids.join(' / ')}${eg(g.examples)}`));
  section(
    '被标记为不好的答案（:bad）',
    r.bad.map((g) => `  ${String(g.count).padStart(4)} 次  ${g.id}${g.reasons.length ? `  原因：${g.reasons.join('；')}` : ''}${eg(g.examples)}`),
  );
  section('问得最多的条目', r.top_entries.slice(0, 20).map((g) => `  ${String(g.count).padStart(4)} 次  ${g.id}${eg(g.examples)}`));
  return out.join('\n') + '\n';
}
