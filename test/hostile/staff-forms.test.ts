// Hostile input at the back office's forms (fast-check), from a signed-in administrator, who may
// use every one of them: sign-in, second factor, staff accounts, status changes, contact
// attempts, notes, and the queue's and audit trail's filters. Nothing may answer 5xx, nothing
// invalid may be stored, every reflected value comes back escaped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { OFFER_STATUSES } from '../../src/modules/offers/index.js';
import { FILTER_PARAMS } from '../../src/modules/review/review.schemas.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { TestAgent, csrfToken } from '../support/agent.js';
import { engines } from '../support/database.js';
import { insertOffer } from '../support/factories.js';
import { signInAs, type StaffAgent } from '../support/staff.js';
import { RUNS, SEED, assertSafeAnswer, hostileValue, assertStoredStringsSafe, brokenUtf8, encodeBody, formBody, postForm } from './hostile.js';

const cookieOf = (agent: TestAgent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
// C0 controls other than tab, line feed and carriage return have no place in stored text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

for (const engine of engines()) {
  describe(`hostile input on the staff forms, on ${engine}`, () => {
    let t: TestApp;
    let admin: StaffAgent;
    let token: string;
    let reference: string;
    let viewerId: string;

    before(async () => {
      t = await buildTestApp(engine);
      reference = (await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'apartment', places: 3, region_code: 'GR-M' }] })).reference;
      admin = await signInAs(t.app, t.ctx, 'administrator');
      viewerId = (await signInAs(t.app, t.ctx, 'viewer')).account.id;
      token = csrfToken((await admin.get('/staff/offers')).body);
    });
    after(async () => t?.close());

    test('staff forms answer hostile posts without a 5xx and never reflect a value unescaped', async () => {
      const forms: [string, string[]][] = [
        [`/staff/offers/${reference}/status`, ['event', 'reason', 'duplicate_of']],
        [`/staff/offers/${reference}/contact-attempts`, ['outcome', 'channel', 'attempt_note']],
        [`/staff/offers/${reference}/notes`, ['note_body']],
        ['/staff/accounts', ['email', 'name', 'role', 'language', 'regions']],
        [`/staff/accounts/${viewerId}`, ['name', 'role', 'language', 'regions']],
      ];
      for (const [url, fields] of forms) {
        await fc.assert(
          fc.asyncProperty(formBody(fields), fc.option(brokenUtf8, { nil: undefined }), fc.constantFrom('', '?lang=en', '?lang=%22%3E'), async (pairs, raw, query) => {
            const res = await postForm(t.app, `${url}${query}`, cookieOf(admin), encodeBody(pairs, token, raw), admin.remoteAddress);
            assertSafeAnswer(res, pairs, `POST ${url}`);
            if (res.statusCode === 422) assert.match(res.body, /govgr-error-summary/);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    });

    test('hostile free text beside valid choices (contact attempts, status reasons) is refused or stored clean', async () => {
      const cases: [string, fc.Arbitrary<[string, string][]>][] = [
        [
          `/staff/offers/${reference}/contact-attempts`,
          fc.tuple(fc.constantFrom('reached', 'no_answer', 'wrong_number', 'bounced'), fc.constantFrom('phone', 'email', 'sms', 'viber', 'in_person'), hostileValue).map(([o, c, n]) => [['outcome', o], ['channel', c], ['attempt_note', n]]),
        ],
        [
          `/staff/offers/${reference}/status`,
          fc.tuple(fc.constantFrom('reject', 'reopen', 'start_review', 'withdraw'), hostileValue).map(([e, r]) => [['event', e], ['reason', r]]),
        ],
      ];
      for (const [url, body] of cases) {
        await fc.assert(
          fc.asyncProperty(body, async (pairs) => {
            // The status form carries the version of the offer it was made from (a stale one is a 409).
            const { version } = await t.ctx.db.selectFrom('offers').select('version').where('reference', '=', reference).executeTakeFirstOrThrow();
            const sent: [string, string][] = url.endsWith('/status') ? [...pairs, ['version', String(version)]] : pairs;
            const res = await postForm(t.app, url, cookieOf(admin), encodeBody(sent, token), admin.remoteAddress);
            assertSafeAnswer(res, pairs, `POST ${url}`);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    });

    test('sign-in and the second factor answer hostile posts without a 5xx, and hostile credentials never sign anyone in', async () => {
      await fc.assert(
        fc.asyncProperty(formBody(['email', 'password']), formBody(['code']), fc.option(brokenUtf8, { nil: undefined }), async (credentials, code, raw) => {
          const visitor = new TestAgent(t.app);
          const signInToken = csrfToken((await visitor.get('/staff/sign-in')).body);
          const res = await postForm(t.app, '/staff/sign-in', cookieOf(visitor), encodeBody(credentials, signInToken, raw), visitor.remoteAddress);
          assertSafeAnswer(res, credentials, 'POST /staff/sign-in');
          assert.notEqual(res.statusCode, 303, 'no hostile credentials sign in');
          const totp = await postForm(t.app, '/staff/totp', cookieOf(visitor), encodeBody(code, signInToken, raw), visitor.remoteAddress);
          assertSafeAnswer(totp, code, 'POST /staff/totp');
          const home = await visitor.get('/staff');
          assert.ok([302, 303].includes(home.statusCode) && home.headers.location === '/staff/sign-in', 'still signed out');
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });

    test('the queue’s and the audit trail’s filters answer hostile query strings without a 5xx', async () => {
      const queue = Object.values(FILTER_PARAMS) as string[];
      const audit = ['actor', 'action', 'entity_type', 'entity', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'after', 'before'];
      for (const [url, fields] of [['/staff/offers', [...queue, 'after', 'before']], ['/staff/audit', audit]] as const) {
        await fc.assert(
          fc.asyncProperty(formBody(fields), async (pairs) => {
            const query = encodeBody(pairs, undefined).toString();
            const res = await t.app.inject({ method: 'GET', url: `${url}?${query}`, headers: { cookie: cookieOf(admin) }, remoteAddress: admin.remoteAddress });
            assertSafeAnswer(res, pairs, `GET ${url}?${query.slice(0, 80)}`);
            assert.ok([200, 400, 422].includes(res.statusCode), `GET ${url} answered ${res.statusCode}`);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    });

    test('what the staff forms stored is bounded, well-formed and valid', async (tc) => {
      const db = t.ctx.db;
      const stored = async (table: 'offer_notes' | 'offer_contact_attempts' | 'offer_status_changes' | 'staff_accounts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      tc.diagnostic(`stored: ${await stored('offer_notes')} notes, ${await stored('offer_contact_attempts')} contact attempts, ${await stored('offer_status_changes')} status changes, ${await stored('staff_accounts')} staff accounts`);
      for (const n of await db.selectFrom('offer_notes').select('body').execute()) {
        assertStoredStringsSafe(n.body, 'note', 4000);
        assert.ok(n.body.trim().length >= 1, 'no empty note');
        assert.doesNotMatch(n.body, CONTROL, 'no control characters in a note');
      }
      for (const a of await db.selectFrom('offer_contact_attempts').select(['note', 'outcome', 'channel']).execute()) {
        assertStoredStringsSafe(a.note, 'contact attempt note', 2000);
        if (a.note) assert.doesNotMatch(a.note, CONTROL);
      }
      for (const s of await db.selectFrom('offer_status_changes').select(['to_status', 'reason']).execute()) {
        assert.ok((OFFER_STATUSES as readonly string[]).includes(s.to_status));
        assertStoredStringsSafe(s.reason, 'status reason', 2000);
        if (s.reason) assert.doesNotMatch(s.reason, CONTROL);
      }
      const regionsOf = async (id: string) => (await db.selectFrom('staff_account_regions').select('region_code').where('staff_account_id', '=', id).execute()).map((r) => r.region_code);
      for (const m of await db.selectFrom('staff_accounts').select(['id', 'email', 'name', 'role']).execute()) {
        const regions = await regionsOf(m.id);
        assert.match(m.email, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, `a stored email is an email: ${JSON.stringify(m.email)}`);
        assert.ok(m.email.length <= 254);
        assertStoredStringsSafe(m.name, 'staff name', 200);
        assert.doesNotMatch(m.name, CONTROL, `no control characters in a staff name: ${JSON.stringify(m.name)}`);
        assert.ok(m.name.trim().length >= 1);
        if (m.role !== 'regional_coordinator') assert.deepEqual(regions, []);
        else assert.ok(regions.length >= 1 && regions.every((r) => /^GR-[A-M]$/.test(r)));
      }
      for (const e of await db.selectFrom('audit_events').select(['details', 'reason']).execute()) {
        assertStoredStringsSafe(e.details, 'audit details', 10_000);
        assertStoredStringsSafe(e.reason, 'audit reason', 4000);
      }
    });
  });
}
