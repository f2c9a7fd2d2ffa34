import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCharacter } from '../offers/index.js';
import { parseSearch, SEARCH_MAX_WORDS } from './review.search.js';

const body = '7KQ4M9TX';
const reference = body + checkCharacter(body);

describe('reading the search box', () => {
  test('a reference is read with dashes, spaces, any case and Greek look-alike capitals', () => {
    for (const typed of [reference, `${reference.slice(0, 3)}-${reference.slice(3, 6)}-${reference.slice(6)}`, reference.toLowerCase(), ` ${reference.slice(0, 3)} ${reference.slice(3)} `]) {
      assert.equal(parseSearch(typed).reference, reference, typed);
    }
    // Κ, Μ, Τ and Χ typed on a Greek keyboard.
    const greek = reference.replace('K', 'Κ').replace('M', 'Μ').replace('T', 'Τ').replace('X', 'Χ');
    assert.notEqual(greek, reference);
    assert.equal(parseSearch(greek).reference, reference);
    assert.equal(parseSearch(body + (checkCharacter(body) === 'A' ? 'B' : 'A')).reference, null, 'a wrong check character is no reference');
  });

  test('an ΑΦΜ is read with an EL or ΕΛ prefix, spaces and dots', () => {
    for (const typed of ['997654320', 'EL 997 654 320', 'ΕΛ997654320', 'el997.654.320', 'GR997654320']) {
      assert.deepEqual(parseSearch(typed).taxIds.includes('997654320'), true, typed);
    }
    // A wrong check digit is no ΑΦΜ; the digits are still looked up as a foreign number would be.
    assert.deepEqual(parseSearch('EL 997654321').taxIds, ['EL 997654321']);
  });

  test('a foreign tax number is looked up as stored: upper case, separators kept', () => {
    assert.ok(parseSearch('che-123.456.788').taxIds.includes('CHE-123.456.788'));
  });

  test('a phone number in any format becomes E.164', () => {
    for (const typed of ['2810 752 100', '+30 2810-752-100', '00302810752100', '(2810) 752100']) {
      assert.equal(parseSearch(typed).phone, '+302810752100', typed);
    }
    assert.equal(parseSearch('+380 50 123 4567').phone, '+380501234567');
    assert.equal(parseSearch('Αρχάνες').phone, null);
  });

  test('an email is looked up in lower case', () => {
    assert.equal(parseSearch('KOINONIKI@ARCHANES.EXAMPLE.ORG').email, 'koinoniki@archanes.example.org');
    assert.equal(parseSearch('not an @ address').email, null);
  });

  test('words are folded, and Greek ones carry their Latin spelling', () => {
    assert.deepEqual(parseSearch('ΘΕΣΣΑΛΟΝΊΚΗΣ Hotel Берегиня').words, [
      { word: 'θεσσαλονικησ', latin: 'thessalonikis' },
      { word: 'hotel', latin: null },
      { word: 'берегиня', latin: null },
    ]);
    // The Latin spelling comes from the word as typed: its diaeresis keeps α and υ apart.
    assert.deepEqual(parseSearch('Ταΰγετος').words, [{ word: 'ταυγετοσ', latin: 'taygetos' }]);
  });

  test('single letters, repeats, punctuation and SQL are not words to match', () => {
    assert.deepEqual(
      parseSearch("a ' ; -- % _ \\ Β β OR 1=1").words.map((w) => w.word),
      ['or'],
    );
    assert.deepEqual(parseSearch("'; DROP TABLE offers; --").words.map((w) => w.word), ['drop', 'table', 'offers']);
    assert.deepEqual(parseSearch('a & b | !c:* <-> (d)').words, []);
  });

  test('a long paste is cut to the first words', () => {
    const words = Array.from({ length: 30 }, (_, i) => `λέξη${i}`).join(' ');
    assert.equal(parseSearch(words).words.length, SEARCH_MAX_WORDS);
  });
});
