/**
 * `sbk source diff NEW` and `sbk source apply NEW`: what a new version of faq-source.txt changes
 * against the data files, and writing it into them. Reading and comparing live in src/source/; this
 * file checks git, writes the files and prints.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadKnowledgeBase, readDataFile, checkKnowledgeBase } from '../kb/load.js';
import { formatProblem } from '../kb/yamlFile.js';
import { checkTreesFile } from '../trees/load.js';
import { readSource } from '../source/parse.js';
import { compareSource, isEmpty, type RowDiff, type SourceDiff, type TableName } from '../source/diff.js';
import { applyComparison } from '../source/apply.js';
import { SbkError, EXIT } from '../errors.js';
import type { Context } from '../context.js';
import type { Output } from '../render/formats.js';

const WRITTEN = ['faq.yaml', 'banks.yaml', 'offices.yaml'] as const;

export async function diff(ctx: Context, file: string): Promise<Output> {
  const doc = readSource(file);
  const kb = loadKnowledgeBase(ctx.dataDir);
  const { diff: d } = compareSource(kb, doc);
  return { kind: 'source-diff', data: d, text: () => formatDiff(d) };
}

export async function apply(ctx: Context, file: string, opts: { force?: boolean }): Promise<number> {
  const doc = readSource(file);
  const kb = loadKnowledgeBase(ctx.dataDir);
  if (!opts.force) refuseUncommitted(ctx.dataDir);
  const cmp = compareSource(kb, doc);
  if (isEmpty(cmp.diff)) {
    ctx.term.out('新版源文件与数据文件一致，没有要写入的内容。\n');
    return EXIT.found;
  }
  const texts = {
    'faq.yaml': readDataFile(ctx.dataDir, 'faq.yaml'),
    'banks.yaml': readDataFile(ctx.dataDir, 'banks.yaml'),
    'offices.yaml': readDataFile(ctx.dataDir, 'offices.yaml'),
    'trees.yaml': readDataFile(ctx.dataDir, 'trees.yaml'),
  };
  const result = applyComparison(kb, doc, cmp, texts);
  for (const [name, text] of Object.entries(result.files)) {
    // Written beside the file and renamed over it: an interrupted run never leaves half a file.
    const target = join(ctx.dataDir, name);
    writeFileSync(`${target}.sbk-new`, text);
    renameSync(`${target}.sbk-new`, target);
  }
  for (const line of result.done) ctx.term.out(`${line}\n`);
  for (const line of result.manual) ctx.term.out(`需要手工处理：${line}\n`);
  const names = Object.keys(result.files);
  ctx.term.out(names.length ? `已写入 ${names.join('、')}。运行 sbk validate 查看待审核（review）的条目。\n` : '没有写入任何文件。\n');

  const { kb: after, problems } = checkKnowledgeBase(ctx.dataDir);
  const trees = checkTreesFile(ctx.dataDir, after);
  const all = [...problems, ...trees.problems];
  if (all.length) {
    ctx.term.err(`写入后数据有 ${all.length} 处问题，请修正（git diff 可看到 sbk 改了什么）：\n`);
    for (const p of all) ctx.term.err(`  ${formatProblem(p)}\n`);
    return EXIT.usage;
  }
  return EXIT.found;
}

/** Nothing uncommitted is overwritten: git must be able to give back what apply replaces. */
function refuseUncommitted(dataDir: string): void {
  let status: string;
  try {
    status = execFileSync('git', ['status', '--porcelain', '--', ...WRITTEN], { cwd: dataDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    throw new SbkError(`${dataDir} 不在 git 仓库中，无法保证改写前的数据能找回：先把数据文件提交到 git，或加 --force 直接改写`, EXIT.usage);
  }
  const dirty = status
    .split('\n')
    .filter(Boolean)
    .map((l) => basename(l.slice(3)));
  if (dirty.length) {
    throw new SbkError(`${dirty.join('、')} 有未提交的修改，sbk source apply 会改写它们：先 git commit 或 git stash，或加 --force`, EXIT.usage);
  }
}

const TABLE_TITLE: Record<TableName, string> = {
  outlets: '社银合作网点（banks.yaml outlets）',
  offices: '经办机构（offices.yaml offices）',
  yibao: '区医保办电话（offices.yaml yibao）',
  bankPhones: '银行客服/查卡电话（banks.yaml banks）',
};
const FIELD: Record<string, string> = { name: '名称', address: '地址', phones: '电话', bank: '银行' };
const WHAT = { question: '问题', answer: '答案', both: '问题和答案' } as const;

function formatDiff(d: SourceDiff): string {
  if (isEmpty(d)) return '新版源文件与数据文件一致：没有新增、变更或删除。\n';
  const out: string[] = [];
  out.push(`问答条目：新增 ${d.added.length}，变更 ${d.changed.length}，删除 ${d.removed.length}`);
  for (const a of d.added) out.push(`  + 新增  第 ${a.line} 行  ${a.question}`);
  for (const c of d.changed) {
    out.push(`  ~ ${WHAT[c.what]}变更  ${c.id}  第 ${c.line} 行  ${c.question}`);
    if (c.was) out.push(`      原问题：${c.was}`);
  }
  for (const r of d.removed) out.push(`  - 删除  ${r.id}  ${r.question}`);
  for (const [name, t] of Object.entries(d.tables) as [TableName, RowDiff][]) {
    if (!t.added.length && !t.changed.length && !t.removed.length) continue;
    out.push(`${TABLE_TITLE[name]}：新增 ${t.added.length}，变更 ${t.changed.length}，删除 ${t.removed.length}`);
    for (const a of t.added) out.push(`  + ${a.key}  第 ${a.line} 行  ${Object.values(a.row).join('  ')}`);
    for (const c of t.changed) {
      out.push(`  ~ ${c.key}  第 ${c.line} 行  ${c.fields.map((f) => `${FIELD[f] ?? f}：${c.before[f]} → ${c.after[f]}`).join('；')}`);
    }
    for (const r of t.removed) out.push(`  - ${r.key}  ${Object.values(r.row).join('  ')}`);
  }
  return out.join('\n') + '\n';
}
