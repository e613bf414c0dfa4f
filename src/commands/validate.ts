import { checkKnowledgeBase } from '../kb/load.js';
import { formatProblem } from '../kb/yamlFile.js';
import { EXIT } from '../errors.js';
import { checkTreesFile } from '../trees/load.js';
import { phoneDirectory } from '../lookup/phones.js';
import type { Context } from '../context.js';

export async function run(ctx: Context, opts: { json?: boolean }): Promise<number> {
  const { kb, problems: kbProblems } = checkKnowledgeBase(ctx.dataDir);
  const trees = checkTreesFile(ctx.dataDir, kb);
  const problems = [...kbProblems, ...trees.problems];
  if (!kb || !trees.set) {
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
  if (opts.json) ctx.term.out(JSON.stringify({ ok: true, dataDir: ctx.dataDir, counts }) + '\n');
  else
    ctx.term.out(
      `数据有效（${ctx.dataDir}）\n` +
        `  问答条目 ${counts.entries} 条\n  合作银行 ${counts.banks} 家\n  社银合作网点 ${counts.outlets} 家\n` +
        `  经办机构 ${counts.offices} 家\n  区医保办 ${counts.yibao} 个\n  服务热线 ${counts.hotlines} 条\n  电话号码 ${counts.phones} 个\n  决策树 ${counts.trees} 棵\n`,
    );
  return EXIT.found;
}
