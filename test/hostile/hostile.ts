// What an attacker, a broken client or a confused person can put in a form post, as fast-check
// arbitraries, and the checks every answer to such a post must pass: never a 5xx, never a value
// reflected unescaped, never an unbounded or ill-formed string stored.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** Runs per property: enough to meet every kind of value below, few enough to keep `npm test` fast. */
export const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);

/** A fixed seed unless HOSTILE_SEED is given, so a failure in CI is repeated on a laptop. */
export const SEED = Number(process.env.HOSTILE_SEED ?? 20260307);

/** Values known to break naive code: markup, SQL, control and bidi characters, odd numbers, scripts. */
export const NASTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(2)</script>',
  'javascript:alert(1)',
  "' OR '1'='1' --",
  "'; DROP TABLE offers; --",
  "Robert'); DROP TABLE drafts;--",
  '\\x00\\u0000',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0007\u001b[31mred\u007f',
  '\r\n\r\nSet-Cookie: pwned=1',
  '\u202Eevil\u202C txt.exe',
  '\u200B\u200D\uFEFF',
  'שלום עולם',
  'مرحبا بالعالم',
  'Αθήνα Київ Athens 東京 मुंबई',
  'Ζωή Παπαδοπούλου-Αϊβαλιώτη',
  'e\u0301\u0301\u0301\u0301',
  '😀👨‍👩‍👧‍👦🇬🇷',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '../../../etc/passwd',
  '%00%ff%fe',
  '${7*7}{{7*7}}<%= 7*7 %>',
  '__proto__',
  'constructor',
  '0',
  '-1',
  '1e309',
  '99999999999999999999999',
  'NaN',
  '0x1F',
  'true',
  '[]',
  '{}',
  ' ',
  '',
];

/** One hostile value. */
export const hostileValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('2026', '31', '13', '29', 'yes', 'no', 'GR-M', 'GR-I', '7102', 'EUR', 'accommodation', 'money', 'ngo', 'individual', 'viewer', 'regional_coordinator', 'el', 'reached', 'phone', 'start_review', 'staff@example.org') },
  // huge fields: past every length limit, under the body limit
  { weight: 1, arbitrary: fc.constantFrom('Α'.repeat(12_000), '<b>'.repeat(5_000), 'x'.repeat(60_000)) },
);

/** A field's value: usually one, sometimes repeated (`a=1&a=2`, what checkboxes send). */
const fieldValue = fc.oneof({ weight: 4, arbitrary: hostileValue.map((v) => [v]) }, { weight: 1, arbitrary: fc.array(hostileValue, { minLength: 2, maxLength: 4 }) });

/** A body made of some of `fields` (missing ones, repeated ones) and a few unknown ones. */
export function formBody(fields: readonly string[]): fc.Arbitrary<[string, string][]> {
  return fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue])), { requiredKeys: [] }),
      fc.dictionary(fc.oneof(fc.constantFrom('_csrf', '__proto__', 'constructor', 'kind[]', 'a[b]', ''), fc.string({ maxLength: 8 })), fieldValue, { maxKeys: 2 }),
    )
    .map(([known, extra]) => [...Object.entries(known), ...Object.entries(extra)].flatMap(([k, vs]) => (vs as string[]).map((v) => [k, v] as [string, string])));
}

/** Raw bytes that are not UTF-8 (or are its forbidden forms), to splice into a body unencoded. */
export const brokenUtf8 = fc.constantFrom(
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate written as UTF-8 (CESU-8)
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
  Buffer.from([0xc0, 0xaf]), // overlong «/»
  Buffer.from([0xe2, 0x82]), // truncated
);

/**
 * Percent-encodes one value as a browser would, except that lone surrogates are written as their
 * (invalid) three UTF-8-like bytes instead of being replaced, so the server meets them.
 */
function encode(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** The urlencoded body for `pairs`, with `_csrf` first, and raw bytes appended to one value when given. */
export function encodeBody(pairs: [string, string][], csrf: string | undefined, raw?: Buffer): Buffer {
  const text = [...(csrf ? [['_csrf', csrf] as [string, string]] : []), ...pairs].map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return raw ? Buffer.concat([Buffer.from(text), Buffer.from(`${text ? '&' : ''}note=`), raw]) : Buffer.from(text);
}

/** Values that, were they to appear as sent, would prove a reflection without escaping. */
function telling(v: string): boolean {
  return v.length >= 6 && /[<>"]/.test(v) && v.isWellFormed() && !v.includes('\u0000');
}

/**
 * The checks every answer to hostile input must pass.
 * @param what names the request in a failure
 */
export function assertSafeAnswer(res: LightMyRequestResponse, pairs: [string, string][], what: string): void {
  assert.ok(res.statusCode < 500, `${what} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  if (!/text\/html/.test(String(res.headers['content-type'] ?? ''))) return;
  // Inside a double-quoted attribute only `"` and `&` need escaping (HTML's attribute-value
  // state ends only at `"`), so `<` there is inert; everywhere else markup from input is not.
  // With quoted attribute values blanked, a `"` that broke out leaves its tail behind to be seen.
  const outsideAttributes = res.body.replace(/="[^"]*"/g, '=""');
  // Our pages load no script at all: any <script or event handler in one came from input.
  assert.doesNotMatch(outsideAttributes, /<(script|svg|img|iframe)\b|<[a-z][^>]*\son[a-z]+=/i, `${what}: markup from input in the page`);
  for (const [, v] of pairs) {
    if (!telling(v)) continue;
    if (v.includes('"')) assert.ok(!res.body.includes(v), `${what}: ${JSON.stringify(v.slice(0, 60))} reflected with its quote unescaped`);
    else assert.ok(!outsideAttributes.includes(v), `${what}: ${JSON.stringify(v.slice(0, 60))} reflected unescaped`);
  }
}

/** Every string in a stored JSON value: well-formed, no NUL, within the length limits of rawAnswers. */
export function assertStoredStringsSafe(value: unknown, where: string, maxLength = 10_000): void {
  if (typeof value === 'string') {
    assert.ok(value.isWellFormed(), `${where}: ill-formed UTF-16 stored`);
    assert.ok(!value.includes('\u0000'), `${where}: NUL stored`);
    assert.ok(value.length <= maxLength, `${where}: ${value.length} characters stored`);
  } else if (Array.isArray(value)) {
    assert.ok(value.length <= 50, `${where}: a list of ${value.length} stored`);
    value.forEach((v, i) => assertStoredStringsSafe(v, `${where}[${i}]`, maxLength));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertStoredStringsSafe(v, `${where}.${k}`, maxLength);
  }
}

/** Posts `pairs` (and optional raw bytes) to `url` as a urlencoded form, with `cookie`. */
export function postForm(app: FastifyInstance, url: string, cookie: string, body: Buffer, remoteAddress?: string, contentType = 'application/x-www-form-urlencoded') {
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType }, payload: body, ...(remoteAddress ? { remoteAddress } : {}) });
}
