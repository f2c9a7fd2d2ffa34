import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateSync } from 'otplib';
import { TestAgent } from '../../../test/support/agent.js';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { assertExcludes, assertIncludes } from '../../../test/support/assertions.js';
import { engines } from '../../../test/support/database.js';
import { insertStaffAccount } from '../../../test/support/factories.js';
import { completeSignIn, createStaffMember, signInAs, type TestStaffAccount } from '../../../test/support/staff.js';
import { decryptSecret } from './accounts.crypto.js';
import { updateStaffAccount } from './accounts.management.service.js';
import { resolveSession } from './accounts.service.js';

const MINUTE = 60_000;
const STEP = 30_000;

/** A code made by otplib itself for `secret` at `at` (not through our wrapper). */
function codeAt(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

function signIn(agent: TestAgent, email: string, password: string) {
  return agent.submit('/staff/sign-in?lang=en', { email, password }, '/staff/sign-in');
}

async function auditTrail(t: TestApp, accountId: string) {
  const rows = await t.ctx.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('entity_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const reason = (r.details as { reason?: string }).reason;
    return reason ? `${r.action}:${reason}` : r.action;
  });
}

async function accountRow(t: TestApp, id: string) {
  return t.ctx.db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

for (const engine of engines()) {
  describe(`the TOTP second factor (${engine})`, () => {
    let t: TestApp;
    const clock = testClock(new Date('2026-03-27T08:00:05Z'));
    before(async () => {
      t = await buildTestApp(engine, { clock });
    });
    after(() => t.close());

    describe('enrolling', () => {
      test('a coordinator without TOTP goes from the password to enrolment, sees the secret as an SVG QR code and as text, and a code from it completes the sign-in', async () => {
        const account = await insertStaffAccount(t.ctx.db, { role: 'coordinator' });
        const agent = new TestAgent(t.app);
        const signedIn = await signIn(agent, account.email, account.password);
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/staff/totp/enrol');

        // Half signed in: nothing else opens.
        for (const url of ['/staff', '/staff/offers', '/staff/totp', '/staff/accounts']) {
          const res = await agent.get(url);
          assert.equal(res.statusCode, 302, url);
          assert.equal(res.headers.location, '/staff/totp/enrol', url);
        }

        const page = await agent.get('/staff/totp/enrol');
        assert.equal(page.statusCode, 200);
        assertIncludes(page.body, '<svg role="img" aria-label="QR code for setting up Prosfero in an authenticator app"');
        assertExcludes(page.body, '<img', 'no image request: the QR code is inline markup');
        assertExcludes(page.body, '<script', 'no script');
        assertIncludes(page.body, 'autocomplete="one-time-code"');
        assertExcludes(page.body, 'href="/staff/offers"', 'no menu before the sign-in is complete');
        const grouped = /<code lang="en">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1];
        assert.match(grouped ?? '', /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
        const secret = grouped!.replaceAll(' ', '');
        assert.equal(/<code lang="en">([A-Z2-7 ]+)<\/code>/.exec((await agent.get('/staff/totp/enrol')).body)?.[1], grouped, 'a reload shows the same secret');
        const pending = await t.ctx.db.selectFrom('staff_sessions').select('totp_pending_secret').where('staff_account_id', '=', account.id).executeTakeFirstOrThrow();
        assert.ok(pending.totp_pending_secret && !pending.totp_pending_secret.includes(secret), 'the pending secret is stored encrypted');

        const wrong = await agent.submit('/staff/totp/enrol', { code: '000000' === codeAt(secret, clock.now()) ? '111111' : '000000' });
        assert.equal(wrong.statusCode, 422);
        assertIncludes(wrong.body, 'The code is not right');
        assertIncludes(wrong.body, 'href="#code"');
        const stale = await agent.submit('/staff/totp/enrol', { code: codeAt(secret, new Date(clock.now().getTime() - 2 * STEP)) });
        assert.equal(stale.statusCode, 422, 'a code two steps old is refused');
        assert.equal((await accountRow(t, account.id)).failed_sign_ins, 2);

        const code = codeAt(secret, clock.now());
        const enrolled = await agent.submit('/staff/totp/enrol', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
        assert.equal(enrolled.statusCode, 303);
        assert.equal(enrolled.headers.location, '/staff');
        assert.equal((await agent.get('/staff/offers')).statusCode, 200);

        const row = await accountRow(t, account.id);
        assert.ok(row.totp_secret && !row.totp_secret.includes(secret), 'stored encrypted');
        assert.equal(decryptSecret(t.ctx.config.sessionSecret, row.totp_secret, `staff_account:${account.id}`), secret);
        assert.equal(row.totp_last_step, String(Math.floor(clock.now().getTime() / STEP)));
        assert.equal(row.totp_enrolled_at?.getTime(), clock.now().getTime());
        assert.equal(row.failed_sign_ins, 0);
        assert.equal(row.last_signed_in_at?.getTime(), clock.now().getTime());
        const session = await t.ctx.db.selectFrom('staff_sessions').select(['stage', 'totp_pending_secret']).where('staff_account_id', '=', account.id).executeTakeFirstOrThrow();
        assert.deepEqual(session, { stage: 'signed_in', totp_pending_secret: null });

        assert.deepEqual(await auditTrail(t, account.id), [
          'staff_account.password_accepted',
          'staff_account.second_factor_failed:wrong_code',
          'staff_account.second_factor_failed:wrong_code',
          'staff_account.totp_enrolled',
          'staff_account.signed_in',
        ]);
        const enrolPage = await agent.get('/staff/totp/enrol');
        assert.equal(enrolPage.statusCode, 302, 'an enrolled member cannot enrol over their secret');
        assert.equal(enrolPage.headers.location, '/staff');
      });

      test('a code that is not 6 digits is a format error that does not count toward the lockout', async () => {
        const account = await insertStaffAccount(t.ctx.db, { role: 'administrator' });
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);
        const empty = await agent.submit('/staff/totp/enrol', { code: '' });
        assert.equal(empty.statusCode, 422);
        assertIncludes(empty.body, 'Enter the 6-digit code from your authenticator app');
        const letters = await agent.submit('/staff/totp/enrol', { code: '12ab56' });
        assert.equal(letters.statusCode, 422);
        assertIncludes(letters.body, 'Enter the code as 6 digits, like 123456');
        assert.equal((await accountRow(t, account.id)).failed_sign_ins, 0);
      });
    });

    describe('signing in with a code', () => {
      test('the password leads to the code page, and until a right code is entered no other staff page opens', async () => {
        const account = await createStaffMember(t.ctx, 'coordinator');
        const agent = new TestAgent(t.app);
        const res = await signIn(agent, account.email, account.password);
        assert.equal(res.headers.location, '/staff/totp');
        assert.equal((await t.ctx.db.selectFrom('staff_accounts').select('last_signed_in_at').where('id', '=', account.id).executeTakeFirstOrThrow()).last_signed_in_at, null);
        for (const url of ['/staff', '/staff/offers', '/staff/password', '/staff/totp/enrol', '/staff/accounts', '/staff/audit']) {
          const page = await agent.get(url);
          assert.equal(page.statusCode, 302, url);
          assert.equal(page.headers.location, '/staff/totp', url);
        }
        const hashBefore = (await accountRow(t, account.id)).password_hash;
        const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/staff/totp')).body)![1]!;
        const post = await agent.post('/staff/password', { _csrf: token, current_password: account.password, new_password: 'x'.repeat(20), confirm_password: 'x'.repeat(20) });
        assert.equal(post.statusCode, 303);
        assert.equal(post.headers.location, '/staff/totp', 'no password change before the code');
        assert.equal((await accountRow(t, account.id)).password_hash, hashBefore);
        const signInPage = await agent.get('/staff/sign-in');
        assert.equal(signInPage.headers.location, '/staff/totp', 'the sign-in page leads to the step still due');

        const page = await agent.get('/staff/totp');
        assert.equal(page.statusCode, 200);
        assertIncludes(page.body, 'Enter your verification code');
        const done = await agent.submit('/staff/totp', { code: codeAt(account.totpSecret!, clock.now()) });
        assert.equal(done.statusCode, 303);
        assert.equal(done.headers.location, '/staff');
        assert.equal((await agent.get('/staff/offers')).statusCode, 200);
        assert.equal((await agent.get('/staff/totp')).headers.location, '/staff', 'the code page is for half-signed-in sessions only');
        assert.deepEqual(await auditTrail(t, account.id), ['staff_account.password_accepted', 'staff_account.signed_in']);
        const signedIn = await t.ctx.db.selectFrom('audit_events').select('details').where('entity_id', '=', account.id).where('action', '=', 'staff_account.signed_in').executeTakeFirstOrThrow();
        assert.deepEqual(signedIn.details, { second_factor: 'totp' });
      });

      test('a code already used is refused in a new sign-in, as is an earlier one; the next step’s code is accepted', async () => {
        const account = await createStaffMember(t.ctx, 'regional_coordinator');
        const now = clock.now();
        const code = codeAt(account.totpSecret!, now);
        const first = new TestAgent(t.app);
        await signIn(first, account.email, account.password);
        assert.equal((await first.submit('/staff/totp', { code })).statusCode, 303);

        const second = new TestAgent(t.app);
        await signIn(second, account.email, account.password);
        const replay = await second.submit('/staff/totp', { code });
        assert.equal(replay.statusCode, 422);
        assertIncludes(replay.body, 'The code is not right');
        const earlier = await second.submit('/staff/totp', { code: codeAt(account.totpSecret!, new Date(now.getTime() - STEP)) });
        assert.equal(earlier.statusCode, 422);
        const next = await second.submit('/staff/totp', { code: codeAt(account.totpSecret!, new Date(now.getTime() + STEP)) });
        assert.equal(next.statusCode, 303, 'one step ahead (a phone clock a little fast) is accepted');
        assert.deepEqual(await auditTrail(t, account.id), [
          'staff_account.password_accepted',
          'staff_account.signed_in',
          'staff_account.password_accepted',
          'staff_account.second_factor_failed:replayed_code',
          'staff_account.second_factor_failed:replayed_code',
          'staff_account.signed_in',
        ]);
        // The step after next is still unused, but the current time is one step behind it: the
        // window is ±1, so nothing more in this step can sign in until time moves on.
        clock.advance(STEP);
      });

      test('a code from the previous step is accepted (a phone clock a little slow)', async () => {
        const account = await createStaffMember(t.ctx, 'viewer');
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);
        const res = await agent.submit('/staff/totp', { code: codeAt(account.totpSecret!, new Date(clock.now().getTime() - STEP)) });
        assert.equal(res.statusCode, 303);
      });

      test('wrong codes count toward the same lockout as wrong passwords, the right password does not reset the count, and a locked account refuses the right code with the same message', async () => {
        const account = await createStaffMember(t.ctx, 'coordinator');
        const agent = new TestAgent(t.app);
        for (let i = 0; i < 2; i++) assert.equal((await signIn(agent, account.email, 'not my password')).statusCode, 422);
        assert.equal((await signIn(agent, account.email, account.password)).headers.location, '/staff/totp');
        const wrong = (codeAt(account.totpSecret!, clock.now()) === '123456' ? '654321' : '123456') as string;
        for (let i = 0; i < 2; i++) assert.equal((await agent.submit('/staff/totp', { code: wrong })).statusCode, 422);
        // The right password again, in a new browser (a thief who knows it), does not wipe the count.
        const thief = new TestAgent(t.app);
        assert.equal((await signIn(thief, account.email, account.password)).headers.location, '/staff/totp');
        const fifth = await thief.submit('/staff/totp', { code: wrong });
        assert.equal(fifth.statusCode, 422);
        const row = await accountRow(t, account.id);
        assert.equal(row.failed_sign_ins, 5);
        assert.equal(row.locked_until?.getTime(), clock.now().getTime() + 15 * MINUTE);

        const right = await thief.submit('/staff/totp', { code: codeAt(account.totpSecret!, clock.now()) });
        assert.equal(right.statusCode, 422, 'locked: even the right code is refused');
        assert.equal(
          right.body.replace(/name="_csrf" value="[^"]+"/g, ''),
          fifth.body.replace(/name="_csrf" value="[^"]+"/g, ''),
          'the same page as for a wrong code',
        );
        assert.equal((await signIn(new TestAgent(t.app), account.email, account.password)).statusCode, 422, 'and the password too');

        clock.advance(15 * MINUTE);
        const fresh = new TestAgent(t.app);
        assert.equal(await completeSignIn(fresh, t.ctx, account), '/staff');
        const after = await accountRow(t, account.id);
        assert.equal(after.failed_sign_ins, 0);
        assert.equal(after.locked_until, null);
        const trail = await auditTrail(t, account.id);
        assert.deepEqual(trail, [
          'staff_account.sign_in_failed:wrong_password',
          'staff_account.sign_in_failed:wrong_password',
          'staff_account.password_accepted',
          'staff_account.second_factor_failed:wrong_code',
          'staff_account.second_factor_failed:wrong_code',
          'staff_account.password_accepted',
          'staff_account.second_factor_failed:wrong_code',
          'staff_account.locked',
          'staff_account.second_factor_failed:locked',
          'staff_account.sign_in_failed:locked',
          'staff_account.password_accepted',
          'staff_account.signed_in',
        ]);
      });

      test('one code sent twice at once signs in only once', async () => {
        const account = await createStaffMember(t.ctx, 'coordinator');
        const a = new TestAgent(t.app);
        const b = new TestAgent(t.app);
        await signIn(a, account.email, account.password);
        await signIn(b, account.email, account.password);
        const [pageA, pageB] = [await a.get('/staff/totp'), await b.get('/staff/totp')];
        const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
        const code = codeAt(account.totpSecret!, clock.now());
        const results = await Promise.all([
          a.post('/staff/totp', { _csrf: token(pageA.body), code }),
          b.post('/staff/totp', { _csrf: token(pageB.body), code }),
        ]);
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 422]);
        clock.advance(STEP);
      });

      test('a double click on the code page signs in once and answers both clicks with the way on', async () => {
        const account = await createStaffMember(t.ctx, 'coordinator');
        const agent = new TestAgent(t.app);
        await signIn(agent, account.email, account.password);
        const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/staff/totp')).body)![1]!;
        const code = codeAt(account.totpSecret!, clock.now());
        const results = await Promise.all([agent.post('/staff/totp', { _csrf: token, code }), agent.post('/staff/totp', { _csrf: token, code })]);
        assert.deepEqual(
          results.map((r) => [r.statusCode, r.headers.location]),
          [
            [303, '/staff'],
            [303, '/staff'],
          ],
        );
        assert.equal((await agent.get('/staff/offers')).statusCode, 200);
        assert.equal((await accountRow(t, account.id)).failed_sign_ins, 0, 'the second click is not a failure');
        clock.advance(STEP);
      });
    });

    describe('viewers', () => {
      test('a viewer without TOTP is signed in by the password, may choose to enrol, and from then on is asked for a code', async () => {
        const viewer = await signInAs(t.app, t.ctx, 'viewer', { totp: false });
        assert.equal(viewer.account.totpSecret, null);
        const offers = await viewer.get('/staff/offers');
        assert.equal(offers.statusCode, 200);
        assertIncludes(offers.body, 'href="/staff/totp/enrol"', 'the menu offers two-step verification');
        const page = await viewer.get('/staff/totp/enrol');
        assert.equal(page.statusCode, 200);
        assertIncludes(page.body, 'You can ask for a code');
        const secret = /<code lang="en">([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replaceAll(' ', '');
        const enrolled = await viewer.submit('/staff/totp/enrol', { code: codeAt(secret, clock.now()) });
        assert.equal(enrolled.statusCode, 303);
        assert.equal((await viewer.get('/staff/offers')).statusCode, 200, 'the session carries on');
        assert.deepEqual(await auditTrail(t, viewer.account.id), ['staff_account.signed_in', 'staff_account.totp_enrolled']);

        clock.advance(STEP);
        const again = new TestAgent(t.app);
        const res = await signIn(again, viewer.account.email, viewer.account.password);
        assert.equal(res.headers.location, '/staff/totp');
        const account: TestStaffAccount = { ...viewer.account, totpSecret: secret };
        assert.equal((await again.submit('/staff/totp', { code: codeAt(account.totpSecret!, clock.now()) })).statusCode, 303);
      });

      test('a signed-in viewer made a coordinator must enrol before opening anything else', async () => {
        const viewer = await signInAs(t.app, t.ctx, 'viewer', { totp: false });
        const admin = await resolveSession(t.ctx, (await signInAs(t.app, t.ctx, 'administrator')).cookies.get('staff_session')!);
        const changed = await updateStaffAccount(t.ctx, admin!, viewer.account.id, { name: 'Promoted', role: 'coordinator', language: 'en', regions: [] });
        assert.deepEqual(changed, { ok: true });
        const res = await viewer.get('/staff/offers');
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, '/staff/totp/enrol');
      });
    });
  });
}
