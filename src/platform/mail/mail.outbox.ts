// The outbox: an email is a row written with the change that causes it (the transactional
// outbox pattern, HOUSE-STYLE.md «jobs»). The worker (mail.worker.ts) delivers it after commit.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Email } from './index.js';

/** The address is one mailbox, without line breaks (header injection) and of sane length. */
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

export class InvalidEmailError extends Error {
  readonly code = 'invalid_email';
}

/**
 * Queues an email in the caller's transaction (`db` may be a Transaction): it is delivered by the
 * outbox worker after commit, and never if the transaction rolls back.
 * @throws InvalidEmailError when `to` is not one plain address or the subject is empty (a
 *   programming error: addresses were validated when they were collected).
 */
export async function queueEmail(db: Kysely<DB>, email: Email): Promise<void> {
  const to = email.to.trim();
  if (!ADDRESS.test(to) || to.length > 320) throw new InvalidEmailError(`not one email address: ${JSON.stringify(email.to)}`);
  if (!email.subject.trim()) throw new InvalidEmailError('empty subject');
  await db
    .insertInto('email_outbox')
    .values({
      kind: email.kind,
      recipient: to,
      language: email.lang,
      subject: email.subject.replace(/[\r\n]+/g, ' ').slice(0, 998),
      body_text: email.text,
      body_html: email.html,
      offer_id: email.offerId ?? null,
      next_attempt_at: null,
      locked_until: null,
      last_error: null,
      delivered_via: null,
      message_id: null,
      sent_at: null,
    })
    .execute();
}

/**
 * Deletes emails delivered or given up before `before` (their record has served its purpose:
 * they hold names and addresses). Pending emails are never deleted.
 * @returns how many rows were deleted.
 */
export async function purgeOutbox(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('email_outbox')
    .where('status', 'in', ['sent', 'bounced', 'failed'])
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
