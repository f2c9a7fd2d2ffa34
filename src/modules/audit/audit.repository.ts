import type { Insertable, Kysely } from 'kysely';
import type { AuditEventsTable, DB } from '../../platform/db/schema.js';

/** Appends one row to audit_events. `db` is normally the caller's transaction. */
export async function insertAuditEvent(db: Kysely<DB>, row: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}
