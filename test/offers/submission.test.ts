import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { buildTestApp, testClock, type TestApp } from '../support/app.js';
import { FormClient, encodeForm } from '../support/client.js';
import { engines } from '../support/database.js';
import { completeJourney, consentFields, contactFields, kindFields, lineFields, loadFixtures, organisationFields } from '../support/fixtures.js';

const [camp, , , , individual] = loadFixtures();
const athensToday = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);

/** Fills every step of `f` up to (not including) submission. */
async function fillDraft(client: FormClient, f = camp!) {
  await client.get('/');
  await client.post('/offers/new');
  await client.get('/offers/new/organisation-kind');
  await client.post('/offers/new/organisation-kind', kindFields(f));
  await client.post('/offers/new/organisation', organisationFields(f));
  await client.post('/offers/new/contact', contactFields(f));
  for (const line of f.lines) await client.post(`/offers/new/lines/add/${line.kind}`, lineFields(line, athensToday()));
  await client.post('/offers/new/consents', consentFields(f));
  await client.get('/offers/new/check');
}

const count = async (t: TestApp, table: 'offers' | 'organisations' | 'offer_lines' | 'audit_events') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const engine of engines()) {
  describe(`submitting an offer on ${engine}`, () => {
    let t: TestApp;
    const clock = testClock();
    before(async () => {
      t = await buildTestApp(engine, { clock, env: { SUBMIT_RATE_LIMIT: '1000' } });
    });
    after(async () => t?.close());

    test('a double click on submit creates one offer and both answers lead to the same confirmation', async () => {
      const client = new FormClient(t.app);
      await fillDraft(client);
      const before = await count(t, 'offers');
      const first = await client.post('/offers/new/submit');
      const second = await client.post('/offers/new/submit');
      assert.equal(first.status, 303);
      assert.equal(second.status, 303);
      assert.equal(second.headers.location, '/offers/new/confirmation');
      assert.equal(await count(t, 'offers'), before + 1);
    });

    test('twenty identical submissions at the same instant create exactly one offer', async () => {
      const client = new FormClient(t.app);
      await fillDraft(client);
      const before = await count(t, 'offers');
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/offers/new/submit',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: encodeForm({ _csrf: client.csrf }),
          }),
        ),
      );
      assert.deepEqual(new Set(results.map((r) => r.statusCode)), new Set([303]));
      assert.equal(await count(t, 'offers'), before + 1);
      const confirmation = await client.get('/offers/new/confirmation');
      assert.equal(confirmation.status, 200);
    });

    test('going Back to the check page after the confirmation and submitting again shows the same offer', async () => {
      const client = new FormClient(t.app);
      const page = await completeJourney(client, camp!, { today: athensToday() });
      const reference = /data-reference="(\w+)"/.exec(page.body)![1];
      const back = await client.get('/offers/new/check');
      assert.equal(back.status, 303, 'a submitted draft sends every step to the confirmation');
      const again = await client.submit('/offers/new/submit');
      assert.equal(/data-reference="(\w+)"/.exec(again.body)?.[1], reference);
      assert.equal(await t.ctx.db.selectFrom('offers').select('id').where('reference', '=', reference!).execute().then((r) => r.length), 1);
    });

    test('the draft keeps no personal data once it has become an offer', async () => {
      const client = new FormClient(t.app);
      await completeJourney(client, individual!, { today: athensToday() });
      const drafts = await t.ctx.db.selectFrom('drafts').select(['answers', 'offer_id']).where('offer_id', 'is not', null).execute();
      assert.ok(drafts.length > 0);
      for (const d of drafts) assert.deepEqual(d.answers, {});
    });

    test('a failure in the middle of the submission leaves nothing behind and the answers remain for a retry', async () => {
      const client = new FormClient(t.app);
      await fillDraft(client);
      const before = { offers: await count(t, 'offers'), organisations: await count(t, 'organisations'), lines: await count(t, 'offer_lines'), audit: await count(t, 'audit_events') };
      // A real database failure after the organisation and the offer rows were written.
      await sql`CREATE FUNCTION fail_line() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(t.ctx.db);
      await sql`CREATE TRIGGER fail_line BEFORE INSERT ON offer_lines FOR EACH ROW EXECUTE FUNCTION fail_line()`.execute(t.ctx.db);
      try {
        const failed = await client.post('/offers/new/submit');
        assert.equal(failed.status, 500);
        assert.doesNotMatch(failed.body, /disk full|stack|at /, 'no internals on the page');
        assert.match(failed.body, /δεν χάθηκαν/);
      } finally {
        await sql`DROP TRIGGER fail_line ON offer_lines`.execute(t.ctx.db);
        await sql`DROP FUNCTION fail_line()`.execute(t.ctx.db);
      }
      assert.deepEqual(
        { offers: await count(t, 'offers'), organisations: await count(t, 'organisations'), lines: await count(t, 'offer_lines'), audit: await count(t, 'audit_events') },
        before,
      );
      const retry = await client.submit('/offers/new/submit');
      assert.equal(retry.status, 200);
      assert.match(retry.body, /data-reference="[0-9A-Z]{9}"/);
      assert.equal(await count(t, 'offers'), before.offers + 1);
    });

    test('at submission the whole offer is validated again: a start date that has passed meanwhile sends the person back to fix it', async () => {
      const client = new FormClient(t.app);
      clock.set(new Date());
      await fillDraft(client);
      clock.advance(30 * 24 * 3600_000); // the draft is not expired (its life is extended on each save)…
      await t.ctx.db.updateTable('drafts').set({ expires_at: new Date(Date.now() + 60 * 24 * 3600_000) }).execute();
      const page = await client.post('/offers/new/submit');
      clock.set(new Date());
      assert.equal(page.status, 422);
      assert.match(page.body, /govgr-error-summary/);
      assert.match(page.body, /href="\/offers\/new\/lines\/[a-z0-9]{8,16}\?return=check"/);
      assert.match(page.body, /<title>Σφάλμα: /);
    });

    test('a draft past its expiry gets a clear page with a way to start again', async () => {
      const client = new FormClient(t.app);
      await client.get('/');
      await client.post('/offers/new');
      clock.advance((t.ctx.config.draftTtlHours + 1) * 3600_000);
      const page = await client.get('/offers/new/contact');
      clock.set(new Date());
      assert.equal(page.status, 410);
      assert.match(page.body, /Οι απαντήσεις σας έληξαν/);
      assert.match(page.body, /<form method="get" action="\/">/);
      const none = await new FormClient(t.app).get('/offers/new/organisation?lang=en');
      assert.equal(none.status, 410);
      assert.match(none.body, /Your answers have expired/);
    });
  });
}

for (const engine of engines()) {
  describe(`expired drafts on ${engine}`, () => {
    test('are deleted by the purge, and live drafts are kept', async () => {
      const clock = testClock();
      const t = await buildTestApp(engine, { clock });
      try {
        const { purgeExpiredDrafts } = await import('../../src/modules/offers/index.js');
        const old = new FormClient(t.app);
        await old.get('/');
        await old.post('/offers/new');
        clock.advance((t.ctx.config.draftTtlHours - 1) * 3600_000);
        const fresh = new FormClient(t.app);
        await fresh.get('/');
        await fresh.post('/offers/new');
        clock.advance(2 * 3600_000);
        assert.equal(await purgeExpiredDrafts(t.ctx), 1);
        assert.equal((await fresh.get('/offers/new/organisation-kind')).status, 200);
        assert.equal((await old.get('/offers/new/organisation-kind')).status, 410);
      } finally {
        await t.close();
      }
    });
  });
}
