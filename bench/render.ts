// Server-side render time of each page of the offer form, measured through app.inject (routing,
// draft load from the embedded database, rendering; no network). Prints the median per page.
// Run: npm run bench:render
import { performance } from 'node:perf_hooks';
import { todayInAthens } from '../src/modules/offers/index.js';
import { buildTestApp } from '../test/support/app.js';
import { FormClient } from '../test/support/client.js';
import { contactFields, kindFields, lineFields, loadFixtures, organisationFields, consentFields } from '../test/support/fixtures.js';

const ROUNDS = 300;
const t = await buildTestApp('pglite');
const [camp] = loadFixtures();
const today = new Date(`${todayInAthens(new Date())}T00:00:00Z`);
const client = new FormClient(t.app);
await client.get('/');
await client.post('/offers/new');
await client.post('/offers/new/organisation-kind', kindFields(camp!));
await client.post('/offers/new/organisation', organisationFields(camp!));
await client.post('/offers/new/contact', contactFields(camp!));
for (const l of camp!.lines) await client.post(`/offers/new/lines/add/${l.kind}`, lineFields(l, today));
await client.post('/offers/new/consents', consentFields(camp!));

const pages = [
  '/',
  '/offers/new/organisation-kind',
  '/offers/new/organisation',
  '/offers/new/contact',
  '/offers/new/lines',
  '/offers/new/lines/add/accommodation',
  '/offers/new/lines/1',
  '/offers/new/consents',
  '/offers/new/check',
];
const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const medians: number[] = [];
console.log(`median of ${ROUNDS} renders per page (app.inject, embedded database):`);
for (const url of pages) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ROUNDS + 20; i++) {
    const start = performance.now();
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    const took = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    bytes = res.body.length;
    if (i >= 20) times.push(took); // the first renders warm the JIT
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  medians.push(median);
  console.log(`  ${url.padEnd(40)} ${median.toFixed(2)} ms   ${(bytes / 1024).toFixed(1)} KB`);
}
medians.sort((a, b) => a - b);
console.log(`median over the form's pages: ${medians[Math.floor(medians.length / 2)]!.toFixed(2)} ms`);
await t.close();
