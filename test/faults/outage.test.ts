// The database goes away in the middle of someone's offer and comes back. The person gets a
// 503 page in their language (not a stack trace, not a hang); what they had saved is still
// there afterwards; the running service recovers by itself; and /health/live and
// /health/ready tell a load balancer the truth throughout. Staged on a PostgreSQL 15 server of
// the test's own (private-postgres.ts), never on the shared one. The embedded database lives
// inside the service's process, so it has no outage of its own to test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { prepareDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { httpMessages } from '../../src/platform/http/http.messages.js';
import { verifyOffers } from '../../bench/launch-day/verify.js';
import { referenceOn } from '../../bench/launch-day/journey.js';
import { FormClient } from '../support/client.js';
import { consentFields, contactFields, kindFields, lineFields, loadFixtures, organisationFields } from '../support/fixtures.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

const diaspora = loadFixtures().find((f) => f.name === '06-diaspora-association-uk')!;
const today = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);

describe('a PostgreSQL outage while an offer is being filled in', () => {
  let server: PrivatePostgres;
  let database: Database;
  let app: FastifyInstance;
  before(async () => {
    server = await startPrivatePostgres('prosfero');
    database = await openDatabase({ engine: 'postgres', url: server.url('prosfero'), poolSize: 4 });
    await prepareDatabase(database);
    const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent' });
    app = await buildApp({ ctx: { db: database.db, engine: 'postgres', config, clock: { now: () => new Date() } } });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await database?.close();
    await server?.destroy();
  });

  test('503 in the person’s language while it is down, readiness says so, and the answers and the service are back when it returns', async () => {
    const client = new FormClient(app);
    await client.get('/?lang=uk');
    assert.equal((await client.post('/offers/new')).status, 303);
    await client.get('/offers/new/organisation-kind');
    assert.equal((await client.post('/offers/new/organisation-kind', kindFields(diaspora))).status, 303);
    assert.equal((await client.post('/offers/new/organisation', organisationFields(diaspora))).status, 303);

    const health = async () => ({
      live: (await app.inject({ method: 'GET', url: '/health/live' })).statusCode,
      ready: (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode,
    });
    assert.deepEqual(await health(), { live: 200, ready: 200 });

    await server.stop();

    // Alive (do not restart it) but not ready (send no traffic): what a load balancer must know.
    assert.deepEqual(await health(), { live: 200, ready: 503 });
    const t = httpMessages.uk;
    for (const attempt of [() => client.get('/offers/new/contact'), () => client.post('/offers/new/contact', contactFields(diaspora))]) {
      const page = await attempt();
      assert.equal(page.status, 503);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<html lang="uk"/);
      assert.ok(page.body.includes(t.service_unavailable_title), 'the 503 page is in Ukrainian');
      assert.ok(page.body.includes(t.service_unavailable_body));
      assert.doesNotMatch(page.body, /ECONNREFUSED|at [\w.]+ \(|node_modules/);
    }

    await server.start();

    // The same process, no restart: it is ready again as soon as the pool reconnects.
    const started = Date.now();
    while ((await health()).ready !== 200) {
      assert.ok(Date.now() - started < 15_000, 'ready again within 15 s of the database returning');
      await new Promise((r) => setTimeout(r, 100));
    }
    const organisation = await client.get('/offers/new/organisation');
    assert.equal(organisation.status, 200);
    assert.match(organisation.body, /value="801234560"/, 'the official details saved before the outage are still there');
    assert.ok(organisation.body.includes('Αχαρνών 250'));

    assert.equal((await client.post('/offers/new/contact', contactFields(diaspora))).status, 303);
    for (const line of diaspora.lines) assert.equal((await client.post(`/offers/new/lines/add/${line.kind}`, lineFields(line, today()))).status, 303);
    assert.equal((await client.post('/offers/new/consents', consentFields(diaspora))).status, 303);
    await client.get('/offers/new/check');
    const confirmation = await client.submit('/offers/new/submit');
    assert.equal(confirmation.status, 200);
    const reference = referenceOn(confirmation.body);
    const v = await verifyOffers(database.db, [{ reference, lines: diaspora.lines.length }]);
    assert.deepEqual(v, { offers: 1, lost: [], wrongLines: [], partial: [] });
  });
});
