/**
 * Aliases held to their entry. An alias is how a caller may ask the entry's question; search trusts it
 * (an alias is indexed with the entry and ranked by phrase closeness), so an alias whose words the
 * entry never says pulls queries to an answer that does not answer them. The check: a content
 * character of the alias (what the one analyzer, src/search/analyzer.ts, counts as content: not a stop
 * character, not a question word such as 怎么) is covered when a term of the alias holding it — a
 * character bigram, a number, a Latin word — is in the entry's question or answer, or when it is part
 * of a word of the synonym data (search.yaml) whose group has a word the entry says. A character with
 * no content character beside it (在哪查: 查) is covered when the entry has that character. At least
 * MIN_ALIAS_COVERAGE of the content characters must be covered.
 *
 * Pure: no file or terminal I/O. Run by the knowledge-base check (load.ts), so `sbk validate` and the
 * build reject an alias that fails it.
 */
import { normalize, textAnalyzer, TERM, type Analyzer } from '../search/analyzer.js';
import { synonymGroupOf, type SearchKnowledge } from '../search/knowledge.js';

interface AliasGap {
  /** Index of the alias in the entry's aliases. */
  index: number;
  alias: string;
  /** The alias's content characters the entry does not cover, consecutive ones joined ("哪个银行" → 哪个银行). */
  uncovered: string[];
  /** Share of the alias's content characters that the entry covers. */
  coverage: number;
}

const WORDS = new WeakMap<SearchKnowledge, string[]>();
/** Every word of the synonym data, longest first (once per knowledge). */
function synonymWords(knowledge: SearchKnowledge): string[] {
  let words = WORDS.get(knowledge);
  if (!words) {
    words = [...new Set(knowledge.synonyms.flatMap((g) => [...g.say, ...g.means]))].sort((a, b) => b.length - a.length);
    WORDS.set(knowledge, words);
  }
  return words;
}

/**
 * The alias with each synonym-data word it holds replaced by a word of the same group that the entry
 * says (激活 → 启用 when the answer says 启用), longest words first; words the entry already says stay.
 */
function inEntryWords(alias: string, entryText: string, knowledge: SearchKnowledge): string {
  const words = synonymWords(knowledge);
  let out = alias;
  // Replaced stretches are marked so a shorter word is not found again inside an entry word put in.
  const placed: string[] = [];
  for (const w of words) {
    if (!out.includes(w) || entryText.includes(w)) continue;
    const hit = synonymGroupOf(knowledge, w)
      .filter((x) => x !== w && entryText.includes(x))
      .sort((a, b) => b.length - a.length)[0];
    if (!hit) continue;
    placed.push(hit);
    out = out.split(w).join(`\u0000${placed.length - 1}\u0000`);
  }
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => placed[Number(i)]!);
}

/**
 * Share of an alias's content characters its entry must cover. Callers' own words (怎么弄, 丢了 where
 * the answer says 遗失) cost a few characters; an alias about something else costs most of them.
 * Measured on faq.yaml as it was before this check (735 aliases): checked against their own entry,
 * 6.7% fell below 0.5; checked against another entry (an alias put under the wrong entry), 78.5% did,
 * and 56.5% against another entry of the same category. The ones below were reworded in their
 * entry's words or removed (most repeated another alias of the same entry), so every shipped alias
 * passes; the hand review of every alias (what an entry does not answer: 省外 cards under a 省内
 * entry, 节假日 under a weekend entry) is not something a count of characters can do.
 */
export const MIN_ALIAS_COVERAGE = 0.5;

/** The aliases of one entry that say what its question and answer do not (coverage below `min`). */
export function aliasGaps(
  entry: { question: string; answer: string; aliases: readonly string[] },
  knowledge: SearchKnowledge,
  analyzer: Analyzer = textAnalyzer(knowledge),
  min: number = MIN_ALIAS_COVERAGE,
): AliasGap[] {
  const entryText = normalize(`${entry.question}\n${entry.answer}`);
  const have = new Set(analyzer.charTerms(entryText));
  const gaps: AliasGap[] = [];
  entry.aliases.forEach((alias, index) => {
    const phrase = analyzer.phrase(inEntryWords(normalize(alias), entryText, knowledge));
    const covered = new Set<number>();
    const paired = new Set<number>();
    for (const [term, slots] of phrase.terms) {
      // A bigram of two content characters is a content word; one with a stop character or a question
      // word beside it (哪查, 么办) is not, and leaves its content character to stand for itself.
      if (term.startsWith(TERM.bi) && slots.length === 2) slots.forEach((s) => paired.add(s));
      const counts = term.startsWith(TERM.bi) || term.startsWith(TERM.digit) || term.startsWith(TERM.word);
      if (counts && have.has(term)) slots.forEach((s) => covered.add(s));
    }
    // A character with no content bigram (alone between stop characters) stands for itself.
    for (const [term, slots] of phrase.terms) {
      if (term.startsWith(TERM.uni) && have.has(term)) for (const s of slots) if (!paired.has(s)) covered.add(s);
    }
    const uncovered: string[] = [];
    let prev = -2;
    phrase.slots.forEach((ch, s) => {
      if (covered.has(s)) return;
      if (s === prev + 1 && uncovered.length) uncovered[uncovered.length - 1] += ch;
      else uncovered.push(ch);
      prev = s;
    });
        const coverage = phrase.slots.length ? covered.size / phrase.slots.length : 1;
    if (coverage < min) gaps.push({ index, alias, uncovered, coverage });
  });
  return gaps;
}
