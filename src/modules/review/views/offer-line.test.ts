import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Gazetteer } from '../../geography/index.js';
import { ACCOMMODATION_TYPES, ACCOMMODATION_TYPE_LABELS, label } from '../../offers/index.js';
import type { OfferLineSummary } from '../review.service.js';
import { describeLine, formatAthensTime, formatMoney } from './offer-line.js';

// Only regionName is used by describeLine.
const gazetteer = {
  regionName: (code: string, lang: string) => ({ 'GR-M': { el: 'Κρήτη', en: 'Kriti' } })[code]?.[lang as 'el' | 'en'] ?? code,
} as unknown as Gazetteer;

const blank: OfferLineSummary = {
  kind: 'accommodation',
  category: null,
  regionCode: null,
  places: null,
  capacityPerWeek: null,
  quantity: null,
  unit: null,
  amount: null,
  currency: null,
  frequency: null,
};
const line = (l: Partial<OfferLineSummary>): OfferLineSummary => ({ ...blank, ...l });

describe('offer lines in words', () => {
  test('accommodation gives its type, places (singular or plural) and region', () => {
    const flat = line({ kind: 'accommodation', category: 'apartment', places: 4, regionCode: 'GR-M' });
    assert.equal(describeLine('en', flat, gazetteer), 'Accommodation · Apartment · 4 places · Kriti');
    assert.equal(describeLine('el', flat, gazetteer), 'Στέγαση · Διαμέρισμα · 4 θέσεις · Κρήτη');
    const room = line({ kind: 'accommodation', category: 'room_in_shared_home', places: 1, regionCode: 'GR-M' });
    assert.equal(describeLine('en', room, gazetteer), 'Accommodation · Room in a shared home · 1 place · Kriti');
    assert.equal(describeLine('el', room, gazetteer), 'Στέγαση · Δωμάτιο σε σπίτι που μοιράζεται · 1 θέση · Κρήτη');
  });

  test('a service gives its category and weekly capacity, and leaves out what is missing', () => {
    assert.equal(describeLine('en', line({ kind: 'service', category: 'legal_aid', capacityPerWeek: 1200 }), gazetteer), 'Service · Legal aid · up to 1,200 a week');
    assert.equal(describeLine('el', line({ kind: 'service', category: 'legal_aid', capacityPerWeek: 1200 }), gazetteer), 'Υπηρεσία · Νομική βοήθεια · έως 1.200 την εβδομάδα');
    assert.equal(describeLine('en', line({ kind: 'service', category: 'transport' }), gazetteer), 'Service · Transport');
  });

  test('essential items give their quantity in their unit', () => {
    assert.equal(describeLine('en', line({ kind: 'essential_items', category: 'hygiene', quantity: 500, unit: 'kits' }), gazetteer), 'Essential items · Hygiene products · 500 kits');
    assert.equal(describeLine('el', line({ kind: 'essential_items', category: 'food', quantity: 1, unit: 'pallets' }), gazetteer), 'Είδη πρώτης ανάγκης · Τρόφιμα · 1 παλέτα');
    assert.equal(describeLine('en', line({ kind: 'essential_items', category: 'water', quantity: 2500, unit: 'litres' }), gazetteer), 'Essential items · Water · 2,500 litres');
  });

  test('money gives the amount in its currency, and whether it is once or monthly', () => {
    assert.equal(describeLine('en', line({ kind: 'money', amount: '1500.00', currency: 'EUR', frequency: 'monthly' }), gazetteer), 'Money · €1,500.00 a month');
    assert.equal(describeLine('en', line({ kind: 'money', amount: '250.50', currency: 'USD', frequency: 'one_off' }), gazetteer), 'Money · US$250.50 once');
    assert.equal(formatMoney('el', '1500.00', 'EUR'), new Intl.NumberFormat('el-GR', { style: 'currency', currency: 'EUR' }).format(1500));
    assert.match(formatMoney('el', '1500.00', 'EUR'), /^1\.500,00\s€$/);
  });

  test('a category is named as the offer form names it', () => {
    assert.equal(describeLine('el', line({ kind: 'accommodation', category: 'house' }), gazetteer), 'Στέγαση · Σπίτι');
    for (const type of ACCOMMODATION_TYPES) {
      for (const lang of ['el', 'en'] as const) {
        assert.equal(describeLine(lang, line({ kind: 'accommodation', category: type }), gazetteer).split(' · ')[1], label(ACCOMMODATION_TYPE_LABELS, type, lang));
      }
    }
  });

  test('a code without a label is shown as stored, not dropped', () => {
    assert.equal(describeLine('en', line({ kind: 'accommodation', category: 'yurt', places: 2 }), gazetteer), 'Accommodation · yurt · 2 places');
    assert.equal(formatMoney('en', '10.00', 'E$'), '10.00 E$');
  });

  test('times are shown in Greece, in winter (UTC+2) and summer (UTC+3)', () => {
    assert.equal(formatAthensTime('en', new Date('2026-03-27T08:15:00Z')), '27/03/2026, 10:15');
    assert.equal(formatAthensTime('el', new Date('2026-07-01T09:00:00Z')), '01/07/2026, 12:00');
    assert.equal(formatAthensTime('en', new Date('2026-01-10T22:30:00Z')), '11/01/2026, 00:30');
  });
});
