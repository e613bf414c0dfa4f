/**
 * The one reader of the hotline's document (faq-source.txt): its Q&A entries and the tables inside
 * them (the 78 outlets, the 15 offices, the 医保办 phones, the bank phones). The completeness test
 * checks the YAML against what this reads, and `sbk source diff/apply` reads a new version with it, so
 * both agree on what the source says. Pure: text in, structure out.
 */
import { readFileSync } from 'node:fs';
import { SbkError, EXIT } from '../errors.js';

const ANSWER = /^\s*答：/;
const QUESTION = /^\s*问：/;

export interface SourceEntry {
  /** 1-based line of the question. */
  line: number;
  question: string;
  /** The lines after the question up to the next question, `答：` removed, as the source writes them. */
  answer: string;
}

export interface SourceOutlet {
  line: number;
  no: number;
  bank: string;
  name: string;
  address: string;
  /** The phone cell as written, e.g. `0531-89735106、89735111`. */
  phones: string;
}

export interface SourceOffice {
  line: number;
  name: string;
  address: string;
  phones: string;
}

export interface SourceYibao {
  line: number;
  district: string;
  phones: string;
}

export interface SourceBankPhone {
  line: number;
  /** The label as written: `中国工商银行客服电话`, `中国工商银行查卡电话` (the line's bank + 查卡电话), `槐荫农商行`. */
  label: string;
  phones: string;
}

export interface SourceDocument {
  lines: string[];
  entries: SourceEntry[];
  outlets: SourceOutlet[];
  offices: SourceOffice[];
  yibao: SourceYibao[];
  bankPhones: SourceBankPhone[];
}

/** The document could not be read as a hotline source (the message says why, in Chinese). */
class NotASource extends Error {}

/** Read and parse a source file; a missing file or a text that is not a source is an SbkError (exit 2). */
export function readSource(file: string): SourceDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '不存在' : code === 'EISDIR' ? '是一个目录' : '无法读取';
    throw new SbkError(`源文件 ${file} ${why}：请给出新版 faq-source.txt 的路径`, EXIT.usage);
  }
  try {
    return parseSource(text);
  } catch (e) {
    if (e instanceof NotASource) throw new SbkError(`${file} 不像热线知识库源文件：${e.message}`, EXIT.usage);
    throw e;
  }
}

function parseSource(text: string): SourceDocument {
  if (text.includes('\0')) throw new NotASource('含有二进制内容，请给出纯文本的 faq-source.txt');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const entries = parseEntries(lines);
  if (entries.length === 0 || !lines.some((l) => ANSWER.test(l))) throw new NotASource('没有找到任何“问：……答：……”条目');
  return {
    lines,
    entries,
    outlets: parseOutlets(lines),
    offices: parseOffices(lines),
    yibao: parseYibao(lines, entries),
    bankPhones: parseBankPhones(lines, entries),
  };
}

/** A question is a `问：` line, or a line that is directly followed by an `答：` line (the 三代卡 part). */
function parseEntries(lines: string[]): SourceEntry[] {
  const starts: { line: number; question: string }[] = [];
  lines.forEach((l, i) => {
    const next = lines[i + 1] ?? '';
    if (QUESTION.test(l) || (l.trim() && !ANSWER.test(l) && ANSWER.test(next))) {
      starts.push({ line: i + 1, question: l.replace(QUESTION, '').trim() });
    }
  });
  return starts.map((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]!.line - 1 : lines.length;
    return { ...s, answer: lines.slice(s.line, end).join('\n').replace(ANSWER, '') };
  });
}

/** Tab-indented table cells from line `from` (0-based) until the next question, with their 1-based lines. */
function cells(lines: string[], from: number): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = from; i >= 0 && i < lines.length && !QUESTION.test(lines[i]!); i++) {
    if (lines[i]!.startsWith('\t')) out.push({ line: i + 1, text: lines[i]!.trim() });
  }
  return out;
}

/** Rows of `width` cells after a header of `width` cells; a row's line is its first cell's. */
function rows(list: { line: number; text: string }[], width: number): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  for (let k = width; k + width <= list.length; k += width) {
    out.push({ line: list[k]!.line, cells: list.slice(k, k + width).map((c) => c.text) });
  }
  return out;
}

function parseOutlets(lines: string[]): SourceOutlet[] {
  const start = lines.findIndex((l) => l.startsWith('附表：') && l.includes('网点'));
  if (start < 0) return [];
  return rows(cells(lines, start + 1), 5).map(({ line, cells: [no, bank, name, address, phones] }) => ({
    line,
    no: Number(no),
    bank: bank!,
    name: name!,
    address: address!,
    phones: phones!,
  }));
}

function parseOffices(lines: string[]): SourceOffice[] {
  const start = lines.findIndex((l) => QUESTION.test(l) && l.includes('经办机构地址'));
  if (start < 0) return [];
  return rows(cells(lines, start + 1), 3).map(({ line, cells: [name, address, phones] }) => ({
    line,
    name: name!,
    address: address!,
    phones: phones!,
  }));
}

/** `市中 82078668    历下 86982946`: district and phone pairs under the 居民社保卡制卡进度 answer. */
function parseYibao(lines: string[], entries: SourceEntry[]): SourceYibao[] {
  const entry = entries.find((e) => e.question.includes('居民社保卡制卡进度') && /区医保办/.test(e.answer));
  if (!entry) return [];
  const out: SourceYibao[] = [];
  for (let i = entry.line; i < lines.length && !QUESTION.test(lines[i]!); i++) {
    const l = lines[i]!;
    if (!/^\s*(?:\p{Script=Han}{2,5}\s+[\d/-]+\s*)+$/u.test(l)) continue;
    for (const m of l.matchAll(/(\p{Script=Han}{2,5})\s+([\d/-]+)/gu)) out.push({ line: i + 1, district: m[1]!, phones: m[2]! });
  }
  return out;
}

/**
 * `中国工商银行客服电话：95588   查卡电话：0531-82062765` and `槐荫农商行：0531-87983093`: the lines of the
 * entry that asks for the banks' 客服电话 and 查卡电话. A bare `查卡电话` belongs to the bank named before it.
 */
function parseBankPhones(lines: string[], entries: SourceEntry[]): SourceBankPhone[] {
  const entry = entries.find((e) => e.question.includes('客服电话') && e.question.includes('查卡电话'));
  if (!entry) return [];
  const out: SourceBankPhone[] = [];
  for (let i = entry.line; i < lines.length && !QUESTION.test(lines[i]!); i++) {
    let bank = '';
    for (const m of lines[i]!.matchAll(/([^\s：:]+)[：:]\s*([\d-]+(?:[、/][\d-]+)*)/g)) {
      let label = m[1]!;
      const kind = label.match(/(客服电话|查卡电话)$/);
      if (kind && label === kind[1]) label = bank + label;
      else if (kind) bank = label.slice(0, -kind[1]!.length);
      out.push({ line: i + 1, label, phones: m[2]! });
    }
  }
  return out;
}

/**
 * The digits of each number in a phone cell: `0531-89735106、89735111` → two numbers; `83236980/81`
 * → 83236980 and 83236981 (the part after the slash replaces the last digits).
 */
export function cellNumbers(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(/[、,，\s]+/)) {
    const m = part.match(/^([\d-]+)\/(\d{1,4})$/);
    if (m) {
      const first = m[1]!;
      out.push(first, first.slice(0, first.length - m[2]!.length) + m[2]);
    } else if (/\d/.test(part)) out.push(part);
  }
  return out;
}

/** The 8 local digits (or the whole service number) a phone is compared by. */
export function phoneKey(number: string): string {
  const d = number.replace(/\D/g, '');
  return d.length >= 11 && d.startsWith('0531') ? d.slice(4) : d;
}

/** Every phone number the text of the source mentions, as 8 local digits or a service number. */
export function phoneNumbersIn(lines: string[]): Set<string> {
  const found = new Set<string>();
  for (const raw of lines) {
    const l = raw.replace(/\[image:[^\]]*\]/g, '');
    // 83236980/81 and 0531-87220059/0817: the part after the slash replaces the number's last digits.
    for (const m of l.matchAll(/(\d{8})\/(\d{2,4})(?!\d)/g)) found.add(m[1]!.slice(0, 8 - m[2]!.length) + m[2]);
    for (const m of l.matchAll(/(?<!\d)(?:0531-?)?(\d{8})(?!\d)/g)) found.add(m[1]!);
    for (const m of l.matchAll(/(?<!\d)(95\d{3}|400\d{7}|12345)(?!\d)/g)) found.add(m[1]!);
  }
  return found;
}

/** Whitespace, image markers and Word bookmarks do not count; placeholders stand for images. */
export function normText(s: string): string {
  return s
    .replace(/\[image:[^\]]*\]/g, '')
    .replace(/\[图片[^\]]*\]/g, '')
    .replace(/\[bookmark:[^\]]*\]/g, '')
    .replace(/\s+/g, '');
}

/** Placeholder the YAML answers write where the source had a table (the table lives in banks/offices.yaml). */
export const TABLE_PLACEHOLDER = /\[表格[^\]]*\]/g;
const HAS_TABLE = /\[表格[^\]]*\]/;

/**
 * Whether a YAML answer says what the source block says: the same text (whitespace and images aside);
 * for an answer holding a table placeholder, the prose before the table; for the entry whose block
 * also holds the appendix (illustrated online paths), the answer followed by it.
 */
export function sameAnswer(yamlAnswer: string, sourceAnswer: string, appendixText = ''): boolean {
  const block = normText(sourceAnswer);
  if (HAS_TABLE.test(yamlAnswer)) {
    return block.startsWith(normText(yamlAnswer.replace(TABLE_PLACEHOLDER, '')));
  }
  const answer = normText(yamlAnswer);
  return block === answer || (appendixText !== '' && block === answer + normText(appendixText));
}

/** The source block as a YAML answer: `[image: …]` becomes `[图片]`, trailing spaces and blank lines go. */
export function answerText(sourceAnswer: string): string {
  return sourceAnswer
    .split('\n')
    .map((l) => l.replace(/\[image:[^\]]*\]/g, '[图片]').replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
