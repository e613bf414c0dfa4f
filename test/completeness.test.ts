/**
 * The YAML must hold the whole knowledge source, exactly. This test parses faq-source.txt on its own
 * (it does not trust the YAML's source_line fields) and checks questions, answers, phone numbers,
 * outlets and offices against what sbk loads.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { phoneKeys } from '../src/kb/phone.js';
import { ROOT } from './helpers/cli.js';

const SOURCE = path.resolve(ROOT, '../shared/source/faq-source.txt');
const hasSource = existsSync(SOURCE);
const lines = hasSource ? readFileSync(SOURCE, 'utf8').split('\n') : [];
const kb = loadKnowledgeBase(ROOT);

const ANSWER = /^\s*答：/;
const QUESTION = /^\s*问：/;

/** A question is a `问：` line, or a line that is directly followed by an `答：` line (the 三代卡 part). */
function sourceQuestions(): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  lines.forEach((l, i) => {
    const next = lines[i + 1] ?? '';
    if (QUESTION.test(l) || (l.trim() && !ANSWER.test(l) && ANSWER.test(next))) {
      out.push({ line: i + 1, text: l.replace(QUESTION, '').trim() });
    }
  });
  return out;
}

/** Whitespace, image markers and Word bookmarks do not count; placeholders stand for images. */
function norm(s: string): string {
  return s
    .replace(/\[image:[^\]]*\]/g, '')
    .replace(/\[图片[^\]]*\]/g, '')
    .replace(/\[bookmark:[^\]]*\]/g, '')
    .replace(/\s+/g, '');
}

describe.skipIf(!hasSource)('faq.yaml against faq-source.txt', () => {
  const questions = sourceQuestions();

  it('has every question of the source, verbatim and in source order', () => {
    expect(questions).toHaveLength(137);
    expect(kb.faq.entries.map((e) => e.question)).toEqual(questions.map((q) => q.text));
  });

  it('records where each entry starts in the source', () => {
    expect(kb.faq.entries.map((e) => e.source_line)).toEqual(questions.map((q) => q.line));
  });

  it('has every answer exactly as the source writes it (whitespace and image placeholders aside)', () => {
    const appendixText = kb.faq.appendix.map((a) => norm(a.title + a.text)).join('');
    questions.forEach((q, k) => {
      const end = k + 1 < questions.length ? questions[k + 1]!.line - 1 : lines.length;
      const block = norm(lines.slice(q.line, end).join('\n').replace(ANSWER, ''));
      const entry = kb.faq.entries[k]!;
      const answer = norm(entry.answer);
      if (/\[表格/.test(entry.answer)) {
        // The table itself lives in banks.yaml / offices.yaml (checked below); the prose around it is here.
        const prose = norm(entry.answer.replace(/\[表格[^\]]*\]/g, ''));
        expect(block.startsWith(prose), entry.id).toBe(true);
      } else if (block !== answer) {
        // The one non-Q&A section (illustrated online paths) sits inside an entry's source block.
        expect(block, entry.id).toBe(answer + appendixText);
      }
    });
  });

  it('has every phone number of the source in banks.yaml or offices.yaml', () => {
    const known = new Set<string>();
    const add = (p: Parameters<typeof phoneKeys>[0]) => phoneKeys(p).forEach((k) => known.add(k));
    for (const b of kb.banks.banks) {
      [...b.customer_service, ...b.card_check, ...(b.mailing ?? [])].forEach(add);
      b.branches.forEach((br) => br.phones.forEach(add));
    }
    kb.banks.outlets.forEach((o) => o.phones.forEach(add));
    kb.offices.offices.forEach((o) => o.phones.forEach(add));
    kb.offices.yibao.forEach((y) => y.phones.forEach(add));
    kb.offices.hotlines.forEach((h) => h.phones.forEach(add));

    const found = new Set<string>();
    for (const raw of lines) {
      const l = raw.replace(/\[image:[^\]]*\]/g, '');
      // 83236980/81 and 0531-87220059/0817: the part after the slash replaces the number's last digits.
      for (const m of l.matchAll(/(\d{8})\/(\d{2,4})(?!\d)/g)) found.add(m[1]!.slice(0, 8 - m[2]!.length) + m[2]);
      for (const m of l.matchAll(/(?<!\d)(?:0531-?)?(\d{8})(?!\d)/g)) found.add(m[1]!);
      for (const m of l.matchAll(/(?<!\d)(95\d{3}|400\d{7}|12345)(?!\d)/g)) found.add(m[1]!);
    }
    expect(found.size).toBeGreaterThan(120);
    const missing = [...found].filter((d) => !known.has(d));
    expect(missing).toEqual([]);
  });

  it('has all 78 outlets with the source name, address and phones', () => {
    const start = lines.findIndex((l) => l.startsWith('附表：首批上线的78家'));
    const cells: string[] = [];
    for (let i = start + 1; i < lines.length && !QUESTION.test(lines[i]!); i++) {
      if (lines[i]!.startsWith('\t')) cells.push(lines[i]!.trim());
    }
    const rows = cells.slice(5);
    expect(rows.length).toBe(78 * 5);
    expect(kb.banks.outlets).toHaveLength(78);
    for (let n = 0; n < 78; n++) {
      const [no, , name, address, phones] = rows.slice(n * 5, n * 5 + 5);
      const outlet = kb.banks.outlets[n]!;
      expect(outlet.no).toBe(Number(no));
      expect(outlet.name).toBe(name);
      expect(outlet.address).toBe(address);
      expect(outlet.phones.map((p) => p.digits.slice(-8))).toEqual(phones!.split(/[、/]/).map((p) => p.replace(/\D/g, '').slice(-8)));
    }
  });

  it('has all 15 offices with the source name, address and phones', () => {
    const start = lines.findIndex((l) => l.startsWith('问：济南市社保卡业务经办机构地址'));
    const cells: string[] = [];
    for (let i = start + 2; i < lines.length && !QUESTION.test(lines[i]!); i++) {
      if (lines[i]!.startsWith('\t')) cells.push(lines[i]!.trim());
    }
    const rows = cells.slice(3);
    expect(rows.length).toBe(15 * 3);
    expect(kb.offices.offices).toHaveLength(15);
    for (let n = 0; n < 15; n++) {
      const [name, address] = rows.slice(n * 3, n * 3 + 2);
      expect(kb.offices.offices[n]!.name).toBe(name);
      expect(kb.offices.offices[n]!.address).toBe(address);
    }
  });

  it('keeps the source errors visible instead of fixing them silently', () => {
    const outlet66 = kb.banks.outlets.find((o) => o.no === 66)!;
    expect(outlet66.address).toBe('济南市济南区颜庄镇颜庄村');
    expect(outlet66.district).toBe('莱芜区');
    expect(outlet66.note).toMatch(/莱芜区/);
    const byId = new Map(kb.faq.entries.map((e) => [e.id, e]));
    expect(byId.get('old-magcard-password')!.answer).toContain('（等自助机好了，这条要删除）');
    expect(byId.get('old-magcard-password')!.stale).toBeTruthy();
    expect(byId.get('promotions-2021')!.stale).toMatch(/2021/);
    expect(byId.get('bank-phones')!.note).toMatch(/76292860/);
    expect(byId.get('progress-stages-explained')!.note).toMatch(/序号/);
  });
});
