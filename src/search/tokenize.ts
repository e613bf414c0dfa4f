// Kept only for log/report and source/diff (charTerms, stripFiller) until they move to analyzer.ts; search itself and trees/cite use analyzer.ts and search.yaml.
/**
 * Turning text into search terms. Chinese has no spaces and callers do not use the document's words,
 * so a Han run becomes overlapping character bigrams (the unit that carries meaning: 社保, 保卡, 挂失)
 * plus single characters (a weak back-off for one-character words such as 丢 or 锁). Latin words and
 * digit runs stay whole (PIN, app, 68967600). Documents and queries go through the same functions, so
 * whatever normalization happens here happens on both sides.
 *
 * Measured alternative: Intl.Segmenter splits 社保卡 into 社|保|卡 and 制卡进度 into 制|卡|进度, so
 * dictionary words from it match less than bigrams do on this corpus.
 */

/** Longest query text looked at; a caller's narrative is a few hundred characters at most. */
export const MAX_QUERY_CHARS = 1000;

export type RunKind = 'han' | 'latin' | 'digit';

export interface Run {
  kind: RunKind;
  text: string;
  /** Offset in the string it was split from. */
  at: number;
}

const HAN = /\p{Script=Han}/u;
const RUN = /(\p{Script=Han}+)|([a-z\u00fc]+)|(\d+)/gu;

/**
 * Full-width to half-width and compatibility forms (NFKC), lower case, ü typed as v. Lone surrogates and
 * replacement characters (invalid UTF-8 on stdin) become spaces.
 */
export function normalize(text: string): string {
  let s = text.length > MAX_QUERY_CHARS * 4 ? text.slice(0, MAX_QUERY_CHARS * 4) : text;
  s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\ufffd/g, ' ');
  s = s.normalize('NFKC').toLowerCase();
  return s.replace(/ü/g, 'v');
}

/** Han, Latin and digit runs, in order; everything else (punctuation, spaces) only separates. */
export function splitRuns(normalized: string): Run[] {
  const runs: Run[] = [];
  for (const m of normalized.matchAll(RUN)) {
    const at = m.index;
    if (m[1]) runs.push({ kind: 'han', text: m[1], at });
    else if (m[2]) runs.push({ kind: 'latin', text: m[2], at });
    else if (m[3]) runs.push({ kind: 'digit', text: m[3], at });
  }
  return runs;
}

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/** Characters too common to mean anything on their own; they still take part in bigrams. */
export const STOP_CHARS = new Set(
  Array.from('的了吗呢啊吧呀嘛哦哈么我你他她它们这那是在和与及或就都也还又很被把给让个些点下说想要会能可以有没不啥咋怎如何什为哪谁'),
);

/**
 * Filler that callers say and documents never mean: removed from queries (replaced by a break) before
 * bigrams are taken, so that 请问一下我的卡 does not match documents on 问一 or 一下.
 */
export const QUERY_FILLER = [
  '请问一下', '请问', '你好', '您好', '麻烦问一下', '麻烦你', '麻烦', '问一下', '我想问问', '我想问', '想问问', '想问一下', '想咨询一下',
  '想咨询', '咨询一下', '打听一下', '我想知道', '想知道', '那个', '这个', '就是说', '然后', '结果', '现在', '之前', '以前',
  '已经', '一直', '到底', '是不是', '是否', '能不能', '可不可以', '可以吗', '行不行', '怎么回事', '咋回事', '谢谢',
];

const FILLER_RE = new RegExp(QUERY_FILLER.slice().sort((a, b) => b.length - a.length).join('|'), 'g');

export function stripFiller(normalized: string): string {
  return normalized.replace(FILLER_RE, ' ');
}

/**
 * Particles and pronouns: a bigram across them (了怎, 我的) means nothing, so Han runs are cut there,
 * in documents and queries alike.
 */
export const BREAK_CHARS = new Set(Array.from('的吗呢啊吧呀嘛哦哈我你您他她它'));

/** Question words and generic verbs: how a question is asked, not what it is about. Weak in queries. */
export const WEAK_WORDS = [
  '怎么办', '怎么样', '怎么', '怎样', '如何', '什么样', '什么', '为什么', '为啥', '咋办', '咋整', '咋弄', '咋', '啥',
  '干什么', '干啥', '干嘛', '是否', '能否', '可否', '可以', '能不能', '有没有', '要不要', '需不需要', '需要', '多少', '哪里', '哪儿', '哪些',
  '哪个', '在哪', '去哪', '咨询', '处理', '办理', '问题', '情况', '原因', '一下', '还能', '应该', '还是', '一个',
  '一张', '这张', '那张', '这个', '那个',
];

const WEAK_RE = new RegExp(WEAK_WORDS.slice().sort((a, b) => b.length - a.length).join('|'), 'g');

/** For each character of a Han run (by code point), whether it belongs to a weak word. */
export function weakMask(run: string): boolean[] {
  const chars = Array.from(run);
  const mask = chars.map(() => false);
  const index: number[] = [];
  chars.forEach((ch, i) => {
    for (let k = 0; k < ch.length; k++) index.push(i);
  });
  for (const m of run.matchAll(WEAK_RE)) for (let k = m.index; k < m.index + m[0].length; k++) mask[index[k]!] = true;
  return mask;
}

/** Han runs cut at BREAK_CHARS. */
export function hanSegments(run: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of run) {
    if (BREAK_CHARS.has(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Web addresses in answers are not words a caller says (and their letters look like initials). */
export function stripUrls(text: string): string {
  return text.replace(/https?:\/\/[^\s）)]+/gi, ' ');
}

export function hanBigrams(run: string): string[] {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Term prefixes: one vocabulary, kept apart by kind. */
export const TERM = {
  uni: 'u:',
  bi: 'b:',
  word: 'w:',
  digit: 'd:',
  pyUni: 'p:',
  pyBi: 'q:',
  initials: 'i:',
} as const;

/** Character terms of a text (documents and queries alike): bigrams, non-stop unigrams, words, digits. */
export function charTerms(text: string): string[] {
  const out: string[] = [];
  for (const run of splitRuns(normalize(stripUrls(text)))) {
    if (run.kind === 'han') {
      for (const ch of run.text) if (!STOP_CHARS.has(ch)) out.push(TERM.uni + ch);
      for (const seg of hanSegments(run.text)) for (const b of hanBigrams(seg)) out.push(TERM.bi + b);
    } else if (run.kind === 'latin') {
      out.push(TERM.word + run.text);
    } else {
      out.push(TERM.digit + run.text);
    }
  }
  return out;
}
