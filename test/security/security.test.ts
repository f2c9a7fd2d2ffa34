// The service's outer defences, checked from outside as an attacker's browser would meet them:
// security headers on every kind of page, CSRF refused on every state-changing route the app
// serves (public and staff, read from app.routeList so a new route is covered the day it lands),
// rate limits that answer 429 with a page, and the flags of every cookie, in test and production.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { escapeHtml } from '@kitajs/html';
import type { LightMyRequestResponse } from 'fastify';
import { httpMessages } from '../../src/platform/http/http.messages.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { TestAgent, csrfToken } from '../support/agent.js';
import { engines } from '../support/database.js';
import { insertOffer } from '../support/factories.js';
import { createStaffMember, signInAs, type StaffAgent } from '../support/staff.js';

const SECRET = 'prod-secret-prod-secret-prod-secret-0123';
const MISSING = '00000000-0000-4000-8000-000000000000';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const cookiesOf = (res: LightMyRequestResponse) => [res.headers['set-cookie'] ?? []].flat().map(String);
const cookieNamed = (res: LightMyRequestResponse, name: string) => cookiesOf(res).find((c) => c.startsWith(`${name}=`));

function assertSecurityHeaders(res: LightMyRequestResponse, production: boolean, what: string): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) {
    assert.ok(csp.includes(directive), `${what}: CSP has ${directive} (got ${csp})`);
  }
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: no unsafe CSP sources`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', what);
  assert.equal(res.headers['referrer-policy'], 'same-origin', what);
  assert.equal(res.headers['x-powered-by'], undefined, what);
  if (production) assert.match(String(res.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/, `${what}: HSTS in production`);
  else assert.equal(res.headers['strict-transport-security'], undefined, `${what}: no HSTS outside production (it would pin localhost to HTTPS)`);
}

for (const engine of engines()) {
  describe(`security headers on ${engine}`, () => {
    for (const production of [false, true]) {
      test(`every kind of response carries them${production ? ' in production, HSTS included' : ''}`, async () => {
        const t = await buildTestApp(engine, { env: production ? { NODE_ENV: 'production', SESSION_SECRET: SECRET } : {} });
        try {
          const agent = new TestAgent(t.app);
          for (const url of ['/', '/privacy', '/staff/sign-in', '/no-such-page', '/offers/new/check', '/assets/css/digigov.css', '/health/ready']) {
            assertSecurityHeaders(await agent.get(url), production, `GET ${url}`);
          }
          assertSecurityHeaders(await agent.post('/offers/new', {}), production, 'POST without a token');
        } finally {
          await t.close();
        }
      });
    }
  });

  describe(`CSRF on every state-changing route, on ${engine}`, () => {
    let t: TestApp;
    let admin: StaffAgent;
    let reference: string;
    before(async () => {
      t = await buildTestApp(engine, { env: { SUBMIT_RATE_LIMIT: '1000', STEP_RATE_LIMIT: '1000', START_RATE_LIMIT: '1000' } });
      reference = (await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'apartment', places: 3, region_code: 'GR-M' }] })).reference;
      admin = await signInAs(t.app, t.ctx, 'administrator');
      // A draft too, so public routes would act on something if the token were not checked.
      const start = await admin.submit('/', {}, '/offers/new');
      assert.equal(start.statusCode, 303);
    });
    after(async () => t?.close());

    const fill = (pattern: string) =>
      pattern.replace(/:(\w+)/g, (_m, name: string) => (name === 'reference' ? reference : name === 'kind' ? 'accommodation' : name === 'id' && !pattern.startsWith('/staff') ? 'abcdef123456' : MISSING));

    const totals = async () => {
      const n = async (table: 'audit_events' | 'offers' | 'organisations') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { audit: await n('audit_events'), offers: await n('offers'), organisations: await n('organisations') };
    };

    test('a post without a token, or with another browser’s token, is refused with 403 and the page in the person’s language, and changes nothing', async () => {
      const routes = t.app.routeList.filter((r) => STATE_CHANGING.has(r.method));
      // Public, staff and every later part: the walk must find a good number of them.
      assert.ok(routes.length >= 20, `${routes.length} state-changing routes`);
      const stranger = new TestAgent(t.app);
      const strangersToken = csrfToken((await stranger.get('/')).body);
      const before = await totals();
      const refused: string[] = [];
      for (const r of routes) {
        const url = fill(r.url);
        for (const [label, fields] of [['no token', {}], ['another browser’s token', { _csrf: strangersToken }]] as const) {
          const res = await t.app.inject({
            method: r.method as 'POST',
            url: `${url}${url.includes('?') ? '&' : '?'}lang=en`,
            remoteAddress: admin.remoteAddress,
            headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams(fields).toString(),
          });
          if (res.statusCode !== 403 || !res.body.includes(escapeHtml(httpMessages.en.csrf_invalid_title))) refused.push(`${r.method} ${r.url} (${label}): ${res.statusCode}`);
        }
      }
      assert.deepEqual(refused, [], 'every state-changing route refuses a post without a valid token');
      assert.deepEqual(await totals(), before);
    });
  });

  describe(`rate limits on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { env: { START_RATE_LIMIT: '2', STEP_RATE_LIMIT: '3', SUBMIT_RATE_LIMIT: '2' } });
    });
    after(async () => t?.close());

    const assertRateLimited = (res: LightMyRequestResponse, lang: 'el' | 'en' | 'uk') => {
      assert.equal(res.statusCode, 429);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After says when to come back');
      assert.ok(res.body.includes(escapeHtml(httpMessages[lang].rate_limited_title)));
      assert.match(res.body, new RegExp(`<html lang="${lang}"`));
    };

    test('starting offers: the limit per address answers 429 with a page in the person’s language, other addresses go on', async () => {
      const agent = new TestAgent(t.app);
      const token = csrfToken((await agent.get('/?lang=uk')).body);
      assert.equal((await agent.post('/offers/new', { _csrf: token })).statusCode, 303);
      assert.equal((await agent.post('/offers/new', { _csrf: token })).statusCode, 303);
      assertRateLimited(await agent.post('/offers/new', { _csrf: token }), 'uk');
      const other = new TestAgent(t.app);
      assert.equal((await other.submit('/', {}, '/offers/new')).statusCode, 303);
    });

    test('saving pages and submitting have their own limits, each answering 429 with a page', async () => {
      const agent = new TestAgent(t.app);
      const token = csrfToken((await agent.get('/?lang=en')).body);
      await agent.post('/offers/new', { _csrf: token });
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await agent.post('/offers/new/organisation-kind', { _csrf: token, kind: 'ngo', registered_in_greece: 'yes' })).statusCode);
      assert.deepEqual(codes.slice(0, 3), [303, 303, 303]);
      assertRateLimited(await agent.post('/offers/new/organisation-kind', { _csrf: token, kind: 'ngo' }), 'en');
      const submits: number[] = [];
      for (let i = 0; i < 3; i++) submits.push((await agent.post('/offers/new/submit', { _csrf: token })).statusCode);
      assert.deepEqual(submits.slice(0, 2), [422, 422]);
      assert.equal(submits[2], 429);
    });

    test('staff sign-in: twenty attempts a minute per address, then 429 with a page', async () => {
      const agent = new TestAgent(t.app);
      const token = csrfToken((await agent.get('/staff/sign-in?lang=en')).body);
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) codes.push((await agent.post('/staff/sign-in', { _csrf: token, email: 'nobody@example.org', password: `wrong-${i}` })).statusCode);
      assert.ok(codes.slice(0, 20).every((c) => c !== 429), `first twenty not limited: ${codes.join(',')}`);
      assertRateLimited(await agent.post('/staff/sign-in', { _csrf: token, email: 'nobody@example.org', password: 'x' }), 'en');
    });
  });

  describe(`cookie flags on ${engine}`, () => {
    for (const production of [false, true]) {
      test(`draft, CSRF, language and staff session cookies are HttpOnly, SameSite=Lax, scoped by Path${production ? ', and Secure in production' : ', not Secure outside production'}`, async () => {
        const t = await buildTestApp(engine, { env: production ? { NODE_ENV: 'production', SESSION_SECRET: SECRET } : {} });
        try {
          const agent = new TestAgent(t.app);
          const home = await agent.get('/?lang=en');
          const started = await agent.post('/offers/new', { _csrf: csrfToken(home.body) });
          // The session cookie as the password step sets it (the second factor comes next).
          const member = await createStaffMember(t.ctx, 'administrator');
          const staff = new TestAgent(t.app);
          const signIn = await staff.get('/staff/sign-in');
          const again = await staff.post('/staff/sign-in', { _csrf: csrfToken(signIn.body), email: member.email, password: member.password });
          assert.equal(again.statusCode, 303);
          const found: Record<string, string | undefined> = {
            offer_draft: cookieNamed(started, 'offer_draft'),
            _csrf: cookieNamed(home, '_csrf') ?? cookieNamed(signIn, '_csrf'),
            lang: cookieNamed(home, 'lang'),
            staff_session: cookieNamed(again, 'staff_session'),
          };
          const paths: Record<string, string> = { offer_draft: '/', _csrf: '/', lang: '/', staff_session: '/staff' };
          for (const [name, cookie] of Object.entries(found)) {
            assert.ok(cookie, `${name} is set`);
            assert.match(cookie, /; HttpOnly/i, `${name} HttpOnly`);
            assert.match(cookie, /; SameSite=Lax/i, `${name} SameSite=Lax`);
            assert.ok(cookie.includes(`; Path=${paths[name]}`), `${name} Path=${paths[name]}: ${cookie}`);
            if (production) assert.match(cookie, /; Secure/i, `${name} Secure in production`);
            else assert.doesNotMatch(cookie, /; Secure/i, `${name} not Secure over plain HTTP on a laptop`);
          }
          // The draft cookie names a draft, never holds answers; the CSRF secret is signed.
          assert.match(found.offer_draft!, /^offer_draft=[A-Za-z0-9_-]{43};/);
          assert.match(found._csrf!, /^_csrf=[^;]+\.[^;]+;/);
        } finally {
          await t.close();
        }
      });
    }
  });
}
