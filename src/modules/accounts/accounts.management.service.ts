// Administrators' use cases on staff accounts: list, create, edit, disable, enable, reset sign-in.
// Each change opens its own transaction and writes its audit event inside it; the rule that at
// least one active administrator remains is enforced here, under row locks, not by the pages.
import type { AppContext } from '../../platform/context.js';
import { recordAuditEvent } from '../audit/index.js';
import type { StaffRole } from './accounts.policy.js';
import {
  deleteAllSessions,
  findAccountById,
  findAccountForUpdate,
  insertStaffAccount,
  listAccounts,
  lockActiveAdministrators,
  regionsOf,
  replaceRegions,
  resetSignInState,
  setDisabled,
  updateAccountDetails,
  type StaffAccountRow,
} from './accounts.repository.js';
import { hashPassword, oneTimePassword, type StaffMember } from './accounts.service.js';

/** A staff account as the administrators' pages show it. */
export type StaffAccount = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  language: 'el' | 'en';
  /** ISO 3166-2:GR codes, sorted; empty for every role but regional coordinator */
  regions: string[];
  /** 'locked' while failed sign-ins hold it locked (LOCKOUT_MINUTES) */
  status: 'active' | 'disabled' | 'locked';
  mustChangePassword: boolean;
  totpEnrolled: boolean;
  lastSignedInAt: Date | null;
  createdAt: Date;
};

/** What an administrator sets on an account (accounts.schemas `staffDetailsForm`). */
export type StaffDetails = { name: string; role: StaffRole; language: 'el' | 'en'; regions: readonly string[] };

/** Why a change was refused: the account does not exist, or it would leave no active administrator. */
export type ManagementRefusal = 'not_found' | 'last_administrator';

function toAccount(row: StaffAccountRow, regions: string[], at: Date): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    regions,
    status: row.disabled_at ? 'disabled' : row.locked_until && row.locked_until > at ? 'locked' : 'active',
    mustChangePassword: row.must_change_password,
    totpEnrolled: row.totp_enrolled_at !== null,
    lastSignedInAt: row.last_signed_in_at,
    createdAt: row.created_at,
  };
}

const actorOf = (admin: StaffMember) => ({ kind: 'staff' as const, id: admin.id });

/** Every staff account, ordered by name, with its regions. */
export async function listStaffAccounts(ctx: AppContext): Promise<StaffAccount[]> {
  const rows = await listAccounts(ctx.db);
  const regions = await regionsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const at = ctx.clock.now();
  return rows.map((r) => toAccount(r, regions.get(r.id) ?? [], at));
}

/** One staff account, or null when `id` names none. @param id a UUID (the caller checks its shape). */
export async function getStaffAccount(ctx: AppContext, id: string): Promise<StaffAccount | null> {
  const row = await findAccountById(ctx.db, id);
  if (!row) return null;
  const regions = (await regionsOf(ctx.db, [id])).get(id) ?? [];
  return toAccount(row, regions, ctx.clock.now());
}

export type CreateStaffResult = { ok: true; id: string; oneTimePassword: string } | { ok: false; error: 'email_taken' };

/**
 * Creates a staff account with a random one-time password (accounts.service `oneTimePassword`,
 * 100 bits) that must be changed at first sign-in; TOTP is set up after that. Records
 * `staff_account.created` with the role, regions and language.
 * @param input email trimmed and lower-cased, regions already kept only for a regional
 *   coordinator (newStaffForm).
 * @returns the one-time password, to show once and never store; `email_taken` when an account
 *   has that email in any case.
 */
export async function createStaffAccount(
  ctx: AppContext,
  admin: StaffMember,
  input: StaffDetails & { email: string },
): Promise<CreateStaffResult> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx): Promise<CreateStaffResult> => {
    const at = ctx.clock.now();
    const id = await insertStaffAccount(trx, {
      email: input.email,
      name: input.name,
      role: input.role,
      language: input.language,
      password_hash: passwordHash,
      must_change_password: true,
      created_at: at,
      updated_at: at,
    });
    if (!id) return { ok: false, error: 'email_taken' };
    await replaceRegions(trx, id, input.regions);
    await recordAuditEvent(trx, {
      actor: actorOf(admin),
      action: 'staff_account.created',
      entity: { type: 'staff_account', id },
      details: { role: input.role, regions: input.regions, language: input.language },
      at,
    });
    return { ok: true, id, oneTimePassword: password };
  });
}

/**
 * Locks the active administrators' rows, then the target's, and says whether `removing` the
 * target from them (a demotion or a disabling) would leave none. The locks are held to the end
 * of the transaction, so of two concurrent removals of the last two administrators the second
 * waits, re-reads, and is refused.
 */
async function lockForChange(
  trx: AppContext['db'],
  id: string,
  removesAdministrator: (row: StaffAccountRow) => boolean,
): Promise<{ row: StaffAccountRow } | { refused: ManagementRefusal }> {
  const administrators = await lockActiveAdministrators(trx);
  const row = await findAccountForUpdate(trx, id);
  if (!row) return { refused: 'not_found' };
  const isActiveAdministrator = row.role === 'administrator' && !row.disabled_at;
  if (isActiveAdministrator && removesAdministrator(row) && administrators.every((a) => a === id)) {
    return { refused: 'last_administrator' };
  }
  return { row };
}

export type ManagementResult = { ok: true } | { ok: false; error: ManagementRefusal };

/**
 * Changes an account's name, role, language and regions, and records `staff_account.updated`
 * with what changed (`{ field: { from, to } }`); nothing is recorded when nothing changed.
 * The member's open sessions carry on: every request reads the role and regions afresh, and a
 * member moved to a role that needs TOTP is sent to enrol before anything else.
 * @returns `last_administrator` when this would demote the only active administrator.
 */
export async function updateStaffAccount(ctx: AppContext, admin: StaffMember, id: string, input: StaffDetails): Promise<ManagementResult> {
  return ctx.db.transaction().execute(async (trx): Promise<ManagementResult> => {
    const locked = await lockForChange(trx, id, () => input.role !== 'administrator');
    if ('refused' in locked) return { ok: false, error: locked.refused };
    const { row } = locked;
    const at = ctx.clock.now();
    const regionsBefore = (await regionsOf(trx, [id])).get(id) ?? [];
    const regionsAfter = [...input.regions].sort();
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (row.name !== input.name) changes.name = { from: row.name, to: input.name };
    if (row.role !== input.role) changes.role = { from: row.role, to: input.role };
    if (row.language !== input.language) changes.language = { from: row.language, to: input.language };
    if (regionsBefore.join(',') !== regionsAfter.join(',')) changes.regions = { from: regionsBefore, to: regionsAfter };
    if (Object.keys(changes).length === 0) return { ok: true };
    await updateAccountDetails(trx, id, { name: input.name, role: input.role, language: input.language, at });
    await replaceRegions(trx, id, regionsAfter);
    await recordAuditEvent(trx, {
      actor: actorOf(admin),
      action: 'staff_account.updated',
      entity: { type: 'staff_account', id },
      details: { changes },
      at,
    });
    return { ok: true };
  });
}

/**
 * Disables an account (it can no longer sign in, and every session of it ends now) or enables it
 * again, recording `staff_account.disabled` (with `sessions_ended`) or `staff_account.enabled`.
 * Asking for the state it is already in changes and records nothing.
 * @returns `last_administrator` when this would disable the only active administrator.
 */
export async function setStaffAccountDisabled(ctx: AppContext, admin: StaffMember, id: string, disabled: boolean): Promise<ManagementResult> {
  return ctx.db.transaction().execute(async (trx): Promise<ManagementResult> => {
    const locked = await lockForChange(trx, id, () => disabled);
    if ('refused' in locked) return { ok: false, error: locked.refused };
    const { row } = locked;
    if ((row.disabled_at !== null) === disabled) return { ok: true };
    const at = ctx.clock.now();
    await setDisabled(trx, id, disabled ? at : null, at);
    const sessionsEnded = disabled ? await deleteAllSessions(trx, id) : 0;
    await recordAuditEvent(trx, {
      actor: actorOf(admin),
      action: disabled ? 'staff_account.disabled' : 'staff_account.enabled',
      entity: { type: 'staff_account', id },
      details: disabled ? { sessions_ended: sessionsEnded } : {},
      at,
    });
    return { ok: true };
  });
}

export type ResetSignInResult = { ok: true; oneTimePassword: string; name: string } | { ok: false; error: 'not_found' };

/**
 * Resets a member's sign-in, for a lost password or phone: a new one-time password to change at
 * the next sign-in, TOTP removed (they enrol again), failures and lock cleared, every session
 * ended. Records `staff_account.sign_in_reset`. A disabled account stays disabled.
 * @returns the one-time password, to show once and never store.
 */
export async function resetStaffSignIn(ctx: AppContext, admin: StaffMember, id: string): Promise<ResetSignInResult> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx): Promise<ResetSignInResult> => {
    const row = await findAccountForUpdate(trx, id);
    if (!row) return { ok: false, error: 'not_found' };
    const at = ctx.clock.now();
    await resetSignInState(trx, id, { passwordHash, at });
    const sessionsEnded = await deleteAllSessions(trx, id);
    await recordAuditEvent(trx, {
      actor: actorOf(admin),
      action: 'staff_account.sign_in_reset',
      entity: { type: 'staff_account', id },
      details: { sessions_ended: sessionsEnded, totp_removed: row.totp_enrolled_at !== null },
      at,
    });
    return { ok: true, oneTimePassword: password, name: row.name };
  });
}
