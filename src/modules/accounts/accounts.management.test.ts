import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestAgent } from '../../../test/support/agent.js';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../test/support/assertions.js';
import { engines } from '../../../test/support/database.js';
import { completeSignIn, signInAs, type StaffAgent } from '../../../test/support/staff.js';
import { lockActiveAdministrators } from './accounts.repository.js';
import { setStaffAccountDisabled, updateStaffAccount } from './accounts.management.service.js';
import { offerScope } from './accounts.policy.js';
import { resolveSession, type StaffMember } from './accounts.service.js';
import { totpCode } from './accounts.totp.js';

const STEP = 30_000;

async function trail(t: TestApp, entityId: string) {
  return t.ctx.db
    .selectFrom('audit_events')
    .select(['action', 'actor_kind', 'actor_id', 'details'])
    .where('entity_type', '=', 'staff_account')
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

async function memberOf(t: TestApp, agent: StaffAgent): Promise<StaffMember> {
  const member = await resolveSession(t.ctx, agent.cookies.get('staff_session')!);
  assert.ok(member);
  return member;
}

async function accountIdByEmail(t: TestApp, email: string): Promise<string> {
  return (await t.ctx.db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

for (const engine of engines()) {
  describe(`staff management (${engine})`, () => {
    let t: TestApp;
    const clock = testClock(new Date('2026-03-27T08:00:05Z'));
    let admin: StaffAgent;
    before(async () => {
      t = await buildTestApp(engine, { clock });
      admin = await signInAs(t.app, t.ctx, 'administrator', { name: 'Άννα Διαχειρίστρια' });
    });
    after(() => t.close());

    test('only administrators open the staff pages; others get 403 and anonymous visitors the sign-in page', async () => {
      for (const role of ['coordinator', 'regional_coordinator', 'viewer'] as const) {
        const agent = await signInAs(t.app, t.ctx, role);
        for (const url of ['/staff/accounts', '/staff/accounts/new', `/staff/accounts/${admin.account.id}`]) {
          assert.equal((await agent.get(url)).statusCode, 403, `${role} GET ${url}`);
        }
        const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/staff/password')).body)![1]!;
        for (const url of ['/staff/accounts', `/staff/accounts/${admin.account.id}`, `/staff/accounts/${admin.account.id}/disable`, `/staff/accounts/${admin.account.id}/reset-sign-in`]) {
          const res = await agent.post(url, { _csrf: token, name: 'x', role: 'administrator', language: 'en', email: 'x@y.gr' });
          assert.equal(res.statusCode, 403, `${role} POST ${url}`);
        }
        const menu = (await agent.get('/staff/offers')).body;
        assertExcludes(menu, 'href="/staff/accounts"', `${role}: no menu link`);
      }
      for (const url of ['/staff/accounts', '/staff/accounts/new', `/staff/accounts/${admin.account.id}`]) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 302, url);
        assert.equal(res.headers.location, '/staff/sign-in', url);
      }
      assert.equal((await admin.get('/staff/accounts/not-a-uuid')).statusCode, 404);
      assert.equal((await admin.get('/staff/accounts/00000000-0000-4000-8000-000000000000')).statusCode, 404);
      assertIncludes((await admin.get('/staff/offers')).body, 'href="/staff/accounts"', 'the administrator’s menu links to it');
    });

    test('creating an account shows a one-time password once; the member changes it, enrols TOTP and lands in their regions', async () => {
      const form = await admin.get('/staff/accounts/new');
      assert.equal(form.statusCode, 200);
      assert.equal([...form.body.matchAll(/name="regions" value="GR-[A-M]"/g)].length, 13, 'the 13 regions');

      const missing = await admin.submit('/staff/accounts/new', { email: 'not an email', name: ' ', role: 'regional_coordinator', language: 'el' }, '/staff/accounts');
      assert.equal(missing.statusCode, 422);
      for (const text of ['href="#email"', 'href="#name"', 'href="#regions"', 'Choose at least one region for a regional coordinator', 'value="not an email"']) {
        assertIncludes(missing.body, text);
      }
      const bogus = await admin.submit(
        '/staff/accounts/new',
        { email: 'eleni@ministry.example', name: 'Ελένη', role: 'regional_coordinator', language: 'el', regions: 'GR-Z' },
        '/staff/accounts',
      );
      assert.equal(bogus.statusCode, 422);
      assertIncludes(bogus.body, 'Choose regions from the list');

      const body = new URLSearchParams({ email: 'Eleni.K@Ministry.example', name: '  Ελένη   Κρητικού ', role: 'regional_coordinator', language: 'el' });
      body.append('regions', 'GR-M');
      body.append('regions', 'GR-L');
      const token = /name="_csrf" value="([^"]+)"/.exec((await admin.get('/staff/accounts/new')).body)![1]!;
      body.set('_csrf', token);
      const created = await t.app.inject({
        method: 'POST',
        url: '/staff/accounts',
        headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
        remoteAddress: admin.remoteAddress,
      });
      assert.equal(created.statusCode, 200);
      assert.equal(created.headers['cache-control'], 'no-store');
      const password = /<code lang="en" id="one-time-password">([A-Z2-9-]+)<\/code>/.exec(created.body)?.[1];
      assert.match(password ?? '', /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);

      const id = await accountIdByEmail(t, 'eleni.k@ministry.example');
      const row = await t.ctx.db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.name, 'Ελένη Κρητικού');
      assert.equal(row.role, 'regional_coordinator');
      assert.equal(row.language, 'el');
      assert.equal(row.must_change_password, true);
      assert.equal(row.totp_secret, null);
      assert.ok(!row.password_hash.includes(password!));
      const events = await trail(t, id);
      assert.deepEqual(
        events.map((e) => [e.action, e.actor_kind, e.actor_id, e.details]),
        [['staff_account.created', 'staff', admin.account.id, { role: 'regional_coordinator', regions: ['GR-L', 'GR-M'], language: 'el' }]],
      );

      const again = await admin.submit('/staff/accounts/new', { email: 'ELENI.K@ministry.example', name: 'Other', role: 'viewer', language: 'en' }, '/staff/accounts');
      assert.equal(again.statusCode, 422);
      assertIncludes(again.body, 'A staff account with this email address already exists');

      const list = await admin.get('/staff/accounts');
      assert.equal(list.statusCode, 200);
      const rowHtml = new RegExp(`<tr class="govgr-table__row" id="account-${id}">([\\s\\S]*?)</tr>`).exec(list.body)?.[1] ?? '';
      for (const text of ['Ελένη Κρητικού', 'eleni.k@ministry.example', 'Regional coordinator', 'Kriti', 'Notio Aigaio', 'Has not chosen a password yet', 'Not set up', 'Never']) {
        assertIncludes(rowHtml, text);
      }

      // The new member's first sign-in: one-time password, own password, TOTP, then their regions.
      const member = new TestAgent(t.app);
      const first = await member.submit('/staff/sign-in?lang=en', { email: 'eleni.k@ministry.example', password: password! }, '/staff/sign-in');
      assert.equal(first.headers.location, '/staff/password');
      const changed = await member.submit('/staff/password', { current_password: password!, new_password: 'Κρήτη και Δωδεκάνησα', confirm_password: 'Κρήτη και Δωδεκάνησα' });
      assert.equal(changed.statusCode, 303);
      assert.equal((await member.get('/staff/offers')).headers.location, '/staff/totp/enrol');
      const enrolPage = await member.get('/staff/totp/enrol');
      const secret = /<code lang="en">([A-Z2-7 ]+)<\/code>/.exec(enrolPage.body)![1]!.replaceAll(' ', '');
      assert.equal((await member.submit('/staff/totp/enrol', { code: totpCode(secret, clock.now()) })).statusCode, 303);
      const signedIn = await resolveSession(t.ctx, member.cookies.get('staff_session')!);
      assert.deepEqual(signedIn?.regions, ['GR-L', 'GR-M']);
      assert.deepEqual(offerScope(signedIn!), { regions: ['GR-L', 'GR-M'] });
      assert.equal(signedIn?.pendingStep, null);
    });

    test('editing changes role, regions, name and language, records what changed, and regions reach the member’s scope at once', async () => {
      const cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
      assert.deepEqual(offerScope(await memberOf(t, cretan)), { regions: ['GR-M'] });
      const page = await admin.get(`/staff/accounts/${cretan.account.id}`);
      assert.equal(page.statusCode, 200);
      assertIncludes(page.body, 'value="GR-M" checked');

      const none = await admin.submit(`/staff/accounts/${cretan.account.id}`, { name: 'Νίκος', role: 'regional_coordinator', language: 'en' });
      assert.equal(none.statusCode, 422);
      assertIncludes(none.body, 'Choose at least one region for a regional coordinator');

      const body = new URLSearchParams({ name: 'Νίκος Ηπειρώτης', role: 'regional_coordinator', language: 'el' });
      body.append('regions', 'GR-D');
      body.append('regions', 'GR-C');
      body.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!);
      const saved = await t.app.inject({
        method: 'POST',
        url: `/staff/accounts/${cretan.account.id}`,
        headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
        remoteAddress: admin.remoteAddress,
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/staff/accounts/${cretan.account.id}?done=saved`);
      assertIncludes((await admin.get(saved.headers.location)).body, 'Changes saved.');

      const member = await memberOf(t, cretan);
      assert.deepEqual(offerScope(member), { regions: ['GR-C', 'GR-D'] }, 'the open session sees the new regions');
      assert.equal(member.language, 'el');
      assert.match((await cretan.get('/staff/offers')).body, /<html lang="el">/, 'pages follow the language set by the administrator');

      const promoted = await admin.submit(`/staff/accounts/${cretan.account.id}`, { name: 'Νίκος Ηπειρώτης', role: 'coordinator', language: 'el', regions: 'GR-D' });
      assert.equal(promoted.statusCode, 303);
      assert.deepEqual(offerScope(await memberOf(t, cretan)), { regions: 'all' });
      const regions = await t.ctx.db.selectFrom('staff_account_regions').select('region_code').where('staff_account_id', '=', cretan.account.id).execute();
      assert.deepEqual(regions, [], 'only a regional coordinator keeps regions');

      const unchanged = await admin.submit(`/staff/accounts/${cretan.account.id}`, { name: 'Νίκος Ηπειρώτης', role: 'coordinator', language: 'el' });
      assert.equal(unchanged.statusCode, 303);

      const events = (await trail(t, cretan.account.id)).filter((e) => e.action === 'staff_account.updated');
      assert.deepEqual(
        events.map((e) => [e.actor_id, e.details]),
        [
          [
            admin.account.id,
            {
              changes: {
                name: { from: 'Test Coordinator', to: 'Νίκος Ηπειρώτης' },
                language: { from: 'en', to: 'el' },
                regions: { from: ['GR-M'], to: ['GR-C', 'GR-D'] },
              },
            },
          ],
          [admin.account.id, { changes: { role: { from: 'regional_coordinator', to: 'coordinator' }, regions: { from: ['GR-C', 'GR-D'], to: [] } } }],
        ],
        'one event per real change, none for a save that changed nothing',
      );
    });

    test('disabling ends the member’s sessions and stops sign-in; enabling lets them back', async () => {
      const member = await signInAs(t.app, t.ctx, 'coordinator');
      const elsewhere = new TestAgent(t.app);
      clock.advance(STEP);
      await completeSignIn(elsewhere, t.ctx, member.account);
      const disabled = await admin.submit(`/staff/accounts/${member.account.id}`, {}, `/staff/accounts/${member.account.id}/disable`);
      assert.equal(disabled.statusCode, 303);
      assert.equal(disabled.headers.location, `/staff/accounts/${member.account.id}?done=disabled`);
      for (const agent of [member, elsewhere]) {
        const res = await agent.get('/staff/offers');
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, '/staff/sign-in');
      }
      const refused = await new TestAgent(t.app).submit('/staff/sign-in?lang=en', { email: member.account.email, password: member.account.password }, '/staff/sign-in');
      assert.equal(refused.statusCode, 422);
      const page = await admin.get(`/staff/accounts/${member.account.id}`);
      assertIncludes(page.body, 'Disabled');
      assertIncludes(page.body, 'Enable account');

      const enabled = await admin.submit(`/staff/accounts/${member.account.id}`, {}, `/staff/accounts/${member.account.id}/enable`);
      assert.equal(enabled.statusCode, 303);
      clock.advance(STEP);
      assert.equal(await completeSignIn(new TestAgent(t.app), t.ctx, member.account), '/staff');
      const events = (await trail(t, member.account.id)).filter((e) => e.action === 'staff_account.disabled' || e.action === 'staff_account.enabled');
      assert.deepEqual(
        events.map((e) => [e.action, e.actor_id, e.details]),
        [
          ['staff_account.disabled', admin.account.id, { sessions_ended: 2 }],
          ['staff_account.enabled', admin.account.id, {}],
        ],
      );
    });

    test('resetting sign-in gives a new one-time password, removes TOTP and ends sessions', async () => {
      const member = await signInAs(t.app, t.ctx, 'coordinator');
      const res = await admin.submit(`/staff/accounts/${member.account.id}`, {}, `/staff/accounts/${member.account.id}/reset-sign-in`);
      assert.equal(res.statusCode, 200);
      assertIncludes(res.body, 'Sign-in reset');
      const password = /<code lang="en" id="one-time-password">([A-Z2-9-]+)<\/code>/.exec(res.body)![1]!;
      assert.equal((await member.get('/staff/offers')).headers.location, '/staff/sign-in', 'the session ended');
      const row = await t.ctx.db.selectFrom('staff_accounts').selectAll().where('id', '=', member.account.id).executeTakeFirstOrThrow();
      assert.equal(row.totp_secret, null);
      assert.equal(row.totp_enrolled_at, null);
      assert.equal(row.totp_last_step, null);
      assert.equal(row.must_change_password, true);

      const old = await new TestAgent(t.app).submit('/staff/sign-in?lang=en', { email: member.account.email, password: member.account.password }, '/staff/sign-in');
      assert.equal(old.statusCode, 422, 'the old password no longer works');
      const fresh = new TestAgent(t.app);
      const signedIn = await fresh.submit('/staff/sign-in?lang=en', { email: member.account.email, password }, '/staff/sign-in');
      assert.equal(signedIn.headers.location, '/staff/password', 'the one-time password works and must be changed, before any code');
      const events = (await trail(t, member.account.id)).filter((e) => e.action === 'staff_account.sign_in_reset');
      assert.deepEqual(events.map((e) => [e.actor_id, e.details]), [[admin.account.id, { sessions_ended: 1, totp_removed: true }]]);
    });

    test('the last active administrator can be neither disabled nor demoted; with two, one can', async () => {
      // This suite's administrator is the only one so far.
      const self = `/staff/accounts/${admin.account.id}`;
      const demote = await admin.submit(self, { name: 'Άννα Διαχειρίστρια', role: 'coordinator', language: 'en' });
      assert.equal(demote.statusCode, 422);
      assertIncludes(demote.body, 'There must always be at least one active administrator');
      const disable = await admin.submit(self, {}, `${self}/disable`);
      assert.equal(disable.statusCode, 422);
      assertIncludes(disable.body, 'href="#access"');
      const row = await t.ctx.db.selectFrom('staff_accounts').select(['role', 'disabled_at']).where('id', '=', admin.account.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { role: 'administrator', disabled_at: null });

      // A disabled administrator does not count.
      const dormant = await signInAs(t.app, t.ctx, 'administrator');
      assert.deepEqual(await setStaffAccountDisabled(t.ctx, await memberOf(t, admin), dormant.account.id, true), { ok: true });
      assert.equal((await admin.submit(self, {}, `${self}/disable`)).statusCode, 422);

      const second = await signInAs(t.app, t.ctx, 'administrator');
      const ok = await second.submit(self, { name: 'Άννα Διαχειρίστρια', role: 'coordinator', language: 'en' });
      assert.equal(ok.statusCode, 303);
      const refused = await second.submit(`/staff/accounts/${second.account.id}`, {}, `/staff/accounts/${second.account.id}/disable`);
      assert.equal(refused.statusCode, 422, 'now the second one is the last');
      // Put things back for the tests that follow.
      assert.deepEqual(await updateStaffAccount(t.ctx, await memberOf(t, second), admin.account.id, { name: 'Άννα Διαχειρίστρια', role: 'administrator', language: 'en', regions: [] }), { ok: true });
    });

    test('two administrators demoted at the same time: exactly one succeeds', async () => {
      const a = await signInAs(t.app, t.ctx, 'administrator');
      const b = await signInAs(t.app, t.ctx, 'administrator');
      const actor = await memberOf(t, admin);
      // Leave exactly a and b as the active administrators.
      const keep = [a.account.id, b.account.id];
      for (const id of await lockActiveAdministrators(t.ctx.db)) {
        if (!keep.includes(id)) assert.deepEqual(await setStaffAccountDisabled(t.ctx, actor, id, true), { ok: true });
      }
      const demote = (id: string) => updateStaffAccount(t.ctx, actor, id, { name: 'Demoted', role: 'viewer', language: 'en', regions: [] });

      let results;
      if (engine === 'postgres') {
        // Real concurrency: a third transaction holds the administrators' rows while both demotions
        // start; once both are seen waiting on a lock it lets go, and they race for real.
        results = await t.ctx.db.transaction().execute(async (trx) => {
          await lockActiveAdministrators(trx);
          const racing = [demote(a.account.id), demote(b.account.id)];
          for (let i = 0; i < 100; i++) {
            const waiting = await t.ctx.db
              .selectFrom('pg_stat_activity' as never)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('wait_event_type' as never, '=', 'Lock' as never)
              .where('datname' as never, '=', (t.database.url ? new URL(t.database.url).pathname.slice(1) : '') as never)
              .executeTakeFirstOrThrow();
            if (Number(waiting.n) >= 2) break;
            await new Promise((r) => setTimeout(r, 20));
          }
          return racing;
        });
        results = await Promise.all(results);
      } else {
        results = await Promise.all([demote(a.account.id), demote(b.account.id)]);
      }
      assert.deepEqual(
        results.map((r) => (r.ok ? 'ok' : r.error)).sort(),
        ['last_administrator', 'ok'],
      );
      const active = await t.ctx.db.selectFrom('staff_accounts').select('id').where('role', '=', 'administrator').where('disabled_at', 'is', null).execute();
      assert.equal(active.length, 1);
    });
  });
}
