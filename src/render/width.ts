/**
 * Display width of text in a terminal: CJK and full-width characters take two columns. Uses the
 * Unicode East Asian Width table from get-east-asian-width; unlike string-width it does not compile a
 * large emoji regular expression at start-up (about 17 ms), which matters for one-shot commands.
 * Our text has no emoji; combining marks and zero-width characters count as zero.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import { stripVTControlCharacters } from 'node:util';

const ZERO_WIDTH = /[\u0300-\u036f\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff]/u;

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of stripVTControlCharacters(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || ZERO_WIDTH.test(ch)) continue;
    w += eastAsianWidth(cp);
  }
  return w;
}
