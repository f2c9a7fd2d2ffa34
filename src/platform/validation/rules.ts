// Input rules for public forms: turn raw form values into clean, typed values, or a stable error code.
// Pure functions only — no I/O, no clock, no database — so the same rules serve form posts,
// the JSON API and CSV imports, and every rule can be unit-tested on its own.

import { domainToASCII } from 'node:url';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Every error code a rule can return; `rules.messages.ts` must have a message for each. */
export const ruleCodes = [
  'invalid',
  'required',
  'text.too_long',
  'text.invalid_characters',
  'name.invalid',
  'organisation_name.invalid',
  'afm.format',
  'afm.check_digit',
  'tax_id.invalid',
  'phone.invalid',
  'email.invalid',
  'postcode.invalid',
  'date.invalid',
  'date.from_in_past',
  'date.until_before_from',
  'quantity.invalid',
  'quantity.whole',
  'quantity.too_small',
  'quantity.too_large',
  'money.invalid',
  'money.too_many_decimals',
  'money.not_positive',
  'money.too_large',
  'currency.invalid',
  'website.invalid',
  'choice.invalid',
] as const;

export type RuleCode = (typeof ruleCodes)[number];

export type RuleResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: RuleCode; params?: Record<string, string | number> };

function ok<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}

function fail(code: RuleCode, params?: Record<string, string | number>): { ok: false; code: RuleCode; params?: Record<string, string | number> } {
  return params ? { ok: false, code, params } : { ok: false, code };
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

// C0 controls except TAB, LF, CR (CR is folded into LF below), DEL, C1 controls (incl. NEL),
// U+FFFD (what a broken UTF-8 byte sequence decodes to: the original text is already lost, so
// storing it would silently keep a corrupted answer), and the bidi embedding/override/isolate
// controls that let text display in a different order from how it is stored ("Trojan Source",
// CVE-2021-42574). Lone surrogates are matched separately because a `u` regex sees a proper
// pair as one astral code point and only an unpaired half as U+D800–DFFF.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// Spaces people paste from word processors and PDFs (no-break, thin, ideographic…) count as spaces.
const HORIZONTAL_SPACE_RUN = /[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const LINE_BREAK = /\r\n?|[\u2028\u2029]/g;

export type TextOptions = { max: number; multiline?: boolean; required?: boolean };

/**
 * Cleans one free-text answer.
 *
 * Input: anything a form body, JSON body or CSV cell can hold. Only strings (and absent values:
 * `undefined`, `null`) are text; arrays — a field posted twice — and objects are refused.
 * Output: the text in Unicode NFC, trimmed, with runs of spaces and tabs collapsed to one space.
 * In multiline text CRLF/CR become LF, spaces around line breaks are dropped and more than one
 * blank line in a row becomes one (paragraphs survive, padding does not). In single-line text a
 * line break becomes a space: browsers already strip them from `<input>`, so one arriving here
 * comes from a paste into an API client or a CSV cell and is not worth refusing.
 * Empty text is `null` unless `required`.
 *
 * Errors: `invalid` (not a string), `text.invalid_characters` (control characters, NUL, lone
 * surrogates, U+FFFD, bidi overrides/isolates), `required`, `text.too_long` with `{ max }`.
 *
 * Sources: Unicode UAX #15 (NFC, so "ά" typed two ways is stored one way), Unicode general
 * category Cc (controls), Unicode UAX #9 §2 (explicit directional formatting characters),
 * WHATWG Encoding Standard (U+FFFD as the decoder's replacement character). Length is counted in
 * code points, not UTF-16 units, so an emoji or a rare CJK character counts once.
 */
export function cleanText(raw: unknown, options: TextOptions & { required: true }): RuleResult<string>;
export function cleanText(raw: unknown, options: TextOptions): RuleResult<string | null>;
export function cleanText(raw: unknown, options: TextOptions): RuleResult<string | null> {
  let text: string;
  if (raw === undefined || raw === null) text = '';
  else if (typeof raw === 'string') text = raw;
  else return fail('invalid');

  if (FORBIDDEN_CHARACTERS.test(text) || LONE_SURROGATE.test(text)) return fail('text.invalid_characters');

  text = text.normalize('NFC').replace(LINE_BREAK, '\n');
  if (options.multiline) {
    text = text
      .replace(HORIZONTAL_SPACE_RUN, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n');
  } else {
    text = text.replace(/\n/g, ' ').replace(HORIZONTAL_SPACE_RUN, ' ');
  }
  text = text.trim();

  if (text === '') return options.required ? fail('required') : ok(null);
  if (codePointLength(text) > options.max) return fail('text.too_long', { max: options.max });
  return ok(text);
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/**
 * True when a raw value holds no answer: absent, or a string of only white space.
 * Lets callers make any rule optional (see `optional`) without each rule growing a flag.
 */
export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Runs `parse` only when there is an answer: blank input → `{ ok: true, value: null }`.
 * Input: a raw value and any rule below. Output: the rule's result, widened with `null`.
 * Errors: those of `parse`.
 */
export function optional<T>(raw: unknown, parse: (raw: unknown) => RuleResult<T>): RuleResult<T | null> {
  return isBlank(raw) ? ok(null) : parse(raw);
}

/**
 * The common first step of the structured rules: clean as single-line text, refuse blanks
 * with `required`, and report over-long input as the rule's own code — a 10,000-character
 * "phone number" is a wrong phone number, not an essay to shorten.
 */
function cleanField(raw: unknown, max: number, code: RuleCode): RuleResult<string> {
  const cleaned = cleanText(raw, { max, required: true });
  if (!cleaned.ok && cleaned.code === 'text.too_long') return fail(code);
  return cleaned;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

// Apostrophes: ASCII, right single quotation mark (what phones type), and U+02BC, the form
// recommended for Ukrainian (Мар'яна / Марʼяна). Hyphens: ASCII, U+2010, en dash (autocorrect).
const PERSON_NAME = /^[\p{L}\p{M} '’ʼ\-‐–.]+$/u;
// U+02BC is a letter (Lm) to Unicode but not to a person reading the name.
const HAS_LETTER = /[\p{L}]/u;
function hasRealLetter(text: string): boolean {
  return HAS_LETTER.test(text.replace(/ʼ/g, ''));
}

export type NameOptions = { max?: number; required?: boolean };

/**
 * A person's name, in any script.
 *
 * Input: raw form value. Output: cleaned single-line text (see `cleanText`), or `null` when
 * optional and blank. Allowed: letters (\p{L}) and combining marks (\p{M}) of any script,
 * spaces, apostrophes (' ’ ʼ), hyphens (- ‐ –) and full stops for initials and titles
 * («π. Νικόλαος»). One-word names are fine; at least one letter is required. Digits and other
 * symbols are refused: no one's name contains «<», «=» or «;», and refusing them keeps
 * pasted markup and junk out of letters and exports.
 *
 * Errors: `invalid`, `text.invalid_characters`, `required` (the default is required),
 * `text.too_long` with `{ max }` (default 200), `name.invalid`.
 *
 * Source: W3C Internationalization, "Personal names around the world" (no assumptions about
 * word count or script); Ukrainian orthography (2019) §32 for the apostrophe.
 */
export function parsePersonName(raw: unknown, options: NameOptions & { required: false }): RuleResult<string | null>;
export function parsePersonName(raw: unknown, options?: NameOptions & { required?: true }): RuleResult<string>;
export function parsePersonName(raw: unknown, options?: NameOptions): RuleResult<string | null>;
export function parsePersonName(raw: unknown, options: NameOptions = {}): RuleResult<string | null> {
  const cleaned = cleanText(raw, { max: options.max ?? 200, required: options.required ?? true });
  if (!cleaned.ok || cleaned.value === null) return cleaned;
  if (!PERSON_NAME.test(cleaned.value) || !hasRealLetter(cleaned.value)) return fail('name.invalid');
  return cleaned;
}

// Legal names carry digits, abbreviations, quotes and legal forms: «…» and "…" and “…”,
// "& Co.", "(Ελλάς)", "Α.Ε.", "1st", "Δ. Αρχανών-Αστερουσίων", "Κ.Α.Π.Η. / ΚΔΑΠ". “ ” ‐ ʼ are
// accepted too because phones and word processors substitute them for the ASCII forms.
const ORGANISATION_NAME = /^[\p{L}\p{M}\p{Nd} .,'’ʼ"«»“”\-‐–&()/+:;]+$/u;

/**
 * An organisation's legal name or distinctive title.
 *
 * Input: raw form value. Output: cleaned single-line text, or `null` when optional and blank.
 * Allowed: letters, combining marks, decimal digits, spaces and . , ' ’ ʼ " « » “ ” - ‐ – & ( )
 * / + : ; — at least one letter.
 *
 * Errors: `invalid`, `text.invalid_characters`, `required` (the default is required),
 * `text.too_long` with `{ max }` (default 300), `organisation_name.invalid`.
 *
 * Source: names as registered in ΓΕΜΗ and the Ministry's NGO registry, which use these marks
 * (e.g. «ΘΕΡΜΑΪΚΟΣ ΞΕΝΟΔΟΧΕΙΑΚΗ Α.Ε.»); angle brackets, `=`, `<`, `>`, `@`, `#` never appear.
 */
export function parseOrganisationName(raw: unknown, options: NameOptions & { required: false }): RuleResult<string | null>;
export function parseOrganisationName(raw: unknown, options?: NameOptions & { required?: true }): RuleResult<string>;
export function parseOrganisationName(raw: unknown, options?: NameOptions): RuleResult<string | null>;
export function parseOrganisationName(raw: unknown, options: NameOptions = {}): RuleResult<string | null> {
  const cleaned = cleanText(raw, { max: options.max ?? 300, required: options.required ?? true });
  if (!cleaned.ok || cleaned.value === null) return cleaned;
  if (!ORGANISATION_NAME.test(cleaned.value) || !hasRealLetter(cleaned.value)) return fail('organisation_name.invalid');
  return cleaned;
}

// ---------------------------------------------------------------------------------------------
// Tax identifiers
// ---------------------------------------------------------------------------------------------

// As a VAT number the Greek prefix is EL (VIES), but people also type GR, and on a Greek
// keyboard «ΕΛ» or a mixed «ΕL»/«EΛ» looks identical to EL.
const AFM_PREFIX = /^(?:[EΕ][LΛ]|GR)/;

/**
 * The Greek tax registration number (ΑΦΜ).
 *
 * Input: raw form value; spaces, dots and dashes anywhere and an `EL`/`GR` prefix (any case,
 * Latin or Greek letters) are ignored. Output: exactly 9 ASCII digits, e.g. "998123451".
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `afm.format` (not 9 digits once
 * cleaned), `afm.check_digit` (check digit wrong, or all zeros — it passes the arithmetic but
 * is never issued).
 *
 * Source: the ΑΑΔΕ (formerly ΓΓΠΣ) check digit: Σ d[i]·2^(8−i) for i = 0…7, mod 11, mod 10,
 * must equal d[8] — as implemented in python-stdnum `stdnum.gr.vat`. EL prefix: EU VIES.
 */
export function parseAfm(raw: unknown): RuleResult<string> {
  const cleaned = cleanField(raw, 40, 'afm.format');
  if (!cleaned.ok) return cleaned;
  const digits = cleaned.value
    .toUpperCase()
    .replace(/[\s.\-‐–]/g, '')
    .replace(AFM_PREFIX, '');
  if (!/^[0-9]{9}$/.test(digits)) return fail('afm.format');
  if (digits === '000000000' || !afmCheckDigitMatches(digits)) return fail('afm.check_digit');
  return ok(digits);
}

function afmCheckDigitMatches(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * 2 ** (8 - i);
  return (sum % 11) % 10 === Number(digits[8]);
}

/**
 * A foreign VAT or company registration number, which has no single format worth checking.
 *
 * Input: raw form value. Output: the value upper-cased, otherwise as typed (single spaces),
 * e.g. "CHE-123.456.788", "DE 123456789" — kept as typed so staff can match it against the
 * offeror's own documents. Must be 2–30 characters of A–Z, 0–9, space, `.`, `-`, `/` with at
 * least two digits (every national scheme we know of is mostly digits).
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `tax_id.invalid`.
 *
 * Source: EU VIES number formats (the longest, with country prefix and separators, fit in 30).
 */
export function parseForeignTaxId(raw: unknown): RuleResult<string> {
  const cleaned = cleanField(raw, 30, 'tax_id.invalid');
  if (!cleaned.ok) return cleaned;
  const value = cleaned.value.toUpperCase();
  if (value.length < 2 || !/^[A-Z0-9 ./-]+$/.test(value)) return fail('tax_id.invalid');
  if ((value.match(/[0-9]/g) ?? []).length < 2) return fail('tax_id.invalid');
  return ok(value);
}

// ---------------------------------------------------------------------------------------------
// Contact details
// ---------------------------------------------------------------------------------------------

/**
 * A phone number, stored in E.164.
 *
 * Input: raw form value; national numbers are read in `defaultCountry` (ISO 3166-1 alpha-2,
 * default GR, so "2810 752 100" works without +30); "+…" and the "00…" international prefix
 * work for any country. Spaces, dashes, dots, slashes and brackets are ignored; letters (and so
 * extensions) are not accepted. Output: E.164, e.g. "+302810752100", "+380501234567".
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `phone.invalid` (not a number
 * that exists in that country's numbering plan).
 *
 * Source: ITU-T E.164; numbering plans from Google libphonenumber metadata (the `max` set,
 * which checks number ranges, not only lengths); Greek plan: ΕΕΤΤ.
 */
export function parsePhone(raw: unknown, defaultCountry: CountryCode = 'GR'): RuleResult<string> {
  const cleaned = cleanField(raw, 40, 'phone.invalid');
  if (!cleaned.ok) return cleaned;
  // libphonenumber would happily dig a number out of "call me on …"; we want only the number.
  if (!/^\+?[0-9 ()./-]+$/.test(cleaned.value)) return fail('phone.invalid');
  try {
    const phone = parsePhoneNumberFromString(cleaned.value, defaultCountry);
    if (!phone || !phone.isValid()) return fail('phone.invalid');
    return ok(phone.number);
  } catch {
    return fail('phone.invalid');
  }
}

// RFC 5322 §3.2.3 atext. Quoted local parts ("john doe"@…) are legal but no provider issues
// them and they are a favourite of injection tests, so only dot-atom is accepted.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{Nd}](?:[\p{L}\p{M}\p{Nd}-]*[\p{L}\p{M}\p{Nd}])?$/u;
const TOP_LEVEL_DOMAIN = /^(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)$/u;

/**
 * An email address.
 *
 * Input: raw form value. Output: the address trimmed, with the domain lower-cased (domains are
 * case-insensitive) and the local part kept as typed (RFC 5321 lets the receiving server treat
 * case as significant). IDN domains stay in Unicode, e.g. "info@δήμος.ελ".
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `email.invalid` (syntax, a domain
 * without a dot or without a 2+ letter top-level domain, local part over 64, address over 254).
 *
 * Source: RFC 5321 §4.5.3.1 (64-octet local part; 256-octet path less the angle brackets = 254,
 * RFC 3696 erratum 1690), RFC 5322 §3.2.3 (dot-atom), RFC 5890–5891 (IDNA; the domain's
 * length is measured in its ASCII form, as it travels on the wire).
 */
export function parseEmail(raw: unknown): RuleResult<string> {
  const cleaned = cleanField(raw, 254, 'email.invalid');
  if (!cleaned.ok) return cleaned;
  const address = cleaned.value;
  if (/\s/.test(address)) return fail('email.invalid');
  const at = address.lastIndexOf('@');
  if (at <= 0) return fail('email.invalid');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local)) return fail('email.invalid');

  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL_DOMAIN.test(tld)) {
    return fail('email.invalid');
  }
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === '' || asciiDomain.length > 253 || asciiDomain.split('.').some((label) => label.length > 63)) {
    return fail('email.invalid');
  }
  if (local.length + 1 + asciiDomain.length > 254) return fail('email.invalid');
  return ok(`${local}@${domain}`);
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/**
 * A Greek postcode (Τ.Κ.).
 *
 * Input: raw form value, 5 digits with at most one space inside ("101 81"). Output: 5 digits,
 * e.g. "10181".
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `postcode.invalid`.
 *
 * Source: ΕΛΤΑ postcode system — 5 digits, the first (1–8) naming the postal region; no
 * Greek postcode starts with 0 or 9.
 */
export function parseGreekPostcode(raw: unknown): RuleResult<string> {
  const cleaned = cleanField(raw, 12, 'postcode.invalid');
  if (!cleaned.ok) return cleaned;
  const digits = cleaned.value.replace(/^([0-9]+) ([0-9]+)$/, '$1$2');
  if (!/^[1-8][0-9]{4}$/.test(digits)) return fail('postcode.invalid');
  return ok(digits);
}

/**
 * A postcode in any country.
 *
 * Input: raw form value and the address's country (ISO 3166-1 alpha-2, any case). For GR see
 * `parseGreekPostcode`; elsewhere 2–12 characters of Latin letters, digits, spaces and hyphens,
 * starting and ending with a letter or digit. Output: upper-cased, e.g. "SW1A 1AA", "01-234".
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `postcode.invalid`.
 *
 * Source: UPU Postal addressing systems (S42); no national postcode is longer than 10
 * characters, 12 leaves room for a separator.
 */
export function parsePostcode(raw: unknown, country: string): RuleResult<string> {
  if (country.trim().toUpperCase() === 'GR') return parseGreekPostcode(raw);
  const cleaned = cleanField(raw, 12, 'postcode.invalid');
  if (!cleaned.ok) return cleaned;
  const value = cleaned.value.toUpperCase();
  if (!/^[A-Z0-9](?:[A-Z0-9 -]{0,10}[A-Z0-9])?$/.test(value) || value.length < 2) return fail('postcode.invalid');
  return ok(value);
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

export type DateParts = { day: string; month: string; year: string };

// Offers are for now and the near future; a year outside this range is a typing slip
// ("226", "20226"), not a real plan.
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/**
 * A date typed into three boxes (day, month, year), as GOV.UK and GOV.GR date inputs do.
 *
 * Input: `{ day, month, year }` raw values — strings (or whole numbers from JSON), e.g.
 * { day: '5', month: '03', year: '2026' }. Output: ISO 8601 calendar date 'YYYY-MM-DD', e.g.
 * '2026-03-05'; `null` when all three are blank and the date is optional.
 *
 * Errors: `required` (all blank and required), `invalid` (a part that is not text),
 * `text.invalid_characters`, `date.invalid` (a part missing, not a number, a year not of 4
 * digits or outside 2000–2100, or a day the month does not have — 31 April, 29 February
 * in a common year).
 *
 * Source: ISO 8601; Gregorian leap-year rule (divisible by 4, except centuries not divisible by 400).
 */
export function parseDateParts(parts: { day: unknown; month: unknown; year: unknown }, options: { required: true }): RuleResult<string>;
export function parseDateParts(parts: { day: unknown; month: unknown; year: unknown }, options: { required: boolean }): RuleResult<string | null>;
export function parseDateParts(parts: { day: unknown; month: unknown; year: unknown }, options: { required: boolean }): RuleResult<string | null> {
  const texts: string[] = [];
  for (const part of [parts.day, parts.month, parts.year]) {
    const cleaned = cleanText(typeof part === 'number' && Number.isInteger(part) ? String(part) : part, { max: 10 });
    if (!cleaned.ok) return cleaned.code === 'text.too_long' ? fail('date.invalid') : cleaned;
    texts.push(cleaned.value ?? '');
  }
  const [dayText = '', monthText = '', yearText = ''] = texts;
  if (dayText === '' && monthText === '' && yearText === '') return options.required ? fail('required') : ok(null);
  if (!/^[0-9]{1,2}$/.test(dayText) || !/^[0-9]{1,2}$/.test(monthText) || !/^[0-9]{4}$/.test(yearText)) {
    return fail('date.invalid');
  }
  const day = Number(dayText);
  const month = Number(monthText);
  const year = Number(yearText);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('date.invalid');
  }
  return ok(`${yearText}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The reverse of `parseDateParts`, to fill the three boxes when a form is shown again.
 *
 * Input: 'YYYY-MM-DD' or null/undefined. Output: { day, month, year } without leading zeros
 * on day and month (as people type them), e.g. '2026-03-05' → { day: '5', month: '3',
 * year: '2026' }; anything else → three empty strings. Never fails.
 */
export function isoToParts(iso: string | null | undefined): DateParts {
  const match = typeof iso === 'string' ? /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso) : null;
  if (!match) return { day: '', month: '', year: '' };
  const [, year = '', month = '', day = ''] = match;
  return { day: String(Number(day)), month: String(Number(month)), year };
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * Checks an availability period (accommodation, service, stock) against today.
 *
 * Input: `{ from, until }` as ISO dates from `parseDateParts`, `until` null for open-ended;
 * `today` as an ISO date in the service's time zone (Europe/Athens) — passed in so this stays
 * pure and testable. Output: the same object.
 *
 * Errors: `date.from_in_past` (from before today), `date.until_before_from` (until before
 * from; the same day is a one-day period), `date.invalid` (not ISO dates).
 *
 * Source: ISO 8601 calendar dates, which order correctly as strings.
 */
export function checkAvailability<T extends { from: string; until: string | null }>(availability: T, today: string): RuleResult<T> {
  const { from, until } = availability;
  if (!ISO_DATE.test(from) || !ISO_DATE.test(today) || (until !== null && !ISO_DATE.test(until))) return fail('date.invalid');
  if (from < today) return fail('date.from_in_past');
  if (until !== null && until < from) return fail('date.until_before_from');
  return ok(availability);
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

type DecimalDigits = { int: string; frac: string };

/**
 * Reads a number typed the Greek way ("1.000,50"), the English way ("1,000.50") or with spaces
 * ("1 000,50", as in Ukrainian), without floating point. Separator rule: with both '.' and ','
 * the last one is the decimal mark; one kind several times is a thousands separator; one kind
 * once followed by exactly three digits is a thousands separator (no amount needs three
 * decimals) if what precedes it can be a first group; otherwise it is the decimal mark. Thousands groups must be of three.
 * Returns null when the text is not a number in any of these forms.
 */
function readDecimal(text: string): DecimalDigits | null {
  if (!/^[0-9][0-9., ]*$/.test(text) || /[., ]$/.test(text)) return null;
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  let decimalMark: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    decimalMark = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ',';
    const at = text.indexOf(mark);
    // "0.500" and "1234.567" cannot be grouped thousands, so there the mark is a decimal mark
    // (and the caller reports too many decimals rather than a puzzling "not a number").
    const grouped = /^[1-9][0-9]{0,2}(?: [0-9]{3})*$/.test(text.slice(0, at)) && /^[0-9]{3}$/.test(text.slice(at + 1));
    decimalMark = grouped ? null : mark;
  }

  let intPart = text;
  let frac = '';
  if (decimalMark !== null) {
    const at = text.lastIndexOf(decimalMark);
    if (text.indexOf(decimalMark) !== at) return null;
    intPart = text.slice(0, at);
    frac = text.slice(at + 1);
    if (!/^[0-9]+$/.test(frac)) return null;
  }

  const groups = intPart.split(/[., ]/);
  if (groups.length > 1) {
    const [first = '', ...rest] = groups;
    if (!/^[0-9]{1,3}$/.test(first) || !rest.every((group) => /^[0-9]{3}$/.test(group))) return null;
  }
  return { int: groups.join(''), frac };
}

function stripSign(text: string): { negative: boolean; rest: string } {
  const match = /^([-−+])\s?(.*)$/u.exec(text);
  if (!match) return { negative: false, rest: text };
  return { negative: match[1] !== '+', rest: match[2] ?? '' };
}

/** Digits without leading zeros; '' becomes '0'. */
function trimZeros(digits: string): string {
  return digits.replace(/^0+(?=[0-9])/, '') || '0';
}

export type QuantityOptions = { min?: number; max: number };

/**
 * A count: places, rooms, kits, sessions a week.
 *
 * Input: raw form value — text such as "12", "3.000", "3,000", "3 000" (grouped by three), or
 * a whole number from JSON. Output: a number, e.g. 3000.
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `quantity.invalid` (not a number),
 * `quantity.whole` (has a fractional part, e.g. "2,5"; "3,00" is accepted as 3),
 * `quantity.too_small` with `{ min }` (default 1; negatives land here),
 * `quantity.too_large` with `{ max }`.
 *
 * Source: CLDR number symbols for el (',' decimal, '.' group), en ('.' and ','), uk (',' and
 * space); the separator rule is shared with `parseMoney`.
 */
export function parseQuantity(raw: unknown, options: QuantityOptions): RuleResult<number> {
  const min = options.min ?? 1;
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('quantity.invalid');
    if (!Number.isInteger(raw)) return fail('quantity.whole');
    value = raw;
  } else {
    const cleaned = cleanField(raw, 40, 'quantity.invalid');
    if (!cleaned.ok) return cleaned;
    const { negative, rest } = stripSign(cleaned.value);
    const digits = readDecimal(rest);
    if (!digits) return fail('quantity.invalid');
    if (/[1-9]/.test(digits.frac)) return fail('quantity.whole');
    const int = trimZeros(digits.int);
    if (int.length > 15) return negative ? fail('quantity.too_small', { min }) : fail('quantity.too_large', { max: options.max });
    value = negative ? -Number(int) : Number(int);
  }
  if (value < min) return fail('quantity.too_small', { min });
  if (value > options.max) return fail('quantity.too_large', { max: options.max });
  return ok(value === 0 ? 0 : value); // no -0
}

const CURRENCY_AFFIX_START = /^(?:€|EUR)\s?/i;
const CURRENCY_AFFIX_END = /\s?(?:€|EUR)$/i;

export type MoneyOptions = { max?: number };

/**
 * A sum of money pledged.
 *
 * Input: raw form value in Greek ("1.000,50", "1000,5", "250.000"), English ("1,000.50",
 * "250000.00", "250,000") or spaced ("1 000,50") format, with an optional € or EUR before or
 * after; or a number from JSON (read with '.' as the decimal mark). Output: a decimal string
 * with exactly two decimals, e.g. "1000.50", "250000.00" — built from the digits, never via
 * floating point, so no amount is ever rounded.
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `money.invalid`,
 * `money.too_many_decimals` (more than 2), `money.not_positive` (zero or negative),
 * `money.too_large` with `{ max }` (default 1,000,000,000).
 *
 * Source: ISO 4217 minor unit of EUR (2 decimals); CLDR number symbols for el, en and uk.
 */
export function parseMoney(raw: unknown, options: MoneyOptions = {}): RuleResult<string> {
  const max = options.max ?? 1_000_000_000;
  let negative: boolean;
  let digits: DecimalDigits | null;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('money.invalid');
    // String() gives the shortest text that reads back as the same number; exponent
    // notation only appears for amounts far outside any pledge.
    const match = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(String(raw));
    if (!match) return fail(raw > 0 ? 'money.too_large' : 'money.not_positive', raw > 0 ? { max } : undefined);
    negative = match[1] === '-';
    digits = { int: match[2] ?? '', frac: match[3] ?? '' };
  } else {
    const cleaned = cleanField(raw, 60, 'money.invalid');
    if (!cleaned.ok) return cleaned;
    let text = cleaned.value.replace(CURRENCY_AFFIX_START, '').replace(CURRENCY_AFFIX_END, '');
    const signed = stripSign(text);
    negative = signed.negative;
    text = signed.rest.replace(CURRENCY_AFFIX_START, '');
    digits = readDecimal(text);
  }
  if (!digits) return fail('money.invalid');
  if (digits.frac.length > 2) return fail('money.too_many_decimals');

  const int = trimZeros(digits.int);
  const frac = digits.frac.padEnd(2, '0');
  const cents = BigInt(int) * BigInt(100) + BigInt(frac);
  if (negative || cents === BigInt(0)) return fail('money.not_positive');
  if (cents > BigInt(Math.round(max * 100))) return fail('money.too_large', { max });
  return ok(`${int}.${frac}`);
}

let currencyCodes: ReadonlySet<string> | undefined;

/**
 * A currency.
 *
 * Input: raw form value, a 3-letter code in any case. Output: the upper-case ISO 4217 code,
 * e.g. "UAH". A missing value is `required`; the EUR default belongs to the caller.
 *
 * Errors: `invalid`, `text.invalid_characters`, `required`, `currency.invalid` (not 3 letters,
 * or not a currency the runtime's ICU data knows, which excludes XXX/XTS test codes).
 *
 * Source: ISO 4217 alphabetic codes, as shipped in ICU/CLDR and listed by ECMA-402
 * `Intl.supportedValuesOf('currency')`.
 */
export function parseCurrency(raw: unknown): RuleResult<string> {
  const cleaned = cleanField(raw, 10, 'currency.invalid');
  if (!cleaned.ok) return cleaned;
  const code = cleaned.value.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return fail('currency.invalid');
  currencyCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return currencyCodes.has(code) ? ok(code) : fail('currency.invalid');
}

// ---------------------------------------------------------------------------------------------
// Website
// ---------------------------------------------------------------------------------------------

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * An organisation's website.
 *
 * Input: raw form value; "archanes.example.org" and "//archanes.example.org" get "https://".
 * Output: the address as typed with the scheme added or lower-cased, e.g.
 * "https://archanes.example.org" — not the parser's canonical form, which would add a trailing
 * slash and turn Unicode hosts into punycode the offeror would not recognise.
 *
 * Errors: `invalid`, `text.invalid_characters`, `required` (only when required; blank is `null`
 * otherwise), `website.invalid` (a scheme other than http/https — javascript:, data:, ftp: —,
 * user:password@, a host without a dot or with a numeric top-level label such as an IP
 * address, spaces, < > " \ `, or longer than 2048 characters).
 *
 * Source: WHATWG URL Standard (parsing); 2048 characters is the sitemaps.org URL limit and
 * the longest address every browser handles.
 */
export function parseWebsite(raw: unknown, options: { required: true }): RuleResult<string>;
export function parseWebsite(raw: unknown, options?: { required?: boolean }): RuleResult<string | null>;
export function parseWebsite(raw: unknown, options: { required?: boolean } = {}): RuleResult<string | null> {
  const cleaned = cleanText(raw, { max: 2048, required: options.required ?? false });
  if (!cleaned.ok) return cleaned.code === 'text.too_long' ? fail('website.invalid') : cleaned;
  if (cleaned.value === null) return cleaned;
  const typed = cleaned.value;
  if (/[\s<>"\\`]/.test(typed)) return fail('website.invalid');

  let candidate: string;
  const scheme = SCHEME.exec(typed);
  if (typed.startsWith('//')) {
    candidate = `https:${typed}`;
  } else if (scheme && !/^[^:/]+:[0-9]/.test(typed)) {
    // "host:8080/…" looks like a scheme to the regex; a real scheme is never followed by a digit.
    const name = (scheme[1] ?? '').toLowerCase();
    if ((name !== 'http' && name !== 'https') || !typed.slice(scheme[0].length).startsWith('//')) return fail('website.invalid');
    candidate = name + typed.slice(name.length);
  } else {
    candidate = `https://${typed}`;
  }
  if (codePointLength(candidate) > 2048) return fail('website.invalid');

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return fail('website.invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('website.invalid');
  if (url.username !== '' || url.password !== '') return fail('website.invalid');
  const labels = url.hostname.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || labels.some((label) => label === '') || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) {
    return fail('website.invalid');
  }
  return ok(candidate);
}

// ---------------------------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------------------------

/**
 * One answer from radios or a select.
 *
 * Input: raw form value and the allowed values. Output: the value, typed as one of `allowed`;
 * `null` when blank and not required.
 *
 * Errors: `required`, `choice.invalid` (a value not offered, or not a single string — only a
 * tampered form sends those, so there is nothing more useful to say).
 *
 * Source: HTML Living Standard, form submission of radio and select controls.
 */
export function parseChoice<T extends string>(raw: unknown, allowed: readonly T[], options: { required: true }): RuleResult<T>;
export function parseChoice<T extends string>(raw: unknown, allowed: readonly T[], options: { required: boolean }): RuleResult<T | null>;
export function parseChoice<T extends string>(raw: unknown, allowed: readonly T[], options: { required: boolean }): RuleResult<T | null> {
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return fail('choice.invalid');
  const value = (raw ?? '').trim();
  if (value === '') return options.required ? fail('required') : ok(null);
  const match = allowed.find((candidate) => candidate === value);
  return match === undefined ? fail('choice.invalid') : ok(match);
}

/**
 * The ticked boxes of a checkbox group.
 *
 * Input: `undefined` (nothing ticked), one string (one ticked) or an array of strings (several),
 * as @fastify/formbody delivers them; empty strings (hidden "nothing ticked" inputs) are
 * ignored. Output: the distinct values in the order of `allowed`, so stored answers compare
 * equal however the browser ordered them.
 *
 * Errors: `choice.invalid` (a value not offered, or something other than strings).
 * "Tick at least one" is the caller's call; an empty array is a valid answer here.
 *
 * Source: HTML Living Standard, form submission of checkboxes (one name/value pair per box).
 */
export function parseChoices<T extends string>(raw: unknown, allowed: readonly T[]): RuleResult<T[]> {
  const values: unknown[] = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const chosen = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') return fail('choice.invalid');
    const trimmed = value.trim();
    if (trimmed === '') continue;
    if (!allowed.some((candidate) => candidate === trimmed)) return fail('choice.invalid');
    chosen.add(trimmed);
  }
  return ok(allowed.filter((candidate, index) => chosen.has(candidate) && allowed.indexOf(candidate) === index));
}

const TRUE_VALUES = new Set(['yes', 'true', 'on']);
const FALSE_VALUES = new Set(['no', 'false', '']);

/**
 * A single checkbox or a yes/no question.
 *
 * Input: raw form value. 'yes', 'true', 'on' (a checkbox with no value attribute sends 'on')
 * and JSON `true` are true; 'no', 'false', '' and an absent field (an unticked checkbox sends
 * nothing) and JSON `false` are false; any case, surrounding spaces ignored.
 * Output: a boolean.
 *
 * Errors: `choice.invalid` for anything else.
 *
 * Source: HTML Living Standard, checkbox default value "on" and omission of unchecked boxes.
 */
export function parseBoolean(raw: unknown): RuleResult<boolean> {
  if (raw === undefined || raw === null) return ok(false);
  if (typeof raw === 'boolean') return ok(raw);
  if (typeof raw !== 'string') return fail('choice.invalid');
  const value = raw.trim().toLowerCase();
  if (TRUE_VALUES.has(value)) return ok(true);
  if (FALSE_VALUES.has(value)) return ok(false);
  return fail('choice.invalid');
}
