import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { insertAuditEvent } from './audit.repository.js';

/**
 * Who acted. `id` is null when the actor is not (yet) known: an anonymous attempt to sign in as
 * a staff member is recorded with kind 'staff' and no id, because only the claimed account is known.
 */
export type AuditActor =
  | { kind: 'staff'; id: string | null }
  | { kind: 'offeror'; id: string | null }
  | { kind: 'partner'; id: string | null }
  | { kind: 'system' };

export type AuditEvent = {
  actor: AuditActor;
  /** `<entity>.<what happened>`, past tense: 'staff_account.signed_in', 'offer.verified' */
  action: string;
  /** the record acted on; id null when it does not exist (a sign-in with an unknown email) */
  entity: { type: string; id: string | null };
  /** why, in the actor's words (status changes need one) */
  reason?: string;
  /** a few facts needed to read the event later; never passwords, tokens or contact details */
  details?: Record<string, unknown>;
  /** when, from the app's clock (ctx.clock), so tests that move time see consistent trails */
  at: Date;
};

/**
 * Appends an audit event. Call it with the transaction that makes the change, so the change and
 * its event commit or roll back together (PRODUCT.md: "one audit event, in the same transaction").
 * @throws the database error if the row cannot be written; the caller's transaction then fails.
 */
export async function recordAuditEvent(trx: Kysely<DB>, event: AuditEvent): Promise<void> {
  await insertAuditEvent(trx, {
    occurred_at: event.at,
    actor_kind: event.actor.kind,
    actor_id: event.actor.kind === 'system' ? null : event.actor.id,
    action: event.action,
    entity_type: event.entity.type,
    entity_id: event.entity.id,
    reason: event.reason ?? null,
    details: JSON.stringify(event.details ?? {}),
  });
}
