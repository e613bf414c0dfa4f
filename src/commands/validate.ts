import { EXIT } from '../errors.js';
import { phoneDirectory } from '../lookup/phones.js';
import type { Context } from '../context.js';
import type { KnowledgeBase } from '../kb/load.js';
import { contentKey, findUserCache, storeUserCache } from '../kb/userCache.js';
import { sameBytes } from '../kb/dataFiles.js';
import { frugally } from '../lazy.js';
import { checkedParts } from '../services.js';
import { treeSetFromRaw, type TreeSet } from '../trees/set.js';
import type { TreesFile } from '../trees/schema.js';
import type { Cache } from '../kb/open.js';
import type { DataProblem } from '../kb/yamlFile.js';
import type { Output } from '../render/formats.js';

/**
 * The full check of the data now in `dataDir`, or its verdict when these exact bytes passed it before
 * (the user cache holds only data that passed: src/kb/userCache.ts). A pass is kept for the next run.
 */
async function check(dataDir: string): Promise<{ kb?: KnowledgeBase; set?: TreeSet; problems: DataProblem[] }> {
  // Each data file read once: the key and the check see the same bytes (src/kb/dataFiles.ts).
  return sameBytes(dataDir, () => checkHeld(dataDir));
}

async function checkHeld(dataDir: string): Promise<{ kb?: KnowledgeBase; set?: TreeSet; problems: DataProblem[] }> {
  const key = contentKey(dataDir);
  const passed = fromCache(dataDir, findUserCache(dataDir, key));
  if (passed) return { ...passed, problems: [] };
  // The checks (and the YAML and schema libraries) load only when they run.
  const [{ checkKnowledgeBase }, { checkTreesFile }] = await Promise.all([import('../kb/load.js'), import('../trees/load.js')]);
  const { kb, kbProblems, trees } = await frugally(() => {
    const { kb, problems: kbProblems } = checkKnowledgeBase(dataDir);
    return { kb, kbProblems, trees: checkTreesFile(dataDir, kb) };
  });
  if (kb && trees.set && trees.raw) {
    try {
      storeUserCache(dataDir, key, await checkedParts(kb, trees.raw));
    } catch {
      // Not kept: the next run checks again.
    }
  }
  return { kb, set: trees.set, problems: [...kbProblems, ...trees.problems] };
}

function fromCache(dataDir: string, cache: Cache | undefined): { kb: KnowledgeBase; set: TreeSet } | undefined {
  if (!cache?.has.has('trees')) return undefined;
  const faq = cache.faq();
  const tables = cache.tables();
  const raw = cache.trees();
  if (!faq || !tables || !raw) return undefined;
  const kb: KnowledgeBase = { dataDir, faq, ...tables };
  return { kb, set: treeSetFromRaw(raw as TreesFile, kb) };
}

export async function run(ctx: Context, opts: { json?: boolean; olderThan?: number }): Promise<number | Output> {
  const { kb, set, problems } = await check(ctx.dataDir);
  const trees = { set };
  if (!kb || !trees.set) {
    const { formatProblem } = await import('../kb/yamlFile.js');
    if (opts.json) ctx.term.out(JSON.stringify({ ok: false, problems }) + '\n');
    ctx.term.err(`数据有 ${problems.length} 处问题（${ctx.dataDir}）：\n`);
    for (const p of problems) ctx.term.err(`  ${formatProblem(p)}\n`);
    return EXIT.usage;
  }
  const counts = {
    entries: kb.faq.entries.length,
    banks: kb.banks.banks.length,
    outlets: kb.banks.outlets.length,
    offices: kb.offices.offices.length,
    yibao: kb.offices.yibao.length,
    hotlines: kb.offices.hotlines.length,
    phones: phoneDirectory(kb.banks, kb.offices).length,
    trees: trees.set.trees.length,
  };
  const review = underReview(kb);
  const due = opts.olderThan === undefined ? undefined : dueForReview(kb, opts.olderThan, new Date());
  const text = () => {
    let out =
      `数据有效（${ctx.dataDir}）\n` +
      `  问答条目 ${counts.entries} 条\n  合作银行 ${counts.banks} 家\n  社银合作网点 ${counts.outlets} 家\n` +
      `  经办机构 ${counts.offices} 家\n  区医保办 ${counts.yibao} 个\n  服务热线 ${counts.hotlines} 条\n  电话号码 ${counts.phones} 个\n  决策树 ${counts.trees} 棵\n`;
    if (review.length) {
      out += `待审核 ${review.length} 处（核对后删去 review，写上 reviewed: 日期）：\n`;
      for (const r of review) out += `  ${r.file} ${r.id}：${r.review}\n`;
    }
    if (due) {
      out += due.length ? `超过 ${opts.olderThan} 天未审核的条目 ${due.length} 条：\n` : `没有超过 ${opts.olderThan} 天未审核的条目。\n`;
      for (const d of due) out += `  ${d.id}  ${d.reviewed ? `上次审核 ${d.reviewed}` : '从未审核'}  ${d.question}\n`;
    }
    return out;
  };
  return { kind: 'validate', data: { ok: true, dataDir: ctx.dataDir, counts, review, ...(due ? { due } : {}) }, text };
}

/** What `sbk source apply` (or a maintainer) marked with `review:` and nobody has checked yet. */
function underReview(kb: KnowledgeBase): { file: string; id: string; review: string }[] {
  const out: { file: string; id: string; review: string }[] = [];
  for (const e of kb.faq.entries) if (e.review) out.push({ file: 'faq.yaml', id: e.id, review: e.review });
  for (const o of kb.banks.outlets) if (o.review) out.push({ file: 'banks.yaml', id: `网点 ${o.no}`, review: o.review });
  for (const o of kb.offices.offices) if (o.review) out.push({ file: 'offices.yaml', id: o.id, review: o.review });
  for (const y of kb.offices.yibao) if (y.review) out.push({ file: 'offices.yaml', id: `医保办 ${y.district}`, review: y.review });
  return out;
}

/** Entries whose `reviewed:` date is more than `days` days before `today`, or that were never reviewed. */
function dueForReview(kb: KnowledgeBase, days: number, today: Date): { id: string; question: string; reviewed?: string }[] {
  const limit = today.getTime() - days * 86_400_000;
  return kb.faq.entries
    .filter((e) => !e.reviewed || Date.parse(e.reviewed) < limit)
    .map((e) => ({ id: e.id, question: e.question, ...(e.reviewed ? { reviewed: e.reviewed } : {}) }));
}
