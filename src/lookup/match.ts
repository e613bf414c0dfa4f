/** Text matching for Chinese keywords, where words are not separated by spaces. */

/** A keyword split into terms; every term must match. */
export function terms(keyword: string): string[] {
  return keyword.split(/\s+/).map((t) => t.trim()).filter(Boolean);
}

/**
 * The term occurs in the text, or (for terms of 3+ characters) its characters occur in order with at
 * most two characters between them in all: 政务中心 finds 政务服务中心, but 经八路 never finds 经七路.
 */
export function looselyContains(text: string, term: string): boolean {
  const t = term.toLowerCase();
  const s = text.toLowerCase();
  if (s.includes(t)) return true;
  const chars = [...t];
  if (chars.length < 3) return false;
  const hay = [...s];
  for (let start = 0; start < hay.length; start++) {
    if (hay[start] !== chars[0]) continue;
    let i = start + 1;
    let gaps = 0;
    let k = 1;
    while (k < chars.length && i < hay.length && gaps <= 2) {
      if (hay[i] === chars[k]) k++;
      else gaps++;
      i++;
    }
    if (k === chars.length && gaps <= 2) return true;
  }
  return false;
}
