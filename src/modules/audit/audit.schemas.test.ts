import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { athensMidnight, filterQuery, parseAuditQuery } from './audit.schemas.js';

describe('audit browser query', () => {
  test('a Greek calendar day starts at 22:00 UTC in winter and 21:00 UTC in summer, across both clock changes', () => {
    assert.equal(athensMidnight('2026-01-15').toISOString(), '2026-01-14T22:00:00.000Z');
    assert.equal(athensMidnight('2026-03-29').toISOString(), '2026-03-28T22:00:00.000Z', 'clocks go forward at 03:00 that day');
    assert.equal(athensMidnight('2026-03-30').toISOString(), '2026-03-29T21:00:00.000Z');
    assert.equal(athensMidnight('2026-10-25').toISOString(), '2026-10-24T21:00:00.000Z', 'clocks go back at 04:00 that day');
    assert.equal(athensMidnight('2026-10-26').toISOString(), '2026-10-25T22:00:00.000Z');
  });

  test('a date range includes both days', () => {
    const q = parseAuditQuery({ 'from-day': '29', 'from-month': '3', 'from-year': '2026', 'to-day': '29', 'to-month': '3', 'to-year': '2026' })!;
    assert.deepEqual(q.errors, []);
    assert.equal(q.filter.from?.toISOString(), '2026-03-28T22:00:00.000Z');
    assert.equal(q.filter.until?.toISOString(), '2026-03-29T21:00:00.000Z');
  });

  test('filters are read, checked and written back into links', () => {
    const q = parseAuditQuery({ actor: 'B6C8F3C2-0000-4000-8000-000000000001', action: ' offer. ', entity: ' 7kq-4m9-txr ', entity_type: 'offer', after: '42' })!;
    assert.deepEqual(q.filter.actor, { staffId: 'b6c8f3c2-0000-4000-8000-000000000001' });
    assert.equal(q.filter.actionPrefix, 'offer.');
    assert.equal(q.filter.entityType, 'offer');
    assert.deepEqual(q.filter.entity, { id: '7kq-4m9-txr', offerReference: '7KQ4M9TXR' });
    assert.equal(q.after, '42');
    assert.equal(filterQuery(q.values).toString(), 'actor=B6C8F3C2-0000-4000-8000-000000000001&action=offer.&entity_type=offer&entity=7kq-4m9-txr');
    assert.deepEqual(
      parseAuditQuery({ actor: 'x', action: 'DROP TABLE', entity_type: 'a-b', 'to-day': '1' })!.errors.map((e) => e.field),
      ['actor', 'action', 'entity_type', 'to'],
    );
    assert.equal(parseAuditQuery({ after: '1 OR 1=1' }), null);
    assert.equal(parseAuditQuery({ before: ['1', '2'] }), null);
  });
});
