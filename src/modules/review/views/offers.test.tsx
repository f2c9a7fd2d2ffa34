import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { OFFER_STATUSES } from '../../offers/index.js';
import type { OfferListPage } from '../review.service.js';
import { OffersPage, queueHref } from './offers.js';

// Only what the form and the rows ask of the gazetteer.
const gazetteer = {
  regions: () => [{ code: 'GR-M', label: 'Kriti' }],
  municipalityGroups: () => [{ code: '71', label: 'Irakleiou (Kriti)', units: [{ code: '7102', label: 'Archanon - Asterousion' }] }],
  unitName: (code: string) => code,
  regionName: (code: string) => code,
} as unknown as Gazetteer;

const chrome: StaffChrome = {
  lang: 'en',
  url: '/staff/offers',
  contact: { web: 'https://example.org', phones: [], email: 'help@example.org', viber: 'https://example.org' },
  csrf: 'token',
  member: null,
};

const item = {
  id: '0b9e1c3a-5f0e-4d7a-9c1e-2f3b4a5c6d7e',
  reference: '7KQ4M9TXR',
  submittedAt: new Date('2026-03-27T08:15:00Z'),
  status: 'submitted',
  language: 'el',
  channel: 'web',
  organisation: { legalName: 'Δήμος Αρχανών', kind: 'municipality' },
  possibleDuplicate: true,
  unconfirmed: false,
  lastContactOutcome: 'no_answer',
  lines: [],
};

async function render(page: Partial<OfferListPage>): Promise<string> {
  const full: OfferListPage = {
    items: [item],
    sort: 'newest',
    total: { count: 1, more: false },
    all: { count: 1, more: false },
    statusCounts: OFFER_STATUSES.map((status) => ({ status, count: status === 'submitted' ? 1 : 0, more: false })),
    from: 1,
    to: 1,
    next: null,
    previous: null,
    ...page,
  };
  return String(
    await (
      <OffersPage
        chrome={chrome}
        gazetteer={gazetteer}
        regions="all"
        filters={{ sort: 'newest', q: 'Αρχανών' }}
        values={{ q: 'Αρχανών' }}
        issues={[]}
        page={full}
        paged={false}
        contactSearch
      />
    ),
  );
}

describe('the queue page', () => {
  test('counts not made in time are left out, not shown as zero', async () => {
    const html = await render({
      total: null,
      all: null,
      statusCounts: OFFER_STATUSES.map((status) => ({ status, count: null, more: false })),
      from: null,
      to: null,
    });
    assert.ok(html.includes('<strong aria-current="page">All</strong>'));
    assert.ok(html.includes('>Submitted</a>'));
    assert.ok(!html.includes('(0)'));
    assert.ok(!html.includes('id="offers-total"'), 'no total');
    assert.ok(html.includes('Showing 1 offer<'), 'only how many are shown');
  });

  test('a known position with an unknown total shows the range alone', async () => {
    const html = await render({ total: null, from: 51, to: 51 });
    assert.ok(html.includes('Showing 51 to 51<'));
  });

  test('an offer marked as a possible duplicate, and its latest contact, are shown beside its status', async () => {
    const html = await render({});
    assert.ok(html.includes('Possible duplicate'));
    assert.ok(html.includes('No answer'));
  });

  test('links carry the filters, blank ones and the default order left out', () => {
    assert.equal(queueHref({ sort: 'newest' }), '/staff/offers');
    assert.equal(queueHref({ sort: 'oldest', status: 'submitted', q: 'Θεσ & σαλ', from: '2026-03-01' }), '/staff/offers?q=%CE%98%CE%B5%CF%83+%26+%CF%83%CE%B1%CE%BB&status=submitted&from=2026-03-01&sort=oldest');
  });
});
