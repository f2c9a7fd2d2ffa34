// The emails offerors receive, end to end on both engines: submitted through the real journey or
// caused by real status changes, delivered by the outbox worker to a real SMTP server on loopback,
// read back decoded — in Greek, English and Ukrainian. Also the bounce seen on the staff offer
// page, the development mailbox, and the email-confirmation link (valid, reused, expired).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Lang } from '../../platform/i18n/index.js';
import { createOutboxWorker, mailboxTransport, smtpTransport, type OutboxWorker } from '../../platform/mail/index.js';
import { changeOfferStatus, formatReference, type OfferEvent } from '../offers/index.js';
import { buildTestApp, testClock, type TestApp } from '../../../test/support/app.js';
import { engines } from '../../../test/support/database.js';
import { insertOffer } from '../../../test/support/factories.js';
import { FormClient } from '../../../test/support/client.js';
import { completeJourney, loadFixtures } from '../../../test/support/fixtures.js';
import { startSmtpServer, type ReceivedEmail, type TestSmtpServer } from '../../../test/support/smtp.js';
import { signInAs } from '../../../test/support/staff.js';
import { queueAllocationEmail, recordBounce } from './index.js';

const LANGS: Lang[] = ['el', 'en', 'uk'];

// The words each email must carry, per language (notifications.messages.ts, written out here so a
// broken catalogue fails the test).
const WORDS: Record<string, Record<Lang, string[]>> = {
  offer_submitted: {
    el: ['Λάβαμε την προσφορά σας', 'Αριθμός αναφοράς', 'Τι προσφέρατε:', 'Επιβεβαίωση της διεύθυνσης email', 'Διαχείριση της προσφοράς μου'],
    en: ['We have received your offer', 'Reference number', 'What you offered:', 'Confirm my email address', 'Manage my offer'],
    uk: ['Ми отримали вашу пропозицію', 'Номер пропозиції', 'Що ви запропонували:', 'Підтвердити мою адресу електронної пошти', 'Керувати моєю пропозицією'],
  },
  verify: {
    el: ['Η προσφορά σας επαληθεύτηκε', 'Διαχείριση της προσφοράς μου'],
    en: ['Your offer has been verified', 'Manage my offer'],
    uk: ['Вашу пропозицію перевірено', 'Керувати моєю пропозицією'],
  },
  reject: {
    el: ['Η προσφορά σας δεν έγινε δεκτή', 'Αιτιολογία: Δεν βρέθηκε ο χώρος', 'Διαχείριση της προσφοράς μου'],
    en: ['Your offer was not accepted', 'Reason: Δεν βρέθηκε ο χώρος', 'Manage my offer'],
    uk: ['Вашу пропозицію не прийнято', 'Причина: Δεν βρέθηκε ο χώρος', 'Керувати моєю пропозицією'],
  },
  mark_duplicate: {
    el: ['Η προσφορά σας είναι διπλότυπη', 'Αριθμός αναφοράς της προσφοράς που ισχύει'],
    en: ['Your offer is a duplicate', 'Reference number of the offer that stands'],
    uk: ['Ваша пропозиція є дублікатом', 'Номер чинної пропозиції'],
  },
  expire: {
    el: ['Η προσφορά σας έληξε'],
    en: ['Your offer has expired'],
    uk: ['Термін дії вашої пропозиції закінчився'],
  },
  withdraw: {
    el: ['Η προσφορά σας αποσύρθηκε', 'Αιτιολογία: Βρήκαμε ενοικιαστή'],
    en: ['Your offer has been withdrawn', 'Reason: Βρήκαμε ενοικιαστή'],
    uk: ['Вашу пропозицію відкликано', 'Причина: Βρήκαμε ενοικιαστή'],
  },
  allocation: {
    el: ['Η προσφορά σας διατέθηκε', 'Ανάγκη: 4 θέσεις για οικογένειες στα Χανιά', 'Στέγαση'],
    en: ['Your offer has been allocated', 'Need: 4 θέσεις για οικογένειες στα Χανιά', 'Accommodation'],
    uk: ['Вашу пропозицію спрямовано на потребу', 'Потреба: 4 θέσεις για οικογένειες στα Χανιά', 'Житло'],
  },
};

function escape(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Subject, text and HTML carry the reference; text and HTML carry every expected phrase. */
function assertEmail(got: ReceivedEmail, reference: string, lang: Lang, words: string[]) {
  const ref = formatReference(reference);
  assert.ok(got.subject.includes(ref), `subject "${got.subject}" has ${ref}`);
  assert.ok(got.subject.includes(words[0]!), `subject "${got.subject}" has "${words[0]}"`);
  assert.ok(got.text.includes(ref), 'text has the reference');
  assert.ok(got.html.includes(ref), 'HTML has the reference');
  assert.match(got.html, new RegExp(`<html lang="${lang}">`));
  for (const w of words) {
    assert.ok(got.text.includes(w), `text (${lang}) has "${w}":\n${got.text}`);
    assert.ok(got.html.includes(escape(w)), `HTML (${lang}) has "${w}"`);
  }
}

for (const engine of engines()) {
  describe(`emails to offerors on ${engine}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let worker: OutboxWorker;
    const clock = testClock();
    before(async () => {
      smtp = await startSmtpServer();
      t = await buildTestApp(engine, { clock, env: { SMTP_URL: smtp.url, SUBMIT_RATE_LIMIT: '1000', START_RATE_LIMIT: '1000' } });
      worker = createOutboxWorker({ db: t.ctx.db, transport: smtpTransport(smtp.url, 2), clock, settings: t.ctx.config.mail, onBounce: recordBounce });
    });
    after(async () => {
      await worker.stop();
      await t.close();
      await smtp.close();
    });
    beforeEach(() => {
      smtp.received.length = 0;
      smtp.refuse.clear();
    });

    const change = (offerId: string, event: OfferEvent, version: number, extra: { reason?: string; duplicateOf?: string } = {}) =>
      t.ctx.db.transaction().execute((trx) =>
        changeOfferStatus(trx, { offerId, event, expectedVersion: version, actor: { kind: 'system' }, at: clock.now(), ...extra }).catch(async (err: unknown) => {
          // expire is the only event the system may apply; the others are a coordinator's
          if ((err as { code?: string }).code !== 'forbidden') throw err;
          return changeOfferStatus(trx, { offerId, event, expectedVersion: version, actor: { kind: 'staff', id: staffId, role: 'coordinator' }, at: clock.now(), ...extra });
        }),
      );
    let staffId = '';
    before(async () => {
      const s = await t.ctx.db
        .insertInto('staff_accounts')
        .values({ email: `coord-${engine}@example.org`, name: 'Coordinator', role: 'coordinator', password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      staffId = s.id;
    });

    for (const lang of LANGS) {
      it(`sends the submission email in ${lang}: reference, the lines, a confirmation link and the manage link`, async () => {
        const fixture = loadFixtures().find((f) => f.name.startsWith('05'))!;
        const f = { ...fixture, contact: { ...fixture.contact, preferred_language: lang, email: `submitter-${lang}@example.org` } };
        const page = await completeJourney(new FormClient(t.app), f, { today: new Date() });
        const reference = /data-reference="(\w+)"/.exec(page.body)![1]!;
        await worker.drain();
        const got = smtp.received.filter((m) => m.to[0] === `submitter-${lang}@example.org`);
        assert.equal(got.length, 1);
        assertEmail(got[0]!, reference, lang, WORDS.offer_submitted![lang]);
        // the one line of this fixture, in the contact's language
        assert.ok(got[0]!.text.includes({ el: '• Στέγαση: Δωμάτιο σε σπίτι που μοιράζεται', en: '• Accommodation: Room in a shared home', uk: '• Житло: Кімната в спільному житлі' }[lang]), got[0]!.text);
        assert.match(got[0]!.text, new RegExp(`${t.ctx.config.publicUrl}/confirm-email/[A-Za-z0-9_-]{43}\\?lang=${lang}`));
        assert.match(got[0]!.text, new RegExp(`${t.ctx.config.publicUrl}/manage/`));
      });
    }

    for (const lang of LANGS) {
      it(`sends the status emails that matter in ${lang}, and none for the other events`, async () => {
        const org = { preferred_language: lang, contact_email: `status-${lang}@example.org` };
        const verified = await insertOffer(t.ctx.db, { organisation: org, offer: { status: 'in_review' } });
        await change(verified.id, 'verify', 1);
        const rejected = await insertOffer(t.ctx.db, { organisation: org });
        await change(rejected.id, 'reject', 1, { reason: 'Δεν βρέθηκε ο χώρος' });
        const original = await insertOffer(t.ctx.db, { organisation: org });
        const duplicate = await insertOffer(t.ctx.db, { organisation: org });
        await change(duplicate.id, 'mark_duplicate', 1, { reason: 'same', duplicateOf: original.id });
        const expired = await insertOffer(t.ctx.db, { organisation: org });
        await change(expired.id, 'expire', 1);
        const withdrawn = await insertOffer(t.ctx.db, { organisation: org });
        await change(withdrawn.id, 'withdraw', 1, { reason: 'Βρήκαμε ενοικιαστή' });
        // No email: review started, and allocation through the transition table (the allocation use case sends its own).
        const quiet = await insertOffer(t.ctx.db, { organisation: org });
        await change(quiet.id, 'start_review', 1);
        const allocated = await insertOffer(t.ctx.db, { organisation: org, offer: { status: 'verified' } });
        await change(allocated.id, 'allocate', 1);
        await worker.drain();

        const bySubject = (ref: string) => smtp.received.filter((m) => m.subject.includes(formatReference(ref)));
        for (const [offer, event] of [
          [verified, 'verify'],
          [rejected, 'reject'],
          [duplicate, 'mark_duplicate'],
          [expired, 'expire'],
          [withdrawn, 'withdraw'],
        ] as const) {
          const got = bySubject(offer.reference);
          assert.equal(got.length, 1, `${event}: one email`);
          assertEmail(got[0]!, offer.reference, lang, WORDS[event]![lang]);
        }
        assert.ok(bySubject(duplicate.reference)[0]!.text.includes(formatReference(original.reference)), 'the duplicate email names the original');
        assert.equal(bySubject(quiet.reference).length, 0);
        assert.equal(bySubject(allocated.reference).length, 0);
        assert.equal(smtp.received.length, 5);
        for (const m of smtp.received) assert.match(m.text, new RegExp(`${t.ctx.config.publicUrl}/manage/link/\\S+`), `${m.subject}: the manage link`);
      });

      it(`sends the allocation email in ${lang} with what was allocated to which need`, async () => {
        const offer = await insertOffer(t.ctx.db, { organisation: { preferred_language: lang } });
        const line = await t.ctx.db.selectFrom('offer_lines').select('id').where('offer_id', '=', offer.id).where('position', '=', 1).executeTakeFirstOrThrow();
        await t.ctx.db.transaction().execute((trx) =>
          queueAllocationEmail(trx, { ...t.ctx, db: trx }, { offerId: offer.id, offerLineId: line.id, quantity: 4, needSummary: '4 θέσεις για οικογένειες στα Χανιά' }),
        );
        await worker.drain();
        assert.equal(smtp.received.length, 1);
        assertEmail(smtp.received[0]!, offer.reference, lang, WORDS.allocation![lang]);
      });
    }

    it('sends nothing for a status change that is rolled back', async () => {
      const offer = await insertOffer(t.ctx.db, { offer: { status: 'in_review' } });
      await assert.rejects(
        t.ctx.db.transaction().execute(async (trx) => {
          await changeOfferStatus(trx, { offerId: offer.id, event: 'verify', expectedVersion: 1, actor: { kind: 'staff', id: staffId, role: 'coordinator' }, at: clock.now() });
          assert.equal(Number((await trx.selectFrom('email_outbox').select((eb) => eb.fn.countAll().as('n')).where('offer_id', '=', offer.id).executeTakeFirstOrThrow()).n), 1);
          throw new Error('something later in the use case failed');
        }),
        /later in the use case/,
      );
      await worker.drain();
      assert.equal(await t.ctx.db.selectFrom('email_outbox').select('id').where('offer_id', '=', offer.id).executeTakeFirst(), undefined);
      assert.equal(smtp.received.length, 0);
    });

    it('records a permanently refused email as a bounced contact attempt that staff see on the offer page', async () => {
      const offer = await insertOffer(t.ctx.db, { organisation: { contact_email: 'gone@example.org' }, offer: { status: 'in_review' } });
      smtp.refuse.set('gone@example.org', 550);
      await change(offer.id, 'verify', 1);
      const result = await worker.drain();
      assert.equal(result.bounced, 1);
      const row = await t.ctx.db.selectFrom('offers').select(['last_contact_outcome', 'reached']).where('id', '=', offer.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { last_contact_outcome: 'bounced', reached: false });
      const attempts = await t.ctx.db.selectFrom('offer_contact_attempts').selectAll().where('offer_id', '=', offer.id).execute();
      assert.equal(attempts.length, 1);
      assert.deepEqual([attempts[0]!.outcome, attempts[0]!.channel, attempts[0]!.staff_account_id], ['bounced', 'email', null]);
      assert.match(attempts[0]!.note!, /^gone@example\.org: 550 /);
      const audit = await t.ctx.db.selectFrom('audit_events').select(['actor_kind', 'details']).where('entity_id', '=', offer.id).where('action', '=', 'offer.email_bounced').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_kind, 'system');
      assert.ok(!JSON.stringify(audit[0]!.details).includes('gone@example.org'), 'no address in the audit trail');

      const staff = await signInAs(t.app, t.ctx, 'coordinator', { language: 'en' });
      const page = await staff.get(`/staff/offers/${offer.reference}`);
      assert.equal(page.statusCode, 200);
      const table = /<table[^>]*id="contact-attempts"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      assert.match(table, /Email bounced/);
      assert.match(table, /The system/);
      assert.match(table, /gone@example\.org: 550/);
      assert.match(page.body, /id="last-contact"[^>]*>\s*Email bounced/);
    });

    it('confirms the email address once through the link; a reused or expired link changes nothing', async () => {
      const fixture = loadFixtures().find((f) => f.name.startsWith('02'))!;
      const f = { ...fixture, contact: { ...fixture.contact, preferred_language: 'en', email: 'confirm-me@example.org' } };
      const page = await completeJourney(new FormClient(t.app), f, { today: new Date() });
      const reference = /data-reference="(\w+)"/.exec(page.body)![1]!;
      const outboxRow = await t.ctx.db.selectFrom('email_outbox').select('body_text').where('recipient', '=', 'confirm-me@example.org').executeTakeFirstOrThrow();
      const link = new URL(/https?:\/\/\S+\/confirm-email\/\S+/.exec(outboxRow.body_text)![0]);
      const path = `${link.pathname}${link.search}`;
      const offerOf = () => t.ctx.db.selectFrom('offers').select(['id', 'email_confirmed_at']).where('reference', '=', reference).executeTakeFirstOrThrow();
      assert.equal((await offerOf()).email_confirmed_at, null);

      const staff = await signInAs(t.app, t.ctx, 'coordinator', { language: 'en' });
      const before = await staff.get(`/staff/offers/${reference}`);
      assert.match(before.body, /id="email-confirmed">\s*<span>Not yet/);

      const first = await t.app.inject({ method: 'GET', url: path });
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /Your email address is confirmed/);
      assert.ok(first.body.includes(formatReference(reference)));
      const confirmedAt = (await offerOf()).email_confirmed_at;
      assert.equal(confirmedAt?.getTime(), clock.now().getTime());
      const after = await staff.get(`/staff/offers/${reference}`);
      assert.match(after.body, /id="email-confirmed">\s*<span>Yes, on<\/span> <time datetime="([^"]+)"/);
      assert.equal(/id="email-confirmed">[\s\S]*?datetime="([^"]+)"/.exec(after.body)![1], confirmedAt!.toISOString());

      clock.advance(60_000);
      const again = await t.app.inject({ method: 'GET', url: path });
      assert.equal(again.statusCode, 410);
      assert.match(again.body, /This link has already been used/);
      assert.equal((await offerOf()).email_confirmed_at?.getTime(), confirmedAt!.getTime(), 'the first confirmation stands');

      // Another offer whose link is followed after it expired (14 days by default).
      const other = await completeJourney(new FormClient(t.app), { ...f, contact: { ...f.contact, email: 'too-late@example.org', preferred_language: 'uk' } }, { today: new Date() });
      const otherRef = /data-reference="(\w+)"/.exec(other.body)![1]!;
      const otherRow = await t.ctx.db.selectFrom('email_outbox').select('body_text').where('recipient', '=', 'too-late@example.org').executeTakeFirstOrThrow();
      const late = new URL(/https?:\/\/\S+\/confirm-email\/\S+/.exec(otherRow.body_text)![0]);
      clock.advance(t.ctx.config.mail.confirmationDays * 86_400_000 + 1000);
      const expired = await t.app.inject({ method: 'GET', url: `${late.pathname}${late.search}` });
      assert.equal(expired.statusCode, 410);
      assert.match(expired.body, /Термін дії посилання закінчився/);
      assert.match(expired.body, /<html lang="uk">/);
      assert.equal((await t.ctx.db.selectFrom('offers').select('email_confirmed_at').where('reference', '=', otherRef).executeTakeFirstOrThrow()).email_confirmed_at, null);

      const unknown = await t.app.inject({ method: 'GET', url: `/confirm-email/${'A'.repeat(43)}?lang=el` });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /Ο σύνδεσμος δεν είναι έγκυρος/);
      const malformed = await t.app.inject({ method: 'GET', url: '/confirm-email/not-a-token' });
      assert.equal(malformed.statusCode, 404);
      await worker.drain();
    });

    it('has no development mailbox when SMTP is configured', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode, 404);
    });
  });

  describe(`the development mailbox on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(async () => t.close());

    it('lists the emails the service would have sent and shows each as text and HTML', async () => {
      const offer = await insertOffer(t.ctx.db, { organisation: { preferred_language: 'en', contact_email: 'laptop@example.org' }, offer: { status: 'in_review' } });
      const staff = await t.ctx.db.insertInto('staff_accounts').values({ email: `m-${engine}@example.org`, name: 'M', role: 'coordinator', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      await t.ctx.db.transaction().execute((trx) =>
        changeOfferStatus(trx, { offerId: offer.id, event: 'verify', expectedVersion: 1, actor: { kind: 'staff', id: staff.id, role: 'coordinator' }, at: t.ctx.clock.now() }),
      );
      const worker = createOutboxWorker({ db: t.ctx.db, transport: mailboxTransport(), clock: t.ctx.clock, settings: t.ctx.config.mail });
      assert.equal((await worker.drain()).sent, 1);
      const ref = formatReference(offer.reference);

      const list = await t.app.inject({ method: 'GET', url: '/dev/mailbox?lang=en' });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Development mailbox/);
      assert.ok(list.body.includes('laptop@example.org'));
      const href = new RegExp(`href="(/dev/mailbox/\\d+)">Your offer has been verified · ${ref}</a>`).exec(list.body)?.[1];
      assert.ok(href, 'the list links to the email');

      const one = await t.app.inject({ method: 'GET', url: `${href}?lang=en` });
      assert.equal(one.statusCode, 200);
      assert.ok(one.body.includes(`Reference number: ${ref}`));
      assert.match(one.body, /<a class="govgr-link" href="http:\/\/localhost:\d+\/manage\/[^"]+">/);
      const html = await t.app.inject({ method: 'GET', url: `${href}/html` });
      assert.equal(html.statusCode, 200);
      assert.match(String(html.headers['content-type']), /text\/html/);
      assert.match(html.body, /<h1[^>]*>Your offer has been verified<\/h1>/);

      assert.equal((await t.app.inject({ method: 'GET', url: '/dev/mailbox/999999999' })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/dev/mailbox/abc' })).statusCode, 404);
    });

    it('does not exist in production', async () => {
      const prod = await buildTestApp(engine, { env: { NODE_ENV: 'production' } });
      try {
        assert.equal((await prod.app.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode, 404);
      } finally {
        await prod.close();
      }
    });
  });
}
