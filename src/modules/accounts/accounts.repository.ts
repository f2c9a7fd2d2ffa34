// Kysely queries on staff_accounts and staff_sessions. Each takes `db` (or the caller's
// transaction) first and returns rows; rows never leave the accounts service.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, StaffAccountsTable } from '../../platform/db/schema.js';

export type StaffAccountRow = Selectable<StaffAccountsTable>;

export type SessionAccountRow = StaffAccountRow & {
  session_created_at: Date;
  session_last_seen_at: Date;
};

export async function anyStaffAccountExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('staff_accounts').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts an account unless one with the same email (case-insensitively) exists.
 * @returns the new id, or undefined when the email was taken (by a concurrent start, say).
 */
export async function insertStaffAccount(
  db: Kysely<DB>,
  values: Insertable<StaffAccountsTable>,
): Promise<string | undefined> {
  const row = await db
    .insertInto('staff_accounts')
    .values(values)
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findAccountByEmail(db: Kysely<DB>, email: string): Promise<StaffAccountRow | undefined> {
  return db
    .selectFrom('staff_accounts')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function findAccountById(db: Kysely<DB>, id: string): Promise<StaffAccountRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the account and locks its row until the transaction ends, so concurrent sign-ins count failures one at a time. */
export async function findAccountForUpdate(trx: Kysely<DB>, id: string): Promise<StaffAccountRow | undefined> {
  return trx.selectFrom('staff_accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateSignInState(
  trx: Kysely<DB>,
  id: string,
  state: { failedSignIns: number; lockedUntil: Date | null; at: Date },
): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set({ failed_sign_ins: state.failedSignIns, locked_until: state.lockedUntil, updated_at: state.at })
    .where('id', '=', id)
    .execute();
}

export async function updatePassword(
  trx: Kysely<DB>,
  id: string,
  values: { passwordHash: string; mustChangePassword: boolean; at: Date },
): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set({ password_hash: values.passwordHash, must_change_password: values.mustChangePassword, updated_at: values.at })
    .where('id', '=', id)
    .execute();
}

export async function updateLanguage(db: Kysely<DB>, id: string, language: 'el' | 'en', at: Date): Promise<void> {
  await db.updateTable('staff_accounts').set({ language, updated_at: at }).where('id', '=', id).execute();
}

export async function insertSession(
  trx: Kysely<DB>,
  values: { tokenHash: string; accountId: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('staff_sessions')
    .values({ token_hash: values.tokenHash, staff_account_id: values.accountId, created_at: values.at, last_seen_at: values.at })
    .execute();
}

/** The session with this token hash and its account, if both exist. */
export async function findSessionAccount(db: Kysely<DB>, tokenHash: string): Promise<SessionAccountRow | undefined> {
  return db
    .selectFrom('staff_sessions')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_sessions.staff_account_id')
    .selectAll('staff_accounts')
    .select(['staff_sessions.created_at as session_created_at', 'staff_sessions.last_seen_at as session_last_seen_at'])
    .where('staff_sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<DB>, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** @returns the account id of the deleted session, or undefined when there was none. */
export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('staff_sessions')
    .where('token_hash', '=', tokenHash)
    .returning('staff_account_id')
    .executeTakeFirst();
  return row?.staff_account_id;
}

/** Ends every session of the account except `keepTokenHash`. @returns how many were ended. */
export async function deleteOtherSessions(trx: Kysely<DB>, accountId: string, keepTokenHash: string): Promise<number> {
  const result = await trx
    .deleteFrom('staff_sessions')
    .where('staff_account_id', '=', accountId)
    .where('token_hash', '<>', keepTokenHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes the account's sessions that can no longer be used (idle or too old). */
export async function deleteStaleSessions(
  trx: Kysely<DB>,
  accountId: string,
  bounds: { lastSeenBefore: Date; createdBefore: Date },
): Promise<void> {
  await trx
    .deleteFrom('staff_sessions')
    .where('staff_account_id', '=', accountId)
    .where((eb) => eb.or([eb('last_seen_at', '<=', bounds.lastSeenBefore), eb('created_at', '<=', bounds.createdBefore)]))
    .execute();
}
