/**
 * The YAML must hold the whole knowledge source, exactly. This test reads faq-source.txt with sbk's one
 * source reader (src/source/parse.ts, the same one `sbk source diff` uses; it does not trust the YAML's
 * source_line fields) and checks questions, answers, phone numbers, outlets and offices against what
 * sbk loads.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { phoneKeys } from '../src/kb/phone.js';
import { cellNumbers, phoneKey, phoneNumbersIn, readSource, sameAnswer } from '../src/source/parse.js';
import { ROOT } from './helpers/cli.js';

// SBK_SOURCE / SBK_DATA_DIR let the source tests run these same checks against a new source version
// after `sbk source apply` wrote it into a copy of the data (test/source.test.ts).
const SOURCE = process.env.SBK_SOURCE ?? path.resolve(ROOT, '../shared/source/faq-source.txt');
const hasSource = existsSync(SOURCE);
const source = hasSource ? readSource(SOURCE) : undefined;
const kb = loadKnowledgeBase(process.env.SBK_DATA_DIR ?? ROOT);

describe.skipIf(!hasSource)('faq.yaml against faq-source.txt', () => {
  // Read even when the block is skipped (no source beside the checkout): nothing to destructure then.
  const { lines, entries: questions, outlets, offices } = source ?? ({} as NonNullable<typeof source>);

  it('has every question of the source, verbatim and in source order', () => {
    expect(questions).toHaveLength(137);
    expect(kb.faq.entries.map((e) => e.question)).toEqual(questions.map((q) => q.question));
  });

  it('records where each entry starts in the source', () => {
    expect(kb.faq.entries.map((e) => e.source_line)).toEqual(questions.map((q) => q.line));
  });

  it('has every answer exactly as the source writes it (whitespace and image placeholders aside)', () => {
    // The one non-Q&A section (illustrated online paths) sits inside an entry's source block; an answer
    // holding a table placeholder is compared by its prose (the table is checked below).
    const appendixText = kb.faq.appendix.map((a) => a.title + a.text).join('');
    questions.forEach((q, k) => {
      const entry = kb.faq.entries[k]!;
      expect(sameAnswer(entry.answer, q.answer, appendixText), entry.id).toBe(true);
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

    const found = phoneNumbersIn(lines);
    expect(found.size).toBeGreaterThan(120);
    const missing = [...found].filter((d) => !known.has(d));
    expect(missing).toEqual([]);
  });

  it('has all 78 outlets with the source name, address and phones', () => {
    expect(outlets.length).toBe(78);
    expect(kb.banks.outlets).toHaveLength(78);
    outlets.forEach((row, n) => {
      const outlet = kb.banks.outlets[n]!;
      expect(outlet.no).toBe(row.no);
      expect(outlet.name).toBe(row.name);
      expect(outlet.address).toBe(row.address);
      expect(outlet.phones.map((p) => phoneKey(p.number))).toEqual(cellNumbers(row.phones).map(phoneKey));
    });
  });

  it('has all 15 offices with the source name, address and phones', () => {
    expect(offices.length).toBe(15);
    expect(kb.offices.offices).toHaveLength(15);
    offices.forEach((row, n) => {
      expect(kb.offices.offices[n]!.name).toBe(row.name);
      expect(kb.offices.offices[n]!.address).toBe(row.address);
    });
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
