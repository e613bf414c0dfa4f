/**
 * The one wrapping routine (src/render/width.ts): every line fits its width in display columns, only line
 * breaks are added, phone numbers and ids are never split, and closing punctuation never starts a line.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { displayWidth, truncate, wrap, wrapItems } from '../src/render/width.js';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { ROOT } from './helpers/cli.js';

const kb = loadKnowledgeBase(ROOT);
const answers = kb.faq.entries.map((e) => e.answer);
const CLOSING_START = /^\s*[，。、；：？！）》」』】”]/u;

describe('wrap', () => {
  it('every line of every answer fits, at every width from 16 to 120, indent included', () => {
    for (const text of answers) {
      for (const w of [16, 23, 40, 59, 60, 79, 80, 120]) {
        // Collected, one expect per text and width: checking each of ~10,000 lines with its own expect costs seconds.
        const wide = wrap(text, w, { first: '  1. ', indent: '     ' }).filter((l) => stringWidth(l) > w);
        expect(wide, `${w}`).toEqual([]);
      }
    }
  });

  it('adds only line breaks (and drops spaces at a break)', () => {
    for (const text of answers) {
      for (const w of [20, 47, 80]) expect(wrap(text, w).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('never starts a line with closing punctuation in any answer at any width', () => {
    for (const text of answers) {
      for (let w = 20; w <= 82; w++) expect(wrap(text, w, '  ').filter((l) => CLOSING_START.test(l)), `${w}`).toEqual([]);
    }
  });

  it('leaves no lone Chinese character (with its punctuation) on the last line of a paragraph', () => {
    const lone = /^\s*[\u4e00-\u9fff][，。、；：？！）》」』】”]*$/u;
    for (const text of answers) {
      for (let w = 24; w <= 82; w += 3) {
        for (const para of text.split('\n')) {
          const lines = wrap(para, w, '  ');
          if (lines.length > 1) expect(lines[lines.length - 1], `${w}: ${para}`).not.toMatch(lone);
        }
      }
    }
  });

  it('never breaks an id, a phone number or a command line word', () => {
    const text = '依据：lost-card-reissue-weekend、0531-68967600，重现：sbk tree lost-card --answer card=jinan --answer insured=jinan';
    for (let w = 30; w <= 90; w++) {
      const lines = wrap(text, w);
      for (const word of ['lost-card-reissue-weekend', '0531-68967600', 'card=jinan', 'insured=jinan', '--answer']) {
        expect(lines.some((l) => l.includes(word)), `${w} ${word}`).toBe(true);
      }
    }
  });

  it('holds for any mix of Chinese, Latin, digits and punctuation', () => {
    const piece = fc.constantFrom('社保卡', '补办', '，', '。', '）', '（', '“', '”', ' ', '68967600', 'lost-card', 'APP', '、', '：', 'a', '按1');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }), fc.integer({ min: 12, max: 100 }), (parts, w) => {
        const text = parts.join('');
        const lines = wrap(text, w, '  ');
        for (const l of lines) if (stringWidth(l) > w) return false;
        return lines.join('').replace(/\s/g, '') === text.replace(/\s/g, '');
      }),
    );
  });

  it('hangs later lines under a first-line label', () => {
    const lines = wrap('参保人社保卡丢失可先拨打临时挂失电话：68967600', 24, { first: '  电话：', indent: '        ' });
    expect(lines[0]!.startsWith('  电话：')).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('        ') && !l.startsWith('         '))).toBe(true);
  });

  it('breaks a run wider than the line itself, preferring a hyphen', () => {
    const lines = wrap('https://example.org/a-very-long-path-that-is-wider-than-the-line', 30);
    expect(lines.every((l) => displayWidth(l) <= 30)).toBe(true);
    expect(lines.join('')).toBe('https://example.org/a-very-long-path-that-is-wider-than-the-line');
  });
});

describe('wrapItems and truncate', () => {
  it('puts whole items on as few lines as fit', () => {
    const ids = ['lost-card', 'lost-card-reissue-weekend', 'reissue-documents', 'temporary-loss-release', 'reissue-by-proxy'];
    const lines = wrapItems(ids, 50, { first: '  依据：', indent: '        ' });
    expect(lines.length).toBeLessThan(ids.length);
    expect(lines.every((l) => displayWidth(l) <= 50)).toBe(true);
    for (const id of ids) expect(lines.some((l) => l.includes(id))).toBe(true);
  });

  it('cuts to the width with an ellipsis', () => {
    expect(displayWidth(truncate('社保卡丢了怎么办社保卡丢了怎么办', 11))).toBeLessThanOrEqual(11);
    expect(truncate('社保卡', 6)).toBe('社保卡');
  });
});
