/**
 * search.yaml: loaded and validated like the other data files (file:line errors, exit 2). The schema
 * gives the types of src/search/knowledge.ts.
 */
import { z } from 'zod';
import { parseYamlFile, type DataProblem } from './yamlFile.js';
import type { SearchKnowledge } from '../search/knowledge.js';

export const SEARCH_FILE = 'search.yaml';

const word = z.string().trim().min(1, '不能为空');
const words = z.array(word);
/** Lower case as the analyzer sees text (Latin words in synonyms: PIN, HR). */
const lowerWords = z.array(word.transform((s) => s.normalize('NFKC').toLowerCase()));

const searchFileSchema = z.strictObject({
  synonyms: z.array(z.strictObject({ say: lowerWords.min(1), means: lowerWords.min(1) })),
  stop_chars: z.string(),
  break_chars: z.string(),
  filler: words,
  weak_words: words,
  question_kinds: z.array(words.min(2, '一组至少两个问法词')),
  card_anchors: lowerWords,
  card_verbs: lowerWords,
  card_anchors_pinyin: z.array(z.string().regex(/^[a-z]+(?: [a-z]+)*$/, '应为以空格分开的拼音音节（小写）')),
  card_verbs_pinyin: z.array(z.string().regex(/^[a-z]+(?: [a-z]+)*$/, '应为以空格分开的拼音音节（小写）')),
  other_cards: words,
  card_own_words: words,
  other_cards_pinyin: z.array(z.string().regex(/^[a-z]+(?: [a-z]+)*$/, '应为以空格分开的拼音音节（小写）')),
  other_documents: words,
  other_services: words,
  other_services_pinyin: z.array(z.string().regex(/^[a-z]+(?: [a-z]+)*$/, '应为以空格分开的拼音音节（小写）')),
  asks: z.array(z.strictObject({ ask: words.min(1), answered_by: words.min(1) })),
  aside_markers: words,
  aside_phrases: words,
  initials_words: z.array(z.string().regex(/^\p{Script=Han}{2,}$/u, '应为两个或更多汉字')),
  time_asks: words,
  tables: z.strictObject({ office_words: words, yibao_words: words, outlet_words: words, phone_words: words, place_words: words, plain_words: words }),
});

interface SearchFileResult {
  knowledge?: SearchKnowledge;
  problems: DataProblem[];
}

/** Parse and validate search.yaml text; every problem as file:line. */
export function checkSearchFile(source: string): SearchFileResult {
  const parsed = parseYamlFile(SEARCH_FILE, source, searchFileSchema);
  if (!parsed.data) return { problems: parsed.problems };
  const problems: DataProblem[] = [];
  const seen = new Map<string, number>();
  parsed.data.synonyms.forEach((g, i) => {
    for (const s of g.say) {
      const prev = seen.get(s);
      if (prev !== undefined && prev !== i) problems.push(parsed.problemAt(['synonyms', i, 'say'], `说法“${s}”已在第 ${prev + 1} 组出现：一个说法只放一组`));
      else seen.set(s, i);
    }
  });
  const weak = new Set(parsed.data.weak_words);
  parsed.data.question_kinds.forEach((g, i) => {
    g.forEach((w, k) => {
      if (!weak.has(w)) problems.push(parsed.problemAt(['question_kinds', i, k], `问法词“${w}”不在 weak_words 中：先加到 weak_words`));
    });
  });
  if (problems.length) return { problems };
  const knowledge: SearchKnowledge = {
    ...parsed.data,
    synonyms: parsed.data.synonyms.map((g, i) => ({ ...g, line: parsed.lineOf(['synonyms', i]) })),
  };
  return { knowledge, problems };
}
