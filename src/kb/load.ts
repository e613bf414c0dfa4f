/**
 * Load and validate the knowledge base (faq.yaml, banks.yaml, offices.yaml) from a directory.
 * Pure apart from reading the files: no terminal I/O. Every problem is collected, not just the first.
 */
import { SbkError, EXIT } from '../errors.js';
import { packageRoot } from '../paths.js';
import { readDataBytes } from './dataFiles.js';
import { parseYamlFile, formatProblem, type DataProblem, type ParsedFile } from './yamlFile.js';
import {
  faqFileSchema,
  banksFileSchema,
  officesFileSchema,
  type FaqFile,
  type BanksFile,
  type OfficesFile,
} from './schema.js';
import { checkSearchFile, SEARCH_FILE } from './searchFile.js';
import type { SearchKnowledge } from '../search/knowledge.js';
import { aliasGaps, MIN_ALIAS_COVERAGE } from './aliases.js';
import { textAnalyzer } from '../search/analyzer.js';

export interface KnowledgeBase {
  dataDir: string;
  faq: FaqFile;
  banks: BanksFile;
  offices: OfficesFile;
  /** search.yaml: what the search knows about how callers speak (src/search/knowledge.ts). */
  search: SearchKnowledge;
}

function defaultDataDir(): string {
  return packageRoot();
}

/** Read a data file as text; a missing, unreadable, special or oversized file is a user error naming the file. */
export function readDataFile(dataDir: string, name: string): string {
  return readDataBytes(dataDir, name).toString('utf8');
}

interface CheckResult {
  kb?: KnowledgeBase;
  problems: DataProblem[];
}

/** Validate everything and return all problems (empty when the knowledge base is sound). */
export function checkKnowledgeBase(dataDir: string = defaultDataDir()): CheckResult {
  const faq = parseYamlFile('faq.yaml', readDataFile(dataDir, 'faq.yaml'), faqFileSchema, { splitList: 'entries' });
  const banks = parseYamlFile('banks.yaml', readDataFile(dataDir, 'banks.yaml'), banksFileSchema);
  const offices = parseYamlFile('offices.yaml', readDataFile(dataDir, 'offices.yaml'), officesFileSchema);
  const search = checkSearchFile(readDataFile(dataDir, SEARCH_FILE));
  const problems = [...faq.problems, ...banks.problems, ...offices.problems, ...search.problems];
  if (faq.data && banks.data && offices.data) {
    problems.push(...crossCheck(faq as Required<ParsedFile<FaqFile>>, banks as Required<ParsedFile<BanksFile>>, offices as Required<ParsedFile<OfficesFile>>));
  }
  if (faq.data && search.knowledge) problems.push(...checkAliases(faq as Required<ParsedFile<FaqFile>>, search.knowledge));
  if (problems.length || !faq.data || !banks.data || !offices.data || !search.knowledge) return { problems };
  return { kb: { dataDir, faq: faq.data, banks: banks.data, offices: offices.data, search: search.knowledge }, problems };
}

/** Load the knowledge base or throw an SbkError (exit 2) listing every problem. */
export function loadKnowledgeBase(dataDir: string = defaultDataDir()): KnowledgeBase {
  const { kb, problems } = checkKnowledgeBase(dataDir);
  if (!kb) throw dataError(problems);
  return kb;
}

export function dataError(problems: DataProblem[]): SbkError {
  const first = problems[0];
  const head = first ? formatProblem(first) : '数据无效';
  const more = problems.length > 1 ? `（共 ${problems.length} 处问题，运行 sbk validate 查看全部）` : '';
  return new SbkError(`数据错误：${head}${more}`, EXIT.usage, problems.slice(1).map(formatProblem));
}

/**
 * Every alias says what its entry's question and answer say, in their words or through the synonym
 * data (src/kb/aliases.ts): an alias the entry does not answer would pull callers' questions to it.
 */
function checkAliases(faq: Required<ParsedFile<FaqFile>>, knowledge: SearchKnowledge): DataProblem[] {
  const problems: DataProblem[] = [];
  const analyzer = textAnalyzer(knowledge);
  faq.data.entries.forEach((e, i) => {
    for (const g of aliasGaps(e, knowledge, analyzer)) {
      const pct = Math.floor(g.coverage * 100);
      problems.push(
        faq.problemAt(
          ['entries', i, 'aliases', g.index],
          `别名“${g.alias}”只有 ${pct}% 的字词出现在本条的问题和答案中（至少 ${MIN_ALIAS_COVERAGE * 100}%），本条没有说“${g.uncovered.join('”“')}”：` +
            '别名会把这样问的来电引到本条，请改用本条问题或答案里的说法，或删去这个别名',
        ),
      );
    }
  });
  return problems;
}

/** Checks that span entries or files: unique ids, references that must point somewhere. */
function crossCheck(
  faq: Required<ParsedFile<FaqFile>>,
  banks: Required<ParsedFile<BanksFile>>,
  offices: Required<ParsedFile<OfficesFile>>,
): DataProblem[] {
  const problems: DataProblem[] = [];
  const unique = <T>(file: ParsedFile<unknown>, list: T[], key: (t: T) => string | number, listPath: string, field: string, what: string) => {
    const seen = new Map<string | number, number>();
    list.forEach((item, i) => {
      const k = key(item);
      const prev = seen.get(k);
      if (prev !== undefined) {
        problems.push(file.problemAt([listPath, i, field], `${what}“${k}”重复（第一次出现在 ${listPath}[${prev}]），请改用唯一的值`));
      } else seen.set(k, i);
    });
  };

  const entries = faq.data.entries;
  unique(faq, [...entries, ...faq.data.appendix], (e) => e.id, 'entries', 'id', 'id');
  unique(faq, entries, (e) => e.question, 'entries', 'question', '问题');
  const faqIds = new Set([...entries.map((e) => e.id), ...faq.data.appendix.map((a) => a.id)]);
  entries.forEach((e, i) =>
    e.see_also.forEach((ref, j) => {
      if (!faqIds.has(ref)) problems.push(faq.problemAt(['entries', i, 'see_also', j], `see_also 指向不存在的条目“${ref}”，请改成已有的 id`));
      if (ref === e.id) problems.push(faq.problemAt(['entries', i, 'see_also', j], 'see_also 不能指向条目自己'));
    }),
  );

  unique(banks, banks.data.banks, (b) => b.id, 'banks', 'id', '银行 id');
  const aliasOwner = new Map<string, string>();
  banks.data.banks.forEach((b, i) =>
    b.aliases.forEach((a, j) => {
      const owner = aliasOwner.get(a);
      if (owner && owner !== b.id) problems.push(banks.problemAt(['banks', i, 'aliases', j], `简称“${a}”同时属于 ${owner} 和 ${b.id}，请只保留一处`));
      aliasOwner.set(a, b.id);
    }),
  );
  unique(banks, banks.data.outlets, (o) => o.no, 'outlets', 'no', '网点序号');
  const bankIds = new Set(banks.data.banks.map((b) => b.id));
  banks.data.outlets.forEach((o, i) => {
    if (!bankIds.has(o.bank)) problems.push(banks.problemAt(['outlets', i, 'bank'], `网点的银行“${o.bank}”不存在，应为 ${[...bankIds].join('、')} 之一`));
  });

  unique(offices, offices.data.offices, (o) => o.id, 'offices', 'id', '经办机构 id');
  unique(offices, offices.data.hotlines, (h) => h.id, 'hotlines', 'id', '热线 id');
  offices.data.hotlines.forEach((h, i) =>
    h.faq.forEach((ref, j) => {
      if (!faqIds.has(ref)) problems.push(offices.problemAt(['hotlines', i, 'faq', j], `faq 指向不存在的条目“${ref}”，请改成 faq.yaml 中已有的 id`));
    }),
  );
  return problems;
}
