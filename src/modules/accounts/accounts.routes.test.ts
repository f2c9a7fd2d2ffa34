import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestAgent } from '../../../test/support/agent.js';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../test/support/assertions.js';
import { engines } from '../../../test/support/database.js';
import { insertStaffAccount as insertAnyStaffAccount } from '../../../test/support/factories.js';
import { ensureFirstAdministrator } from './index.js';
import { insertStaffAccount as insertStaffAccountRow } from './accounts.repository.js';
import { totpCode } from './accounts.totp.js';

/**
 * Password and session rules are the same for every role. A viewer without TOTP is fully signed
 * in by the password alone, so these tests see exactly that step; the second factor has its own
 * tests (accounts.totp.test.ts).
 */
function insertStaffAccount(db: Parameters<typeof insertAnyStaffAccount>[0], options: Parameters<typeof insertAnyStaffAccount>[1] = {}) {
  return insertAnyStaffAccount(db, { role: 'viewer', ...options });
}

const MINUTE = 60_000;

async function auditActions(t: TestApp, entityId?: string | null) {
  let q = t.ctx.db.selectFrom('audit_events').select(['action', 'actor_kind', 'actor_id', 'entity_id', 'details']).orderBy('id');
  if (entityId !== undefined) q = entityId === null ? q.where('entity_id', 'is', null) : q.where('entity_id', '=', entityId);
  return q.execute();
}

/** Signs in through the form, in English (`?lang=en` sets the language cookie the POST then carries). */
function signIn(agent: TestAgent, email: string, password: string) {
  return agent.submit('/staff/sign-in?lang=en', { email, password }, '/staff/sign-in');
}

for (const engine of engines()) {
  describe(`staff accounts (${engine})`, () => {
    describe('the first administrator', () => {
      let t: TestApp;
      before(async () => {
        t = await buildTestApp(engine, { env: { ADMIN_EMAIL: 'Chief@Ministry.example', ADMIN_NAME: 'Μαρία Αδμινίδου' } });
      });
      after(() => t.close());

      test('is created once, even when two starts race, and its printed password signs in and must be changed', async () => {
        const lines: string[] = [];
        await Promise.all([ensureFirstAdministrator(t.ctx, (l) => lines.push(l)), ensureFirstAdministrator(t.ctx, (l) => lines.push(l))]);
        await ensureFirstAdministrator(t.ctx, (l) => lines.push(l));

        const accounts = await t.ctx.db.selectFrom('staff_accounts').selectAll().execute();
        assert.equal(accounts.length, 1);
        const [admin] = accounts;
        assert.equal(admin!.email, 'chief@ministry.example');
        assert.equal(admin!.name, 'Μαρία Αδμινίδου');
        assert.equal(admin!.role, 'administrator');
        assert.equal(admin!.must_change_password, true);
        assert.match(admin!.password_hash, /^\$argon2id\$/);

        assert.equal(lines.length, 1);
        const line = lines[0]!;
        assert.ok(line.includes('http://localhost:3000/staff/sign-in'), line);
        assert.ok(line.includes('chief@ministry.example'), line);
        const password = /one-time password (\S+)/.exec(line)?.[1];
        assert.match(password ?? '', /^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
        assert.ok(!admin!.password_hash.includes(password!), 'only the hash is stored');

        const created = await auditActions(t, admin!.id);
        assert.deepEqual(created.map((e) => [e.action, e.actor_kind]), [['staff_account.created', 'system']]);

        const agent = new TestAgent(t.app);
        const signedIn = await signIn(agent, 'chief@ministry.example', password!);
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/staff/password');

        // Until the password is changed, every other staff page leads back to the form.
        const offers = await agent.get('/staff/offers');
        assert.equal(offers.statusCode, 302);
        assert.equal(offers.headers.location, '/staff/password');

        const changed = await agent.submit('/staff/password', {
          current_password: password!,
          new_password: 'a long and private phrase',
          confirm_password: 'a long and private phrase',
        });
        assert.equal(changed.statusCode, 303);
        assert.equal(changed.headers.location, '/staff');

        // An administrator changes data, so a TOTP authenticator comes next, before anything else.
        const home = await agent.get('/staff');
        assert.equal(home.statusCode, 302);
        assert.equal(home.headers.location, '/staff/totp/enrol');
        const enrol = await agent.get('/staff/totp/enrol');
        assert.equal(enrol.statusCode, 200);
        const secret = /<code lang="en">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1]?.replaceAll(' ', '');
        assert.ok(secret, 'the enrolment page shows the secret as text');
        const enrolled = await agent.submit('/staff/totp/enrol', { code: totpCode(secret, new Date()) });
        assert.equal(enrolled.statusCode, 303);
        assert.equal(enrolled.headers.location, '/staff');
        assert.equal((await agent.get('/staff')).headers.location, '/staff/offers');
        const list = await agent.get('/staff/offers');
        assert.equal(list.statusCode, 200);
        assertIncludes(list.body, 'Μαρία Αδμινίδου', 'the staff menu shows who is signed in');

        const after = await t.ctx.db.selectFrom('staff_accounts').select('must_change_password').executeTakeFirstOrThrow();
        assert.equal(after.must_change_password, false);
      });
    });

    describe('the first administrator, when staff exist', () => {
      let t: TestApp;
      before(async () => {
        t = await buildTestApp(engine);
      });
      after(() => t.close());

      test('is not created when any staff account exists, and an email is never taken twice whatever its case', async () => {
        await insertStaffAccount(t.ctx.db, { email: 'someone@prosfero.test' });
        const lines: string[] = [];
        await ensureFirstAdministrator(t.ctx, (l) => lines.push(l));
        assert.deepEqual(lines, []);
        const accounts = await t.ctx.db.selectFrom('staff_accounts').select(['email', 'role']).execute();
        assert.deepEqual(accounts, [{ email: 'someone@prosfero.test', role: 'viewer' }]);

        const again = await insertStaffAccountRow(t.ctx.db, {
          email: 'SomeOne@Prosfero.test',
          name: 'Duplicate',
          role: 'administrator',
          password_hash: 'x',
        });
        assert.equal(again, undefined);
        assert.equal((await t.ctx.db.selectFrom('staff_accounts').select('id').execute()).length, 1);
      });
    });

    describe('signing in', () => {
      let t: TestApp;
      const clock = testClock(new Date('2026-03-27T08:00:00Z'));
      before(async () => {
        t = await buildTestApp(engine, { clock });
      });
      after(() => t.close());

      test('a wrong password and an unknown email get the same status and the same page', async () => {
        const account = await insertStaffAccount(t.ctx.db, { email: 'known@prosfero.test' });
        const wrong = await signIn(new TestAgent(t.app), 'known@prosfero.test', 'not the password at all');
        const unknown = await signIn(new TestAgent(t.app), 'nobody@prosfero.test', 'not the password at all');
        assert.equal(wrong.statusCode, 422);
        assert.equal(unknown.statusCode, 422);
        // Only the CSRF token (random per page) and the email typed back differ.
        const normalise = (html: string, email: string) =>
          html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""').replaceAll(email, 'EMAIL');
        assert.equal(normalise(wrong.body, 'known@prosfero.test'), normalise(unknown.body, 'nobody@prosfero.test'));
        assertIncludes(wrong.body, 'The email address or password is not right');
        assertIncludes(wrong.body, 'value="known@prosfero.test"', 'the email is kept');
        assertExcludes(wrong.body, 'not the password at all', 'the password is never written back');

        const failures = await t.ctx.db.selectFrom('staff_accounts').select('failed_sign_ins').where('id', '=', account.id).executeTakeFirstOrThrow();
        assert.equal(failures.failed_sign_ins, 1);
        const events = (await auditActions(t)).filter((e) => e.action === 'staff_account.sign_in_failed');
        assert.deepEqual(
          events.map((e) => [e.entity_id, (e.details as { reason: string }).reason]),
          [
            [account.id, 'wrong_password'],
            [null, 'unknown_email'],
          ],
        );
        assert.ok(!JSON.stringify(events).includes('nobody@prosfero.test'), 'the typed email is not recorded');
      });

      test('the fifth failure locks the account for 15 minutes, even against the right password', async () => {
        const account = await insertStaffAccount(t.ctx.db, { email: 'locked@prosfero.test' });
        const agent = new TestAgent(t.app);
        for (let i = 0; i < 5; i++) assert.equal((await signIn(agent, account.email, `wrong password ${i}`)).statusCode, 422);

        const refused = await signIn(agent, account.email, account.password);
        assert.equal(refused.statusCode, 422);
        assertIncludes(refused.body, 'The email address or password is not right');
        assert.equal(agent.cookies.has('staff_session'), false);

        const row = await t.ctx.db.selectFrom('staff_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
        assert.equal(row.failed_sign_ins, 5);
        assert.equal(row.locked_until?.toISOString(), new Date(clock.now().getTime() + 15 * MINUTE).toISOString());

        clock.advance(14 * MINUTE);
        assert.equal((await signIn(agent, account.email, account.password)).statusCode, 422, 'still locked after 14 minutes');

        clock.advance(1 * MINUTE);
        const accepted = await signIn(agent, account.email, account.password);
        assert.equal(accepted.statusCode, 303);
        assert.equal(accepted.headers.location, '/staff');
        const reset = await t.ctx.db.selectFrom('staff_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
        assert.equal(reset.failed_sign_ins, 0);
        assert.equal(reset.locked_until, null);

        const events = await auditActions(t, account.id);
        assert.deepEqual(
          events.map((e) => e.action + (e.action === 'staff_account.sign_in_failed' ? `:${(e.details as { reason: string }).reason}` : '')),
          [
            ...Array(5).fill('staff_account.sign_in_failed:wrong_password'),
            'staff_account.locked',
            'staff_account.sign_in_failed:locked',
            'staff_account.sign_in_failed:locked',
            'staff_account.signed_in',
          ],
        );
      });

      test('after a lock runs out, the count of failures starts again from zero', async () => {
        const account = await insertStaffAccount(t.ctx.db);
        const agent = new TestAgent(t.app);
        for (let i = 0; i < 5; i++) await signIn(agent, account.email, 'wrong wrong wrong');
        clock.advance(16 * MINUTE);
        await signIn(agent, account.email, 'wrong again, once');
        const row = await t.ctx.db.selectFrom('staff_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
        assert.equal(row.failed_sign_ins, 1);
        assert.equal(row.locked_until, null);
        assert.equal((await signIn(agent, account.email, account.password)).statusCode, 303);
      });

      test('a disabled account cannot sign in with its right password', async () => {
        const account = await insertStaffAccount(t.ctx.db, { disabledAt: new Date('2026-01-01T00:00:00Z') });
        const res = await signIn(new TestAgent(t.app), account.email, account.password);
        assert.equal(res.statusCode, 422);
        assertIncludes(res.body, 'The email address or password is not right');
      });

      test('a successful sign-in sets an HttpOnly, SameSite=Lax session cookie whose token is stored only as its SHA-256', async () => {
        const account = await insertStaffAccount(t.ctx.db);
        const agent = new TestAgent(t.app);
        const res = await signIn(agent, account.email.toUpperCase(), account.password);
        assert.equal(res.statusCode, 303, 'emails match whatever their case');
        const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('staff_session='));
        assert.ok(setCookie, 'a staff_session cookie is set');
        assert.match(setCookie, /HttpOnly/);
        assert.match(setCookie, /SameSite=Lax/);
        assert.match(setCookie, /Path=\/staff/);
        assert.doesNotMatch(setCookie, /Secure/, 'not Secure outside production');
        const token = agent.cookies.get('staff_session')!;
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        const { createHash } = await import('node:crypto');
        const stored = await t.ctx.db.selectFrom('staff_sessions').select('token_hash').where('staff_account_id', '=', account.id).execute();
        assert.deepEqual(stored.map((s) => s.token_hash), [createHash('sha256').update(token).digest('hex')]);
      });

      test('empty answers come back with 422, an error summary and each field marked', async () => {
        const res = await new TestAgent(t.app).submit('/staff/sign-in?lang=en', { email: '  ', password: '' }, '/staff/sign-in');
        assert.equal(res.statusCode, 422);
        assertIncludes(res.body, 'class="govgr-error-summary"');
        assertIncludes(res.body, 'href="#email"');
        assertIncludes(res.body, 'Enter your email address');
        assertIncludes(res.body, 'href="#password"');
        assertIncludes(res.body, 'Enter your password');
        assert.match(res.body, /<title>Error: /);
      });

      test('one address may try to sign in 20 times a minute, across all accounts', async () => {
        const agent = new TestAgent(t.app);
        for (let i = 0; i < 20; i++) assert.equal((await signIn(agent, `guess${i}@prosfero.test`, 'a guessed password')).statusCode, 422);
        const limited = await signIn(agent, 'guess20@prosfero.test', 'a guessed password');
        assert.equal(limited.statusCode, 429);
        assert.equal(limited.headers['retry-after'], '60');
        const elsewhere = await signIn(new TestAgent(t.app), 'guess21@prosfero.test', 'a guessed password');
        assert.equal(elsewhere.statusCode, 422, 'another address is not held back');
      });

      test('a sign-in without its CSRF token is refused', async () => {
        const account = await insertStaffAccount(t.ctx.db);
        const agent = new TestAgent(t.app);
        await agent.get('/staff/sign-in');
        const res = await agent.post('/staff/sign-in', { email: account.email, password: account.password });
        assert.equal(res.statusCode, 403);
        assert.equal(agent.cookies.has('staff_session'), false);
      });
    });

    describe('sessions', () => {
      let t: TestApp;
      const clock = testClock(new Date('2026-03-27T08:00:00Z'));
      before(async () => {
        t = await buildTestApp(engine, { clock, env: { STAFF_SESSION_IDLE_MINUTES: '30' } });
      });
      after(() => t.close());

      test('anonymous requests for staff pages are sent to the sign-in page', async () => {
        for (const url of ['/staff', '/staff/offers', '/staff/password']) {
          const res = await t.app.inject({ method: 'GET', url });
          assert.equal(res.statusCode, 302, url);
          assert.equal(res.headers.location, '/staff/sign-in', url);
        }
        const forged = await t.app.inject({ method: 'GET', url: '/staff/offers', cookies: { staff_session: 'A'.repeat(43) } });
        assert.equal(forged.statusCode, 302);
        assert.equal(forged.headers.location, '/staff/sign-in');
      });

      test('a session stays open while used and ends after 30 idle minutes', async () => {
        const account = await insertStaffAccount(t.ctx.db);
        const agent = new TestAgent(t.app);
        assert.equal((await signIn(agent, account.email, account.password)).statusCode, 303);

        clock.advance(29 * MINUTE);
        assert.equal((await agent.get('/staff/offers')).statusCode, 200);
        clock.advance(29 * MINUTE);
        assert.equal((await agent.get('/staff/offers')).statusCode, 200, 'the previous visit restarted the idle time');
        clock.advance(30 * MINUTE);
        const expired = await agent.get('/staff/offers');
        assert.equal(expired.statusCode, 302);
        assert.equal(expired.headers.location, '/staff/sign-in');
        const left = await t.ctx.db.selectFrom('staff_sessions').select('token_hash').where('staff_account_id', '=', account.id).execute();
        assert.equal(left.length, 0, 'the expired session is deleted');
      });

      test('last_seen_at is written at most once a minute', async () => {
        const account = await insertStaffAccount(t.ctx.db);
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);
        const signedInAt = clock.now().getTime();
        clock.advance(30_000);
        await agent.get('/staff/offers');
        const seen = () =>
          t.ctx.db.selectFrom('staff_sessions').select('last_seen_at').where('staff_account_id', '=', account.id).executeTakeFirstOrThrow();
        assert.equal((await seen()).last_seen_at.getTime(), signedInAt);
        clock.advance(31_000);
        await agent.get('/staff/offers');
        assert.equal((await seen()).last_seen_at.getTime(), signedInAt + 61_000);
      });

      test('signing out ends the session and records it', async () => {
        const account = await insertStaffAccount(t.ctx.db);
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);
        const res = await agent.submit('/staff/offers', {}, '/staff/sign-out');
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/staff/sign-in');
        assert.equal(agent.cookies.has('staff_session'), false);
        const sessions = await t.ctx.db.selectFrom('staff_sessions').select('token_hash').where('staff_account_id', '=', account.id).execute();
        assert.equal(sessions.length, 0);
        assert.deepEqual(
          (await auditActions(t, account.id)).map((e) => e.action),
          ['staff_account.signed_in', 'staff_account.signed_out'],
        );
      });
    });

    describe('changing a password', () => {
      let t: TestApp;
      before(async () => {
        t = await buildTestApp(engine);
      });
      after(() => t.close());

      test('ends every other session of the account and keeps this one', async () => {
        const account = await insertStaffAccount(t.ctx.db, { email: 'two.browsers@prosfero.test' });
        const here = new TestAgent(t.app);
        const elsewhere = new TestAgent(t.app);
        await signIn(here, account.email, account.password);
        await signIn(elsewhere, account.email, account.password);
        assert.equal((await elsewhere.get('/staff/offers')).statusCode, 200);

        const res = await here.submit('/staff/password', {
          current_password: account.password,
          new_password: 'Ένας καινούργιος κωδικός',
          confirm_password: 'Ένας καινούργιος κωδικός',
        });
        assert.equal(res.statusCode, 303);
        assert.equal((await here.get('/staff/offers')).statusCode, 200);
        const other = await elsewhere.get('/staff/offers');
        assert.equal(other.statusCode, 302);
        assert.equal(other.headers.location, '/staff/sign-in');

        const changed = (await auditActions(t, account.id)).find((e) => e.action === 'staff_account.password_changed');
        assert.deepEqual(changed?.details, { sessions_ended: 1, was_one_time: false });
        assert.equal(changed?.actor_id, account.id);

        // The new password works, the old one no longer does.
        assert.equal((await signIn(new TestAgent(t.app), account.email, 'Ένας καινούργιος κωδικός')).statusCode, 303);
        assert.equal((await signIn(new TestAgent(t.app), account.email, account.password)).statusCode, 422);
      });

      test('refuses a short password, a mismatch, the email itself and a wrong current password, never echoing them', async () => {
        const account = await insertStaffAccount(t.ctx.db, { email: 'rules@prosfero.test' });
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);

        const short = await agent.submit('/staff/password', { current_password: account.password, new_password: 'short1', confirm_password: 'short1' });
        assert.equal(short.statusCode, 422);
        assertIncludes(short.body, 'Your new password must be at least 12 characters long');
        assertIncludes(short.body, 'href="#new_password"');
        assertExcludes(short.body, account.password);

        const mismatch = await agent.submit('/staff/password', {
          current_password: account.password,
          new_password: 'first long password',
          confirm_password: 'second long password',
        });
        assert.equal(mismatch.statusCode, 422);
        assertIncludes(mismatch.body, 'The two new passwords do not match');
        assertExcludes(mismatch.body, 'first long password');

        const email = await agent.submit('/staff/password', {
          current_password: account.password,
          new_password: 'Rules@Prosfero.test',
          confirm_password: 'Rules@Prosfero.test',
        });
        assert.equal(email.statusCode, 422);
        assertIncludes(email.body, 'Your new password must not be your email address');

        const wrongCurrent = await agent.submit('/staff/password', {
          current_password: 'this is not it at all',
          new_password: 'a perfectly good one',
          confirm_password: 'a perfectly good one',
        });
        assert.equal(wrongCurrent.statusCode, 422);
        assertIncludes(wrongCurrent.body, 'Your current password is not right');
        assertIncludes(wrongCurrent.body, 'href="#current_password"');

        const stillOld = await signIn(new TestAgent(t.app), account.email, account.password);
        assert.equal(stillOld.statusCode, 303, 'nothing was changed');
        assert.equal((await auditActions(t, account.id)).filter((e) => e.action === 'staff_account.password_changed').length, 0);
      });
    });

    describe('language', () => {
      let t: TestApp;
      before(async () => {
        t = await buildTestApp(engine);
      });
      after(() => t.close());

      test('staff pages are in the member’s language, and the switcher changes it for good', async () => {
        const account = await insertStaffAccount(t.ctx.db, { language: 'el' });
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);
        const greek = await agent.get('/staff/offers');
        assert.match(greek.body, /<html lang="el">/);
        assertIncludes(greek.body, 'Αλλαγή κωδικού');
        assertExcludes(greek.body, 'Українська', 'staff pages offer Greek and English only');

        await agent.get('/staff/offers?lang=en');
        const english = await agent.get('/staff/offers');
        assert.match(english.body, /<html lang="en">/);
        assertIncludes(english.body, 'Change password');
        const row = await t.ctx.db.selectFrom('staff_accounts').select('language').where('id', '=', account.id).executeTakeFirstOrThrow();
        assert.equal(row.language, 'en');
      });

      test('the sign-in page follows the browser, with English for anyone not reading Greek', async () => {
        const uk = await t.app.inject({ method: 'GET', url: '/staff/sign-in', headers: { 'accept-language': 'uk' } });
        assert.match(uk.body, /<html lang="en">/);
        assertIncludes(uk.body, 'Staff sign in');
        const el = await t.app.inject({ method: 'GET', url: '/staff/sign-in' });
        assert.match(el.body, /<html lang="el">/);
        assertIncludes(el.body, 'Σύνδεση προσωπικού');
      });
    });
  });
}
