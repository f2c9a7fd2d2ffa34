import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { FormClient } from '../support/client.js';
import { engines } from '../support/database.js';
import { contactFields, kindFields, loadFixtures, organisationFields } from '../support/fixtures.js';

const fixtures = loadFixtures();
const camp = fixtures[0]!;

async function startDraft(client: FormClient, lang = 'el') {
  await client.get(`/?lang=${lang}`);
  await client.post('/offers/new');
  await client.get('/offers/new/organisation-kind');
}

const count = async (t: TestApp, table: 'offers' | 'organisations' | 'drafts') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const engine of engines()) {
  describe(`the journey's forms on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { env: { SUBMIT_RATE_LIMIT: '3' } });
    });
    after(async () => t?.close());

    test('an empty organisation page comes back with 422, a summary linking to each field, and messages beside the fields', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      const page = await client.post('/offers/new/organisation', {});
      assert.equal(page.status, 422);
      assert.match(page.body, /<title>Σφάλμα: Στοιχεία του φορέα/);
      for (const field of ['legal_name', 'tax_id', 'street', 'postcode', 'city', 'region']) {
        assert.match(page.body, new RegExp(`<a class="govgr-link" href="#${field}">`), `summary links to ${field}`);
        assert.match(page.body, new RegExp(`id="${field}-error"`), `message beside ${field}`);
      }
      assert.match(page.body, /Γράψτε την επίσημη επωνυμία/);
    });

    test('an invalid answer keeps every answer typed, in any script, escaped', async () => {
      const client = new FormClient(t.app);
      await startDraft(client, 'uk');
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      const fields = { ...organisationFields(camp), tax_id: '997654321', street: 'Вулиця "Шевченка" <b>5</b>' };
      const page = await client.post('/offers/new/organisation', fields);
      assert.equal(page.status, 422);
      assert.match(page.body, /<html lang="uk"/);
      assert.match(page.body, /value="997654321"/);
      assert.match(page.body, /value="Δήμος Αρχανών-Αστερουσίων"/);
      // inside a quoted attribute only the quote and & can break out: the quote comes back escaped
      assert.ok(page.body.includes('value="Вулиця &#34;Шевченка&#34; <b>5</b>"'));
      assert.match(page.body, /id="tax_id-error"/);
    });

    test('switching language on any page keeps the saved answers and changes lang, title and messages', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      await client.post('/offers/new/organisation', organisationFields(camp));
      const el = await client.get('/offers/new/organisation');
      assert.match(el.body, /<html lang="el"/);
      const en = await client.get('/offers/new/organisation?lang=en');
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /<title>Organisation details – I want to offer help<\/title>/);
      assert.match(en.body, /value="997654320"/);
      const uk = await client.get('/offers/new/organisation?lang=uk');
      assert.match(uk.body, /<title>Дані організації/);
      assert.match(uk.body, /value="Πλατεία Ελευθερίας 1"/);
      // the choice sticks for the next page, without the query
      const next = await client.get('/offers/new/contact');
      assert.match(next.body, /<html lang="uk"/);
      const invalid = await client.post('/offers/new/contact', { ...contactFields(camp), phone: '12' });
      assert.match(invalid.body, /Введіть номер телефону|номер телефону/);
    });

    test('a foreign organisation is asked for its country and VAT number, not an ΑΦΜ or a Greek region', async () => {
      const client = new FormClient(t.app);
      await startDraft(client, 'en');
      await client.post('/offers/new/organisation-kind', { kind: 'international_organisation', registered_in_greece: 'no' });
      const page = await client.get('/offers/new/organisation');
      assert.match(page.body, /name="country"/);
      assert.match(page.body, /VAT or registration number/);
      assert.doesNotMatch(page.body, /name="region"/);
      assert.match(page.body, /<option value="CH">Switzerland<\/option>/);
    });

    test('an individual is not asked for a legal representative, a trading name or a website', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      await client.post('/offers/new/organisation-kind', { kind: 'individual', registered_in_greece: 'yes' });
      const page = await client.get('/offers/new/organisation');
      assert.doesNotMatch(page.body, /name="legal_representative"/);
      assert.doesNotMatch(page.body, /name="website"/);
      assert.doesNotMatch(page.body, /name="distinctive_title"/);
      assert.match(page.body, /Ονοματεπώνυμο/);
    });

    test('a municipality outside the chosen region is refused', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      const page = await client.post('/offers/new/organisation', { ...organisationFields(camp), municipality: '4501' });
      assert.equal(page.status, 422);
      assert.match(page.body, /δεν ανήκει σε αυτή την περιφέρεια/);
    });

    test('a POST without a CSRF token gets a readable 403 page in the person’s language and saves nothing', async () => {
      const client = new FormClient(t.app);
      await startDraft(client, 'en');
      const res = await t.app.inject({
        method: 'POST',
        url: '/offers/new/organisation-kind',
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'kind=ngo&registered_in_greece=yes',
      });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /This form has expired/);
      const page = await client.get('/offers/new/organisation-kind');
      assert.doesNotMatch(page.body, /value="ngo" checked/);
    });

    test('a forged CSRF token is refused too', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      const res = await client.post('/offers/new/organisation-kind', { ...kindFields(camp), _csrf: 'forged-token' });
      assert.equal(res.status, 403);
      assert.match(res.body, /Η φόρμα έληξε/);
    });

    test('input that can never be valid gets a 4xx, never a 500, and nothing is stored', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      const offers = await count(t, 'offers');
      const nul = await client.post('/offers/new/organisation', { ...organisationFields(camp), legal_name: 'Δήμος\u0000' });
      assert.equal(nul.status, 422);
      const surrogate = await client.post('/offers/new/organisation', { ...organisationFields(camp), city: '\uD800Αρχάνες' });
      assert.equal(surrogate.status, 422);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const broken = await t.app.inject({
        method: 'POST',
        url: '/offers/new/organisation',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(client.csrf!)}&legal_name=%FF%FE&street=%C3`,
      });
      assert.ok(broken.statusCode >= 400 && broken.statusCode < 500, `broken UTF-8 answered ${broken.statusCode}`);
      const huge = await t.app.inject({
        method: 'POST',
        url: '/offers/new/organisation',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(client.csrf!)}&legal_name=${'Α'.repeat(200_000)}`,
      });
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /Η φόρμα είναι πολύ μεγάλη/);
      const json = await t.app.inject({
        method: 'POST',
        url: '/offers/new/organisation',
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ _csrf: client.csrf, legal_name: ['a', 'b'], street: { $gt: '' } }),
      });
      assert.ok(json.statusCode >= 400 && json.statusCode < 500, `JSON answered ${json.statusCode}`);
      const repeated = await client.post('/offers/new/organisation', { ...organisationFields(camp), legal_name: ['Α', 'Β'] });
      assert.equal(repeated.status, 422);
      const text = await t.app.inject({ method: 'POST', url: '/offers/new/organisation', headers: { cookie, 'content-type': 'text/plain' }, payload: 'x' });
      assert.ok(text.statusCode >= 400 && text.statusCode < 500, `text/plain answered ${text.statusCode}`);
      assert.equal(await count(t, 'offers'), offers);
      const saved = await client.get('/offers/new/check');
      assert.doesNotMatch(saved.body, /Δήμος\u0000|\uD800/);
    });

    test('unknown line numbers and kinds answer 404, not 500', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      assert.equal((await client.get('/offers/new/lines/7')).status, 404);
      assert.equal((await client.get('/offers/new/lines/add/weapons')).status, 404);
      assert.equal((await client.get('/offers/new/lines/-1')).status, 404);
    });

    test('offer lines can be added, changed and removed before submitting', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      const money = { amount: '1.000,50', currency: 'eur', frequency: 'monthly', purpose: 'Ενοίκια' };
      assert.equal((await client.post('/offers/new/lines/add/money', money)).status, 303);
      assert.equal((await client.post('/offers/new/lines/add/money', { ...money, amount: '20' })).status, 303);
      let page = await client.get('/offers/new/lines');
      assert.match(page.body, /1\.000,50\s€/, 'the amount as understood, in the page language');
      const ids = [...page.body.matchAll(/action="\/offers\/new\/lines\/([a-z0-9]+)\/remove"/g)].map((m) => m[1]!);
      assert.equal(ids.length, 2);
      assert.equal((await client.post(`/offers/new/lines/${ids[0]}`, { ...money, amount: '5,000.00' })).status, 303);
      page = await client.get('/offers/new/lines');
      assert.match(page.body, /5\.000,00\s€/);
      assert.equal((await client.post(`/offers/new/lines/${ids[1]}/remove`)).status, 303);
      page = await client.get('/offers/new/lines?removed=1');
      assert.match(page.body, /Η βοήθεια αφαιρέθηκε/);
      assert.doesNotMatch(page.body, /Προσφορά 2/);
      const bad = await client.post('/offers/new/lines/add/money', { ...money, amount: '12,345' + '.678' });
      assert.equal(bad.status, 422);
    });

    test('a double click on «add» saves the line once, and on «remove» removes one line', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      const form = await client.get('/offers/new/lines/add/money');
      const lineId = /name="line_id" value="([a-z0-9]+)"/.exec(form.body)![1]!;
      const money = { amount: '8', currency: 'EUR', frequency: 'one_off', line_id: lineId };
      assert.equal((await client.post('/offers/new/lines/add/money', money)).status, 303);
      assert.equal((await client.post('/offers/new/lines/add/money', money)).status, 303);
      await client.post('/offers/new/lines/add/money', { ...money, amount: '9', line_id: undefined });
      let page = await client.get('/offers/new/lines');
      assert.equal([...page.body.matchAll(/\/remove"/g)].length, 2);
      assert.equal((await client.post(`/offers/new/lines/${lineId}/remove`)).status, 303);
      assert.equal((await client.post(`/offers/new/lines/${lineId}/remove`)).status, 303);
      page = await client.get('/offers/new/lines');
      assert.equal([...page.body.matchAll(/\/remove"/g)].length, 1, 'the second click removed nothing more');
      assert.match(page.body, /9,00\s€/);
      assert.equal((await client.get('/offers/new/lines/1e0')).status, 404);
    });

    test('refused answers survive a language switch of the same page', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      const refused = await client.post('/offers/new/organisation', { ...organisationFields(camp), postcode: '1' });
      assert.equal(refused.status, 422);
      const en = await client.get('/offers/new/organisation?lang=en');
      assert.equal(en.status, 200);
      assert.match(en.body, /value="Δήμος Αρχανών-Αστερουσίων"/);
      assert.match(en.body, /value="1"/);
      assert.match(en.body, /id="postcode-error"/);
      await client.post('/offers/new/organisation', organisationFields(camp));
      const after = await client.get('/offers/new/organisation');
      assert.doesNotMatch(after.body, /postcode-error/, 'a saved page forgets what was refused');
    });

    test('many saves at the same instant all keep their answers', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/offers/new/lines/add/money',
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ _csrf: client.csrf!, amount: String(i + 1), currency: 'EUR', frequency: 'one_off' }).toString(),
          }),
        ),
      );
      const page = await client.get('/offers/new/lines');
      assert.equal([...page.body.matchAll(/\/remove"/g)].length, 12);
    });

    test('the start page offers to continue answers in progress', async () => {
      const client = new FormClient(t.app);
      await startDraft(client, 'en');
      assert.doesNotMatch((await client.get('/')).body, /Continue the offer you started/, 'nothing answered yet');
      await client.post('/offers/new/organisation-kind', kindFields(camp));
      const start = await client.get('/');
      assert.match(start.body, /href="\/offers\/new\/check"/);
      assert.match(start.body, /Continue the offer you started/);
      const early = await client.get('/offers/new/confirmation');
      assert.equal(early.status, 303, 'an unsubmitted draft is not expired');
      assert.equal(early.headers.location, '/offers/new/check');
    });

    test('continuing without any offer line is refused with a link to add one', async () => {
      const client = new FormClient(t.app);
      await startDraft(client);
      const page = await client.post('/offers/new/lines');
      assert.equal(page.status, 422);
      assert.match(page.body, /href="\/offers\/new\/lines\/add"/);
    });

    test('the submit route is rate-limited per client with a readable 429 page', async () => {
      const client = new FormClient(t.app, { 'x-forwarded-for': '198.51.100.7' });
      await startDraft(client, 'en');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await client.post('/offers/new/submit')).status);
      assert.deepEqual(statuses.slice(0, 3), [422, 422, 422]);
      assert.equal(statuses[4], 429);
      assert.match(client.last!.body, /Too many attempts/);
    });

    test('pages carry security headers and a Content-Security-Policy that allows no inline script', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/' });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.doesNotMatch(res.body, /<script/);
    });

    test('pages and stylesheets go out compressed to a client that accepts it, and plain to one that does not', async () => {
      const plain = await t.app.inject({ method: 'GET', url: '/?lang=uk' });
      for (const encoding of ['br', 'gzip'] as const) {
        const res = await t.app.inject({ method: 'GET', url: '/?lang=uk', headers: { 'accept-encoding': encoding } });
        assert.equal(res.headers['content-encoding'], encoding);
        const body = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : gunzipSync(res.rawPayload);
        // The same page but for its fresh CSRF token.
        const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/, '');
        assert.equal(withoutToken(body.toString('utf8')), withoutToken(plain.body));
        assert.ok(res.rawPayload.length < plain.rawPayload.length / 2, `${encoding}: ${res.rawPayload.length} of ${plain.rawPayload.length} bytes`);
      }
      assert.equal(plain.headers['content-encoding'], undefined);
      const css = await t.app.inject({ method: 'GET', url: '/assets/css/digigov.css', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers['content-encoding'], 'gzip');
      assert.match(gunzipSync(css.rawPayload).toString('utf8'), /govgr-/);
    });

    test('the start page names who can offer, the four kinds of help, what happens next and the contact points', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/?lang=en' });
      assert.equal(res.statusCode, 200);
      for (const text of ['Who can offer', 'Accommodation', 'Services', 'Essential items', 'A sum of money', 'What happens after you submit', 'Privacy notice', 'Viber']) {
        assert.ok(res.body.includes(text), text);
      }
      assert.ok(res.body.includes(t.ctx.config.contact.email));
      assert.ok(res.body.includes(t.ctx.config.contact.phones[0]!));
    });

    test('health and readiness report the truth', async () => {
      assert.equal((await t.app.inject({ url: '/health/live' })).statusCode, 200);
      const ready = await t.app.inject({ url: '/health/ready' });
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().database, engine);
    });

    test('a URL with broken percent-encoding gets the HTML 400 page, not a framework message', async () => {
      for (const url of ['/%ZZ', '/%c0', '/assets/%c0%ae%c0%ae/package.json']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 400, url);
        assert.match(String(res.headers['content-type']), /text\/html/);
        assert.doesNotMatch(res.body, /FST_ERR/);
      }
    });

    test('a page that does not exist answers 404 in the person’s language', async () => {
      const res = await t.app.inject({ url: '/nowhere?lang=uk' });
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Сторінку не знайдено/);
    });
  });
}
