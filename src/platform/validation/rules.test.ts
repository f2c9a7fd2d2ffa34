import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkAvailability,
  cleanText,
  isBlank,
  isoToParts,
  optional,
  parseAfm,
  parseBoolean,
  parseChoice,
  parseChoices,
  parseCurrency,
  parseDateParts,
  parseEmail,
  parseForeignTaxId,
  parseGreekPostcode,
  parseMoney,
  parseOrganisationName,
  parsePersonName,
  parsePhone,
  parsePostcode,
  parseQuantity,
  parseWebsite,
  ruleCodes,
  type RuleCode,
  type RuleResult,
} from './rules.js';
import { ruleMessage, ruleMessages, type RuleLanguage } from './rules.messages.js';

/** The error code of a failed result, or 'ok' — so one assertion shows both outcomes. */
function codeOf(result: RuleResult<unknown>): RuleCode | 'ok' {
  return result.ok ? 'ok' : result.code;
}

function valueOf<T>(result: RuleResult<T>): T {
  if (!result.ok) assert.fail(`expected a value, got code ${result.code}`);
  return result.value;
}

const long = (length: number, char = 'α') => char.repeat(length);

const hostileNonText: unknown[] = [['a', 'b'], { toString: () => 'x' }, 42, true];

describe('cleanText', () => {
  test('trims, collapses runs of spaces and tabs, and keeps the text otherwise as typed', () => {
    assert.deepEqual(cleanText('  Ζωή \t  Παπαδοπούλου  ', { max: 50 }), { ok: true, value: 'Ζωή Παπαδοπούλου' });
  });

  test('turns no-break, thin and ideographic spaces into ordinary spaces', () => {
    assert.equal(valueOf(cleanText('3\u00A0000\u2009kits\u3000today', { max: 50 })), '3 000 kits today');
  });

  test('stores decomposed accents in NFC, so «ά» typed two ways is one string', () => {
    const decomposed = 'Ζωη\u0301';
    const value = valueOf(cleanText(decomposed, { max: 10 }));
    assert.equal(value, 'Ζωή');
    assert.equal(value.length, 3);
  });

  test('keeps single line breaks in multiline text and turns CRLF and CR into LF', () => {
    assert.equal(valueOf(cleanText('first line\r\nsecond line\rthird', { max: 100, multiline: true })), 'first line\nsecond line\nthird');
  });

  test('keeps a paragraph break but collapses many blank lines and the spaces around line breaks', () => {
    assert.equal(valueOf(cleanText('one  \n\n\n\n   two\t\nthree', { max: 100, multiline: true })), 'one\n\ntwo\nthree');
  });

  test('turns line breaks in single-line text into spaces', () => {
    assert.equal(valueOf(cleanText('Leoforos\r\nAlexandras 10', { max: 100 })), 'Leoforos Alexandras 10');
  });

  test('keeps tabs in multiline text only as single spaces', () => {
    assert.equal(valueOf(cleanText('a\t\tb', { max: 10, multiline: true })), 'a b');
  });

  test('returns null for empty or blank optional text', () => {
    assert.deepEqual(cleanText('', { max: 10 }), { ok: true, value: null });
    assert.deepEqual(cleanText('   \n\t ', { max: 10, multiline: true }), { ok: true, value: null });
    assert.deepEqual(cleanText(undefined, { max: 10 }), { ok: true, value: null });
    assert.deepEqual(cleanText(null, { max: 10 }), { ok: true, value: null });
  });

  test('reports required when required text is empty or blank', () => {
    assert.deepEqual(cleanText('  ', { max: 10, required: true }), { ok: false, code: 'required' });
    assert.deepEqual(cleanText(undefined, { max: 10, required: true }), { ok: false, code: 'required' });
  });

  test('counts length in code points and reports text.too_long with the maximum', () => {
    assert.equal(valueOf(cleanText('😀😀😀', { max: 3 })), '😀😀😀');
    assert.deepEqual(cleanText('abcd', { max: 3 }), { ok: false, code: 'text.too_long', params: { max: 3 } });
    assert.deepEqual(cleanText(long(10_000), { max: 2000 }), { ok: false, code: 'text.too_long', params: { max: 2000 } });
  });

  test('accepts text exactly at the maximum length', () => {
    assert.equal(valueOf(cleanText(long(2000), { max: 2000 })), long(2000));
  });

  test('refuses arrays, objects, numbers and booleans as invalid', () => {
    for (const raw of hostileNonText) {
      assert.deepEqual(cleanText(raw, { max: 10 }), { ok: false, code: 'invalid' }, String(raw));
    }
  });

  test('refuses NUL, other control characters, lone surrogates, U+FFFD and bidi overrides', () => {
    const hostile = [
      'abc\u0000def',
      'bell\u0007',
      'vertical\u000Btab',
      'esc\u001B[31m',
      'del\u007F',
      'c1\u0085',
      'c1\u009B',
      '\uD800',
      'half \uDC00 pair',
      'broken \uFFFD utf-8',
      'evil\u202Etxt.exe',
      'embed\u202A',
      'isolate\u2066x\u2069',
    ];
    for (const raw of hostile) {
      assert.deepEqual(cleanText(raw, { max: 100, multiline: true }), { ok: false, code: 'text.invalid_characters' }, JSON.stringify(raw));
      assert.deepEqual(cleanText(raw, { max: 100 }), { ok: false, code: 'text.invalid_characters' }, JSON.stringify(raw));
    }
  });

  test('accepts properly paired surrogates such as emoji', () => {
    assert.equal(valueOf(cleanText('Ευχαριστώ 🙏', { max: 20 })), 'Ευχαριστώ 🙏');
  });

  test('refuses hidden characters even in a 10,000-character string', () => {
    assert.deepEqual(cleanText(long(10_000) + '\u0000', { max: 20_000 }), { ok: false, code: 'text.invalid_characters' });
  });
});

describe('isBlank and optional', () => {
  test('treat absent values and white space as no answer', () => {
    assert.equal(isBlank(undefined), true);
    assert.equal(isBlank(null), true);
    assert.equal(isBlank(' \u00A0\t'), true);
    assert.equal(isBlank('x'), false);
    assert.equal(isBlank([]), false);
    assert.equal(isBlank(0), false);
  });

  test('optional returns null for a blank answer and the rule result otherwise', () => {
    assert.deepEqual(optional('', parseEmail), { ok: true, value: null });
    assert.deepEqual(optional('Info@Example.GR', parseEmail), { ok: true, value: 'Info@example.gr' });
    assert.deepEqual(optional('nope', parseEmail), { ok: false, code: 'email.invalid' });
  });
});

describe('parsePersonName', () => {
  test('accepts names in Greek, Cyrillic and Latin scripts with their accents and apostrophes', () => {
    const names = [
      'Ζωή Παπαδοπούλου-Αϊβαλιώτη',
      'Олена Ковальчук',
      "Мар'яна",
      'Марʼяна Їжакевич',
      'Ґалина Євтушенко',
      'Jonas Østergaard',
      'Marie-Claire Dubois',
      'Seán O’Brien',
      'π. Νικόλαος Αθανασίου',
      'J. R. R. Tolkien',
      'Nguyễn Thị Minh Khai',
      'Ayşe Yılmaz–Demir',
      'Ali',
    ];
    for (const name of names) assert.deepEqual(parsePersonName(name), { ok: true, value: name });
  });

  test('accepts names in scripts with combining marks, such as Devanagari', () => {
    assert.equal(valueOf(parsePersonName('अनीता देसाई')), 'अनीता देसाई');
  });

  test('cleans spacing before checking', () => {
    assert.equal(valueOf(parsePersonName('  Олена   Ковальчук ')), 'Олена Ковальчук');
  });

  test('refuses digits, markup and SQL punctuation as name.invalid', () => {
    const bad = [
      '<script>alert(1)</script>',
      "Robert'); DROP TABLE offers;--",
      "x' OR '1'='1",
      'Maria 2',
      'name@example.com',
      'Anna_Smith',
      'Иван (Ваня)',
    ];
    for (const raw of bad) assert.deepEqual(parsePersonName(raw), { ok: false, code: 'name.invalid' }, raw);
  });

  test('refuses a name with no letter in it', () => {
    for (const raw of ['...', "-'-", 'ʼ', '. .']) assert.deepEqual(parsePersonName(raw), { ok: false, code: 'name.invalid' }, raw);
  });

  test('is required by default and can be made optional', () => {
    assert.deepEqual(parsePersonName(''), { ok: false, code: 'required' });
    assert.deepEqual(parsePersonName(undefined), { ok: false, code: 'required' });
    assert.deepEqual(parsePersonName('', { required: false }), { ok: true, value: null });
  });

  test('reports text.too_long over 200 characters by default, or over the given maximum', () => {
    assert.equal(valueOf(parsePersonName(long(200))).length, 200);
    assert.deepEqual(parsePersonName(long(201)), { ok: false, code: 'text.too_long', params: { max: 200 } });
    assert.deepEqual(parsePersonName(long(10_000)), { ok: false, code: 'text.too_long', params: { max: 200 } });
    assert.deepEqual(parsePersonName('Άννα', { max: 3 }), { ok: false, code: 'text.too_long', params: { max: 3 } });
  });

  test('passes on hostile characters and non-text as their own codes', () => {
    assert.deepEqual(parsePersonName('Ann\u0000a'), { ok: false, code: 'text.invalid_characters' });
    assert.deepEqual(parsePersonName('Anna\u202E'), { ok: false, code: 'text.invalid_characters' });
    assert.deepEqual(parsePersonName('\uD800'), { ok: false, code: 'text.invalid_characters' });
    assert.deepEqual(parsePersonName('\uFFFD'), { ok: false, code: 'text.invalid_characters' });
    assert.deepEqual(parsePersonName(['Anna', 'Maria']), { ok: false, code: 'invalid' });
    assert.deepEqual(parsePersonName(12), { ok: false, code: 'invalid' });
  });
});

describe('parseOrganisationName', () => {
  test('accepts legal names with digits, legal forms, quotes and brackets', () => {
    const names = [
      'ΘΕΡΜΑΪΚΟΣ ΞΕΝΟΔΟΧΕΙΑΚΗ Α.Ε.',
      'Σύλλογος Ουκρανών Ελλάδας «Берегиня»',
      'Δ. Αρχανών-Αστερουσίων',
      'Médecins Sans Frontières (Greece)',
      'Smith & Sons Ltd.',
      '1st Scout Group of Kifisia',
      'ΚΑΠΗ / ΚΔΑΠ Δήμου Ηρακλείου',
      'Ίδρυμα "Αγία Σοφία": Παράρτημα Β; Κρήτης + Χανίων',
      'Caritas Hellas, Inc.',
      'Ένωση “Αλληλεγγύη”',
    ];
    for (const name of names) assert.deepEqual(parseOrganisationName(name), { ok: true, value: name });
  });

  test('refuses markup and symbols outside common punctuation', () => {
    for (const raw of ['<script>alert(1)</script>', "x' OR 1=1", 'ACME #1', 'info@acme.gr', 'ACME™ {test}']) {
      assert.deepEqual(parseOrganisationName(raw), { ok: false, code: 'organisation_name.invalid' }, raw);
    }
  });

  test('refuses a name of digits and punctuation only', () => {
    assert.deepEqual(parseOrganisationName('123 / 456'), { ok: false, code: 'organisation_name.invalid' });
  });

  test('is required by default, optional on request, and limited to 300 characters by default', () => {
    assert.deepEqual(parseOrganisationName(' '), { ok: false, code: 'required' });
    assert.deepEqual(parseOrganisationName(' ', { required: false }), { ok: true, value: null });
    assert.equal(valueOf(parseOrganisationName(long(300))).length, 300);
    assert.deepEqual(parseOrganisationName(long(301)), { ok: false, code: 'text.too_long', params: { max: 300 } });
  });

  test('refuses hostile characters and non-text', () => {
    assert.deepEqual(parseOrganisationName('ACME\u202E'), { ok: false, code: 'text.invalid_characters' });
    assert.deepEqual(parseOrganisationName({ name: 'ACME' }), { ok: false, code: 'invalid' });
  });
});

describe('parseAfm', () => {
  test('accepts the known valid ΑΦΜ values', () => {
    for (const afm of ['997654320', '998123451', '099776546', '991234001', '801234560', '996543216', '990112233']) {
      assert.deepEqual(parseAfm(afm), { ok: true, value: afm });
    }
  });

  test('rejects each valid ΑΦΜ with its last digit changed', () => {
    for (const afm of ['997654320', '998123451', '099776546', '991234001', '801234560', '996543216', '990112233']) {
      for (let digit = 0; digit <= 9; digit++) {
        const changed = afm.slice(0, 8) + String(digit);
        if (changed === afm) continue;
        assert.deepEqual(parseAfm(changed), { ok: false, code: 'afm.check_digit' }, changed);
      }
    }
  });

  test('strips spaces, dots, dashes and an EL or GR prefix in any case or keyboard', () => {
    const typed = ['EL 998123451', 'el998123451', 'GR998123451', 'gr 998 123 451', 'ΕΛ998123451', 'ελ 998123451', 'ΕL998123451', 'EΛ-998.123.451', ' 998-123-451 ', '998\u00A0123\u00A0451'];
    for (const raw of typed) assert.deepEqual(parseAfm(raw), { ok: true, value: '998123451' }, raw);
  });

  test('reports afm.format when the cleaned value is not 9 digits', () => {
    for (const raw of ['99812345', '9981234511', '99812345A', 'DE998123451', 'ABCDEFGHI', '99776546', long(10_000, '9')]) {
      assert.deepEqual(parseAfm(raw), { ok: false, code: 'afm.format' }, raw.slice(0, 20));
    }
  });

  test('rejects all zeros even though its arithmetic passes', () => {
    assert.deepEqual(parseAfm('000000000'), { ok: false, code: 'afm.check_digit' });
  });

  test('reports required when empty and invalid for non-text', () => {
    assert.deepEqual(parseAfm(''), { ok: false, code: 'required' });
    assert.deepEqual(parseAfm(undefined), { ok: false, code: 'required' });
    assert.deepEqual(parseAfm(998123451), { ok: false, code: 'invalid' });
    assert.deepEqual(parseAfm(['998123451']), { ok: false, code: 'invalid' });
    assert.deepEqual(parseAfm('998123451\u0000'), { ok: false, code: 'text.invalid_characters' });
  });
});

describe('parseForeignTaxId', () => {
  test('keeps the number as typed but upper-cased', () => {
    assert.deepEqual(parseForeignTaxId('CHE-123.456.788'), { ok: true, value: 'CHE-123.456.788' });
    assert.deepEqual(parseForeignTaxId(' de 123456789 '), { ok: true, value: 'DE 123456789' });
    assert.deepEqual(parseForeignTaxId('12'), { ok: true, value: '12' });
    assert.deepEqual(parseForeignTaxId('HRB 12345/B'), { ok: true, value: 'HRB 12345/B' });
  });

  test('reports tax_id.invalid for too short, too long, too few digits or other characters', () => {
    for (const raw of ['1', 'ABCDEF', 'AB1', long(31, '1'), 'DE_123456789', 'DE 123;456', 'ΑΒ123456', '<b>12</b>', long(10_000, '1')]) {
      assert.deepEqual(parseForeignTaxId(raw), { ok: false, code: 'tax_id.invalid' }, raw.slice(0, 20));
    }
  });

  test('reports required when empty', () => {
    assert.deepEqual(parseForeignTaxId('  '), { ok: false, code: 'required' });
  });
});

describe('parsePhone', () => {
  test('returns E.164 for Greek numbers with or without +30 and for foreign numbers', () => {
    const examples: Array<[string, string]> = [
      ['2810 752 100', '+302810752100'],
      ['+30 694 123 4567', '+306941234567'],
      ['+41 22 555 01 23', '+41225550123'],
      ['6977 00 11 22', '+306977001122'],
      ['+380 50 123 4567', '+380501234567'],
      ['24210 99 888', '+302421099888'],
      ['25310 35 000', '+302531035000'],
      ['2310 123456', '+302310123456'],
      ['0030 210 1234567', '+302101234567'],
      ['(210) 123-4567', '+302101234567'],
      ['210.123.4567', '+302101234567'],
    ];
    for (const [raw, e164] of examples) assert.deepEqual(parsePhone(raw), { ok: true, value: e164 }, raw);
  });

  test('reads national numbers in another default country when asked', () => {
    assert.deepEqual(parsePhone('050 123 4567', 'UA'), { ok: true, value: '+380501234567' });
  });

  test('reports phone.invalid for numbers that do not exist or are not only a number', () => {
    for (const raw of ['12345', '694 123 456', '+30 123', 'call 2101234567', '2101234567 ext 12', '<script>', long(10_000, '2'), '+999 1234567']) {
      assert.deepEqual(parsePhone(raw), { ok: false, code: 'phone.invalid' }, raw.slice(0, 20));
    }
  });

  test('reports required when empty and invalid for numbers sent as JSON numbers', () => {
    assert.deepEqual(parsePhone(''), { ok: false, code: 'required' });
    assert.deepEqual(parsePhone(2101234567), { ok: false, code: 'invalid' });
    assert.deepEqual(parsePhone('210\u202E1234567'), { ok: false, code: 'text.invalid_characters' });
  });
});

describe('parseEmail', () => {
  test('lower-cases the domain and keeps the local part as typed', () => {
    assert.deepEqual(parseEmail('  Olena.Kovalchuk@Example.GR '), { ok: true, value: 'Olena.Kovalchuk@example.gr' });
  });

  test('accepts common real-world addresses, including plus tags and IDN domains', () => {
    for (const raw of ['info@archanes.gov.gr', 'first.last+offers@mail.example.org', "o'brien@example.ie", 'x@a-b.co', 'info@δήμος.ελ', 'post@приклад.укр']) {
      assert.deepEqual(parseEmail(raw), { ok: true, value: raw }, raw);
    }
  });

  test('reports email.invalid for broken syntax', () => {
    const bad = [
      'plainaddress',
      '@example.com',
      'name@',
      'name@localhost',
      'name@example',
      'name@example.c',
      'name@example.123',
      'name@-example.com',
      'name@example-.com',
      'name@exa_mple.com',
      'name@example..com',
      'name@.example.com',
      'name@example.com.',
      '.name@example.com',
      'name.@example.com',
      'na..me@example.com',
      'na me@example.com',
      'a@b@example.com',
      '"quoted"@example.com',
      'name@[192.168.0.1]',
      '<script>@example.com',
      'name@example.com; DROP TABLE offers',
      'πληροφορίες@example.gr',
    ];
    for (const raw of bad) assert.deepEqual(parseEmail(raw), { ok: false, code: 'email.invalid' }, raw);
  });

  test('enforces the RFC 5321 limits of 64 for the local part and 254 overall', () => {
    const local64 = long(64, 'a');
    assert.equal(valueOf(parseEmail(`${local64}@example.com`)), `${local64}@example.com`);
    assert.deepEqual(parseEmail(`${long(65, 'a')}@example.com`), { ok: false, code: 'email.invalid' });

    const label = long(60, 'b');
    const domain249 = [label, label, label, long(63, 'c'), 'gr'].join('.');
    assert.equal(domain249.length, 249);
    assert.equal(valueOf(parseEmail(`abcd@${domain249}`)).length, 254);
    assert.deepEqual(parseEmail(`abcde@${domain249}`), { ok: false, code: 'email.invalid' });
    assert.deepEqual(parseEmail(long(10_000, 'a') + '@example.com'), { ok: false, code: 'email.invalid' });
  });

  test('refuses a domain label longer than 63 characters', () => {
    assert.deepEqual(parseEmail(`a@${long(64, 'b')}.com`), { ok: false, code: 'email.invalid' });
    assert.equal(valueOf(parseEmail(`a@${long(63, 'b')}.com`)), `a@${long(63, 'b')}.com`);
  });

  test('reports required when empty and invalid for non-text', () => {
    assert.deepEqual(parseEmail(''), { ok: false, code: 'required' });
    assert.deepEqual(parseEmail(['a@example.com', 'b@example.com']), { ok: false, code: 'invalid' });
    assert.deepEqual(parseEmail('a@example.com\u0000'), { ok: false, code: 'text.invalid_characters' });
  });
});

describe('parseGreekPostcode and parsePostcode', () => {
  test('accepts 5 digits with one inner space and stores the digits', () => {
    assert.deepEqual(parseGreekPostcode('101 81'), { ok: true, value: '10181' });
    assert.deepEqual(parseGreekPostcode('71202'), { ok: true, value: '71202' });
    assert.deepEqual(parseGreekPostcode(' 851 00 '), { ok: true, value: '85100' });
  });

  test('refuses Greek postcodes starting with 0 or 9, of the wrong length or with extra spaces', () => {
    for (const raw of ['01234', '90000', '1018', '101811', '10 1 81', 'ΤΚ 10181', '1O181', long(10_000, '1')]) {
      assert.deepEqual(parseGreekPostcode(raw), { ok: false, code: 'postcode.invalid' }, raw.slice(0, 20));
    }
  });

  test('uses the Greek rule for GR in any case', () => {
    assert.deepEqual(parsePostcode('101 81', 'GR'), { ok: true, value: '10181' });
    assert.deepEqual(parsePostcode('90000', 'gr'), { ok: false, code: 'postcode.invalid' });
  });

  test('upper-cases foreign postcodes and keeps their spaces and hyphens', () => {
    assert.deepEqual(parsePostcode('sw1a 1aa', 'GB'), { ok: true, value: 'SW1A 1AA' });
    assert.deepEqual(parsePostcode('01-234', 'PL'), { ok: true, value: '01-234' });
    assert.deepEqual(parsePostcode('01001', 'UA'), { ok: true, value: '01001' });
    assert.deepEqual(parsePostcode('1012 AB', 'NL'), { ok: true, value: '1012 AB' });
  });

  test('refuses foreign postcodes that are too short, too long or have other characters', () => {
    for (const raw of ['1', '1234567890123', '-123', '123-', '12_34', '<b>1</b>', '01001; --']) {
      assert.deepEqual(parsePostcode(raw, 'DE'), { ok: false, code: 'postcode.invalid' }, raw);
    }
  });

  test('reports required when empty', () => {
    assert.deepEqual(parsePostcode('', 'DE'), { ok: false, code: 'required' });
    assert.deepEqual(parseGreekPostcode(undefined), { ok: false, code: 'required' });
  });
});

describe('parseDateParts and isoToParts', () => {
  test('turns day, month and year boxes into an ISO date', () => {
    assert.deepEqual(parseDateParts({ day: '5', month: '3', year: '2026' }, { required: true }), { ok: true, value: '2026-03-05' });
    assert.deepEqual(parseDateParts({ day: ' 05 ', month: '03', year: '2026' }, { required: true }), { ok: true, value: '2026-03-05' });
    assert.deepEqual(parseDateParts({ day: 31, month: 12, year: 2030 }, { required: true }), { ok: true, value: '2030-12-31' });
  });

  test('accepts 29 February only in leap years', () => {
    assert.deepEqual(parseDateParts({ day: '29', month: '2', year: '2028' }, { required: true }), { ok: true, value: '2028-02-29' });
    assert.deepEqual(parseDateParts({ day: '29', month: '2', year: '2000' }, { required: true }), { ok: true, value: '2000-02-29' });
    assert.deepEqual(parseDateParts({ day: '29', month: '2', year: '2027' }, { required: true }), { ok: false, code: 'date.invalid' });
    assert.deepEqual(parseDateParts({ day: '29', month: '2', year: '2100' }, { required: true }), { ok: false, code: 'date.invalid' });
  });

  test('reports date.invalid for impossible dates, partial dates, non-numbers and years outside 2000–2100', () => {
    const bad = [
      { day: '31', month: '2', year: '2026' },
      { day: '31', month: '4', year: '2026' },
      { day: '0', month: '1', year: '2026' },
      { day: '1', month: '13', year: '2026' },
      { day: '1', month: '0', year: '2026' },
      { day: '1', month: '1', year: '1999' },
      { day: '1', month: '1', year: '2101' },
      { day: '1', month: '1', year: '26' },
      { day: '1', month: '1', year: '' },
      { day: '', month: '1', year: '2026' },
      { day: 'one', month: '1', year: '2026' },
      { day: '1.5', month: '1', year: '2026' },
      { day: '-1', month: '1', year: '2026' },
      { day: '1', month: 'March', year: '2026' },
      { day: '1', month: '1', year: long(10_000, '2') },
    ];
    for (const parts of bad) {
      assert.deepEqual(parseDateParts(parts, { required: true }), { ok: false, code: 'date.invalid' }, JSON.stringify(parts).slice(0, 60));
    }
  });

  test('reports required when all three boxes are blank, or null when the date is optional', () => {
    assert.deepEqual(parseDateParts({ day: '', month: ' ', year: undefined }, { required: true }), { ok: false, code: 'required' });
    assert.deepEqual(parseDateParts({ day: '', month: '', year: '' }, { required: false }), { ok: true, value: null });
  });

  test('passes on non-text and hostile characters in any box', () => {
    assert.deepEqual(parseDateParts({ day: ['1', '2'], month: '1', year: '2026' }, { required: true }), { ok: false, code: 'invalid' });
    assert.deepEqual(parseDateParts({ day: '1', month: '1\u0000', year: '2026' }, { required: true }), { ok: false, code: 'text.invalid_characters' });
  });

  test('isoToParts fills the boxes without leading zeros and empties them for anything else', () => {
    assert.deepEqual(isoToParts('2026-03-05'), { day: '5', month: '3', year: '2026' });
    assert.deepEqual(isoToParts('2030-12-31'), { day: '31', month: '12', year: '2030' });
    assert.deepEqual(isoToParts(null), { day: '', month: '', year: '' });
    assert.deepEqual(isoToParts(undefined), { day: '', month: '', year: '' });
    assert.deepEqual(isoToParts('5/3/2026'), { day: '', month: '', year: '' });
  });

  test('isoToParts and parseDateParts round-trip', () => {
    assert.deepEqual(parseDateParts(isoToParts('2026-02-28'), { required: true }), { ok: true, value: '2026-02-28' });
  });
});

describe('checkAvailability', () => {
  const today = '2026-03-10';

  test('returns the same object when from is today or later and until is on or after from', () => {
    const period = { from: '2026-03-10', until: '2026-03-10' };
    const result = checkAvailability(period, today);
    assert.equal(valueOf(result), period);
    assert.deepEqual(checkAvailability({ from: '2026-04-01', until: '2026-09-30' }, today), { ok: true, value: { from: '2026-04-01', until: '2026-09-30' } });
  });

  test('accepts an open-ended period', () => {
    assert.deepEqual(checkAvailability({ from: '2026-03-11', until: null }, today), { ok: true, value: { from: '2026-03-11', until: null } });
  });

  test('reports date.from_in_past when the start is before today', () => {
    assert.deepEqual(checkAvailability({ from: '2026-03-09', until: null }, today), { ok: false, code: 'date.from_in_past' });
  });

  test('reports date.until_before_from when the end is before the start', () => {
    assert.deepEqual(checkAvailability({ from: '2026-04-01', until: '2026-03-31' }, today), { ok: false, code: 'date.until_before_from' });
  });

  test('reports date.invalid for values that are not ISO dates', () => {
    assert.deepEqual(checkAvailability({ from: '1/4/2026', until: null }, today), { ok: false, code: 'date.invalid' });
  });
});

describe('parseQuantity', () => {
  test('accepts whole numbers with spaces or thousands separators grouped by three', () => {
    const examples: Array<[unknown, number]> = [
      ['12', 12],
      ['3.000', 3000],
      ['3,000', 3000],
      ['3 000', 3000],
      ['3\u2009000', 3000],
      ['3\u202F000', 3000],
      ['1.000.000', 1_000_000],
      [' 40 ', 40],
      ['007', 7],
      ['3,00', 3],
      [25, 25],
    ];
    for (const [raw, value] of examples) assert.deepEqual(parseQuantity(raw, { max: 10_000_000 }), { ok: true, value }, String(raw));
  });

  test('reports quantity.whole for decimals', () => {
    for (const raw of ['2.5', '2,5', '1.000,5', '0,5', 2.5]) {
      assert.deepEqual(parseQuantity(raw, { max: 100_000 }), { ok: false, code: 'quantity.whole' }, String(raw));
    }
  });

  test('reports quantity.invalid for things that are not numbers or wrongly grouped', () => {
    for (const raw of ['twelve', '12a', '1 2', '30.00.0', '3,0000,000', '.5', '5.', '1e3', '0x10', '<script>', long(10_000, '9'), Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(parseQuantity(raw, { max: 100 }), { ok: false, code: 'quantity.invalid' }, String(raw).slice(0, 20));
    }
  });

  test('reports quantity.too_small with the minimum for zero and negatives', () => {
    assert.deepEqual(parseQuantity('0', { max: 10 }), { ok: false, code: 'quantity.too_small', params: { min: 1 } });
    assert.deepEqual(parseQuantity('-5', { max: 10 }), { ok: false, code: 'quantity.too_small', params: { min: 1 } });
    assert.deepEqual(parseQuantity('1', { min: 2, max: 10 }), { ok: false, code: 'quantity.too_small', params: { min: 2 } });
    assert.deepEqual(parseQuantity('0', { min: 0, max: 10 }), { ok: true, value: 0 });
  });

  test('reports quantity.too_large with the maximum', () => {
    assert.deepEqual(parseQuantity('10', { max: 10 }), { ok: true, value: 10 });
    assert.deepEqual(parseQuantity('11', { max: 10 }), { ok: false, code: 'quantity.too_large', params: { max: 10 } });
    assert.deepEqual(parseQuantity('99999999999999999999', { max: 10 }), { ok: false, code: 'quantity.too_large', params: { max: 10 } });
  });

  test('reports required when empty and invalid for arrays', () => {
    assert.deepEqual(parseQuantity('', { max: 10 }), { ok: false, code: 'required' });
    assert.deepEqual(parseQuantity(['1', '2'], { max: 10 }), { ok: false, code: 'invalid' });
  });
});

describe('parseMoney', () => {
  test('understands Greek and English formats and returns exactly two decimals', () => {
    const examples: Array<[unknown, string]> = [
      ['1.000,50', '1000.50'],
      ['1000,5', '1000.50'],
      ['250.000', '250000.00'],
      ['1,000.50', '1000.50'],
      ['250000.00', '250000.00'],
      ['250,000', '250000.00'],
      ['1 000,50', '1000.50'],
      ['12.345.678,90', '12345678.90'],
      ['12,345,678.9', '12345678.90'],
      ['0,01', '0.01'],
      ['0050', '50.00'],
      ['5', '5.00'],
      [1000.5, '1000.50'],
      [250000, '250000.00'],
    ];
    for (const [raw, value] of examples) assert.deepEqual(parseMoney(raw), { ok: true, value }, String(raw));
  });

  test('reads one separator followed by exactly three digits as thousands, after a first group of 1–3 digits', () => {
    assert.deepEqual(parseMoney('1,505'), { ok: true, value: '1505.00' });
    assert.deepEqual(parseMoney('1.505'), { ok: true, value: '1505.00' });
    assert.deepEqual(parseMoney('1,50'), { ok: true, value: '1.50' });
    assert.deepEqual(parseMoney('1.5'), { ok: true, value: '1.50' });
  });

  test('ignores a euro sign or EUR before or after the amount', () => {
    for (const raw of ['€ 1.000,50', '€1.000,50', '1.000,50 €', '1.000,50€', 'EUR 1000.50', '1000.50 eur']) {
      assert.deepEqual(parseMoney(raw), { ok: true, value: '1000.50' }, raw);
    }
  });

  test('keeps precision that floating point would lose', () => {
    assert.deepEqual(parseMoney('999.999.999,99'), { ok: true, value: '999999999.99' });
    assert.deepEqual(parseMoney('0,10', { max: 1 }), { ok: true, value: '0.10' });
  });

  test('reports money.too_many_decimals for more than two decimals', () => {
    for (const raw of ['1,5055', '1.0000', '1.000,505', '1,000.505', '0.500', '1234.567', 10.125]) {
      assert.deepEqual(parseMoney(raw), { ok: false, code: 'money.too_many_decimals' }, String(raw));
    }
  });

  test('reports money.not_positive for zero and negative amounts', () => {
    for (const raw of ['0', '0,00', '-5', '−5,00', '€ -5', '-€5', -5, 0]) {
      assert.deepEqual(parseMoney(raw), { ok: false, code: 'money.not_positive' }, String(raw));
    }
  });

  test('reports money.too_large with the maximum', () => {
    assert.deepEqual(parseMoney('1.000.000.000'), { ok: true, value: '1000000000.00' });
    assert.deepEqual(parseMoney('1.000.000.000,01'), { ok: false, code: 'money.too_large', params: { max: 1_000_000_000 } });
    assert.deepEqual(parseMoney('501', { max: 500 }), { ok: false, code: 'money.too_large', params: { max: 500 } });
    assert.deepEqual(parseMoney(1e25), { ok: false, code: 'money.too_large', params: { max: 1_000_000_000 } });
  });

  test('reports money.invalid for text that is not an amount', () => {
    const bad = ['abc', '1.000.00', '1,00,000', '1.000,000.50', '12 34', '$100', '1e6', '.50', '1.', '€', 'EUR', '1;DROP', long(10_000, '1'), Number.NaN];
    for (const raw of bad) assert.deepEqual(parseMoney(raw), { ok: false, code: 'money.invalid' }, String(raw).slice(0, 20));
  });

  test('reports required when empty and invalid for arrays', () => {
    assert.deepEqual(parseMoney(' '), { ok: false, code: 'required' });
    assert.deepEqual(parseMoney(['1', '2']), { ok: false, code: 'invalid' });
  });
});

describe('parseCurrency', () => {
  test('upper-cases and accepts ISO 4217 codes', () => {
    assert.deepEqual(parseCurrency('eur'), { ok: true, value: 'EUR' });
    assert.deepEqual(parseCurrency(' UAH '), { ok: true, value: 'UAH' });
    assert.deepEqual(parseCurrency('chf'), { ok: true, value: 'CHF' });
  });

  test('reports currency.invalid for unknown codes, symbols and wrong lengths', () => {
    for (const raw of ['ABC', 'XXX', '€', 'EURO', 'EU', 'ΕΥΡ', long(10_000, 'E')]) {
      assert.deepEqual(parseCurrency(raw), { ok: false, code: 'currency.invalid' }, raw.slice(0, 10));
    }
  });

  test('reports required when empty so the caller can apply its default', () => {
    assert.deepEqual(parseCurrency(undefined), { ok: false, code: 'required' });
  });
});

describe('parseWebsite', () => {
  test('adds https:// when the scheme is missing', () => {
    assert.deepEqual(parseWebsite('archanes.example.org'), { ok: true, value: 'https://archanes.example.org' });
    assert.deepEqual(parseWebsite('www.example.gr/el/about?x=1#top'), { ok: true, value: 'https://www.example.gr/el/about?x=1#top' });
    assert.deepEqual(parseWebsite('example.org:8080/path'), { ok: true, value: 'https://example.org:8080/path' });
    assert.deepEqual(parseWebsite('//example.org'), { ok: true, value: 'https://example.org' });
  });

  test('keeps http and https addresses as typed, lower-casing only the scheme', () => {
    assert.deepEqual(parseWebsite('http://example.org'), { ok: true, value: 'http://example.org' });
    assert.deepEqual(parseWebsite('HTTPS://Example.org/Path'), { ok: true, value: 'https://Example.org/Path' });
    assert.deepEqual(parseWebsite('https://δήμος.ελ'), { ok: true, value: 'https://δήμος.ελ' });
  });

  test('refuses other schemes, hosts without a dot, IP addresses, credentials and unsafe characters', () => {
    const bad = [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'javascript://example.org/%0Aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.org',
      'mailto:info@example.org',
      'https:example.org',
      'localhost',
      'http://localhost:3000',
      'https://192.168.1.1',
      'https://user:pass@example.org',
      'https://exa mple.org',
      'https://example.org/"onmouseover="x',
      'https://example.org/<script>',
      'https://example..org',
      'https://example.org.',
      'https://',
      '`whoami`.example.org',
      'https://example.org/' + long(2100, 'a'),
    ];
    for (const raw of bad) assert.deepEqual(parseWebsite(raw), { ok: false, code: 'website.invalid' }, raw.slice(0, 40));
  });

  test('is optional by default and required on request', () => {
    assert.deepEqual(parseWebsite(''), { ok: true, value: null });
    assert.deepEqual(parseWebsite(undefined), { ok: true, value: null });
    assert.deepEqual(parseWebsite('', { required: true }), { ok: false, code: 'required' });
  });

  test('passes on non-text and hostile characters', () => {
    assert.deepEqual(parseWebsite(['a.gr', 'b.gr']), { ok: false, code: 'invalid' });
    assert.deepEqual(parseWebsite('example.org\u202E'), { ok: false, code: 'text.invalid_characters' });
  });
});

describe('parseChoice', () => {
  const kinds = ['accommodation', 'service', 'essential_items', 'money'] as const;

  test('returns an allowed value', () => {
    assert.deepEqual(parseChoice('service', kinds, { required: true }), { ok: true, value: 'service' });
    assert.deepEqual(parseChoice(' money ', kinds, { required: true }), { ok: true, value: 'money' });
  });

  test('reports required when blank and required, null when optional', () => {
    assert.deepEqual(parseChoice(undefined, kinds, { required: true }), { ok: false, code: 'required' });
    assert.deepEqual(parseChoice('', kinds, { required: true }), { ok: false, code: 'required' });
    assert.deepEqual(parseChoice('', kinds, { required: false }), { ok: true, value: null });
  });

  test('reports choice.invalid for values not offered, a different case, arrays and numbers', () => {
    for (const raw of ['housing', 'Service', ['service', 'money'], 1, '<script>', 'toString', '__proto__']) {
      assert.deepEqual(parseChoice(raw, kinds, { required: true }), { ok: false, code: 'choice.invalid' }, String(raw));
    }
  });
});

describe('parseChoices', () => {
  const suitable = ['families', 'children', 'elderly', 'disabilities', 'pets'] as const;

  test('returns nothing ticked as an empty list', () => {
    assert.deepEqual(parseChoices(undefined, suitable), { ok: true, value: [] });
    assert.deepEqual(parseChoices('', suitable), { ok: true, value: [] });
    assert.deepEqual(parseChoices([], suitable), { ok: true, value: [] });
  });

  test('accepts one string or an array and returns distinct values in the allowed order', () => {
    assert.deepEqual(parseChoices('pets', suitable), { ok: true, value: ['pets'] });
    assert.deepEqual(parseChoices(['pets', 'families', 'pets', '', 'elderly'], suitable), { ok: true, value: ['families', 'elderly', 'pets'] });
  });

  test('reports choice.invalid for unknown values or non-strings', () => {
    assert.deepEqual(parseChoices(['pets', 'dragons'], suitable), { ok: false, code: 'choice.invalid' });
    assert.deepEqual(parseChoices(['pets', 3], suitable), { ok: false, code: 'choice.invalid' });
    assert.deepEqual(parseChoices({ 0: 'pets' }, suitable), { ok: false, code: 'choice.invalid' });
    assert.deepEqual(parseChoices(7, suitable), { ok: false, code: 'choice.invalid' });
  });
});

describe('parseBoolean', () => {
  test('reads yes, true and on as true in any case', () => {
    for (const raw of ['yes', 'true', 'on', 'YES', ' On ', true]) assert.deepEqual(parseBoolean(raw), { ok: true, value: true }, String(raw));
  });

  test('reads no, false, empty and an absent field as false', () => {
    for (const raw of ['no', 'false', '', 'No', undefined, null, false]) assert.deepEqual(parseBoolean(raw), { ok: true, value: false }, String(raw));
  });

  test('reports choice.invalid for anything else', () => {
    for (const raw of ['maybe', 'ναι', '1', 1, ['yes', 'no'], {}]) assert.deepEqual(parseBoolean(raw), { ok: false, code: 'choice.invalid' }, String(raw));
  });
});

describe('no rule throws', () => {
  test('every rule returns a result for every hostile input', () => {
    const hostile: unknown[] = [
      undefined,
      null,
      '',
      '\u0000',
      '\uD800',
      '\uFFFD',
      '\u202E',
      long(10_000),
      ['a', 'b'],
      [],
      {},
      Object.create(null),
      42,
      -0,
      Number.NaN,
      Symbol('x'),
      () => 'x',
      BigInt(5),
      "'; DROP TABLE offers; --",
      '<script>alert(1)</script>',
    ];
    const rules: Array<(raw: unknown) => RuleResult<unknown>> = [
      (raw) => cleanText(raw, { max: 100, multiline: true }),
      (raw) => parsePersonName(raw),
      (raw) => parseOrganisationName(raw),
      parseAfm,
      parseForeignTaxId,
      (raw) => parsePhone(raw),
      parseEmail,
      parseGreekPostcode,
      (raw) => parsePostcode(raw, 'DE'),
      (raw) => parseDateParts({ day: raw, month: raw, year: raw }, { required: false }),
      (raw) => parseQuantity(raw, { max: 100 }),
      (raw) => parseMoney(raw),
      parseCurrency,
      (raw) => parseWebsite(raw),
      (raw) => parseChoice(raw, ['a'], { required: false }),
      (raw) => parseChoices(raw, ['a']),
      parseBoolean,
    ];
    for (const rule of rules) {
      for (const raw of hostile) {
        const result = rule(raw);
        assert.equal(typeof result.ok, 'boolean');
        if (!result.ok) assert.ok((ruleCodes as readonly string[]).includes(result.code), result.code);
      }
    }
  });
});

describe('rule messages', () => {
  const languages: RuleLanguage[] = ['el', 'en', 'uk'];

  test('every rule code has a non-empty message in Greek, English and Ukrainian that is not the code itself', () => {
    for (const lang of languages) {
      assert.deepEqual(Object.keys(ruleMessages[lang]).sort(), [...ruleCodes].sort(), lang);
      for (const code of ruleCodes) {
        const message = ruleMessages[lang][code];
        assert.equal(typeof message, 'string');
        assert.ok(message.trim().length > 0, `${lang} ${code}`);
        assert.notEqual(message, code, `${lang} ${code}`);
      }
    }
  });

  test('each language has its own wording, written in its own script', () => {
    for (const code of ruleCodes) {
      assert.notEqual(ruleMessages.el[code], ruleMessages.en[code], code);
      assert.notEqual(ruleMessages.uk[code], ruleMessages.en[code], code);
      assert.match(ruleMessages.el[code], /[\u0370-\u03FF\u1F00-\u1FFF]/u, code);
      assert.match(ruleMessages.uk[code], /[\u0400-\u04FF]/u, code);
    }
  });

  test('every placeholder a message uses is one its rule provides', () => {
    const paramsOf: Partial<Record<RuleCode, string[]>> = {
      'text.too_long': ['max'],
      'quantity.too_small': ['min'],
      'quantity.too_large': ['max'],
      'money.too_large': ['max'],
    };
    for (const lang of languages) {
      for (const code of ruleCodes) {
        const used = [...ruleMessages[lang][code].matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
        assert.deepEqual(used, [...(paramsOf[code] ?? [])].sort(), `${lang} ${code}`);
      }
    }
  });

  test('ruleMessage fills placeholders with numbers written the way each language writes them', () => {
    assert.equal(ruleMessage('en', 'text.too_long', { max: 200 }), 'Enter 200 characters or fewer');
    assert.equal(ruleMessage('el', 'text.too_long', { max: 200 }), 'Γράψτε έως 200 χαρακτήρες');
    assert.equal(ruleMessage('el', 'money.too_large', { max: 1_000_000_000 }), 'Γράψτε ένα ποσό έως 1.000.000.000');
    assert.equal(ruleMessage('en', 'money.too_large', { max: 1_000_000_000 }), 'Enter an amount of 1,000,000,000 or less');
    assert.match(ruleMessage('uk', 'quantity.too_small', { min: 1000 }), /^Введіть число, не менше ніж 1\s000$/u);
  });

  test('ruleMessage returns the message as written when there are no params, and leaves unknown placeholders visible', () => {
    assert.equal(ruleMessage('el', 'afm.format'), 'Γράψτε έναν ΑΦΜ 9 ψηφίων, όπως 099776546');
    assert.equal(ruleMessage('en', 'phone.invalid'), 'Enter a phone number, like 2101234567 or +380501234567');
    assert.equal(ruleMessage('en', 'quantity.too_large', { min: 3 }), 'Enter a number of {max} or less');
  });

  test('a rule failure can be turned straight into a message', () => {
    const result = parseQuantity('50', { max: 40 });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(ruleMessage('en', result.code, result.params), 'Enter a number of 40 or less');
  });
});
