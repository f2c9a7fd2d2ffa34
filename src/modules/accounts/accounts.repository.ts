// Kysely queries on staff_accounts, staff_sessions and staff_account_regions. Each takes `db`
// (or the caller's transaction) first and returns rows; rows never leave the accounts services.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, StaffAccountsTable } from '../../platform/db/schema.js';

export type StaffAccountRow = Selectable<StaffAccountsTable>;

export type SessionStage = 'second_factor' | 'signed_in';

export type SessionAccountRow = StaffAccountRow & {
  session_created_at: Date;
  session_last_seen_at: Date;
  session_stage: SessionStage;
  session_totp_pending_secret: string | null;
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
  values: { tokenHash: string; accountId: string; at: Date; stage: SessionStage },
): Promise<void> {
  await trx
    .insertInto('staff_sessions')
    .values({
      token_hash: values.tokenHash,
      staff_account_id: values.accountId,
      created_at: values.at,
      last_seen_at: values.at,
      stage: values.stage,
    })
    .execute();
}

/** Moves a session to `stage` and forgets any pending enrolment secret. */
export async function setSessionStage(trx: Kysely<DB>, tokenHash: string, stage: SessionStage): Promise<void> {
  await trx.updateTable('staff_sessions').set({ stage, totp_pending_secret: null }).where('token_hash', '=', tokenHash).execute();
}

/** Stores the (encrypted) secret offered on the enrolment page, unless one is already there. @returns the stored value. */
export async function putPendingSecret(db: Kysely<DB>, tokenHash: string, secret: string): Promise<string | undefined> {
  await db
    .updateTable('staff_sessions')
    .set({ totp_pending_secret: secret })
    .where('token_hash', '=', tokenHash)
    .where('totp_pending_secret', 'is', null)
    .execute();
  const row = await db.selectFrom('staff_sessions').select('totp_pending_secret').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.totp_pending_secret ?? undefined;
}

/** The session with this token hash and its account, if both exist. */
export async function findSessionAccount(db: Kysely<DB>, tokenHash: string): Promise<SessionAccountRow | undefined> {
  return db
    .selectFrom('staff_sessions')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_sessions.staff_account_id')
    .selectAll('staff_accounts')
    .select([
      'staff_sessions.created_at as session_created_at',
      'staff_sessions.last_seen_at as session_last_seen_at',
      'staff_sessions.stage as session_stage',
      'staff_sessions.totp_pending_secret as session_totp_pending_secret',
    ])
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

/** Ends every session of the account. @returns how many were ended. */
export async function deleteAllSessions(trx: Kysely<DB>, accountId: string): Promise<number> {
  const result = await trx.deleteFrom('staff_sessions').where('staff_account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A complete sign-in: the failure count and lock are cleared and the time is kept for the staff list. */
export async function recordSignInCompleted(trx: Kysely<DB>, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set({ failed_sign_ins: 0, locked_until: null, last_signed_in_at: at, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Stores an enrolled (encrypted) TOTP secret, or clears it when `secret` is null. */
export async function setTotp(
  trx: Kysely<DB>,
  id: string,
  values: { secret: string | null; lastStep: number | null; at: Date },
): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set({
      totp_secret: values.secret,
      totp_enrolled_at: values.secret ? values.at : null,
      totp_last_step: values.lastStep === null ? null : String(values.lastStep),
      updated_at: values.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function setTotpLastStep(trx: Kysely<DB>, id: string, step: number): Promise<void> {
  await trx.updateTable('staff_accounts').set({ totp_last_step: String(step) }).where('id', '=', id).execute();
}

/** Region codes per account, sorted, for the given accounts (accounts without any are absent). */
export async function regionsOf(db: Kysely<DB>, accountIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom('staff_account_regions')
    .select(['staff_account_id', 'region_code'])
    .where('staff_account_id', 'in', accountIds)
    .orderBy('staff_account_id')
    .orderBy('region_code')
    .execute();
  for (const r of rows) {
    const list = out.get(r.staff_account_id) ?? [];
    list.push(r.region_code);
    out.set(r.staff_account_id, list);
  }
  return out;
}

/** Replaces the account's regions with `codes`. */
export async function replaceRegions(trx: Kysely<DB>, accountId: string, codes: readonly string[]): Promise<void> {
  await trx.deleteFrom('staff_account_regions').where('staff_account_id', '=', accountId).execute();
  if (codes.length > 0) {
    await trx
      .insertInto('staff_account_regions')
      .values(codes.map((region_code) => ({ staff_account_id: accountId, region_code })))
      .execute();
  }
}

/** Every account, ordered by name then email. */
export async function listAccounts(db: Kysely<DB>): Promise<StaffAccountRow[]> {
  return db.selectFrom('staff_accounts').selectAll().orderBy('name').orderBy('email').orderBy('id').execute();
}

/**
 * Locks the rows of every active (not disabled) administrator until the transaction ends and
 * returns their ids. Two transactions that each remove an administrator queue here, and the
 * second re-reads the rows after the first commits (PostgreSQL re-checks a locked row's WHERE
 * after the lock is granted), so it sees the first one's change.
 */
export async function lockActiveAdministrators(trx: Kysely<DB>): Promise<string[]> {
  const rows = await trx
    .selectFrom('staff_accounts')
    .select('id')
    .where('role', '=', 'administrator')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function updateAccountDetails(
  trx: Kysely<DB>,
  id: string,
  values: { name: string; role: StaffAccountRow['role']; language: 'el' | 'en'; at: Date },
): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set({ name: values.name, role: values.role, language: values.language, updated_at: values.at })
    .where('id', '=', id)
    .execute();
}

export async function setDisabled(trx: Kysely<DB>, id: string, disabledAt: Date | null, at: Date): Promise<void> {
  await trx.updateTable('staff_accounts').set({ disabled_at: disabledAt, updated_at: at }).where('id', '=', id).execute();
}

/** A reset sign-in: a new one-time password to change, no TOTP, no failures, no lock. */
export async function resetSignInState(trx: Kysely<DB>, id: string, values: { passwordHash: string; at: Date }): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set({
      password_hash: values.passwordHash,
      must_change_password: true,
      totp_secret: null,
      totp_enrolled_at: null,
      totp_last_step: null,
      failed_sign_ins: 0,
      locked_until: null,
      updated_at: values.at,
    })
    .where('id', '=', id)
    .execute();
}
