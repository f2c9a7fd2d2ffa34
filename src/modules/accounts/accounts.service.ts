// Staff accounts' use cases for the member themself: the first administrator, signing in (password
// then TOTP second factor), sessions, enrolling TOTP, changing a password. Each opens its own
// transaction and writes its audit event inside it. Administrators' use cases on other members
// are in accounts.management.service.ts.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options as Argon2Options } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { recordAuditEvent } from '../audit/index.js';
import type { AccountMessageKey } from './accounts.messages.js';
import { decryptSecret, encryptSecret } from './accounts.crypto.js';
import { secondFactorRequired, type StaffRole } from './accounts.policy.js';
import {
  anyStaffAccountExists,
  deleteOtherSessions,
  deleteSession,
  deleteStaleSessions,
  findAccountByEmail,
  findAccountById,
  findAccountForUpdate,
  findSessionAccount,
  insertSession,
  insertStaffAccount,
  putPendingSecret,
  recordSignInCompleted,
  regionsOf,
  setSessionStage,
  setTotp,
  setTotpLastStep,
  touchSession,
  updateLanguage,
  updatePassword,
  updateSignInState,
  type SessionStage,
  type StaffAccountRow,
} from './accounts.repository.js';
import { checkTotp, newTotpSecret, totpStep } from './accounts.totp.js';

/**
 * What a session still has to do before it is fully signed in, in this order:
 * - 'totp': enter a code from the enrolled authenticator (the password was right);
 * - 'password': replace a password someone else set (first start, reset);
 * - 'totp_enrol': set up an authenticator, for a role that must use one or a session that asked.
 */
export type PendingStep = 'totp' | 'password' | 'totp_enrol';

/** A staff member behind a session, as the rest of the back office sees them. */
export type StaffMember = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** the language their pages are shown in */
  language: 'el' | 'en';
  /** true until they replace a password someone else set (first start, reset) */
  mustChangePassword: boolean;
  /** ISO 3166-2:GR regions a regional coordinator works in (staff_account_regions), sorted */
  regions: readonly string[];
  /** whether a TOTP authenticator is set up */
  totpEnrolled: boolean;
  /**
   * null once the session is fully signed in. requireStaff admits a member with a pending step
   * only to the page that completes it, so other modules only ever see null here.
   */
  pendingStep: PendingStep | null;
};

/** Consecutive failed sign-ins that lock an account, and for how long (the rule). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
/**
 * A session ends this long after sign-in however active it is. OWASP's Session Management Cheat
 * Sheet asks for an absolute timeout beside the idle one; 12 hours covers a long working day.
 */
export const SESSION_ABSOLUTE_HOURS = 12;
/** last_seen_at is written at most this often, to spare a write on every page view. */
const TOUCH_INTERVAL_MS = 60_000;

// Argon2id with OWASP's Password Storage Cheat Sheet minimum (m = 19 MiB, t = 2, p = 1).
// `Algorithm` is a const enum that isolatedModules cannot read, hence the literal 2 (Argon2id).
const ARGON2: Argon2Options = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Advisory lock key for creating the first administrator (7074 is the migrator's).
const FIRST_ADMINISTRATOR_LOCK = 7075;

/**
 * NFKC-normalises then hashes a password with argon2id (PHC string). NIST SP 800-63B §3.1.1.2
 * asks for normalisation so the same password typed on two keyboards matches.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2);
}

async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFKC'));
  } catch {
    // A malformed stored hash is a failed match, never a 500 that tells the account exists.
    return false;
  }
}

// Verified against when the email matches no account, so an unknown email costs the same
// argon2 work as a known one and the response time does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;
/** Computes the dummy hash ahead of the first sign-in, so the first unknown email is not slower. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/** SHA-256 of a session token, hex: the only form a token is stored in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 random bytes as base64url (43 characters). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

// Capitals and digits without the look-alikes 0/O, 1/I: the password is read off a console.
const OTP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A one-time password like `K7QMX-2WPHD-Z9R4T-BN8CE`: 20 symbols of 5 bits, 100 bits in all. */
export function oneTimePassword(): string {
  const bytes = randomBytes(20);
  // 256 is a multiple of 32, so masking to 5 bits picks every symbol equally often.
  const chars = [...bytes].map((b) => OTP_ALPHABET[b & 31]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** The step a session at `stage` must still complete, in PendingStep's order. */
function pendingStepOf(row: StaffAccountRow, stage: SessionStage): PendingStep | null {
  const enrolled = row.totp_enrolled_at !== null;
  if (stage === 'second_factor' && enrolled) return 'totp';
  if (row.must_change_password) return 'password';
  // A role made to need TOTP while signed in (a viewer promoted) enrols before going further.
  if (!enrolled && (stage === 'second_factor' || secondFactorRequired(row.role))) return 'totp_enrol';
  return null;
}

function toMember(row: StaffAccountRow, regions: readonly string[], stage: SessionStage): StaffMember {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    mustChangePassword: row.must_change_password,
    regions,
    totpEnrolled: row.totp_enrolled_at !== null,
    pendingStep: pendingStepOf(row, stage),
  };
}

async function memberOf(db: AppContext['db'], row: StaffAccountRow, stage: SessionStage): Promise<StaffMember> {
  const regions = (await regionsOf(db, [row.id])).get(row.id) ?? [];
  return toMember(row, regions, stage);
}

/**
 * On a database with no staff account at all, creates the administrator named in configuration
 * (ADMIN_EMAIL, ADMIN_NAME) with a random one-time password that must be changed at first
 * sign-in, records `staff_account.created`, and prints one line with the sign-in address, the
 * email and the password through `log`. Does nothing when any staff account exists.
 *
 * Two processes starting at once create one account: they serialise on an advisory lock, the
 * second finds the first's account, and the unique index on lower(email) backs this up.
 * @throws the database error if the account cannot be written.
 */
export async function ensureFirstAdministrator(ctx: AppContext, log: (line: string) => void): Promise<void> {
  if (await anyStaffAccountExists(ctx.db)) return;
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const { email, name } = ctx.config.admin;
  const created = await ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(FIRST_ADMINISTRATOR_LOCK)})`.execute(trx);
    if (await anyStaffAccountExists(trx)) return undefined;
    const at = ctx.clock.now();
    const id = await insertStaffAccount(trx, {
      email,
      name: name.slice(0, 200),
      role: 'administrator',
      password_hash: passwordHash,
      must_change_password: true,
      created_at: at,
      updated_at: at,
    });
    if (!id) return undefined;
    await recordAuditEvent(trx, {
      actor: { kind: 'system' },
      action: 'staff_account.created',
      entity: { type: 'staff_account', id },
      details: { role: 'administrator', source: 'configuration' },
      at,
    });
    return id;
  });
  // Printed only after the commit, so the password shown is one that works.
  if (created) {
    log(
      `First staff account created: administrator ${email}. Sign in at ${ctx.config.publicUrl}/staff/sign-in ` +
        `with the one-time password ${password} (you will be asked to change it).`,
    );
  }
}

export type SignInResult = { ok: true; token: string; member: StaffMember } | { ok: false };

type Trx = AppContext['db'];

/**
 * Counts one failed attempt (a wrong password or a wrong second-factor code: one count, one
 * lockout) on an account read under its row lock, locking it on the LOCKOUT_THRESHOLD-th, and
 * records `staff_account.locked` when it does, after the attempt's own event (`record`), so the
 * trail reads in the order things happened.
 */
async function countFailure(trx: Trx, current: StaffAccountRow, at: Date, record: (failures: number) => Promise<void>): Promise<void> {
  const failures = (current.locked_until ? 0 : current.failed_sign_ins) + 1;
  const lockedUntil = failures >= LOCKOUT_THRESHOLD ? new Date(at.getTime() + LOCKOUT_MINUTES * 60_000) : null;
  await updateSignInState(trx, current.id, { failedSignIns: failures, lockedUntil, at });
  await record(failures);
  if (lockedUntil) {
    await recordAuditEvent(trx, {
      actor: { kind: 'system' },
      action: 'staff_account.locked',
      entity: { type: 'staff_account', id: current.id },
      details: { failed_sign_ins: failures, locked_until: lockedUntil.toISOString() },
      at,
    });
  }
}

/**
 * Checks an email and password and, when they match an enabled, unlocked account, starts a
 * session. Every refusal looks the same to the caller (unknown email, wrong password, locked,
 * disabled) and costs one argon2 verification, so neither the answer nor its timing tells
 * whether an email has an account.
 *
 * The session is fully signed in at once only for a member who needs no second factor (a viewer
 * without TOTP); otherwise it starts at stage 'second_factor' and `member.pendingStep` says what
 * comes next ('totp', or 'password' then 'totp_enrol'). The failure count is reset only when the
 * whole sign-in completes: otherwise a thief with the password could reset it between guesses.
 *
 * The 5th consecutive failure (passwords and codes together) locks the account for 15 minutes;
 * while locked even the right password is refused and attempts are not counted; after the lock
 * runs out the count starts again from zero. Every attempt writes an audit event.
 * @param input email already trimmed and lower-cased (signInForm).
 * @returns the new session's token (to put in the cookie; only its hash is stored) and the member.
 */
export async function signIn(ctx: AppContext, input: { email: string; password: string }): Promise<SignInResult> {
  const account = await findAccountByEmail(ctx.db, input.email);
  const passwordMatches = await verifyPassword(account?.password_hash ?? (await prepareDummyHash()), input.password);

  return ctx.db.transaction().execute(async (trx): Promise<SignInResult> => {
    const at = ctx.clock.now();
    const failed = (reason: string, id: string | null, details: Record<string, unknown> = {}) =>
      recordAuditEvent(trx, {
        actor: { kind: 'staff', id: null },
        action: 'staff_account.sign_in_failed',
        entity: { type: 'staff_account', id },
        details: { reason, ...details },
        at,
      });

    // Read again under a row lock: the state may have changed during the argon2 work, and
    // concurrent wrong attempts must each be counted.
    const current = account ? await findAccountForUpdate(trx, account.id) : undefined;
    if (!current) {
      // The typed email is not recorded: people sometimes type their password into it.
      await failed('unknown_email', null);
      return { ok: false };
    }
    if (current.disabled_at) {
      await failed('disabled', current.id);
      return { ok: false };
    }
    if (current.locked_until && current.locked_until > at) {
      await failed('locked', current.id, { locked_until: current.locked_until.toISOString() });
      return { ok: false };
    }
    if (!passwordMatches) {
      await countFailure(trx, current, at, (failures) => failed('wrong_password', current.id, { failed_sign_ins: failures }));
      return { ok: false };
    }

    await deleteStaleSessions(trx, current.id, sessionBounds(ctx, at));
    const token = newToken();
    const needsSecondFactor = current.totp_enrolled_at !== null || secondFactorRequired(current.role);
    const stage: SessionStage = needsSecondFactor ? 'second_factor' : 'signed_in';
    await insertSession(trx, { tokenHash: tokenHash(token), accountId: current.id, at, stage });
    const member = await memberOf(trx, current, stage);
    if (needsSecondFactor) {
      await recordAuditEvent(trx, {
        actor: { kind: 'staff', id: current.id },
        action: 'staff_account.password_accepted',
        entity: { type: 'staff_account', id: current.id },
        details: { next: member.pendingStep },
        at,
      });
    } else {
      await recordSignInCompleted(trx, current.id, at);
      await recordAuditEvent(trx, {
        actor: { kind: 'staff', id: current.id },
        action: 'staff_account.signed_in',
        entity: { type: 'staff_account', id: current.id },
        details: { second_factor: 'none' },
        at,
      });
    }
    return { ok: true, token, member };
  });
}

function sessionBounds(ctx: AppContext, at: Date): { lastSeenBefore: Date; createdBefore: Date } {
  return {
    lastSeenBefore: new Date(at.getTime() - ctx.config.staffSessionIdleMinutes * 60_000),
    createdBefore: new Date(at.getTime() - SESSION_ABSOLUTE_HOURS * 3_600_000),
  };
}

/**
 * The staff member a session token belongs to, with `pendingStep` saying whether the session is
 * fully signed in; null when the token is malformed, unknown, idle for
 * STAFF_SESSION_IDLE_MINUTES or more, older than SESSION_ABSOLUTE_HOURS, or its account is
 * disabled (such a session is deleted). A live session's last_seen_at moves to now, at most once
 * a minute.
 */
export async function resolveSession(ctx: AppContext, token: string): Promise<StaffMember | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hashed = tokenHash(token);
  const row = await findSessionAccount(ctx.db, hashed);
  if (!row) return null;
  const at = ctx.clock.now();
  const bounds = sessionBounds(ctx, at);
  if (row.disabled_at || row.session_last_seen_at <= bounds.lastSeenBefore || row.session_created_at <= bounds.createdBefore) {
    await deleteSession(ctx.db, hashed);
    return null;
  }
  if (at.getTime() - row.session_last_seen_at.getTime() >= TOUCH_INTERVAL_MS) await touchSession(ctx.db, hashed, at);
  return memberOf(ctx.db, row, row.session_stage);
}

/** Ends the session with this token, if any, and records `staff_account.signed_out`. */
export async function signOut(ctx: AppContext, token: string): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  await ctx.db.transaction().execute(async (trx) => {
    const accountId = await deleteSession(trx, tokenHash(token));
    if (!accountId) return;
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: accountId },
      action: 'staff_account.signed_out',
      entity: { type: 'staff_account', id: accountId },
      at: ctx.clock.now(),
    });
  });
}

/** Ends a session without an audit event: a stale cookie replaced by a fresh sign-in. */
export async function discardSession(ctx: AppContext, token: string): Promise<void> {
  if (TOKEN_PATTERN.test(token)) await deleteSession(ctx.db, tokenHash(token));
}

/** The additional data a stored secret is bound to (accounts.crypto.ts): its account, or its session. */
const accountSecretContext = (accountId: string) => `staff_account:${accountId}`;
const sessionSecretContext = (hashedToken: string) => `staff_session:${hashedToken}`;

export type SecondFactorResult = { ok: true; member: StaffMember } | { ok: false; reason: 'refused' | 'signed_out' };

/**
 * Checks a TOTP code (RFC 6238, accounts.totp.ts: 6 digits, 30 s, ±1 step) for a session at
 * stage 'second_factor' whose account has TOTP, and when it is right marks the session signed in.
 *
 * Refused, with one answer for every cause: a wrong code, a code from a step already used (a
 * replay), or an account locked. Wrong and replayed codes count toward the same lockout as
 * wrong passwords (countFailure); a success clears the count and stores the code's step.
 * @param code the digits as typed (spaces allowed); the caller has checked it has 6 digits.
 * @returns `signed_out` when the session or account is gone (the caller sends them to sign in).
 * @throws SecretUnreadableError when the stored secret cannot be decrypted (SESSION_SECRET changed).
 */
export async function verifySecondFactor(ctx: AppContext, token: string, code: string): Promise<SecondFactorResult> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'signed_out' };
  const hashed = tokenHash(token);
  return ctx.db.transaction().execute(async (trx): Promise<SecondFactorResult> => {
    const at = ctx.clock.now();
    const found = await findSessionAccount(trx, hashed);
    if (!found || found.disabled_at) return { ok: false, reason: 'signed_out' };
    // The row lock makes two submissions of one code queue, so the second sees the first's step.
    const current = await findAccountForUpdate(trx, found.id);
    const session = await findSessionAccount(trx, hashed);
    if (!current?.totp_secret || !session) return { ok: false, reason: 'signed_out' };
    // A double click: the first request already completed this session's sign-in.
    if (session.session_stage === 'signed_in') return { ok: true, member: await memberOf(trx, current, 'signed_in') };
    const failed = (reason: string, details: Record<string, unknown> = {}) =>
      recordAuditEvent(trx, {
        actor: { kind: 'staff', id: current.id },
        action: 'staff_account.second_factor_failed',
        entity: { type: 'staff_account', id: current.id },
        details: { reason, ...details },
        at,
      });
    if (current.locked_until && current.locked_until > at) {
      await failed('locked', { locked_until: current.locked_until.toISOString() });
      return { ok: false, reason: 'refused' };
    }
    const secret = decryptSecret(ctx.config.sessionSecret, current.totp_secret, accountSecretContext(current.id));
    const lastStep = current.totp_last_step === null ? null : Number(current.totp_last_step);
    const step = checkTotp(secret, code, at, lastStep);
    if (step === null) {
      // Told apart only for the audit trail: the person sees the same answer.
      const replayed = lastStep !== null && checkTotp(secret, code, at, null) !== null;
      await countFailure(trx, current, at, (failures) => failed(replayed ? 'replayed_code' : 'wrong_code', { failed_sign_ins: failures }));
      return { ok: false, reason: 'refused' };
    }
    await setTotpLastStep(trx, current.id, step);
    await recordSignInCompleted(trx, current.id, at);
    await setSessionStage(trx, hashed, 'signed_in');
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: current.id },
      action: 'staff_account.signed_in',
      entity: { type: 'staff_account', id: current.id },
      details: { second_factor: 'totp' },
      at,
    });
    const fresh = (await findAccountById(trx, current.id))!;
    return { ok: true, member: await memberOf(trx, fresh, 'signed_in') };
  });
}

/**
 * The secret offered on the enrolment page for this session: made once, kept (encrypted) on the
 * session row so a reload shows the same QR code, and dropped when the session ends.
 * @returns the base32 secret, or null when the session is gone.
 * @throws SecretUnreadableError when the stored value cannot be decrypted.
 */
export async function pendingTotpSecret(ctx: AppContext, token: string): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hashed = tokenHash(token);
  const context = sessionSecretContext(hashed);
  const stored = await putPendingSecret(ctx.db, hashed, encryptSecret(ctx.config.sessionSecret, newTotpSecret(), context));
  return stored ? decryptSecret(ctx.config.sessionSecret, stored, context) : null;
}

/**
 * Confirms enrolment with a code from the pending secret (pendingTotpSecret): stores the secret
 * on the account (encrypted), with the code's step as the last used, marks the session signed in
 * and records `staff_account.totp_enrolled` (and `staff_account.signed_in` when this completed a
 * sign-in). A wrong code counts toward the lockout like any other; while locked every code is
 * refused. The caller admits only a session whose account has no TOTP yet.
 * @returns `signed_out` when the session, its pending secret or the account is gone.
 */
export async function confirmTotpEnrolment(ctx: AppContext, token: string, code: string): Promise<SecondFactorResult> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'signed_out' };
  const hashed = tokenHash(token);
  return ctx.db.transaction().execute(async (trx): Promise<SecondFactorResult> => {
    const at = ctx.clock.now();
    const found = await findSessionAccount(trx, hashed);
    if (!found || found.disabled_at) return { ok: false, reason: 'signed_out' };
    const current = await findAccountForUpdate(trx, found.id);
    const session = await findSessionAccount(trx, hashed);
    if (!current || !session) return { ok: false, reason: 'signed_out' };
    // A double click: the first request enrolled and signed this session in (it cleared the pending secret).
    if (current.totp_secret && session.session_stage === 'signed_in' && !session.session_totp_pending_secret) {
      return { ok: true, member: await memberOf(trx, current, 'signed_in') };
    }
    if (current.totp_secret || !session.session_totp_pending_secret) return { ok: false, reason: 'signed_out' };
    const failed = (reason: string, details: Record<string, unknown> = {}) =>
      recordAuditEvent(trx, {
        actor: { kind: 'staff', id: current.id },
        action: 'staff_account.second_factor_failed',
        entity: { type: 'staff_account', id: current.id },
        details: { reason, enrolment: true, ...details },
        at,
      });
    if (current.locked_until && current.locked_until > at) {
      await failed('locked', { locked_until: current.locked_until.toISOString() });
      return { ok: false, reason: 'refused' };
    }
    const secret = decryptSecret(ctx.config.sessionSecret, session.session_totp_pending_secret, sessionSecretContext(hashed));
    const step = checkTotp(secret, code, at, null);
    if (step === null) {
      await countFailure(trx, current, at, (failures) => failed('wrong_code', { failed_sign_ins: failures }));
      return { ok: false, reason: 'refused' };
    }
    const completesSignIn = session.session_stage === 'second_factor';
    await setTotp(trx, current.id, { secret: encryptSecret(ctx.config.sessionSecret, secret, accountSecretContext(current.id)), lastStep: step, at });
    await setSessionStage(trx, hashed, 'signed_in');
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: current.id },
      action: 'staff_account.totp_enrolled',
      entity: { type: 'staff_account', id: current.id },
      at,
    });
    if (completesSignIn) {
      await recordSignInCompleted(trx, current.id, at);
      await recordAuditEvent(trx, {
        actor: { kind: 'staff', id: current.id },
        action: 'staff_account.signed_in',
        entity: { type: 'staff_account', id: current.id },
        details: { second_factor: 'totp' },
        at,
      });
    } else {
      await updateSignInState(trx, current.id, { failedSignIns: 0, lockedUntil: null, at });
    }
    const fresh = (await findAccountById(trx, current.id))!;
    return { ok: true, member: await memberOf(trx, fresh, 'signed_in') };
  });
}

/** Encrypts a TOTP secret the way the service stores it on an account (for seeding and tests). */
export function sealAccountTotpSecret(ctx: AppContext, accountId: string, secret: string): string {
  return encryptSecret(ctx.config.sessionSecret, secret, accountSecretContext(accountId));
}

/** The current RFC 6238 step on the app's clock (tests use it to pick a code not yet used). */
export function currentTotpStep(ctx: AppContext): number {
  return totpStep(ctx.clock.now());
}

export type ChangePasswordResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; errors: { field: 'current_password' | 'new_password'; key: AccountMessageKey }[] };

/**
 * Replaces the member's password after checking the current one, clears must_change_password,
 * ends every other session of the account (a changed password must lock out whoever else knew
 * the old one) and records `staff_account.password_changed`, in one transaction.
 * @param input already shaped by passwordForm (length and confirmation checked).
 * @param currentToken the session kept signed in.
 * @returns the errors as message keys when the current password is wrong, or the new one is the
 *   email or the current password.
 */
export async function changePassword(
  ctx: AppContext,
  member: StaffMember,
  currentToken: string,
  input: { currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  const account = await findAccountById(ctx.db, member.id);
  const currentOk = account ? await verifyPassword(account.password_hash, input.currentPassword) : false;
  const errors: Extract<ChangePasswordResult, { ok: false }>['errors'] = [];
  if (!currentOk) errors.push({ field: 'current_password', key: 'current_password_incorrect' });
  const fresh = input.newPassword.normalize('NFKC');
  if (fresh.trim().toLowerCase() === member.email.toLowerCase()) {
    errors.push({ field: 'new_password', key: 'new_password_is_email' });
  } else if (currentOk && fresh === input.currentPassword.normalize('NFKC')) {
    errors.push({ field: 'new_password', key: 'new_password_same' });
  }
  if (!account || errors.length > 0) return { ok: false, errors };

  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now();
    await updatePassword(trx, member.id, { passwordHash, mustChangePassword: false, at });
    const sessionsEnded = await deleteOtherSessions(trx, member.id, tokenHash(currentToken));
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'staff_account.password_changed',
      entity: { type: 'staff_account', id: member.id },
      details: { sessions_ended: sessionsEnded, was_one_time: member.mustChangePassword },
      at,
    });
    return { ok: true as const, sessionsEnded };
  });
}

/** Remembers the language a staff member chose for their pages. */
export async function setStaffLanguage(ctx: AppContext, memberId: string, language: 'el' | 'en'): Promise<void> {
  await updateLanguage(ctx.db, memberId, language, ctx.clock.now());
}
