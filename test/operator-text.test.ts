/**
 * Operators see what to do and what to say; maintainers' reasons (the source's errors, file names) go to
 * `note`. No text an operator reads — answers, questions, aliases, stale warnings, tree titles, prompts,
 * hints, choices and steps, table rows, phone purposes, lookup messages, visible column headers —
 * names the source file or a data file or remarks on the source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli.js';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { phoneDirectory, PHONE_COLUMNS } from '../src/lookup/phones.js';
import { BANK_COLUMNS } from '../src/lookup/banks.js';
import { OFFICE_COLUMNS, YIBAO_COLUMNS } from '../src/lookup/offices.js';
import { OUTLET_COLUMNS } from '../src/lookup/outlets.js';
import { msg } from '../src/lookup/messages.js';

/** Maintainers' words: file names and remarks about the source. */
const MAINTAINER = /源文件|faq-source|\.ya?ml\b|另一条写|未列|原文写于|转录/;

const kb = loadKnowledgeBase(ROOT);

function offending(texts: [string, string | undefined][]): string[] {
  return texts.filter(([, t]) => t !== undefined && MAINTAINER.test(t)).map(([where, t]) => `${where}: ${t}`);
}

describe('operator-visible text holds no maintainer words', () => {
  it('faq.yaml: questions, answers, aliases, stale warnings, appendix', () => {
    const texts: [string, string | undefined][] = [];
    for (const e of kb.faq.entries) {
      texts.push([`${e.id}.question`, e.question], [`${e.id}.answer`, e.answer], [`${e.id}.stale`, e.stale]);
      e.aliases.forEach((a, i) => texts.push([`${e.id}.aliases[${i}]`, a]));
    }
    for (const a of kb.faq.appendix) texts.push([`${a.id}.title`, a.title], [`${a.id}.text`, a.text]);
    expect(offending(texts)).toEqual([]);
  });

  it('trees.yaml: titles, summaries, prompts, hints, choices, steps', () => {
    const raw = parse(readFileSync(path.join(ROOT, 'trees.yaml'), 'utf8')) as {
      trees: { id: string; title: string; summary?: string; nodes: { id: string; title?: string; prompt?: string; hint?: string; choices?: { label: string }[]; steps?: { text: string }[] }[] }[];
    };
    const texts: [string, string | undefined][] = [];
    for (const t of raw.trees) {
      texts.push([`${t.id}.title`, t.title], [`${t.id}.summary`, t.summary]);
      for (const n of t.nodes) {
        const at = `${t.id}.${n.id}`;
        texts.push([`${at}.title`, n.title], [`${at}.prompt`, n.prompt], [`${at}.hint`, n.hint]);
        n.choices?.forEach((c, i) => texts.push([`${at}.choices[${i}]`, c.label]));
        n.steps?.forEach((s, i) => texts.push([`${at}.steps[${i}]`, s.text]));
      }
    }
    expect(texts.length).toBeGreaterThan(100);
    expect(offending(texts)).toEqual([]);
  });

  it('tables, phone purposes and the visible column headers', () => {
    const texts: [string, string | undefined][] = [];
    for (const b of kb.banks.banks) {
      texts.push([`${b.id}.name`, b.name], ...b.branches.map((br): [string, string | undefined] => [`${b.id}.branch`, `${br.name} ${br.area ?? ''}`]));
    }
    for (const o of kb.banks.outlets) texts.push([`outlet ${o.no}`, `${o.name} ${o.address}`]);
    kb.banks.outlet_services.forEach((s) => texts.push(['outlet_services', s]));
    for (const o of kb.offices.offices) texts.push([`${o.id}`, `${o.name} ${o.address}`]);
    for (const h of kb.offices.hotlines) {
      texts.push([`${h.id}.purpose`, `${h.name} ${h.purpose}`], ...(h.menu ?? []).map((m): [string, string | undefined] => [`${h.id}.menu`, m.action]));
    }
    for (const e of phoneDirectory(kb.banks, kb.offices)) texts.push([`phone ${e.phone.number}`, `${e.owner} ${e.purpose}`]);
    for (const cols of [PHONE_COLUMNS, BANK_COLUMNS, OFFICE_COLUMNS, YIBAO_COLUMNS, OUTLET_COLUMNS] as { header: string; tableHidden?: boolean }[][]) {
      for (const c of cols) if (!c.tableHidden) texts.push([`column ${c.header}`, c.header]);
    }
    expect(offending(texts)).toEqual([]);
  });

  it('lookup messages', () => {
    const texts: [string, string | undefined][] = [
      ['unknownBank', msg.unknownBank('x', '工行', '工行、农行')],
      ['unknownDistrict', msg.unknownDistrict('x', '章丘区', '历下区')],
      ['noOutletsInDistrict', msg.noOutletsInDistrict('历下区', '（工行）', '章丘区')],
      ['noOutletsForKeyword', msg.noOutletsForKeyword('x', '')],
      ['approximateOutlets', msg.approximateOutlets('x')],
      ['outletsWithoutDistrict', msg.outletsWithoutDistrict([1, 2])],
      ['noOffice', msg.noOffice('x', '历下区')],
      ['noYibao', msg.noYibao('x', '历下区')],
      ['phoneTooShort', msg.phoneTooShort('12')],
      ['noPhoneNumber', msg.noPhoneNumber('1234')],
      ['noPhoneKeyword', msg.noPhoneKeyword('x')],
    ];
    expect(texts).toHaveLength(Object.keys(msg).length);
    expect(offending(texts)).toEqual([]);
  });

  it('the check catches a maintainer remark (it is not vacuous)', () => {
    expect(offending([['t', '见 banks.yaml 的 outlets'], ['u', '源文件未列出'], ['v', '另一条写作两周']])).toHaveLength(3);
  });
});

describe('the table placeholders tell the operator what to run', () => {
  it('sbk show bank-cooperation-outlets points to sbk outlets, the file name only in the note', () => {
    const e = kb.faq.entries.find((x) => x.id === 'bank-cooperation-outlets')!;
    expect(e.answer).toContain('用 sbk outlets 查看');
    expect(e.answer).not.toMatch(MAINTAINER);
    expect(e.note).toContain('banks.yaml');
  });
});
