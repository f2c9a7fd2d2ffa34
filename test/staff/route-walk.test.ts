// Walks every staff route for every role and for an anonymous visitor, and asserts exactly who
// is let in (HOUSE-STYLE.md rule 7: enforced on the server for every route). A new staff route
// fails the first test until it is added to the matrix below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StaffRole } from '../../src/modules/accounts/index.js';
import { formatReference } from '../../src/modules/offers/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { TestAgent, csrfToken } from '../support/agent.js';
import { engines } from '../support/database.js';
import { insertOffer } from '../support/factories.js';
import { signInAs, type StaffAgent } from '../support/staff.js';

const ROLES: StaffRole[] = ['administrator', 'coordinator', 'regional_coordinator', 'viewer'];
const ALL = ROLES;
const CASEWORKERS: StaffRole[] = ['administrator', 'coordinator', 'regional_coordinator'];
const ADMIN: StaffRole[] = ['administrator'];
/** offers.import: bulk import creates offers for the whole country. */
const IMPORTERS: StaffRole[] = ['administrator', 'coordinator'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/** Route → the roles allowed. Sign-in flow pages (sign-in, password, TOTP, sign-out) are checked apart. */
const MATRIX: Record<string, StaffRole[]> = {
  'GET /staff': ALL,
  'GET /staff/offers': ALL,
  'GET /staff/offers/:reference': ALL,
  'POST /staff/offers/:reference/status': CASEWORKERS,
  'POST /staff/offers/:reference/contact-attempts': CASEWORKERS,
  'POST /staff/offers/:reference/notes': CASEWORKERS,
  'POST /staff/offers/:reference/duplicates/search': CASEWORKERS,
  'POST /staff/offers/:reference/duplicates/:candidateId/confirm': CASEWORKERS,
  'POST /staff/offers/:reference/duplicates/:candidateId/dismiss': CASEWORKERS,
  'GET /staff/accounts': ADMIN,
  'GET /staff/accounts/new': ADMIN,
  'POST /staff/accounts': ADMIN,
  'GET /staff/accounts/:id': ADMIN,
  'POST /staff/accounts/:id': ADMIN,
  'POST /staff/accounts/:id/disable': ADMIN,
  'POST /staff/accounts/:id/enable': ADMIN,
  'POST /staff/accounts/:id/reset-sign-in': ADMIN,
  'GET /staff/audit': ADMIN,
  // availability checks (issue 4): automatic expiry of unconfirmed offers is the administrator's setting
  'GET /staff/settings': ADMIN,
  'POST /staff/settings': ADMIN,
  'GET /staff/imports': IMPORTERS,
  'POST /staff/imports': IMPORTERS,
  'GET /staff/imports/template/:name': IMPORTERS,
  'GET /staff/imports/:id': IMPORTERS,
  'POST /staff/imports/:id/import': IMPORTERS,
  'POST /staff/imports/:id/discard': IMPORTERS,
  'GET /staff/dashboard': ALL,
  'GET /staff/offers/export': ALL,
  'POST /staff/exports': ALL,
  'GET /staff/exports/:id': ALL,
  'GET /staff/exports/:id/download': ALL,
  // needs, matching and allocation (issue 6): needs.view for all, needs.manage and allocations.manage for caseworkers
  'GET /staff/needs': ALL,
  'GET /staff/needs/new': CASEWORKERS,
  'POST /staff/needs': CASEWORKERS,
  'GET /staff/needs/:reference': ALL,
  'GET /staff/needs/:reference/edit': CASEWORKERS,
  'POST /staff/needs/:reference': CASEWORKERS,
  'POST /staff/needs/:reference/close': CASEWORKERS,
  'POST /staff/needs/:reference/reopen': CASEWORKERS,
  'POST /staff/needs/:reference/allocations': CASEWORKERS,
  'POST /staff/needs/:reference/allocations/:allocationId/release': CASEWORKERS,
  'GET /staff/offers/:reference/lines/:position/needs': ALL,
};
const SIGN_IN_FLOW = [
  'GET /staff/sign-in', 'POST /staff/sign-in', 'POST /staff/sign-out', 'GET /staff/password', 'POST /staff/password',
  'GET /staff/totp', 'POST /staff/totp', 'GET /staff/totp/enrol', 'POST /staff/totp/enrol',
];

for (const engine of engines()) {
  describe(`who may use each staff route, on ${engine}`, () => {
    let t: TestApp;
    let reference: string;
    let outOfScope: string;
    let accountId: string;
    const agents = new Map<StaffRole, StaffAgent>();
    const tokens = new Map<StaffRole, string>();

    before(async () => {
      t = await buildTestApp(engine);
      reference = (await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'apartment', places: 3, region_code: 'GR-M' }] })).reference;
      outOfScope = (await insertOffer(t.ctx.db, { lines: [{ kind: 'accommodation', category: 'hotel', places: 9, region_code: 'GR-I' }] })).reference;
      for (const role of ROLES) {
        const agent = await signInAs(t.app, t.ctx, role, role === 'regional_coordinator' ? { regions: ['GR-M'] } : {});
        agents.set(role, agent);
        tokens.set(role, csrfToken((await agent.get('/staff/offers')).body));
      }
      accountId = agents.get('viewer')!.account.id;
    });
    after(async () => t?.close());

    const fill = (pattern: string, forGet: boolean, ref = reference) =>
      pattern
        .replace(':reference', ref)
        // GETs open a real account; POSTs name none, so walking them changes nothing
        .replace(':id', forGet ? accountId : MISSING)
        .replace(':candidateId', MISSING)
        .replace(':allocationId', MISSING)
        .replace(':position', '1');

    test('the matrix names every staff route the app serves', () => {
      const served = t.app.routeList.filter((r) => r.url.startsWith('/staff')).map((r) => `${r.method} ${r.url}`).sort();
      assert.deepEqual(served, [...Object.keys(MATRIX), ...SIGN_IN_FLOW].sort());
    });

    test('an anonymous visitor is sent to sign in from every staff route', async () => {
      const anonymous = new TestAgent(t.app);
      const token = csrfToken((await anonymous.get('/staff/sign-in')).body);
      for (const route of Object.keys(MATRIX)) {
        const [method, pattern] = route.split(' ') as ['GET' | 'POST', string];
        const url = fill(pattern, method === 'GET');
        const res = method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, { _csrf: token });
        assert.ok([302, 303].includes(res.statusCode), `${route} answered ${res.statusCode}`);
        assert.equal(res.headers.location, '/staff/sign-in', route);
      }
      assert.equal((await anonymous.get('/staff/sign-in')).statusCode, 200);
      for (const url of ['/staff/password', '/staff/totp', '/staff/totp/enrol']) {
        assert.equal((await anonymous.get(url)).headers.location, '/staff/sign-in', url);
      }
    });

    test('a POST without its CSRF token is refused on every staff route, whoever sends it', async () => {
      const admin = agents.get('administrator')!;
      for (const route of Object.keys(MATRIX).filter((r) => r.startsWith('POST'))) {
        const res = await admin.post(fill(route.split(' ')[1]!, false), {});
        assert.equal(res.statusCode, 403, route);
      }
    });

    for (const role of ROLES) {
      test(`${role === 'administrator' ? 'an' : 'a'} ${role.replace('_', ' ')} is let in exactly where the policy allows`, async () => {
        const agent = agents.get(role)!;
        const refused: string[] = [];
        const admitted: string[] = [];
        for (const [route, allowed] of Object.entries(MATRIX)) {
          const [method, pattern] = route.split(' ') as ['GET' | 'POST', string];
          const url = fill(pattern, method === 'GET');
          const res = method === 'GET' ? await agent.get(url) : await agent.post(url, { _csrf: tokens.get(role)! });
          assert.ok(res.statusCode < 500, `${route} answered ${res.statusCode}`);
          assert.notEqual(res.headers.location, '/staff/sign-in', `${route} lost the session`);
          (res.statusCode === 403 ? refused : admitted).push(route);
        }
        assert.deepEqual(admitted, Object.keys(MATRIX).filter((r) => MATRIX[r]!.includes(role)));
        assert.deepEqual(refused, Object.keys(MATRIX).filter((r) => !MATRIX[r]!.includes(role)));
      });
    }

    test('a regional coordinator gets 404 for an offer outside their regions, on the page and every action', async () => {
      const agent = agents.get('regional_coordinator')!;
      for (const route of Object.keys(MATRIX).filter((r) => r.includes(':reference'))) {
        const [method, pattern] = route.split(' ') as ['GET' | 'POST', string];
        const url = fill(pattern, method === 'GET', outOfScope);
        const res = method === 'GET' ? await agent.get(url) : await agent.post(url, { _csrf: tokens.get('regional_coordinator')! });
        assert.equal(res.statusCode, 404, route);
      }
      const list = await agent.get('/staff/offers');
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(outOfScope) && !list.body.includes(formatReference(outOfScope)), 'the list does not show it either');
      assert.ok(list.body.includes(reference) || list.body.includes(formatReference(reference)), 'while it shows the one in scope');
    });
  });
}
