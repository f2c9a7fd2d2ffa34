// Hostile input at every step of the public journey (fast-check): control characters, NUL, broken
// UTF-8 as raw bytes, lone surrogates, huge fields and bodies, markup, SQL, right-to-left and
// mixed scripts, wrong types, missing, unknown and repeated fields, hostile ids in the URL.
// Nothing may answer 5xx, nothing invalid may be stored, every reflected value comes back escaped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadGazetteer, type Gazetteer } from '../../src/modules/geography/index.js';
import { LINE_KINDS, todayInAthens, validateDraft, type DraftAnswers } from '../../src/modules/offers/index.js';
import {
  CONSENT_FIELDS,
  CONTACT_FIELDS,
  LINE_FIELDS,
  ORGANISATION_FIELDS,
  ORGANISATION_KIND_FIELDS,
  parseConsents,
  parseContact,
  parseLine,
  parseOrganisationKind,
} from '../../src/modules/offers/offers.schemas.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { FormClient } from '../support/client.js';
import { engines } from '../support/database.js';
import { contactFields, kindFields, lineFields, loadFixtures, organisationFields } from '../support/fixtures.js';
import { NASTY, RUNS, SEED, assertSafeAnswer, assertStoredStringsSafe, brokenUtf8, encodeBody, formBody, postForm } from './hostile.js';

const camp = loadFixtures()[0]!;
const today = () => new Date(`${todayInAthens(new Date())}T00:00:00Z`);
const LIMITS = { SUBMIT_RATE_LIMIT: '100000', STEP_RATE_LIMIT: '100000', START_RATE_LIMIT: '100000' };

for (const engine of engines()) {
  describe(`hostile input on the public journey, on ${engine}`, () => {
    let t: TestApp;
    let gazetteer: Gazetteer;
    let cookie: string;
    let csrf: string;
    let lineId: string;
    const sent = new Set<string>();

    before(async () => {
      t = await buildTestApp(engine, { env: LIMITS });
      gazetteer = await loadGazetteer(t.ctx.db);
      // A draft part-way through, with one line, so every step has something to act on.
      const client = new FormClient(t.app);
      await client.get('/');
      await client.post('/offers/new');
      await client.get('/offers/new/organisation-kind');
      for (const [url, fields] of [
        ['/offers/new/organisation-kind', kindFields(camp)],
        ['/offers/new/organisation', organisationFields(camp)],
        ['/offers/new/contact', contactFields(camp)],
        ['/offers/new/lines/add/accommodation', lineFields(camp.lines[0]!, today())],
      ] as const) {
        assert.equal((await client.post(url, fields)).status, 303, url);
      }
      cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      csrf = client.csrf!;
      const draft = await t.ctx.db.selectFrom('drafts').select('answers').executeTakeFirstOrThrow();
      lineId = (draft.answers as DraftAnswers).lines![0]!.id;
    });
    after(async () => t?.close());

    const steps = (): [string, readonly string[]][] => [
      ['/offers/new', []],
      ['/offers/new/organisation-kind', ORGANISATION_KIND_FIELDS],
      ['/offers/new/organisation', ORGANISATION_FIELDS],
      ['/offers/new/contact', CONTACT_FIELDS],
      ['/offers/new/lines/add', ['kind']],
      ...LINE_KINDS.map((k): [string, readonly string[]] => [`/offers/new/lines/add/${k}`, [...LINE_FIELDS[k], 'line_id']]),
      [`/offers/new/lines/${lineId}`, LINE_FIELDS.accommodation],
      ['/offers/new/lines', []],
      ['/offers/new/consents', CONSENT_FIELDS],
      ['/offers/new/submit', []],
    ];

    test('every step answers hostile posts without a 5xx and never reflects a value unescaped', async () => {
      for (const [url, fields] of steps()) {
        await fc.assert(
          fc.asyncProperty(formBody(fields), fc.option(brokenUtf8, { nil: undefined }), fc.constantFrom('', '?return=check', '?lang=uk', '?lang=%3Cscript%3E'), async (pairs, raw, query) => {
            for (const [, v] of pairs) sent.add(v);
            const res = await postForm(t.app, `${url}${query}`, cookie, encodeBody(pairs, csrf, raw));
            assertSafeAnswer(res, pairs, `POST ${url}${query}`);
            // Bad answers come back as the same page with 422 and an error summary, never as a crash.
            if (res.statusCode === 422) assert.match(res.body, /govgr-error-summary/);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    });

    test('hostile ids and parameters in the address answer 4xx or the page, never 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...NASTY, 'ffffffffffff', 'a'.repeat(300)), fc.constantFrom('GET', 'POST'), async (v, method) => {
          const id = encodeURIComponent(v.toWellFormed());
          for (const url of [`/offers/new/lines/${id}`, `/offers/new/lines/${id}/remove`, `/offers/new/lines/add/${id}`, `/offers/new/lines?removed=${id}`, `/?lang=${id}`, `/offers/new/organisation?return=${id}`]) {
            const res = await t.app.inject({
              method: method as 'GET',
              url,
              headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
              ...(method === 'POST' ? { payload: encodeBody([], csrf) } : {}),
            });
            assertSafeAnswer(res, [['id', v]], `${method} ${url}`);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });

    test('wrong content types, wrong JSON types and huge bodies get 4xx pages, never 5xx', async () => {
      const cases: [string, string | Buffer, number[]][] = [
        ['application/json', JSON.stringify({ _csrf: csrf, kind: { $ne: 1 }, registered_in_greece: ['yes', { a: 1 }], legal_name: null, places: 3 }), [303, 400, 403, 415, 422]],
        ['application/json', '{"kind": "ngo", ', [400, 403, 415]],
        ['application/json', JSON.stringify([1, 2, 3]), [303, 400, 403, 415, 422]],
        ['text/plain', 'kind=ngo', [403, 415]],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nngo\r\n--x--', [403, 415, 400, 422]],
        ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', [403, 415]],
        ['application/x-www-form-urlencoded', Buffer.concat([Buffer.from(`_csrf=${encodeURIComponent(csrf)}&kind=`), Buffer.alloc(300 * 1024, 0x41)]), [413]],
        ['application/x-www-form-urlencoded', Buffer.alloc(2 * 1024 * 1024, 0x61), [413]],
        ['application/x-www-form-urlencoded; charset=iso-8859-7', Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3d, 0xe1, 0xe2]), [403, 415, 422, 400]],
      ];
      for (const [contentType, payload, allowed] of cases) {
        const res = await postForm(t.app, '/offers/new/organisation-kind', cookie, Buffer.from(payload), undefined, contentType);
        assert.ok(allowed.includes(res.statusCode), `${contentType} (${payload.length} bytes) answered ${res.statusCode}`);
        assertSafeAnswer(res, [], `POST ${contentType}`);
        assert.match(String(res.headers['content-type']), /text\/html|^$/);
      }
      // A body with no content type at all.
      const bare = await t.app.inject({ method: 'POST', url: '/offers/new/contact', headers: { cookie }, payload: 'contact_name=x' });
      assert.ok(bare.statusCode >= 400 && bare.statusCode < 500, `no content type answered ${bare.statusCode}`);
    });

    test('every page shows what it refused escaped, and the database holds only bounded, well-formed, valid answers', async () => {
      for (const url of ['/offers/new/organisation-kind', '/offers/new/organisation', '/offers/new/contact', '/offers/new/lines', `/offers/new/lines/${lineId}`, '/offers/new/consents', '/offers/new/check', ...LINE_KINDS.map((k) => `/offers/new/lines/add/${k}`)]) {
        for (const lang of ['el', 'en', 'uk']) {
          const res = await t.app.inject({ method: 'GET', url: `${url}?lang=${lang}`, headers: { cookie } });
          assertSafeAnswer(res, [...sent].map((v) => ['v', v] as [string, string]), `GET ${url}`);
        }
      }
      const todayIso = todayInAthens(new Date());
      const drafts = await t.ctx.db.selectFrom('drafts').select(['token_hash', 'answers']).execute();
      assert.ok(drafts.length >= 1);
      for (const d of drafts) {
        const a = d.answers as DraftAnswers;
        assertStoredStringsSafe(a, `draft ${d.token_hash.slice(0, 8)}`);
        // Saved sections passed their step's rules; only `pending` (refused answers kept for
        // the page) may hold invalid ones.
        if (a.organisation_kind) assert.ok(parseOrganisationKind(a.organisation_kind).ok, 'a saved organisation kind is valid');
        if (a.contact) assert.ok(parseContact(a.contact).ok, 'a saved contact is valid');
        if (a.consents) assert.ok(parseConsents(a.consents).ok, 'saved consents are valid');
        for (const line of a.lines ?? []) {
          assert.ok(LINE_KINDS.includes(line.kind), 'a saved line has a known kind');
          assert.ok(parseLine(line.kind, line.answers, todayIso, gazetteer).ok, 'a saved line is valid');
        }
      }
      // Any offer that came out of all this passed the whole validation and is complete.
      const versions = await t.ctx.db.selectFrom('offer_answer_versions').select(['answers']).execute();
      for (const v of versions) assert.ok(validateDraft(v.answers as DraftAnswers, todayIso, gazetteer).ok, 'a stored offer is a valid offer');
      const orgs = await t.ctx.db.selectFrom('organisations').selectAll().execute();
      for (const o of orgs) assertStoredStringsSafe(o, 'organisation', 10_000);
    });
  });
}
