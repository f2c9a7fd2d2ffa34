import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { allStaff, findAuditEvents, insertAuditEvent, offerReferences, staffNames, type AuditRowFilter } from './audit.repository.js';

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

/** One event as the audit browser shows it. */
export type AuditEntry = {
  /** audit_events.id (a bigserial, as a string) */
  id: string;
  occurredAt: Date;
  actor: { kind: 'offeror' | 'staff' | 'partner' | 'system'; id: string | null; name: string | null; email: string | null };
  action: string;
  /** `reference` is the offer's public reference when the entity is an offer that exists; `name` a staff account's */
  entity: { type: string; id: string | null; reference: string | null; name: string | null };
  reason: string | null;
  details: Record<string, unknown>;
};

export type AuditPage = {
  entries: AuditEntry[];
  /** cursor for the newer page (`?before=`), null on the newest page */
  newer: string | null;
  /** cursor for the older page (`?after=`), null on the oldest */
  older: string | null;
};

/** Events a page of the audit browser shows. */
export const AUDIT_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A page of the audit trail matching `filter` (filters combine), newest first, AUDIT_PAGE_SIZE
 * a page, by keyset on the event id: `after` an id gives the older page, `before` an id the
 * newer one. Staff actors come with their name and email, offers with their reference.
 */
export async function browseAuditTrail(ctx: AppContext, filter: AuditRowFilter, cursor: { after?: string; before?: string }): Promise<AuditPage> {
  const rows = await findAuditEvents(ctx.db, filter, { ...cursor, limit: AUDIT_PAGE_SIZE });
  const more = rows.length > AUDIT_PAGE_SIZE;
  const kept = rows.slice(0, AUDIT_PAGE_SIZE);
  // `before` reads upwards (ascending); every page is shown newest first.
  if (cursor.before !== undefined) kept.reverse();
  const first = kept[0];
  const last = kept[kept.length - 1];
  let newer: string | null;
  let older: string | null;
  if (cursor.before !== undefined) {
    newer = more && first ? first.id : null;
    older = last ? last.id : String(BigInt(cursor.before) + 1n);
  } else if (cursor.after !== undefined) {
    newer = first ? first.id : null;
    older = more && last ? last.id : null;
  } else {
    newer = null;
    older = more && last ? last.id : null;
  }

  const staffIds = new Set<string>();
  const offerIds = new Set<string>();
  for (const r of kept) {
    if (r.actor_kind === 'staff' && r.actor_id) staffIds.add(r.actor_id);
    if (r.entity_type === 'staff_account' && r.entity_id && UUID.test(r.entity_id)) staffIds.add(r.entity_id);
    if (r.entity_type === 'offer' && r.entity_id && UUID.test(r.entity_id)) offerIds.add(r.entity_id);
  }
  const names = await staffNames(ctx.db, [...staffIds]);
  const references = await offerReferences(ctx.db, [...offerIds]);

  const entries = kept.map((r): AuditEntry => {
    const actor = r.actor_id ? names.get(r.actor_id) : undefined;
    const entityName = r.entity_type === 'staff_account' && r.entity_id ? names.get(r.entity_id)?.name ?? null : null;
    return {
      id: r.id,
      occurredAt: r.occurred_at,
      actor: { kind: r.actor_kind, id: r.actor_id, name: actor?.name ?? null, email: actor?.email ?? null },
      action: r.action,
      entity: {
        type: r.entity_type,
        id: r.entity_id,
        reference: r.entity_type === 'offer' && r.entity_id ? references.get(r.entity_id) ?? null : null,
        name: entityName,
      },
      reason: r.reason,
      details: typeof r.details === 'object' && r.details !== null && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {},
    };
  });
  return { entries, newer, older };
}

/** Staff members by name, for the audit browser's actor filter. */
export async function auditActors(ctx: AppContext): Promise<{ id: string; name: string; email: string }[]> {
  return allStaff(ctx.db);
}
