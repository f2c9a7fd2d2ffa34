import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCursor, encodeCursor, offersQuery } from './review.schemas.js';

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
