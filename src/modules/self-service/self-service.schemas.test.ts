// The self-service forms' rules, which are the public form's: dates, figures and reasons.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLineUpdate, parseLinkRequest, parseReason } from './self-service.schemas.js';
import type { OwnLine } from './self-service.service.js';

const line = (over: Partial<OwnLine>): OwnLine => ({
  id: 'l1',
  offer_id: 'o1',
  position: 1,
  kind: 'accommodation',
  category: 'apartment',
  description: null,
  region_code: 'GR-M',
  available_from: '2026-03-01',
  available_until: null,
  places: 4,
  rooms: 2,
  capacity_per_week: null,
  quantity: null,
  unit: null,
  expiry: null,
  amount: null,
  currency: null,
  frequency: null,
  withdrawn_at: null,
  withdrawn_reason: null,
  allocated_quantity: '0.00',
  ...over,
});
const date = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const TODAY = '2026-04-15';

describe('the self-service line form', () => {
  test('a start date already past may stay as it was, but a new one may not be before today', () => {
    const kept = parseLineUpdate(line({}), { places: '5', rooms: '', ...date('available_from', '2026-03-01') }, TODAY);
    assert.deepEqual(kept, { ok: true, value: { places: 5, rooms: null, availableFrom: '2026-03-01', availableUntil: null } });
    const moved = parseLineUpdate(line({}), { places: '5', ...date('available_from', '2026-04-01') }, TODAY);
    assert.deepEqual(moved, { ok: false, issues: [{ field: 'available_from', rule: 'date.from_in_past' }] });
  });

  test('an end before the start, more rooms than places and a non-number are refused with the public form’s codes', () => {
    const r = parseLineUpdate(line({}), { places: '2', rooms: '3', ...date('available_from', '2026-05-01'), ...date('available_until', '2026-04-30') }, TODAY);
    assert.deepEqual(r, {
      ok: false,
      issues: [
        { field: 'rooms', key: 'err_rooms_more_than_places' },
        { field: 'available_until', rule: 'date.until_before_from' },
      ],
    });
    const nan = parseLineUpdate(line({ kind: 'service', capacity_per_week: 3 }), { capacity_per_week: 'πολλά', ...date('available_from', '2026-05-01') }, TODAY);
    assert.equal(nan.ok, false);
    assert.equal(!nan.ok && nan.issues[0]?.field, 'capacity_per_week');
  });

  test('quantities and amounts are read the Greek and the English way', () => {
    assert.deepEqual(parseLineUpdate(line({ kind: 'essential_items', quantity: 10, unit: 'kits' }), { quantity: '1.500' }, TODAY), { ok: true, value: { quantity: 1500, expiry: null } });
    assert.deepEqual(parseLineUpdate(line({ kind: 'money', amount: '100.00', currency: 'EUR' }), { amount: '1.250,50' }, TODAY), { ok: true, value: { amount: '1250.50' } });
    assert.deepEqual(parseLineUpdate(line({ kind: 'money', amount: '100.00', currency: 'EUR' }), { amount: '' }, TODAY), { ok: false, issues: [{ field: 'amount', key: 'err_value_required' }] });
  });
});

describe('the other self-service forms', () => {
  test('an email is required and must be one address', () => {
    assert.deepEqual(parseLinkRequest({ email: '' }), { ok: false, issues: [{ field: 'email', key: 'err_email_required' }] });
    assert.equal(parseLinkRequest({ email: 'a@b' }).ok, false);
    assert.deepEqual(parseLinkRequest({ email: ' Maria@Example.org ' }), { ok: true, value: { email: 'Maria@example.org' } });
  });

  test('a withdrawal needs a reason of at most 2,000 characters', () => {
    assert.deepEqual(parseReason({ reason: '   ' }), { ok: false, issues: [{ field: 'reason', key: 'err_reason_required' }] });
    assert.equal(parseReason({ reason: 'x'.repeat(2001) }).ok, false);
    assert.deepEqual(parseReason({ reason: 'Δεν είναι πια διαθέσιμο' }), { ok: true, value: 'Δεν είναι πια διαθέσιμο' });
  });
});
