// Signed-in staff for tests: a member with a known password and TOTP secret, signed in through
// the real pages (password, then the code), so every test exercises the sign-in it relies on.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { currentTotpStep, sealAccountTotpSecret } from '../../src/modules/accounts/accounts.service.js';
import { newTotpSecret, totpCode, TOTP_PERIOD_SECONDS } from '../../src/modules/accounts/accounts.totp.js';
import type { StaffRole } from '../../src/modules/accounts/index.js';
import type { AppContext } from '../../src/platform/context.js';
import { TestAgent } from './agent.js';
import { insertStaffAccount } from './factories.js';

/** A staff account made for a test, with what it takes to sign in as it. */
export type TestStaffAccount = {
  id: string;
  email: string;
  password: string;
  role: StaffRole;
  regions: string[];
  /** the base32 TOTP secret, or null for a viewer made without TOTP */
  totpSecret: string | null;
};

/** A TestAgent signed in as `account`. */
export class StaffAgent extends TestAgent {
  constructor(
    app: FastifyInstance,
    readonly account: TestStaffAccount,
    options: { remoteAddress?: string } = {},
  ) {
    super(app, options);
  }
}

export type StaffAccountOptions = {
  /** regions of a regional coordinator (ISO 3166-2:GR); default ['GR-M'] for that role, [] for others */
  regions?: string[];
  /** default 'en' */
  language?: 'el' | 'en';
  email?: string;
  name?: string;
  password?: string;
  /** enrol a TOTP secret; default true. Only a viewer may be made without one (it is optional for them). */
  totp?: boolean;
  mustChangePassword?: boolean;
};

/**
 * Inserts a staff member with a known password, TOTP secret (encrypted as the service stores it,
 * so it needs the app's ctx) and regions, without signing in.
 */
export async function createStaffMember(ctx: AppContext, role: StaffRole, options: StaffAccountOptions = {}): Promise<TestStaffAccount> {
  const withTotp = options.totp ?? true;
  if (!withTotp && role !== 'viewer') throw new Error(`a ${role} cannot sign in without TOTP; only a viewer may be made with totp: false`);
  const account = await insertStaffAccount(ctx.db, {
    role,
    language: options.language ?? 'en',
    mustChangePassword: options.mustChangePassword ?? false,
    ...(options.email !== undefined ? { email: options.email } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
  const totpSecret = withTotp ? newTotpSecret() : null;
  if (totpSecret) {
    await ctx.db
      .updateTable('staff_accounts')
      .set({ totp_secret: sealAccountTotpSecret(ctx, account.id, totpSecret), totp_enrolled_at: sql<Date>`now()` })
      .where('id', '=', account.id)
      .execute();
  }
  const regions = options.regions ?? (role === 'regional_coordinator' ? ['GR-M'] : []);
  if (regions.length > 0) {
    await ctx.db
      .insertInto('staff_account_regions')
      .values(regions.map((region_code) => ({ staff_account_id: account.id, region_code })))
      .execute();
  }
  return { id: account.id, email: account.email, password: account.password, role, regions, totpSecret };
}

/**
 * A code for `account` that the server will accept now: the current step's, or the next step's
 * (inside the ±1 window) when the current one was already used — so a test can sign the same
 * member in twice within 30 seconds without moving its clock.
 * @throws Error when both were used (move the clock on by TOTP_PERIOD_SECONDS).
 */
export async function freshTotpCode(ctx: AppContext, account: TestStaffAccount): Promise<string> {
  if (!account.totpSecret) throw new Error(`${account.email} has no TOTP secret`);
  const row = await ctx.db.selectFrom('staff_accounts').select('totp_last_step').where('id', '=', account.id).executeTakeFirstOrThrow();
  const last = row.totp_last_step === null ? -1 : Number(row.totp_last_step);
  const now = currentTotpStep(ctx);
  const step = Math.max(now, last + 1);
  if (step > now + 1) throw new Error('both acceptable TOTP steps were used: advance the test clock by 30 seconds');
  return totpCode(account.totpSecret, new Date(step * TOTP_PERIOD_SECONDS * 1000));
}

/**
 * Signs `account` in on `agent` through the pages: the password form (in English), then the
 * code page when a code is due. Asserts each step is accepted.
 * @returns where the last step redirected ('/staff' once fully signed in; '/staff/password' for
 *   a member who must change their password first).
 */
export async function completeSignIn(agent: TestAgent, ctx: AppContext, account: TestStaffAccount): Promise<string> {
  const signedIn = await agent.submit('/staff/sign-in?lang=en', { email: account.email, password: account.password }, '/staff/sign-in');
  assert.equal(signedIn.statusCode, 303, `sign-in as ${account.email} was refused`);
  const location = String(signedIn.headers.location);
  if (location !== '/staff/totp') return location;
  const code = await agent.submit('/staff/totp', { code: await freshTotpCode(ctx, account) });
  assert.equal(code.statusCode, 303, `the TOTP code for ${account.email} was refused`);
  return String(code.headers.location);
}

/**
 * A new staff member of `role`, fully signed in (password and TOTP code) on a new agent.
 * `ctx` must be the app's (buildTestApp's `t.ctx`): codes follow its clock.
 *
 *   const coordinator = await signInAs(t.app, t.ctx, 'coordinator');
 *   const cretan = await signInAs(t.app, t.ctx, 'regional_coordinator', { regions: ['GR-M'] });
 *   cretan.account.id; await cretan.get('/staff/offers');
 */
export async function signInAs(app: FastifyInstance, ctx: AppContext, role: StaffRole, options: StaffAccountOptions = {}): Promise<StaffAgent> {
  const account = await createStaffMember(ctx, role, options);
  const agent = new StaffAgent(app, account);
  const landed = await completeSignIn(agent, ctx, account);
  if (!options.mustChangePassword) assert.equal(landed, '/staff', `signing in as ${role} did not complete`);
  return agent;
}
