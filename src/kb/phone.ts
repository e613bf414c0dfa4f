/** A phone number as the source wrote it and in a canonical form. */
export interface Phone {
  /** Canonical: `0531-XXXXXXXX` for local numbers, service numbers as they are (95588, 4001781234). */
  number: string;
  /** Exactly as the source wrote it (may be a shared cell such as `83236980/81`). */
  written: string;
  /** Digits of `number` only, for matching: `053182062765`. */
  digits: string;
}

export function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

export function makePhone(number: string, written: string = number): Phone {
  return { number, written, digits: digitsOf(number) };
}

/**
 * The digit strings a user may type for a phone: the full digits, and for a 0531 number also the
 * local 8 digits without the area code.
 */
export function phoneKeys(phone: Phone): string[] {
  const keys = [phone.digits];
  if (phone.digits.startsWith('0531') && phone.digits.length === 12) keys.push(phone.digits.slice(4));
  return keys;
}

/** Matches phone-like digit runs in free text (answers), for highlighting. */
export const PHONE_PATTERN = /(?<!\d)(?:400\d{7}|(?:0531[-－]?)?\d{8}(?:\/\d{2,4})?|95588|95599|95566|95533|12345)(?!\d)/g;
