/**
 * Search knowledge as data (search.yaml beside faq.yaml): how callers say things, which words are only
 * how a question is asked, what says a query is about the card and what says it is about another
 * service, which asked-for aspects an entry must cover, and which words point at the tables. Loaded and
 * validated by src/kb/searchFile.ts; kept in the search index header so a one-shot query reads it with
 * the index. Nothing here loads YAML.
 */

export interface SynonymGroup {
  say: string[];
  means: string[];
  /** Line in search.yaml (for the ablation report and errors); absent in hand-made knowledge. */
  line?: number;
}

/** An aspect a query may ask for (a fee, a limit) and the words an entry must have to answer it. */
export interface AskRule {
  ask: string[];
  answered_by: string[];
}

export interface TableWords {
  office_words: string[];
  yibao_words: string[];
  outlet_words: string[];
  phone_words: string[];
  place_words: string[];
  plain_words: string[];
}

export interface SearchKnowledge {
  synonyms: SynonymGroup[];
  stop_chars: string;
  break_chars: string;
  filler: string[];
  weak_words: string[];
  /** Groups of question words that ask the same way (怎么, 如何, 咋): phrase closeness compares how a question asks by group. */
  question_kinds: string[][];
  card_anchors: string[];
  card_verbs: string[];
  card_anchors_pinyin: string[];
  card_verbs_pinyin: string[];
  other_cards: string[];
  card_own_words: string[];
  other_cards_pinyin: string[];
  other_documents: string[];
  other_services: string[];
  other_services_pinyin: string[];
  asks: AskRule[];
  /** Words that start an aside when they start a clause (另外, 还有就是, 对了). */
  aside_markers: string[];
  /** Words that start an aside wherever they are (顺便问, 另外问): they say so themselves. */
  aside_phrases: string[];
  initials_words: string[];
  /** Question words that ask for a time or a length of time (多久, 什么时候): what is asked when more follows. */
  time_asks: string[];
  tables: TableWords;
}

/**
 * Rules in code that `bench:search -- --ablate` can switch off one at a time (the data lists are
 * ablated by emptying them). Each must change rankings on the project's query sets to stay.
 */
export const RULES = [
  'coordination', 'closeness', 'lone_chars', 'question_specific', 'off_topic', 'no_anchor_floor', 'card_content', 'asked_part', 'asks', 'other_named', 'ask_leader', 'question_form', 'han_pinyin', 'negation',
  'filler', 'weak_words', 'weak_sound', 'skip_bigram', 'typo_sound', 'answer_runs', 'break_chars', 'tables', 'clauses',
] as const;
export type Rule = (typeof RULES)[number];

/**
 * The synonym groups a term belongs to (as something a caller says or as what it means), with the
 * whole group: what a maintainer (or an alias check) needs to see which words already mean the same.
 */
export function synonymGroupsOf(knowledge: SearchKnowledge, term: string): SynonymGroup[] {
  const t = term.trim().toLowerCase();
  if (!t) return [];
  return knowledge.synonyms.filter((g) => g.say.includes(t) || g.means.includes(t));
}

/** Every word of a term's synonym groups, the term itself first; just the term when it has none. */
export function synonymGroupOf(knowledge: SearchKnowledge, term: string): string[] {
  const t = term.trim().toLowerCase();
  const out = new Set<string>([t]);
  for (const g of synonymGroupsOf(knowledge, t)) for (const w of [...g.say, ...g.means]) out.add(w);
  return [...out];
}
