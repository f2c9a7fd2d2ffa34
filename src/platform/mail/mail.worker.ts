// The outbox worker: claims due emails, delivers them, and records each one's fate on its own
// row, so one failing email never holds up the others. Delivery is at least once: an email whose
// worker died after sending but before recording it is sent again when its lease runs out.
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Clock } from '../context.js';
import type { DB } from '../db/schema.js';
import { classifyFailure, type MailTransport } from './mail.transport.js';

/** An email the worker has claimed. */
export type ClaimedEmail = {
  id: string;
  kind: string;
  recipient: string;
  language: string;
  subject: string;
  body_text: string;
  body_html: string;
  offer_id: string | null;
  attempts: number;
};

type Log = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

export type OutboxWorkerOptions = {
  db: Kysely<DB>;
  /** null: nothing may be delivered (production without SMTP): the worker does not run */
  transport: MailTransport | null;
  clock: Clock;
  settings: Config['mail'];
  log?: Log;
  /**
   * Called, in the transaction that marks the email bounced, when its recipient's server refused
   * it for good: the domain records it (a `bounced` contact attempt on the offer).
   */
  onBounce?: (trx: Kysely<DB>, email: ClaimedEmail, error: string, at: Date) => Promise<void>;
};

export type DrainResult = { claimed: number; sent: number; retried: number; bounced: number; failed: number };

export type OutboxWorker = {
  /** Claims one batch of due emails and handles each. */
  drainOnce(): Promise<DrainResult>;
  /** Drains until no email is due (tests, the bench). */
  drain(): Promise<DrainResult>;
  /** Runs in the background: a full batch is followed at once by the next, else it waits pollMs. */
  start(): void;
  /** Ends the current batch (sends in flight are recorded), stops and closes the transport. */
  stop(): Promise<void>;
};

const silent: Log = { info() {}, warn() {}, error() {} };

/** The wait before attempt n+1 after n failures: retrySeconds·2^(n−1), at most retryMaxSeconds. */
export function backoffSeconds(settings: Config['mail'], attempts: number): number {
  return Math.min(settings.retryMaxSeconds, settings.retrySeconds * 2 ** Math.max(0, attempts - 1));
}

function errorText(err: unknown): string {
  const e = err as { message?: string; response?: string };
  return String(e.response ?? e.message ?? err).slice(0, 2000);
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, transport, clock, settings } = options;
  const log = options.log ?? silent;
  let stopping = false;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  // One statement claims a batch: rows due now, not leased by a live worker; SKIP LOCKED lets
  // several workers (processes) share the outbox without waiting on each other's rows.
  async function claim(now: Date): Promise<ClaimedEmail[]> {
    const lease = new Date(now.getTime() + settings.leaseSeconds * 1000);
    const result = await sql<ClaimedEmail>`
      UPDATE email_outbox SET locked_until = ${lease}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM email_outbox
        WHERE status = 'pending'
          AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
          AND (locked_until IS NULL OR locked_until <= ${now})
        ORDER BY id
        LIMIT ${settings.batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id, kind, recipient, language, subject, body_text, body_html, offer_id, attempts`.execute(db);
    return result.rows;
  }

  async function recordSent(sent: { id: string; messageId: string }[], now: Date): Promise<void> {
    if (!sent.length) return;
    // One statement for the whole batch: at a burst's rate, a round trip per email would be the bottleneck.
    // A delivered email's body goes: it carries single-use link tokens, which the database keeps
    // only hashed (issue 4); subject, recipient and kind remain as the record of what was sent.
    // The development mailbox keeps bodies, because reading them is its purpose.
    const keepBody = transport!.via === 'mailbox';
    await sql`
      UPDATE email_outbox AS e
      SET status = 'sent', sent_at = ${now}, delivered_via = ${transport!.via}, message_id = v.message_id, locked_until = NULL, last_error = NULL,
          body_text = CASE WHEN ${keepBody} THEN e.body_text ELSE '' END,
          body_html = CASE WHEN ${keepBody} THEN e.body_html ELSE '' END
      FROM (SELECT unnest(${sql.val(sent.map((s) => s.id))}::bigint[]) AS id, unnest(${sql.val(sent.map((s) => s.messageId))}::text[]) AS message_id) AS v
      WHERE e.id = v.id AND e.status = 'pending'`.execute(db);
  }

  async function recordFailure(email: ClaimedEmail, err: unknown, now: Date): Promise<'retried' | 'bounced' | 'failed'> {
    const error = errorText(err);
    if (classifyFailure(err) === 'permanent') {
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('email_outbox')
          .set({ status: 'bounced', last_error: error, locked_until: null, body_text: '', body_html: '' })
          .where('id', '=', email.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) && options.onBounce) await options.onBounce(trx, email, error, now);
      });
      log.warn({ outboxId: email.id, kind: email.kind, error }, 'email bounced');
      return 'bounced';
    }
    if (email.attempts >= settings.maxAttempts) {
      // Kept whole: an operator may send it again (UPDATE … SET status = 'pending', attempts = 0) once the cause is fixed.
      await db.updateTable('email_outbox').set({ status: 'failed', last_error: error, locked_until: null }).where('id', '=', email.id).where('status', '=', 'pending').execute();
      log.error({ outboxId: email.id, kind: email.kind, attempts: email.attempts, error }, 'email given up after its last attempt');
      return 'failed';
    }
    const next = new Date(now.getTime() + backoffSeconds(settings, email.attempts) * 1000);
    await db
      .updateTable('email_outbox')
      .set({ next_attempt_at: next, last_error: error, locked_until: null })
      .where('id', '=', email.id)
      .where('status', '=', 'pending')
      .execute();
    log.warn({ outboxId: email.id, kind: email.kind, attempts: email.attempts, next, error }, 'email delivery failed; will retry');
    return 'retried';
  }

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { claimed: 0, sent: 0, retried: 0, bounced: 0, failed: 0 };
    if (!transport) return result;
    const batch = await claim(clock.now());
    result.claimed = batch.length;
    if (!batch.length) return result;
    const sent: { id: string; messageId: string }[] = [];
    const failures: { email: ClaimedEmail; err: unknown }[] = [];
    // The pool bounds the connections; the rest of the batch queues in nodemailer.
    await Promise.all(
      batch.map(async (email) => {
        try {
          const info = await transport.send({
            from: settings.from,
            to: email.recipient,
            subject: email.subject,
            text: email.body_text,
            html: email.body_html,
            lang: email.language,
            outboxId: email.id,
          });
          sent.push({ id: email.id, messageId: info.messageId });
        } catch (err) {
          failures.push({ email, err });
        }
      }),
    );
    const now = clock.now();
    try {
      await recordSent(sent, now);
      result.sent = sent.length;
    } catch (err) {
      // They were delivered; recorded or not, the lease expires and they go again (at least once).
      log.error({ err, count: sent.length }, 'could not record delivered emails');
    }
    for (const { email, err } of failures) {
      try {
        result[await recordFailure(email, err, now)]++;
      } catch (recordErr) {
        // This row stays leased and is retried when the lease runs out; the others go on.
        log.error({ err: recordErr, outboxId: email.id }, 'could not record an email failure');
      }
    }
    return result;
  }

  async function drain(): Promise<DrainResult> {
    const total: DrainResult = { claimed: 0, sent: 0, retried: 0, bounced: 0, failed: 0 };
    for (;;) {
      const r = await drainOnce();
      for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
      if (r.claimed === 0) return total;
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = (await drainOnce()).claimed;
      } catch (err) {
        // The database may be briefly away; the next poll tries again.
        log.error({ err }, 'outbox worker could not drain the outbox');
      }
      if (stopping) break;
      if (claimed < settings.batchSize) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, settings.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    drainOnce,
    drain,
    start() {
      if (running) return;
      if (!transport) {
        log.warn({}, 'no SMTP_URL in production: emails wait in the outbox until SMTP is configured');
        return;
      }
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = null;
      transport?.close();
    },
  };
}
