// What a bounce means for an offer: the address that was given does not take mail, which staff
// must see beside the other contact attempts (PRODUCT.md «Offer statuses»: `bounced`).
import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { configuredTransport, createOutboxWorker, type ClaimedEmail, type OutboxWorker } from '../../platform/mail/index.js';
import { recordAuditEvent } from '../audit/index.js';
import * as repo from './notifications.repository.js';

/**
 * Records a permanently refused email on its offer, in the worker's transaction: a `bounced`
 * contact attempt on the email channel with no staff member, offers.last_contact_outcome kept
 * current, and an audit event by the system. Emails not about an offer record nothing.
 */
export async function recordBounce(trx: Kysely<DB>, email: Pick<ClaimedEmail, 'id' | 'kind' | 'recipient' | 'offer_id'>, error: string, at: Date): Promise<void> {
  if (!email.offer_id) return;
  await repo.insertBouncedAttempt(trx, { offer_id: email.offer_id, note: `${email.recipient}: ${error}`, attempted_at: at });
  await recordAuditEvent(trx, {
    actor: { kind: 'system' },
    action: 'offer.email_bounced',
    entity: { type: 'offer', id: email.offer_id },
    // The kind and the outbox row, never the address (audit details hold no contact data).
    details: { email: email.kind, outbox_id: email.id },
    at,
  });
}

/**
 * The outbox worker as the server runs it: the configured transport (SMTP, or the development
 * mailbox) and bounces recorded on their offers. The caller starts and stops it.
 */
export function startMailWorker(ctx: AppContext, log?: Parameters<typeof createOutboxWorker>[0]['log']): OutboxWorker {
  const worker = createOutboxWorker({ db: ctx.db, transport: configuredTransport(ctx.config), clock: ctx.clock, settings: ctx.config.mail, log, onBounce: recordBounce });
  worker.start();
  return worker;
}
