/**
 * What a new version of the source document changes against the knowledge base as it stands: per Q&A
 * entry added, changed (question, answer or both) or removed, and per table row (outlets, offices,
 * 医保办, bank phones) added, changed or removed. Pure: a parsed source and a loaded knowledge base in,
 * the differences out; `sbk source diff` prints them and `sbk source apply` (apply.ts) writes them.
 */
import type { KnowledgeBase } from '../kb/load.js';
import type { Bank, Office, Outlet, Yibao } from '../kb/schema.js';
import type { Phone } from '../kb/phone.js';
import { resolveBank, shortName } from '../lookup/banks.js';
import { textAnalyzer, type Analyzer } from '../search/analyzer.js';
import {
  cellNumbers,
  normText,
  phoneKey,
  sameAnswer,
  type SourceBankPhone,
  type SourceDocument,
  type SourceEntry,
  type SourceOffice,
  type SourceOutlet,
  type SourceYibao,
} from './parse.js';

type ChangeKind = 'question' | 'answer' | 'both';

interface AddedEntry {
  question: string;
  line: number;
}

interface ChangedEntry {
  id: string;
  question: string;
  /** The question as the knowledge base had it, when it changed. */
  was?: string;
  what: ChangeKind;
  line: number;
}

interface RemovedEntry {
  id: string;
  question: string;
}

/** A table row as compared: its key and its fields as text. */
export interface RowDiff {
  added: { key: string; line: number; row: Record<string, string> }[];
  changed: { key: string; line: number; fields: string[]; before: Record<string, string>; after: Record<string, string> }[];
  removed: { key: string; row: Record<string, string> }[];
}

export type TableName = 'outlets' | 'offices' | 'yibao' | 'bankPhones';

export interface SourceDiff {
  added: AddedEntry[];
  changed: ChangedEntry[];
  removed: RemovedEntry[];
  tables: Record<TableName, RowDiff>;
}

/** For each entry of the new source, the index of the knowledge-base entry it continues (or undefined if new). */
type Pairing = (number | undefined)[];

export interface Comparison {
  diff: SourceDiff;
  pairing: Pairing;
  kinds: Map<number, ChangeKind>;
}

/** Below this share of common terms an unmatched entry is a new one, not an old one rewritten. */
const REWRITE_SIMILARITY = 0.5;

export function compareSource(kb: KnowledgeBase, doc: SourceDocument): Comparison {
  const { pairing, kinds } = pairEntries(kb, doc.entries);
  const old = kb.faq.entries;
  const used = new Set(pairing.filter((i): i is number => i !== undefined));
  const diff: SourceDiff = {
    added: [],
    changed: [],
    removed: old.filter((_, i) => !used.has(i)).map((e) => ({ id: e.id, question: e.question })),
    tables: compareTables(kb, doc),
  };
  doc.entries.forEach((s, k) => {
    const i = pairing[k];
    if (i === undefined) return void diff.added.push({ question: s.question, line: s.line });
    const what = kinds.get(k);
    if (!what) return;
    const e = old[i]!;
    diff.changed.push({ id: e.id, question: s.question, ...(what !== 'answer' ? { was: e.question } : {}), what, line: s.line });
  });
  return { diff, pairing, kinds };
}

export function isEmpty(d: SourceDiff): boolean {
  return !d.added.length && !d.changed.length && !d.removed.length && Object.values(d.tables).every((t) => !t.added.length && !t.changed.length && !t.removed.length);
}

/**
 * Pairs new entries with old ones: the same question first; then, among the rest, the same answer (the
 * question was reworded); then, between the same neighbours, the most similar entry (both rewritten).
 */
function pairEntries(kb: KnowledgeBase, entries: SourceEntry[]): { pairing: Pairing; kinds: Map<number, ChangeKind> } {
  const old = kb.faq.entries;
  const analyzer = textAnalyzer(kb.search);
  const appendix = kb.faq.appendix.map((a) => a.title + a.text).join('');
  const pairing: Pairing = entries.map(() => undefined);
  const kinds = new Map<number, ChangeKind>();
  const taken = new Set<number>();
  const answerSame = (i: number, k: number) => sameAnswer(old[i]!.answer, entries[k]!.answer, appendix);

  const byQuestion = new Map<string, number[]>();
  old.forEach((e, i) => byQuestion.set(normText(e.question), [...(byQuestion.get(normText(e.question)) ?? []), i]));
  entries.forEach((s, k) => {
    const i = byQuestion.get(normText(s.question))?.find((c) => !taken.has(c));
    if (i === undefined) return;
    pairing[k] = i;
    taken.add(i);
    if (!answerSame(i, k)) kinds.set(k, 'answer');
  });
  entries.forEach((_, k) => {
    if (pairing[k] !== undefined) return;
    const i = old.findIndex((_, c) => !taken.has(c) && answerSame(c, k));
    if (i < 0) return;
    pairing[k] = i;
    taken.add(i);
    kinds.set(k, 'question');
  });
  entries.forEach((s, k) => {
    if (pairing[k] !== undefined) return;
    // Only between the entries paired before and after it: a rewrite stays in its place.
    let lo = -1;
    for (let j = k - 1; j >= 0; j--) if (pairing[j] !== undefined) { lo = pairing[j]!; break; }
    let hi = old.length;
    for (let j = k + 1; j < entries.length; j++) if (pairing[j] !== undefined) { hi = pairing[j]!; break; }
    let best = -1;
    let bestScore = REWRITE_SIMILARITY;
    const terms = termSet(analyzer, s.question + s.answer);
    for (let c = lo + 1; c < hi; c++) {
      if (taken.has(c)) continue;
      const score = dice(terms, termSet(analyzer, old[c]!.question + old[c]!.answer));
      if (score >= bestScore) [best, bestScore] = [c, score];
    }
    if (best < 0) return;
    pairing[k] = best;
    taken.add(best);
    kinds.set(k, 'both');
  });
  return { pairing, kinds };
}

/** The search analyzer's terms of a text (bigrams, characters, words, numbers): what "similar" means here. */
function termSet(analyzer: Analyzer, text: string): Set<string> {
  return new Set(analyzer.charTerms(text));
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return (2 * common) / (a.size + b.size);
}

// -- tables --

/** How one table is compared: the key of a row on each side and its fields on each side. */
interface TableSpec<S, Y> {
  source: S[];
  yaml: Y[];
  sourceKey: (s: S) => string;
  yamlKey: (y: Y) => string;
  /** Per field: how each side shows it, and (for phones) what is compared instead of the text. */
  fields: Record<string, { s: (s: S) => string; y: (y: Y) => string; same?: (s: S, y: Y) => boolean }>;
  line: (s: S) => number;
}

function diffTable<S, Y>(spec: TableSpec<S, Y>): RowDiff {
  const out: RowDiff = { added: [], changed: [], removed: [] };
  const yamlByKey = new Map(spec.yaml.map((y) => [spec.yamlKey(y), y]));
  const seen = new Set<string>();
  const showS = (row: S) => Object.fromEntries(Object.entries(spec.fields).map(([f, v]) => [f, v.s(row)]));
  const showY = (row: Y) => Object.fromEntries(Object.entries(spec.fields).map(([f, v]) => [f, v.y(row)]));
  for (const s of spec.source) {
    const key = spec.sourceKey(s);
    const y = yamlByKey.get(key);
    seen.add(key);
    if (!y) {
      out.added.push({ key, line: spec.line(s), row: showS(s) });
      continue;
    }
    const fields = Object.entries(spec.fields)
      .filter(([, f]) => !(f.same ? f.same(s, y) : f.s(s) === f.y(y)))
      .map(([name]) => name);
    if (fields.length) {
      const pick = (r: Record<string, string>) => Object.fromEntries(fields.map((f) => [f, r[f]!]));
      out.changed.push({ key, line: spec.line(s), fields, before: pick(showY(y)), after: pick(showS(s)) });
    }
  }
  for (const y of spec.yaml) if (!seen.has(spec.yamlKey(y))) out.removed.push({ key: spec.yamlKey(y), row: showY(y) });
  return out;
}

/** Phones compare by number (8 local digits or the service number), not by how they are written. */
const cellKeys = (cell: string) => cellNumbers(cell).map(phoneKey).join('、');
const phonesKeys = (phones: Phone[]) => [...new Set(phones.map((p) => phoneKey(p.number)))].join('、');
const phonesWritten = (phones: Phone[]) => [...new Set(phones.map((p) => p.written))].join('、');
const phoneField = <S extends { phones: string }, Y extends { phones: Phone[] }>() => ({
  s: (s: S) => s.phones,
  y: (y: Y) => phonesWritten(y.phones),
  same: (s: S, y: Y) => cellKeys(s.phones) === phonesKeys(y.phones),
});

/** One phone list of banks.yaml that the source's bank phone lines fill: a bank's 客服/查卡电话 or a branch's. */
interface BankPhoneSlot {
  key: string;
  phones: Phone[];
  /** Path of the phone list in banks.yaml. */
  path: (string | number)[];
}

function bankPhoneSlots(banks: Bank[]): BankPhoneSlot[] {
  const slots: BankPhoneSlot[] = [];
  banks.forEach((b, i) => {
    if (b.customer_service.length) slots.push({ key: `${b.name}客服电话`, phones: b.customer_service, path: ['banks', i, 'customer_service'] });
    if (b.card_check.length) slots.push({ key: `${b.name}查卡电话`, phones: b.card_check, path: ['banks', i, 'card_check'] });
    b.branches.forEach((br, j) => slots.push({ key: br.name, phones: br.phones, path: ['banks', i, 'branches', j, 'phones'] }));
  });
  return slots;
}

/**
 * The slot a source label fills: `<bank>客服电话` / `<bank>查卡电话` by the bank's name or alias, a branch
 * by its name, a bare bank alias (邮储银行) as that bank's 查卡电话; otherwise the label itself (a new row).
 */
function bankPhoneKey(banks: Bank[], label: string): string {
  if (banks.some((b) => b.branches.some((br) => br.name === label))) return label;
  const kind = label.match(/(客服电话|查卡电话)$/);
  const bank = resolveBank(banks, kind ? label.slice(0, -kind[1]!.length) : label)?.bank;
  if (!bank) return label;
  return `${bank.name}${kind ? kind[1] : '查卡电话'}`;
}

function compareTables(kb: KnowledgeBase, doc: SourceDocument): Record<TableName, RowDiff> {
  const banks = kb.banks.banks;
  const bankOf = (id: string) => banks.find((b) => b.id === id);
  return {
    outlets: diffTable<SourceOutlet, Outlet>({
      source: doc.outlets,
      yaml: kb.banks.outlets,
      sourceKey: (s) => String(s.no),
      yamlKey: (y) => String(y.no),
      line: (s) => s.line,
      fields: {
        bank: { s: (s) => s.bank, y: (y) => (bankOf(y.bank) ? shortName(bankOf(y.bank)!) : y.bank), same: (s, y) => resolveBank(banks, s.bank)?.bank.id === y.bank },
        name: { s: (s) => s.name, y: (y) => y.name },
        address: { s: (s) => s.address, y: (y) => y.address },
        phones: phoneField<SourceOutlet, Outlet>(),
      },
    }),
    offices: diffTable<SourceOffice, Office>({
      source: doc.offices,
      yaml: kb.offices.offices,
      sourceKey: (s) => s.name,
      yamlKey: (y) => y.name,
      line: (s) => s.line,
      fields: { address: { s: (s) => s.address, y: (y) => y.address }, phones: phoneField<SourceOffice, Office>() },
    }),
    yibao: diffTable<SourceYibao, Yibao>({
      source: doc.yibao,
      yaml: kb.offices.yibao,
      sourceKey: (s) => s.district,
      yamlKey: (y) => y.district,
      line: (s) => s.line,
      fields: { phones: phoneField<SourceYibao, Yibao>() },
    }),
    bankPhones: diffTable<SourceBankPhone, BankPhoneSlot>({
      source: doc.bankPhones,
      yaml: bankPhoneSlots(banks),
      sourceKey: (s) => bankPhoneKey(banks, s.label),
      yamlKey: (y) => y.key,
      line: (s) => s.line,
      fields: { phones: phoneField<SourceBankPhone, BankPhoneSlot>() },
    }),
  };
}

