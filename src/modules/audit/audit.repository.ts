// Kysely queries on audit_events: appending (inside the caller's transaction) and browsing.
// Browsing also looks up, read-only, the names of staff actors and the references of offers
// the events are about, so the trail reads in people's words.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AuditEventsTable, DB } from '../../platform/db/schema.js';

/** Appends one row to audit_events. `db` is normally the caller's transaction. */
export async function insertAuditEvent(db: Kysely<DB>, row: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export type AuditEventRow = Selectable<AuditEventsTable>;

/** Filters that combine (AND); each absent one does not narrow. */
export type AuditRowFilter = {
  /** a staff account's id, or a kind of actor without an id */
  actor?: { staffId: string } | { kind: 'system' | 'offeror' | 'partner' };
  /** the action, or its beginning: 'offer.' finds every offer event */
  actionPrefix?: string;
  entityType?: string;
  /** entity_id equal to `id`, or an offer event about the offer with this reference */
  entity?: { id: string; offerReference: string | null };
  /** occurred_at >= from */
  from?: Date;
  /** occurred_at < until */
  until?: Date;
};

/** Escapes LIKE's wildcards so a typed `_` or `%` matches itself. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of events matching `filter`, in id order (ids grow with insertion, so descending is
 * newest first) — keyset pagination, so a page costs the same however deep it is:
 * - `after`: ids below it, newest first (the next, older page);
 * - `before`: ids above it (the previous, newer page), returned newest first too.
 * @returns up to `limit + 1` rows, the extra one only saying another page exists.
 */
export async function findAuditEvents(
  db: Kysely<DB>,
  filter: AuditRowFilter,
  page: { after?: string; before?: string; limit: number },
): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_events').selectAll();
  const { actor } = filter;
  if (actor && 'staffId' in actor) q = q.where('actor_kind', '=', 'staff').where('actor_id', '=', actor.staffId);
  else if (actor) q = q.where('actor_kind', '=', actor.kind);
  if (filter.actionPrefix) q = q.where('action', 'like', likePrefix(filter.actionPrefix));
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  const entity = filter.entity;
  if (entity) {
    q = q.where((eb) =>
      eb.or([
        eb('entity_id', '=', entity.id),
        ...(entity.offerReference
          ? [
              eb.and([
                eb('entity_type', '=', 'offer'),
                // A read-only look-up of the offer's id by its public reference.
                eb('entity_id', 'in', eb.selectFrom('offers').select(sql<string>`offers.id::text`.as('id')).where('offers.reference', '=', entity.offerReference)),
              ]),
            ]
          : []),
      ]),
    );
  }
  if (filter.from) q = q.where('occurred_at', '>=', filter.from);
  if (filter.until) q = q.where('occurred_at', '<', filter.until);
  if (page.before !== undefined) {
    const rows = await q.where('id', '>', page.before).orderBy('id', 'asc').limit(page.limit + 1).execute();
    return rows;
  }
  if (page.after !== undefined) q = q.where('id', '<', page.after);
  return q.orderBy('id', 'desc').limit(page.limit + 1).execute();
}

/** Names and emails of the staff accounts with these ids. */
export async function staffNames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('staff_accounts').select(['id', 'name', 'email']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** Every staff account, for the actor filter, by name. */
export async function allStaff(db: Kysely<DB>): Promise<{ id: string; name: string; email: string }[]> {
  return db.selectFrom('staff_accounts').select(['id', 'name', 'email']).orderBy('name').orderBy('email').execute();
}

/** References of the offers with these ids (UUIDs). */
export async function offerReferences(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('offers').select(['id', 'reference']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.reference]));
}
