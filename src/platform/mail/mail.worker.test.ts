// The outbox and its worker against a real SMTP server on loopback, on both database engines:
// delivery after commit only, retries with backoff through an outage, permanent failures kept
// apart from temporary ones, leases of crashed workers taken back, and a clean stop.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadConfig, type Config } from '../../config.js';
import { engines, testDatabase, type TestDatabase } from '../../../test/support/database.js';
import { testClock } from '../../../test/support/app.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { backoffSeconds, classifyFailure, createOutboxWorker, mailboxTransport, purgeOutbox, queueEmail, renderEmail, smtpTransport, type ClaimedEmail, type MailTransport } from './index.js';

const settings = (over: Partial<Config['mail']> = {}): Config['mail'] => ({
  ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' }).mail,
  pollMs: 50,
  ...over,
});

function email(to: string, n = 1) {
  return { kind: 'test_email', to, lang: 'en' as const, ...renderEmail({ lang: 'en', title: `Message ${n}`, reference: '7KQ-4M9-TXR', paragraphs: [`Body of message ${n}`] }) };
}

async function outbox(database: TestDatabase) {
  return database.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
}

describe('classifyFailure', () => {
  it('reads a 5xx reply to RCPT TO or DATA as permanent and everything else as temporary', () => {
    assert.equal(classifyFailure({ responseCode: 550, command: 'RCPT TO', code: 'EENVELOPE' }), 'permanent');
    assert.equal(classifyFailure({ responseCode: 554, command: 'DATA', code: 'EMESSAGE' }), 'permanent');
    assert.equal(classifyFailure({ responseCode: 450, command: 'RCPT TO' }), 'temporary');
    assert.equal(classifyFailure({ responseCode: 503, command: 'RCPT TO' }), 'temporary');
    // Our own account or sender refused: not the offeror's address.
    assert.equal(classifyFailure({ responseCode: 535, command: 'AUTH PLAIN', code: 'EAUTH' }), 'temporary');
    assert.equal(classifyFailure({ responseCode: 550, command: 'MAIL FROM', code: 'EENVELOPE' }), 'temporary');
    assert.equal(classifyFailure({ code: 'ECONNECTION' }), 'temporary');
    assert.equal(classifyFailure(new Error('socket hang up')), 'temporary');
  });

  it('backs off exponentially up to the cap', () => {
    const s = settings({ retrySeconds: 30, retryMaxSeconds: 3600 });
    assert.deepEqual([1, 2, 3, 4, 8, 9].map((n) => backoffSeconds(s, n)), [30, 60, 120, 240, 3600, 3600]);
  });
});

describe('renderEmail', () => {
  it('escapes text in the HTML part and writes links out in the text part', () => {
    const r = renderEmail({ lang: 'uk', title: 'Привіт <b>', reference: 'ABC-DEF-GH2', paragraphs: ['a & b'], actions: [{ label: 'Go', url: 'https://x.example/a?b=1&c=2' }] });
    assert.equal(r.subject, 'Привіт <b> · ABC-DEF-GH2');
    assert.match(r.html, /<html lang="uk">/);
    assert.match(r.html, /Привіт &lt;b&gt;/);
    assert.match(r.html, /a &amp; b/);
    assert.match(r.html, /href="https:\/\/x\.example\/a\?b=1&amp;c=2"/);
    assert.match(r.text, /Номер пропозиції: ABC-DEF-GH2/);
    assert.match(r.text, /Go:\nhttps:\/\/x\.example\/a\?b=1&c=2/);
  });
});

for (const engine of engines()) {
  describe(`the email outbox on ${engine}`, () => {
    let database: TestDatabase;
    let smtp: TestSmtpServer;
    before(async () => {
      database = await testDatabase(engine);
      smtp = await startSmtpServer();
    });
    after(async () => {
      await smtp.close();
      await database.close();
    });
    beforeEach(async () => {
      await database.db.deleteFrom('email_outbox').execute();
      smtp.received.length = 0;
      smtp.refuse.clear();
      await smtp.start();
    });

    it('delivers an email queued in a committed transaction, with its text and HTML parts', async () => {
      await database.db.transaction().execute((trx) => queueEmail(trx, email('Someone@Example.org ')));
      const clock = testClock();
      const worker = createOutboxWorker({ db: database.db, transport: smtpTransport(smtp.url, 2), clock, settings: settings() });
      const result = await worker.drain();
      await worker.stop();
      assert.equal(result.sent, 1);
      assert.equal(smtp.received.length, 1);
      const got = smtp.received[0]!;
      // trimmed; nodemailer lower-cases the domain only (the local part is the recipient's to interpret)
      assert.deepEqual(got.to, ['Someone@example.org']);
      assert.equal(got.subject, 'Message 1 · 7KQ-4M9-TXR');
      assert.match(got.text, /Reference number: 7KQ-4M9-TXR/);
      assert.match(got.html, /<strong[^>]*>7KQ-4M9-TXR<\/strong>/);
      assert.equal(got.headers.get('content-language'), 'en');
      const [row] = await outbox(database);
      assert.equal(row!.status, 'sent');
      assert.equal(row!.delivered_via, 'smtp');
      assert.equal(row!.attempts, 1);
      assert.equal(row!.sent_at!.getTime(), clock.now().getTime());
      assert.match(row!.message_id!, new RegExp(`^<outbox-${row!.id}\\.`));
      // The body (with its single-use link tokens) is gone once delivered; the record stays.
      assert.deepEqual([row!.body_text, row!.body_html, row!.subject], ['', '', 'Message 1 · 7KQ-4M9-TXR']);
    });

    it('writes nothing and sends nothing for a rolled-back transaction', async () => {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await queueEmail(trx, email('rolled@example.org'));
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      assert.equal((await outbox(database)).length, 0);
      const worker = createOutboxWorker({ db: database.db, transport: smtpTransport(smtp.url, 1), clock: testClock(), settings: settings() });
      assert.equal((await worker.drain()).claimed, 0);
      await worker.stop();
      assert.equal(smtp.received.length, 0);
    });

    it('retries after an SMTP outage with backoff, and delivers once the server is back', async () => {
      await queueEmail(database.db, email('outage@example.org'));
      await smtp.stop();
      const clock = testClock(new Date('2026-03-01T10:00:00Z'));
      const worker = createOutboxWorker({ db: database.db, transport: smtpTransport(smtp.url, 1), clock, settings: settings({ retrySeconds: 30 }) });
      const first = await worker.drainOnce();
      assert.deepEqual({ claimed: first.claimed, retried: first.retried, sent: first.sent }, { claimed: 1, retried: 1, sent: 0 });
      let [row] = await outbox(database);
      assert.equal(row!.status, 'pending');
      assert.equal(row!.attempts, 1);
      assert.equal(row!.next_attempt_at!.toISOString(), '2026-03-01T10:00:30.000Z');
      assert.match(row!.last_error!, /ECONNREFUSED|connect/i);

      await smtp.start();
      // Not due yet: the backoff holds even though the server is back.
      assert.equal((await worker.drainOnce()).claimed, 0);
      clock.advance(29_000);
      assert.equal((await worker.drainOnce()).claimed, 0);
      clock.advance(1_000);
      const second = await worker.drainOnce();
      await worker.stop();
      assert.equal(second.sent, 1);
      [row] = await outbox(database);
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 2);
      assert.equal(row!.last_error, null);
      assert.equal(smtp.received.length, 1);
      assert.deepEqual(smtp.received[0]!.to, ['outage@example.org']);
    });

    it('marks a permanently refused email bounced without holding up the others in its batch', async () => {
      smtp.refuse.set('nobody@example.org', 550);
      await queueEmail(database.db, email('first@example.org', 1));
      await queueEmail(database.db, email('nobody@example.org', 2));
      await queueEmail(database.db, email('third@example.org', 3));
      const bounces: { email: ClaimedEmail; error: string }[] = [];
      const worker = createOutboxWorker({
        db: database.db,
        transport: smtpTransport(smtp.url, 2),
        clock: testClock(),
        settings: settings(),
        onBounce: async (trx, e, error) => {
          // Called inside the transaction that marks the row: the row is already bounced there.
          const row = await trx.selectFrom('email_outbox').select('status').where('id', '=', e.id).executeTakeFirstOrThrow();
          assert.equal(row.status, 'bounced');
          bounces.push({ email: e, error });
        },
      });
      const result = await worker.drain();
      await worker.stop();
      assert.deepEqual({ sent: result.sent, bounced: result.bounced }, { sent: 2, bounced: 1 });
      assert.deepEqual(smtp.received.map((m) => m.to[0]).sort(), ['first@example.org', 'third@example.org']);
      const rows = await outbox(database);
      assert.deepEqual(rows.map((r) => r.status), ['sent', 'bounced', 'sent']);
      assert.match(rows[1]!.last_error!, /^550 /);
      assert.equal(bounces.length, 1);
      assert.equal(bounces[0]!.email.recipient, 'nobody@example.org');
      assert.match(bounces[0]!.error, /550/);
    });

    it('retries a temporary refusal (4xx) and gives up after the last attempt as failed, not bounced', async () => {
      smtp.refuse.set('busy@example.org', 451);
      await queueEmail(database.db, email('busy@example.org'));
      const clock = testClock();
      let bounced = 0;
      const worker = createOutboxWorker({
        db: database.db,
        transport: smtpTransport(smtp.url, 1),
        clock,
        settings: settings({ maxAttempts: 3, retrySeconds: 10 }),
        onBounce: async () => void bounced++,
      });
      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await worker.drainOnce();
        outcomes.push(r.retried ? 'retried' : r.failed ? 'failed' : 'other');
        clock.advance(3600_000);
      }
      await worker.stop();
      assert.deepEqual(outcomes, ['retried', 'retried', 'failed']);
      const [row] = await outbox(database);
      assert.equal(row!.status, 'failed');
      assert.equal(row!.attempts, 3);
      assert.match(row!.last_error!, /^451 /);
      assert.equal(bounced, 0);
    });

    it('takes back an email whose worker crashed after claiming it, once the lease has run out', async () => {
      await queueEmail(database.db, email('lease@example.org'));
      const clock = testClock(new Date('2026-03-01T10:00:00Z'));
      // A worker that claims and then never finishes: as if its process died mid-send.
      const hung: MailTransport = { via: 'smtp', send: () => new Promise(() => {}), close() {} };
      const crashed = createOutboxWorker({ db: database.db, transport: hung, clock, settings: settings({ leaseSeconds: 300 }) });
      void crashed.drainOnce();
      for (let i = 0; i < 100 && (await outbox(database))[0]!.attempts === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await outbox(database))[0]!.attempts, 1);

      const worker = createOutboxWorker({ db: database.db, transport: smtpTransport(smtp.url, 1), clock, settings: settings({ leaseSeconds: 300 }) });
      assert.equal((await worker.drainOnce()).claimed, 0, 'a live lease is respected');
      clock.advance(300_000);
      const r = await worker.drainOnce();
      await worker.stop();
      assert.equal(r.sent, 1);
      const [row] = await outbox(database);
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 2);
      assert.equal(smtp.received.length, 1);
    });

    it('delivers in the background and stops cleanly, recording the batch in flight', async () => {
      for (let i = 1; i <= 30; i++) await queueEmail(database.db, email(`bg${i}@example.org`, i));
      const worker = createOutboxWorker({ db: database.db, transport: smtpTransport(smtp.url, 3), clock: testClock(), settings: settings({ batchSize: 10 }) });
      worker.start();
      for (let i = 0; i < 200 && smtp.received.length < 30; i++) await new Promise((r) => setTimeout(r, 25));
      await worker.stop();
      const rows = await outbox(database);
      assert.equal(rows.filter((r) => r.status === 'sent').length, 30);
      assert.equal(smtp.received.length, 30);
      // Stopped: a new email stays in the outbox.
      await queueEmail(database.db, email('after-stop@example.org'));
      await new Promise((r) => setTimeout(r, 150));
      assert.equal((await outbox(database)).at(-1)!.status, 'pending');
    });

    it('keeps emails for the development mailbox when no SMTP server is configured', async () => {
      await queueEmail(database.db, email('laptop@example.org'));
      const worker = createOutboxWorker({ db: database.db, transport: mailboxTransport(), clock: testClock(), settings: settings() });
      assert.equal((await worker.drain()).sent, 1);
      const [row] = await outbox(database);
      assert.equal(row!.status, 'sent');
      assert.equal(row!.delivered_via, 'mailbox');
      assert.match(row!.body_text, /Body of message 1/, 'the development mailbox keeps what it shows');
      assert.equal(smtp.received.length, 0);
    });

    it('deletes delivered and given-up emails past retention, never pending ones', async () => {
      await queueEmail(database.db, email('old-sent@example.org'));
      await queueEmail(database.db, email('old-pending@example.org'));
      await queueEmail(database.db, email('new-sent@example.org'));
      const rows = await outbox(database);
      await database.db.updateTable('email_outbox').set({ status: 'sent', sent_at: new Date() }).where('id', 'in', [rows[0]!.id, rows[2]!.id]).execute();
      await database.db.updateTable('email_outbox').set({ created_at: new Date('2026-01-01T00:00:00Z') }).where('id', 'in', [rows[0]!.id, rows[1]!.id]).execute();
      assert.equal(await purgeOutbox(database.db, new Date('2026-02-01T00:00:00Z')), 1);
      assert.deepEqual((await outbox(database)).map((r) => r.recipient), ['old-pending@example.org', 'new-sent@example.org']);
    });

    it('refuses an address that is not one plain mailbox', async () => {
      await assert.rejects(queueEmail(database.db, email('a@example.org, b@example.org')), /not one email address/);
      await assert.rejects(queueEmail(database.db, email('a@example.org\r\nBcc: x@example.org')), /not one email address/);
      assert.equal((await outbox(database)).length, 0);
    });
  });
}
