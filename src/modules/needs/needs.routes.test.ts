import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer, type InsertedOffer, type LineOverrides } from '../../../test/support/factories.js';
import { signInAs, type StaffAgent } from '../../../test/support/staff.js';

const NEED_FORM = {
  kind: 'accommodation',
  category: 'apartment',
  quantity: '40',
  region: 'GR-M',
  regional_unit: '',
  municipality: '7101',
  'starts_on-day': '1',
  'starts_on-month': '5',
  'starts_on-year': '2026',
  priority: 'urgent',
  people_count: '40',
  household_count: '12',
  circumstances: 'families_with_children',
  notes: 'Families arriving by ferry at Heraklion',
};

function verifiedOffer(t: TestApp, name: string, line: LineOverrides, status = 'verified'): Promise<InsertedOffer> {
  return insertOffer(t.ctx.db, { organisation: { legal_name: name }, offer: { status }, lines: [line] });
}

async function lineOf(t: TestApp, offer: InsertedOffer) {
  return t.ctx.db.selectFrom('offer_lines').select(['id', 'allocated_quantity', 'capacity']).where('offer_id', '=', offer.id).executeTakeFirstOrThrow();
}
async function offerStatus(t: TestApp, offer: InsertedOffer) {
  return (await t.ctx.db.selectFrom('offers').select('status').where('id', '=', offer.id).executeTakeFirstOrThrow()).status;
}
async function needRow(t: TestApp, reference: string) {
  return t.ctx.db.selectFrom('needs').select(['id', 'status', 'allocated_quantity', 'quantity', 'closed_reason']).where('reference', '=', reference).executeTakeFirstOrThrow();
}
/** The offers' references in the order the need's page lists its matches. */
function matchOrder(html: string, offers: Record<string, InsertedOffer>): string[] {
  const byRef = new Map(Object.entries(offers).map(([k, o]) => [o.reference, k]));
  return [...html.matchAll(/<li class="prosfero-match">[\s\S]*?href="\/staff\/offers\/([0-9A-Z]{9})"/g)].map((m) => byRef.get(m[1]!) ?? m[1]!);
}
/** The text of one match's item, tags removed. */
function matchText(html: string, offer: InsertedOffer): string {
  const items = html.split('<li class="prosfero-match">').slice(1);
  const item = items.find((i) => i.includes(`/staff/offers/${offer.reference}"`));
  assert.ok(item, `no match for ${offer.reference}`);
  return item.split('</li>\n').join(' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

for (const engine of engines()) {
  describe(`needs, matching and allocation (${engine})`, () => {
    let t: TestApp;
    let coordinator: StaffAgent;
    let viewer: StaffAgent;
    let attica: StaffAgent;
    let cretan: StaffAgent;
    let needRef: string;
    const o: Record<string, InsertedOffer> = {};

    before(async () => {
      t = await buildTestApp(engine, { clock: testClock(new Date('2026-04-20T09:00:00Z')) });
      coordinator = await signInAs(t.app, t.ctx, 'coordinator');
      viewer = await signInAs(t.app, t.ctx, 'viewer');
      attica = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-I'] });
      cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
      const apartment = { kind: 'accommodation', category: 'apartment', rooms: 2 } as const;
      // In the need's municipality: 10 places, suits families, step-free: misses only "covers part".
      o.A = await verifiedOffer(t, 'Alpha', { ...apartment, places: 10, region_code: 'GR-M', municipality_code: '7101', suitable_for: ['families'], step_free_access: true });
      // Same municipality, 40 places, everything, but only from 10 May: misses "starts later"; covers all.
      o.I = await verifiedOffer(t, 'India', { ...apartment, places: 40, region_code: 'GR-M', municipality_code: '7101', suitable_for: ['families', 'children'], step_free_access: true, available_from: '2026-05-10' });
      // Same regional unit, 50 places, no suitability stated: misses families and step-free.
      o.B = await verifiedOffer(t, 'Bravo', { ...apartment, places: 50, region_code: 'GR-M', municipality_code: '7102' });
      // Same region (Chania), 45 places, suits families, step-free: misses nothing.
      o.C = await verifiedOffer(t, 'Charlie', { ...apartment, places: 45, region_code: 'GR-M', municipality_code: '7401', suitable_for: ['children'], step_free_access: true });
      // A neighbouring region by sea (South Aegean), already allocated elsewhere but with room left.
      o.D = await verifiedOffer(t, 'Delta', { ...apartment, places: 5, region_code: 'GR-L' }, 'allocated');
      // Out of the match: a region that does not neighbour Crete, another type, an offer in review,
      // a line that ends before the need starts, a withdrawn line.
      o.E = await verifiedOffer(t, 'Echo', { ...apartment, places: 30, region_code: 'GR-E' });
      o.F = await verifiedOffer(t, 'Foxtrot', { kind: 'accommodation', category: 'hotel', places: 30, region_code: 'GR-M', municipality_code: '7101' });
      o.G = await verifiedOffer(t, 'Golf', { ...apartment, places: 30, region_code: 'GR-M', municipality_code: '7101' }, 'in_review');
      o.H = await verifiedOffer(t, 'Hotel', { ...apartment, places: 30, region_code: 'GR-M', municipality_code: '7101', available_until: '2026-04-30' });
      o.W = await verifiedOffer(t, 'Whiskey', { ...apartment, places: 30, region_code: 'GR-M', municipality_code: '7101', withdrawn_at: new Date() });
    });
    after(async () => t.close());

    test('a need form with answers missing comes back with 422, an error summary and the answers kept', async () => {
      const res = await coordinator.submit('/staff/needs/new', { ...NEED_FORM, quantity: 'forty', region: '', 'starts_on-day': '31', 'starts_on-month': '2' }, '/staff/needs');
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /There is a problem/);
      assert.match(res.body, /Enter a whole number above 0/);
      assert.match(res.body, /Choose the region/);
      assert.match(res.body, /Enter a real date/);
      assert.match(res.body, /value="forty"/);
      assert.equal((await t.ctx.db.selectFrom('needs').select('id').execute()).length, 0);
    });

    test('a coordinator records a need; it is audited and listed', async () => {
      const res = await coordinator.submit('/staff/needs/new', NEED_FORM, '/staff/needs');
      assert.equal(res.statusCode, 303);
      const m = /\/staff\/needs\/(N-\d{5})\?done=created/.exec(String(res.headers.location));
      assert.ok(m, String(res.headers.location));
      needRef = m[1]!;
      const row = await needRow(t, needRef);
      assert.equal(row.status, 'open');
      assert.equal(Number(row.quantity), 40);
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_id']).where('entity_id', '=', row.id).execute();
      assert.deepEqual(audit, [{ action: 'need.created', actor_id: coordinator.account.id }]);
      const list = await viewer.get('/staff/needs?kind=accommodation&status=open&region=GR-M');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(`>${needRef}<`));
      const other = await viewer.get('/staff/needs?region=GR-I');
      assert.doesNotMatch(other.body, new RegExp(needRef));
      assert.equal((await viewer.get('/staff/needs?kind=castle')).statusCode, 422);
    });

    test('matches are ranked by place, then by wishes missed, then by what they cover, and say why', async () => {
      const res = await viewer.get(`/staff/needs/${needRef}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(matchOrder(res.body, o), ['I', 'A', 'B', 'C', 'D']);
      const a = matchText(res.body, o.A!);
      assert.match(a, /Why it fits.*In the same municipality.*Available for the whole period.*Suitable for families with children/);
      assert.match(a, /What does not fit.*Covers 10 places of the 40 places still needed/);
      assert.match(matchText(res.body, o.I!), /Available only from 10\/05\/2026/);
      const b = matchText(res.body, o.B!);
      assert.match(b, /In the same regional unit/);
      assert.match(b, /What does not fit.*Not said to suit families with children/);
      assert.doesNotMatch(b, /step-free/i);
      assert.match(matchText(res.body, o.C!), /In the same region.*Enough for all that is still needed/);
      assert.match(matchText(res.body, o.D!), /In a neighbouring region/);
      // a regional coordinator of Crete sees the need but only the offers in their region
      const own = await cretan.get(`/staff/needs/${needRef}`);
      assert.equal(own.statusCode, 200);
      assert.deepEqual(matchOrder(own.body, o), ['I', 'A', 'B', 'C']);
      // a viewer reads the matches but gets no allocate form
      assert.doesNotMatch(res.body, /\/allocations"/);
      const greek = await viewer.get(`/staff/needs/${needRef}?lang=el`);
      assert.match(greek.body, /Στον ίδιο δήμο/);
      assert.match(greek.body, /Καλύπτει 10 θέσεις από τα 40 θέσεις που χρειάζονται ακόμη/);
      await viewer.get(`/staff/needs/${needRef}?lang=en`);
    });

    test('allocating part of a line: the line, the need and the offer follow, the email is queued, all audited', async () => {
      const lineA = await lineOf(t, o.A!);
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineA.id, quantity: '10' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(Number((await lineOf(t, o.A!)).allocated_quantity), 10);
      const need = await needRow(t, needRef);
      assert.equal(need.status, 'partly_met');
      assert.equal(Number(need.allocated_quantity), 10);
      assert.equal(await offerStatus(t, o.A!), 'allocated');
      const change = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'from_status', 'to_status']).where('offer_id', '=', o.A!.id).execute();
      assert.deepEqual(change, [{ event: 'allocate', from_status: 'verified', to_status: 'allocated' }]);
      const allocation = await t.ctx.db.selectFrom('allocations').selectAll().where('need_id', '=', need.id).executeTakeFirstOrThrow();
      assert.equal(Number(allocation.quantity), 10);
      assert.equal(allocation.status, 'active');
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('entity_id', '=', allocation.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'allocation.created');
      assert.equal((audit[0]!.details as { need_status: string }).need_status, 'partly_met');
      const emails = await t.ctx.db.selectFrom('email_outbox').select(['offer_id']).where('offer_id', '=', o.A!.id).execute();
      assert.ok(emails.length >= 1, 'the allocation email is queued for the offeror');
      // the line is full now: it is no longer a match, and the need page lists the allocation
      const page = await viewer.get(`/staff/needs/${needRef}`);
      assert.deepEqual(matchOrder(page.body, o), ['I', 'B', 'C', 'D']);
      assert.match(page.body, /Alpha/);
      // the offer's casework page shows the line's allocation and links to the needs it could serve
      const offerPage = await viewer.get(`/staff/offers/${o.A!.reference}`);
      assert.equal(offerPage.statusCode, 200);
      assert.match(offerPage.body, new RegExp(`href="/staff/needs/${needRef}">10 places to need ${needRef}<`));
      assert.match(offerPage.body, new RegExp(`href="/staff/offers/${o.A!.reference}/lines/1/needs">Needs this line could serve<`));
    });

    test('more than the line has left is refused with 409 in the member’s language, and nothing changes', async () => {
      const lineA = await lineOf(t, o.A!);
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineA.id, quantity: '1' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /Someone else got there first/);
      assert.match(res.body, /only 0 places is left now|only 0 places/);
      assert.equal(Number((await lineOf(t, o.A!)).allocated_quantity), 10);
    });

    test('more than the need still lacks is refused with 422', async () => {
      const lineC = await lineOf(t, o.C!);
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineC.id, quantity: '31' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Allocate at most what is still needed \(30 places\)/);
      assert.equal(Number((await lineOf(t, o.C!)).allocated_quantity), 0);
      const bad = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineC.id, quantity: '0' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(bad.statusCode, 422);
    });

    test('allocating the rest meets the need; it then has no matches', async () => {
      const lineC = await lineOf(t, o.C!);
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineC.id, [`quantity-${lineC.id}`]: '30' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(res.statusCode, 303);
      const need = await needRow(t, needRef);
      assert.equal(need.status, 'met');
      assert.equal(Number(need.allocated_quantity), 40);
      assert.equal(Number((await lineOf(t, o.C!)).allocated_quantity), 30);
      const page = await viewer.get(`/staff/needs/${needRef}`);
      assert.deepEqual(matchOrder(page.body, o), []);
      assert.match(page.body, /This need is Met: it takes no more allocations/);
    });

    test('releasing an allocation needs a reason; then the quantity returns and the offer is verified again', async () => {
      const need = await needRow(t, needRef);
      const allocation = await t.ctx.db.selectFrom('allocations').select('id').where('need_id', '=', need.id).where('offer_id', '=', o.A!.id).executeTakeFirstOrThrow();
      const path = `/staff/needs/${needRef}/allocations/${allocation.id}/release`;
      const blank = await coordinator.submit(`/staff/needs/${needRef}`, { reason: '  ' }, path);
      assert.equal(blank.statusCode, 422);
      assert.match(blank.body, /Enter a reason/);
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { reason: 'The family found a flat with relatives' }, path);
      assert.equal(res.statusCode, 303);
      assert.equal(Number((await lineOf(t, o.A!)).allocated_quantity), 0);
      const after = await needRow(t, needRef);
      assert.equal(after.status, 'partly_met');
      assert.equal(Number(after.allocated_quantity), 30);
      assert.equal(await offerStatus(t, o.A!), 'verified');
      const changes = await t.ctx.db.selectFrom('offer_status_changes').select(['event', 'to_status', 'reason']).where('offer_id', '=', o.A!.id).orderBy('id').execute();
      assert.deepEqual(changes.at(-1), { event: 'release_allocations', to_status: 'verified', reason: 'The family found a flat with relatives' });
      const row = await t.ctx.db.selectFrom('allocations').selectAll().where('id', '=', allocation.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'released');
      assert.equal(row.release_reason, 'The family found a flat with relatives');
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'reason']).where('entity_id', '=', allocation.id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['allocation.created', 'allocation.released']);
      const again = await coordinator.submit(`/staff/needs/${needRef}`, { reason: 'twice' }, path);
      assert.equal(again.statusCode, 409);
    });

    test('outside a regional coordinator’s regions the need does not exist; a viewer may not allocate', async () => {
      assert.equal((await attica.get(`/staff/needs/${needRef}`)).statusCode, 404);
      const lineA = await lineOf(t, o.A!);
      const own = await attica.get('/staff/needs');
      assert.doesNotMatch(own.body, new RegExp(needRef));
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await attica.get('/staff/needs/new')).body)![1]!;
      assert.equal((await attica.post(`/staff/needs/${needRef}/allocations`, { _csrf: csrf, line: lineA.id, quantity: '1' })).statusCode, 404);
      const created = await attica.post('/staff/needs', { _csrf: csrf, ...NEED_FORM });
      assert.equal(created.statusCode, 422);
      assert.match(created.body, /only in your regions/);
      const vcsrf = /name="_csrf" value="([^"]+)"/.exec((await viewer.get(`/staff/needs/${needRef}`)).body)![1]!;
      assert.equal((await viewer.post(`/staff/needs/${needRef}/allocations`, { _csrf: vcsrf, line: lineA.id, quantity: '1' })).statusCode, 403);
      assert.equal(Number((await lineOf(t, o.A!)).allocated_quantity), 0);
    });

    test('from an offer line, the needs it could serve', async () => {
      const res = await viewer.get(`/staff/offers/${o.A!.reference}/lines/1/needs`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`${needRef}: 10 places`));
      assert.match(res.body, /In the same municipality/);
      const far = await viewer.get(`/staff/offers/${o.E!.reference}/lines/1/needs`);
      assert.match(far.body, /No open need fits this line now/);
      assert.equal((await attica.get(`/staff/offers/${o.A!.reference}/lines/1/needs`)).statusCode, 404);
    });

    test('closing a need by hand takes a reason; reopening it brings back the status its allocations give', async () => {
      const blank = await coordinator.submit(`/staff/needs/${needRef}`, { reason: '' }, `/staff/needs/${needRef}/close`);
      assert.equal(blank.statusCode, 422);
      const res = await coordinator.submit(`/staff/needs/${needRef}`, { reason: 'The group was housed by the municipality' }, `/staff/needs/${needRef}/close`);
      assert.equal(res.statusCode, 303);
      const closed = await needRow(t, needRef);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closed_reason, 'The group was housed by the municipality');
      const lineI = await lineOf(t, o.I!);
      const refused = await coordinator.submit(`/staff/needs/${needRef}`, { line: lineI.id, quantity: '1' }, `/staff/needs/${needRef}/allocations`);
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /This need is closed/);
      const reopened = await coordinator.submit(`/staff/needs/${needRef}`, {}, `/staff/needs/${needRef}/reopen`);
      assert.equal(reopened.statusCode, 303);
      assert.equal((await needRow(t, needRef)).status, 'partly_met');
      const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'reason']).where('entity_id', '=', closed.id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['need.created', 'need.closed', 'need.reopened']);
      assert.equal(audit[1]!.reason, 'The group was housed by the municipality');
    });

    test('editing a need cannot take its quantity below what is allocated', async () => {
      const form = await coordinator.get(`/staff/needs/${needRef}/edit`);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      const res = await coordinator.submit(`/staff/needs/${needRef}/edit`, { ...NEED_FORM, quantity: '20', version }, `/staff/needs/${needRef}`);
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /cannot be less than what is already allocated \(30\)/);
      const ok = await coordinator.submit(`/staff/needs/${needRef}/edit`, { ...NEED_FORM, quantity: '30', version }, `/staff/needs/${needRef}`);
      assert.equal(ok.statusCode, 303);
      assert.equal((await needRow(t, needRef)).status, 'met');
    });
  });
}
