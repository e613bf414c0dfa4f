/**
 * Callers' personal data never reaches the query log: ID card numbers, mobile numbers, bank card
 * numbers and other long numbers are replaced by a placeholder before a query is written. Numbers the
 * knowledge base itself lists (hotlines, banks, offices, outlets) are kept: they say what was asked.
 */

const PLACEHOLDER = { id: '[身份证号]', mobile: '[手机号]', card: '[卡号]', number: '[号码]' } as const;

/** Digits a caller may say with spaces or dashes between groups (6222 0212 3456 7890). */
const GROUPED = /(?<![\dA-Za-z])(?:\+?86[- ]?)?\d(?:[ -]?\d){6,22}(?:[ -]?[Xx])?(?![\dA-Za-z])/g;

/**
 * Replaces personal numbers in `text`. `known(digits)` says whether a number (digits only, area code
 * included or not) is one of the knowledge base's own.
 */
export function redact(text: string, known: (digits: string) => boolean): string {
  // Full-width digits (１３８…) are the same numbers.
  const ascii = text.replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return ascii.replace(GROUPED, (m) => {
    const digits = m.replace(/[^\dXx]/g, '');
    const plain = digits.replace(/^86(?=1[3-9]\d{9}$)/, '');
    if (/^\d{17}[\dXx]$/.test(plain) || /^\d{15}$/.test(plain)) return PLACEHOLDER.id;
    if (/^1[3-9]\d{9}$/.test(plain)) return PLACEHOLDER.mobile;
    if (/^\d{16,19}$/.test(plain)) return PLACEHOLDER.card;
    if (/[Xx]/.test(plain)) return PLACEHOLDER.id;
    if (known(plain) || m.split(' ').every((part) => known(part.replace(/\D/g, '')))) return m;
    return PLACEHOLDER.number;
  });
}
