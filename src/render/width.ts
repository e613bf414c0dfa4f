/**
 * The one width and wrapping module: display width of text in a terminal, and the one wrapping
 * routine every renderer uses (answers, titles, related lines, 依据, replay lines, --explain, tree
 * lists, table cells, footnotes, --help).
 *
 * Width: CJK and full-width characters take two columns. Uses the Unicode East Asian Width table from
 * get-east-asian-width; unlike string-width it does not compile a large emoji regular expression at
 * start-up (about 17 ms), which matters for one-shot commands. Our text has no emoji; combining marks
 * and zero-width characters count as zero.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import { stripVTControlCharacters } from 'node:util';

/** Widths of the non-ASCII code points seen so far (the East Asian Width lookup is a long chain of ranges). */
const WIDTHS = new Map<number, number>();

function codePointWidth(cp: number): number {
  // The common cases first: CJK ideographs, CJK punctuation and full-width forms are two columns.
  if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x303e) || (cp >= 0xff01 && cp <= 0xff60)) return 2;
  if (cp < 0xa0) return 0; // C1 controls
  // Combining marks, zero-width spaces and joiners, variation selectors, the BOM.
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff) return 0;
  let w = WIDTHS.get(cp);
  if (w === undefined) WIDTHS.set(cp, (w = eastAsianWidth(cp)));
  return w;
}

export function displayWidth(text: string): number {
  if (text.includes('\x1b') || text.includes('\x9b')) text = stripVTControlCharacters(text);
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f) {
      if (c >= 0x20) w++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += codePointWidth(cp);
  }
  return w;
}

/** Text padded with spaces to `width` display columns (never cut). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Text cut to at most `width` display columns, with `…` where it was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/**
 * Runs kept whole on one line: Latin words, digits and the punctuation inside phone numbers, ids, house
 * numbers and URLs (`0531-68967600`, `lost-card-reissue-weekend`, `sbk tree lost-card --answer card=jinan`
 * breaks only at its spaces).
 */
const RUN_CHARS = 'A-Za-z0-9@._:/\\\\%+\\-#=<>|~&*\'"\\[\\]`';
const WHOLE_RUN = new RegExp(`^[${RUN_CHARS}]+$`);
const TRAILING_RUN = new RegExp(`[${RUN_CHARS}]+$`);
/** Punctuation that must not begin a line (Chinese line-breaking rule, 避头). */
const NO_START = /^[，。、；：？！）》」』】〉”’,.;:?!)\]}…—%]/u;
/** Punctuation that must not end a line (避尾): it goes down with what it opens. */
const NO_END = /^[（《「『【〈“‘([{]$/u;

/** The runs of `text` that wrapping keeps whole. */
export function unbreakableRuns(text: string): string[] {
  return tokens(text).filter((t) => WHOLE_RUN.test(t));
}

/** A run, a stretch of spaces, or one character (a code point). */
const TOKEN = new RegExp(`[${RUN_CHARS}]+|\\s+|[^]`, 'gu');

function tokens(para: string): string[] {
  return para.match(TOKEN) ?? [];
}

const isSpace = (t: string) => t === ' ' || /^\s/.test(t);

/** A run wider than a whole line, in pieces that fit: after `-`, `/`, `_` or `.` where possible. */
function splitRun(run: string, avail: number): string[] {
  const out: string[] = [];
  let rest = run;
  while (displayWidth(rest) > avail) {
    let cut = 0;
    for (let i = 0, w = 0; i < rest.length; i++) {
      w += displayWidth(rest[i]!);
      if (w > avail) break;
      cut = i + 1;
    }
    const soft = Math.max(rest.lastIndexOf('-', cut - 1), rest.lastIndexOf('/', cut - 1), rest.lastIndexOf('_', cut - 1), rest.lastIndexOf('.', cut - 1));
    if (soft >= avail / 2 && soft < cut) cut = soft + 1;
    out.push(rest.slice(0, Math.max(1, cut)));
    rest = rest.slice(Math.max(1, cut));
  }
  if (rest) out.push(rest);
  return out;
}

/** Display widths of tokens (mostly single characters, seen again and again), bounded. */
const TOKEN_WIDTHS = new Map<string, number>();
function tokenWidth(tok: string): number {
  let w = TOKEN_WIDTHS.get(tok);
  if (w === undefined) {
    w = displayWidth(tok);
    if (TOKEN_WIDTHS.size < 4096) TOKEN_WIDTHS.set(tok, w);
  }
  return w;
}

interface WrapOptions {
  /** Put before every line after the first (and before the first unless `first` is given). */
  indent?: string;
  /** Put before the first line instead of `indent` (a number, a label): later lines hang under it. */
  first?: string;
}

/**
 * Greedy wrap to `width` display columns; every line, prefix included, is at most `width` wide.
 * Runs of Latin letters, digits and phone punctuation stay whole (a phone number or an id is never split)
 * unless one alone is wider than the line. Closing punctuation never starts a line and opening punctuation
 * never ends one: the character before a closing mark goes down with it. Only line breaks are added (and
 * spaces at a break dropped). An empty paragraph stays an empty line.
 */
export function wrap(text: string, width: number, opts: WrapOptions | string = {}): string[] {
  const { indent = '', first } = typeof opts === 'string' ? { indent: opts } : opts;
  const out: string[] = [];
  const prefixOf = (n: number) => (n === 0 && first !== undefined ? first : indent);
  const firstWidth = displayWidth(first ?? indent);
  const indentWidth = displayWidth(indent);
  for (const para of text.split('\n')) {
    if (para.trim() === '') {
      out.push('');
      continue;
    }
    const paraStart = out.length;
    let line: string[] = [];
    let w = 0;
    const avail = () => Math.max(4, width - (out.length === 0 && first !== undefined ? firstWidth : indentWidth));
    const push = () => {
      while (line.length && isSpace(line[line.length - 1]!)) line.pop();
      out.push(prefixOf(out.length) + line.join(''));
      line = [];
      w = 0;
    };
    const add = (tok: string) => {
      line.push(tok);
      w += tokenWidth(tok);
    };
    for (const tok of tokens(para)) {
      const tw = tokenWidth(tok);
      if (w + tw <= avail() || line.length === 0) {
        if (tw > avail() && line.length === 0) {
          const pieces = splitRun(tok, avail());
          pieces.slice(0, -1).forEach((p) => (add(p), push()));
          add(pieces[pieces.length - 1]!);
        } else if (line.length || !isSpace(tok)) add(tok);
        continue;
      }
      if (isSpace(tok)) {
        // Trailing spaces are dropped when the line is written: the break is decided by what follows.
        add(tok);
        continue;
      }
      // The token starts a new line. Carry down what must stay with it: the character before a closing
      // mark (避头), and an opening mark left at the end of this line (避尾).
      const carry: string[] = [];
      const real = () => line.filter((t) => !isSpace(t)).length;
      const takeSpaces = () => {
        while (line.length && isSpace(line[line.length - 1]!)) carry.unshift(line.pop()!);
      };
      if (NO_START.test(tok)) {
        takeSpaces();
        while (real() > 1 && NO_START.test(line[line.length - 1]!)) carry.unshift(line.pop()!), takeSpaces();
        if (real() > 1) carry.unshift(line.pop()!);
        else if (real() === 1 && WHOLE_RUN.test(line[line.length - 1]!) && line[line.length - 1]!.length > 1) {
          // The line is one run (a URL) filling it: its tail goes down with the mark, cut after a `-` or `/`
          // when it has one, else its last character.
          const run = line.pop()!;
          const soft = Math.max(run.lastIndexOf('-', run.length - 2), run.lastIndexOf('/', run.length - 2)) + 1;
          const cut = soft > 0 ? soft : run.length - 1;
          line.push(run.slice(0, cut));
          carry.unshift(run.slice(cut));
        }
      }
      takeSpaces();
      while (real() > 1 && NO_END.test(line[line.length - 1]!)) carry.unshift(line.pop()!);
      push();
      for (const c of [...carry, tok]) {
        const cw = tokenWidth(c);
        if (w + cw > avail() && line.length) push();
        if (cw > avail()) {
          const pieces = splitRun(c, avail());
          pieces.slice(0, -1).forEach((p) => (add(p), push()));
          add(pieces[pieces.length - 1]!);
        } else if (line.length || !isSpace(c)) add(c);
      }
    }
    if (line.length) push();
    avoidWidow(out, paraStart, prefixOf, width);
  }
  return out;
}

/**
 * A paragraph's last line of one Chinese character (with its punctuation) takes one more character from
 * the line above, so a lone `挂？` or `部` never hangs by itself (the line above gets shorter, so it fits).
 */
function avoidWidow(out: string[], from: number, prefixOf: (n: number) => string, width: number): void {
  const n = out.length;
  if (n - from < 2) return;
  const lastPrefix = prefixOf(n - 1);
  const prevPrefix = prefixOf(n - 2);
  const last = out[n - 1]!.slice(lastPrefix.length);
  const prev = out[n - 2]!.slice(prevPrefix.length);
  const chars = [...last];
  const body = chars.filter((c) => !NO_START.test(c));
  if (body.length !== 1 || displayWidth(body[0]!) !== 2 || chars.length > 3) return;
  const run = TRAILING_RUN.exec(prev)?.[0];
  const prevChars = [...prev];
  // What moves down: a short Latin/digit run (`APP`) whole, else the last character.
  const take = run && run.length < prev.length && displayWidth(run) <= 8 ? run : run ? undefined : prevChars[prevChars.length - 1];
  if (prevChars.length < 4 || !take || (!run && (displayWidth(take) !== 2 || NO_START.test(take) || NO_END.test(take)))) return;
  let rest = prev.slice(0, -take.length);
  let moved = take;
  // An opening mark goes down with what it opens.
  while (rest && NO_END.test([...rest].pop()!)) {
    const ch = [...rest].pop()!;
    rest = rest.slice(0, -ch.length);
    moved = ch + moved;
  }
  if (rest.trim() === '' || displayWidth(lastPrefix + moved + last) > width) return;
  out[n - 2] = prevPrefix + rest.trimEnd();
  out[n - 1] = lastPrefix + moved + last;
}

/**
 * Items (ids, phone numbers) joined by `sep` into as few lines as fit, never breaking an item: a list
 * such as `依据：lost-card、reissue-documents …` on two rows instead of one row per item. `lineEnd` ends
 * every line but the last instead of the separator (` \` for a shell command that goes on).
 */
export function wrapItems(items: string[], width: number, opts: { first?: string; indent?: string; sep?: string; lineEnd?: string } = {}): string[] {
  const { first = '', indent = '', sep = '、', lineEnd = '' } = opts;
  const lines: { prefix: string; body: string }[] = [];
  let cur = { prefix: first, body: '' };
  for (const [i, item] of items.entries()) {
    // A line that goes on ends with `lineEnd` (or the separator); the last item's line ends with the item.
    const end = i < items.length - 1 ? lineEnd || sep.trimEnd() : '';
    if (cur.body && displayWidth(cur.prefix + cur.body + sep + item + end) > width) {
      lines.push({ prefix: cur.prefix, body: cur.body + (lineEnd || sep.trimEnd()) });
      cur = { prefix: indent, body: item };
    } else cur.body += (cur.body ? sep : '') + item;
  }
  if (cur.body) lines.push(cur);
  // An item wider than a line on its own is wrapped as text.
  return lines.flatMap(({ prefix, body }) => (displayWidth(prefix + body) > width ? wrap(body, width, { first: prefix, indent }) : [prefix + body]));
}
