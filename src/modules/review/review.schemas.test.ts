import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Gazetteer } from '../geography/index.js';
import { decodeCursor, encodeCursor, offersQuery, parseQueueQuery } from './review.schemas.js';

const position = { at: '2026-03-27T08:15:00.123456Z', id: '0b9e1c3a-5f0e-4d7a-9c1e-2f3b4a5c6d7e' };
const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('offer list cursors', () => {
  test('a cursor gives back exactly the position it was made from, microseconds included', () => {
    assert.deepEqual(decodeCursor(encodeCursor(position)), position);
  });

  test('text that is not a cursor of ours is refused', () => {
    for (const bad of [
      '',
      'not base64!',
      raw('2026-03-27T08:15:00.123456Z'),
      raw(`2026-03-27T08:15:00.123Z|${position.id}`),
      raw(`2026-02-30T08:15:00.000000Z|${position.id}`),
      raw(`2026-03-27T08:15:00.123456Z|not-a-uuid`),
      raw(`2026-03-27T08:15:00.123456Z|${position.id}|extra`),
      raw(`2026-03-27T08:15:00.123456Z|${position.id.toUpperCase()}`),
    ]) {
      assert.equal(decodeCursor(bad), null, bad);
    }
  });

  test('the query takes after or before but not both', () => {
    const cursor = encodeCursor(position);
    assert.deepEqual(offersQuery.parse({ after: cursor }), { after: position });
    assert.deepEqual(offersQuery.parse({ before: cursor, lang: 'en' }), { before: position });
    assert.deepEqual(offersQuery.parse({}), {});
    assert.equal(offersQuery.safeParse({ after: cursor, before: cursor }).success, false);
    assert.equal(offersQuery.safeParse({ after: 'garbage' }).success, false);
    assert.equal(offersQuery.safeParse({ after: [cursor, cursor] }).success, false);
  });
});

// Only the look-ups parseQueueQuery makes; codes as in db/reference.
const gazetteer = {
  isRegion: (code: string) => /^GR-[A-M]$/.test(code),
  get: (code: string) => ({ '07': { level: 'regional_unit' }, '71': { level: 'regional_unit' }, '7102': { level: 'municipality' } })[code],
  isMunicipality: (code: string) => code === '7102',
} as unknown as Gazetteer;

describe('the queue’s query string', () => {
  test('every filter is read, blanks are "any", and the order is newest first unless asked', () => {
    const parsed = parseQueueQuery(
      {
        q: '  Θεσσαλονίκη  ',
        status: 'in_review',
        kind: 'service',
        category: 'service:legal_aid',
        region: 'GR-B',
        regional_unit: '07',
        municipality: '7102',
        organisation_kind: 'ngo',
        from: '2026-03-01',
        to: '31/3/2026',
        duplicate: 'yes',
        contact: 'never_reached',
        language: 'uk',
        sort: 'oldest',
        lang: 'en',
      },
      gazetteer,
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.request, {
      filters: {
        q: 'Θεσσαλονίκη',
        status: 'in_review',
        kind: 'service',
        category: 'service:legal_aid',
        region: 'GR-B',
        regionalUnit: '07',
        municipality: '7102',
        organisationKind: 'ngo',
        from: '2026-03-01',
        to: '2026-03-31',
        duplicate: 'yes',
        contact: 'never_reached',
        language: 'uk',
        sort: 'oldest',
      },
    });
    const blank = parseQueueQuery({ q: '', status: '', kind: '', from: ' ', sort: '' }, gazetteer);
    assert.ok(blank.ok);
    assert.deepEqual(blank.request, { filters: { sort: 'newest' } });
  });

  test('a value the form does not offer is an issue on its field, not a crash', () => {
    const parsed = parseQueueQuery(
      { status: 'deleted', kind: 'weapons', category: 'other', region: 'GR-Z', regional_unit: '7102', municipality: 'GR-M', organisation_kind: 'x', duplicate: 'maybe', contact: 'reached;--', language: 'de', sort: 'random()' },
      gazetteer,
    );
    assert.ok(!parsed.ok && !parsed.cursor);
    assert.deepEqual(
      parsed.issues.map((i) => `${i.field}:${i.key}`),
      ['status', 'kind', 'category', 'region', 'regional_unit', 'municipality', 'organisation_kind', 'duplicate', 'contact', 'language', 'sort'].map((f) => `${f}:err_choice`),
    );
    assert.equal(parsed.values.status, 'deleted', 'the value is kept to show again');
  });

  test('dates must be real days, and the range must not run backwards', () => {
    for (const bad of ['2026-02-30', '30/2/2026', 'yesterday', '2026-13-01', '1999-01-01', "2026-03-01' OR 1=1"]) {
      const parsed = parseQueueQuery({ from: bad }, gazetteer);
      assert.ok(!parsed.ok && !parsed.cursor, bad);
      assert.deepEqual(parsed.issues, [{ field: 'from', key: 'err_date' }], bad);
    }
    const backwards = parseQueueQuery({ from: '2026-04-01', to: '2026-03-31' }, gazetteer);
    assert.ok(!backwards.ok && !backwards.cursor);
    assert.deepEqual(backwards.issues, [{ field: 'to', key: 'err_date_order' }]);
    assert.ok(parseQueueQuery({ from: '2026-03-31', to: '2026-03-31' }, gazetteer).ok, 'one day is a range');
  });

  test('the search is at most 200 characters without control characters', () => {
    const long = parseQueueQuery({ q: 'α'.repeat(10_000) }, gazetteer);
    assert.ok(!long.ok && !long.cursor);
    assert.deepEqual(long.issues, [{ field: 'q', key: 'err_q_too_long' }]);
    assert.equal(long.values.q?.length, 201, 'what is shown again is cut short');
    assert.ok(parseQueueQuery({ q: 'α'.repeat(200) }, gazetteer).ok);
    const control = parseQueueQuery({ q: 'a\u0000b' }, gazetteer);
    assert.ok(!control.ok && !control.cursor);
    assert.deepEqual(control.issues, [{ field: 'q', key: 'err_q_characters' }]);
  });

  test('a filter given twice is refused; a broken cursor is told apart', () => {
    const twice = parseQueueQuery({ status: ['submitted', 'verified'], q: ['a', 'b'] }, gazetteer);
    assert.ok(!twice.ok && !twice.cursor);
    assert.deepEqual(twice.issues.map((i) => i.field), ['q', 'status']);
    const cursor = parseQueueQuery({ after: 'garbage', status: 'submitted' }, gazetteer);
    assert.deepEqual(cursor, { ok: false, cursor: true });
    const good = parseQueueQuery({ after: encodeCursor(position), status: 'verified' }, gazetteer);
    assert.ok(good.ok);
    assert.deepEqual(good.request, { filters: { status: 'verified', sort: 'newest' }, after: position });
  });
});
