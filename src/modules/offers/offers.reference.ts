// Offer references: what a person reads out on the phone or types from an email.
import { randomInt } from 'node:crypto';

/**
 * 30 characters without look-alikes (no 0, 1, I, L, O, U), so a reference read aloud or copied
 * by hand is unambiguous.
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = REFERENCE_ALPHABET.length;
const BODY_LENGTH = 8;

/**
 * The check character by the Luhn mod N algorithm over REFERENCE_ALPHABET: it catches every
 * single wrong character and most swaps of two neighbours.
 */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const codePoint = REFERENCE_ALPHABET.indexOf(body[i]!);
    if (codePoint < 0) throw new Error(`not a reference character: ${body[i]}`);
    let addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return REFERENCE_ALPHABET[(N - (sum % N)) % N]!;
}

/** A new random reference: 8 characters and the check character (9, stored without dashes). */
export function newReference(): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += REFERENCE_ALPHABET[randomInt(N)];
  return body + checkCharacter(body);
}

/** "7KQ4M9TXR" → "7KQ-4M9-TXR", as shown on screen and in emails. */
export function formatReference(reference: string): string {
  return reference.replace(/^(.{3})(.{3})(.{3})$/, '$1-$2-$3');
}

// Greek capitals a person may type on a Greek keyboard for the Latin letters they look like.
const GREEK_LOOKALIKES: Record<string, string> = {
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Κ: 'K', Μ: 'M', Ν: 'N', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};

/**
 * Reads a reference as typed: case, spaces and dashes ignored, Greek look-alike capitals read as
 * the Latin letters they look like.
 * @returns the 9-character reference, or null when it is malformed or its check character fails.
 */
export function parseReference(input: string): string | null {
  const cleaned = [...input.normalize('NFC').toUpperCase()]
    .map((c) => GREEK_LOOKALIKES[c] ?? c)
    .join('')
    .replace(/[\s\-–.]/g, '');
  if (cleaned.length !== BODY_LENGTH + 1) return null;
  if ([...cleaned].some((c) => !REFERENCE_ALPHABET.includes(c))) return null;
  return checkCharacter(cleaned.slice(0, BODY_LENGTH)) === cleaned[BODY_LENGTH] ? cleaned : null;
}
