import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { adminUnitsCsv } from '../geography/index.js';
import { foldForSearch, searchDocument, searchWords, transliterateGreek } from './offers.search.js';

describe('folding text for search', () => {
  test('drops case and accents, and writes final sigma as sigma, so Greek spellings meet', () => {
    assert.equal(foldForSearch('Θεσσαλονίκη'), 'θεσσαλονικη');
    assert.equal(foldForSearch('ΘΕΣΣΑΛΟΝΊΚΗΣ'), 'θεσσαλονικησ');
    assert.equal(foldForSearch('θεσσαλονικης'), 'θεσσαλονικησ');
    assert.equal(foldForSearch('Αϊβαλιώτη ΐ ΰ'), 'αιβαλιωτη ι υ');
    assert.equal(foldForSearch('ΑΪΔΙΝΙΟΥ'), 'αιδινιου');
  });

  test('drops accents from Latin letters, and spells out letters unaccent rewrites', () => {
    assert.equal(foldForSearch("Zoë O'Brien-Straße"), 'zoe o brien strasse');
    assert.equal(foldForSearch('Jonas Østergaard, Łódź, İstanbul, Æble'), 'jonas ostergaard lodz istanbul aeble');
  });

  test('keeps Cyrillic letters whose marks make them other letters', () => {
    assert.equal(foldForSearch('Київ, ЙОГО, Берегиня'), 'київ його берегиня');
    assert.equal(foldForSearch('Ёлка'), 'елка');
  });

  test('turns every run of punctuation, spaces and symbols into one space', () => {
    assert.equal(foldForSearch('  «Берегиня» — A.E. / 2810-752 100 \n'), 'берегиня a e 2810 752 100');
    assert.equal(foldForSearch("'; DROP TABLE offers; --"), 'drop table offers');
    assert.equal(foldForSearch('%_\\'), '');
  });

  test('words come once each, in order', () => {
    assert.deepEqual(searchWords('Δήμος Αρχανών, ΔΗΜΟΣ αρχανων'), ['δημοσ', 'αρχανων']);
    assert.deepEqual(searchWords(' - '), []);
  });
});

describe('ELOT 743 transliteration', () => {
  test('spells every municipality, regional unit and region as the reference data does', () => {
    const rows = parse(readFileSync(adminUnitsCsv, 'utf8'), { columns: true }) as { name_el: string; name_en: string }[];
    assert.ok(rows.length >= 420);
    const wrong = rows.filter((r) => foldForSearch(transliterateGreek(r.name_el)) !== foldForSearch(r.name_en));
    assert.deepEqual(wrong, []);
  });

  test('reads αυ, ευ, ηυ as v before voiced sounds and f before voiceless ones or at the end', () => {
    assert.equal(transliterateGreek('Ευβοίας'), 'evvoias');
    assert.equal(transliterateGreek('Ελευσίνα'), 'elefsina');
    assert.equal(transliterateGreek('Ναύπλιο'), 'nafplio');
    assert.equal(transliterateGreek('αυλή'), 'avli');
    assert.equal(transliterateGreek('Αύγουστος'), 'avgoustos');
    assert.equal(transliterateGreek('ηύρα'), 'ivra');
    assert.equal(transliterateGreek('διαφεύγ'), 'diafevg');
    assert.equal(transliterateGreek('Παρασκευή'), 'paraskevi');
    assert.equal(transliterateGreek('αυτοκίνητο'), 'aftokinito');
  });

  test('keeps two vowels apart after a diaeresis or an accent on the first', () => {
    assert.equal(transliterateGreek('Ταΰγετος'), 'taygetos');
    assert.equal(transliterateGreek('άυλος'), 'aylos');
    assert.equal(transliterateGreek('Αχαΐα'), 'achaia');
    assert.equal(transliterateGreek('ΘΕΡΜΑΪΚΟΣ'), 'thermaikos');
  });

  test('writes the letter pairs of ELOT 743 and leaves other scripts as they are', () => {
    assert.equal(transliterateGreek('Παγγαίου Αγκίστρι Σφίγξ Μελαγχολία'), 'pangaiou agkistri sfinx melancholia');
    assert.equal(transliterateGreek('Θεσσαλονίκη Χανιά Ψαρά Ουρανούπολη'), 'thessaloniki chania psara ouranoupoli');
    assert.equal(transliterateGreek('Κρήτη – Crete – Крит'), 'kriti – crete – крит');
  });
});

describe('an offer’s search document', () => {
  test('holds the names and the texts, folded, with the Latin spelling of every Greek word', () => {
    const doc = searchDocument({
      names: ['Δήμος Αρχανών-Αστερουσίων', 'Δ. Αρχανών-Αστερουσίων', null, 'Γιώργος Σπυριδάκης'],
      texts: ['Αρχάνες', 'Κουβέρτες και σεντόνια μονά', null, 'Περιφέρεια Κρήτης'],
    });
    assert.equal(doc.names, 'δημοσ αρχανων αστερουσιων δ γιωργοσ σπυριδακησ dimos archanon asterousion d giorgos spyridakis');
    for (const word of ['αρχανεσ', 'κουβερτεσ', 'σεντονια', 'κρητησ', 'archanes', 'kouvertes', 'kritis', 'spyridakis']) {
      assert.ok(doc.words.split(' ').includes(word), word);
    }
    assert.ok(!doc.names.includes('κουβερτεσ'), 'free text is not among the names');
  });

  test('keeps Ukrainian and Latin words whole, with no second spelling', () => {
    const doc = searchDocument({ names: ['Олена Ковальчук', "Zoë O'Brien"], texts: ['Уроки грецької мови'] });
    assert.equal(doc.names, 'олена ковальчук zoe o brien');
    assert.equal(doc.words, 'олена ковальчук zoe o brien уроки грецької мови');
  });

  test('is empty for an offer with nothing to find it by', () => {
    assert.deepEqual(searchDocument({ names: [], texts: [null, ''] }), { names: '', words: '' });
  });
});
