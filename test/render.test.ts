import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { wrap, highlight } from '../src/render/text.js';
import { loadStyle } from '../src/render/style.js';

describe('wrap', () => {
  const text = '参保人社保卡丢失可先拨打临时挂失电话：68967600 ，按1可进行社保账户临时挂失，若社保卡为未启用、放号状态或来电人未办理过社保卡，则会提示没有您的社保卡信息。';

  it('keeps every line within the width, counting Chinese as two columns', () => {
    for (const w of [20, 33, 40, 80]) {
      for (const l of wrap(text, w)) expect(stringWidth(l)).toBeLessThanOrEqual(w);
    }
  });

  it('never splits a phone number across lines', () => {
    for (let w = 14; w < 60; w++) expect(wrap(text, w).some((l) => l.includes('68967600'))).toBe(true);
  });

  it('never starts a line with closing punctuation', () => {
    for (let w = 14; w < 60; w++) for (const l of wrap(text, w)) expect(l).not.toMatch(/^[，。、；：？！）]/);
  });

  it('keeps the text, only adding line breaks', () => {
    expect(wrap(text, 30).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });
});

const style = await loadStyle(true);

describe('highlight', () => {
  it('marks whole phone numbers, including 400 numbers', () => {
    const out = highlight('拨打4001781234或0531-68967600、66961234', style);
    expect(out).toContain(style.phone('4001781234'));
    expect(out).toContain(style.phone('0531-68967600'));
    expect(out).toContain(style.phone('66961234'));
  });
});

describe('displayWidth', () => {
  it('agrees with string-width on every character of the knowledge base', async () => {
    const { displayWidth } = await import('../src/render/width.js');
    const { readFileSync } = await import('node:fs');
    const text = ['faq.yaml', 'banks.yaml', 'offices.yaml'].map((f) => readFileSync(f, 'utf8')).join('');
    for (const ch of new Set(text.replace(/\s/g, ''))) expect(displayWidth(ch), ch).toBe(stringWidth(ch));
    expect(displayWidth('\u001b[1m社保卡\u001b[22m 68967600')).toBe(15);
  });
});

describe('key lines lifted to the top', () => {
  it('leave the list number of a numbered answer behind (电话：拨打…, not 电话：4）拨打…)', async () => {
    const { keyExcerpts } = await import('../src/render/text.js');
    expect(keyExcerpts('１）登录网站查询。\n4）拨打68967600，按2可查询当前社保卡状态。')).toEqual(['拨打68967600，按2可查询当前社保卡状态']);
    expect(keyExcerpts('（2）拨打68967600，按1挂失。')).toEqual(['拨打68967600，按1挂失']);
    // A number that is a phone is not a list number.
    expect(keyExcerpts('68967600，按1挂失。')[0]).toMatch(/^68967600/);
  });
});
