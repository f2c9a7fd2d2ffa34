// HTTP for staff accounts: sign in (password, then the TOTP code or enrolment), sign out, change
// password; and, through accounts.management.routes.tsx, administrators' staff management. Each
// handler parses the form, calls one service function and renders or redirects; the rules live
// in the services.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import type { FieldError } from '../../platform/views/components.js';
import type { Gazetteer } from '../geography/index.js';
import {
  nextPath,
  PASSWORD_PATH,
  requireStaff,
  SIGN_IN_PATH,
  signedInStaff,
  STAFF_COOKIE,
  STAFF_HOME,
  staffChrome,
  staffCookieOptions,
  staffLanguage,
  TOTP_ENROL_PATH,
  TOTP_PATH,
} from './accounts.hooks.js';
import { staffManagementRoutes } from './accounts.management.routes.js';
import { accountMessages, type AccountMessageKey } from './accounts.messages.js';
import { secondFactorRequired } from './accounts.policy.js';
import { fieldErrors, PASSWORD_MAX, PASSWORD_MIN, passwordForm, signInForm, totpForm } from './accounts.schemas.js';
import {
  changePassword,
  confirmTotpEnrolment,
  discardSession,
  pendingTotpSecret,
  prepareDummyHash,
  resolveSession,
  signIn,
  signOut,
  verifySecondFactor,
  type SecondFactorResult,
} from './accounts.service.js';
import { groupSecret, qrCodeSvg, totpUri } from './accounts.totp.js';
import { PasswordPage } from './views/password.js';
import { SignInPage } from './views/sign-in.js';
import { TotpEnrolPage } from './views/totp-enrol.js';
import { TotpPage } from './views/totp.js';

/**
 * Sign-in attempts one address may make a minute, across all accounts. The per-account lockout
 * stops guessing one password; this slows trying one password on many accounts.
 */
const SIGN_IN_RATE = { max: 20, timeWindow: 60_000 };

/**
 * GET/POST /staff/sign-in, POST /staff/sign-out, GET/POST /staff/password, GET/POST /staff/totp
 * (the code at sign-in), GET/POST /staff/totp/enrol, and the /staff/accounts pages
 * (accounts.management.routes.tsx). Every POST checks the CSRF token (preValidation); invalid
 * answers come back as the same page with 422.
 * Register with `app.register(accountRoutes, { ctx, gazetteer })`.
 */
export async function accountRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx } = opts;
  await prepareDummyHash();
  const cookieOptions = staffCookieOptions(ctx.config);
  const passwordPageGuard = requireStaff(app, ctx, { step: 'password' });
  const totpPageGuard = requireStaff(app, ctx, { step: 'totp' });
  const enrolPageGuard = requireStaff(app, ctx, { step: 'totp_enrol' });
  const messages = (lang: 'el' | 'en') => {
    const t = translator(accountMessages, lang);
    return (errors: { field: string; key: AccountMessageKey }[]): FieldError[] =>
      errors.map((e) => ({ field: e.field, message: t(e.key, { min: PASSWORD_MIN, max: PASSWORD_MAX }) }));
  };

  app.get(SIGN_IN_PATH, async (req, reply) => {
    const token = req.cookies[STAFF_COOKIE];
    const member = token ? await resolveSession(ctx, token) : null;
    if (member) return reply.redirect(nextPath(member), 302);
    return sendPage(reply, 200, <SignInPage chrome={staffChrome(ctx, req, reply)} email="" />);
  });

  app.post(SIGN_IN_PATH, { preValidation: app.csrfProtection, config: { rateLimit: SIGN_IN_RATE } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const toErrors = messages(staffLanguage(req.lang));
    const parsed = signInForm.safeParse(body);
    if (!parsed.success) {
      const typed = typeof body.email === 'string' ? body.email.trim() : '';
      const errors = toErrors(fieldErrors(parsed.error));
      return sendPage(reply, 422, <SignInPage chrome={staffChrome(ctx, req, reply)} email={typed} errors={errors} />);
    }
    const result = await signIn(ctx, parsed.data);
    if (!result.ok) {
      // One message for every refusal (unknown email, wrong password, locked, disabled).
      const errors = toErrors([{ field: 'email', key: 'credentials_invalid' }]);
      return sendPage(reply, 422, <SignInPage chrome={staffChrome(ctx, req, reply)} email={parsed.data.email} errors={errors} />);
    }
    const previous = req.cookies[STAFF_COOKIE];
    if (previous) await discardSession(ctx, previous);
    reply.setCookie(STAFF_COOKIE, result.token, cookieOptions);
    return reply.redirect(nextPath(result.member), 303);
  });

  app.post('/staff/sign-out', { preValidation: app.csrfProtection }, async (req, reply) => {
    const token = req.cookies[STAFF_COOKIE];
    if (token) await signOut(ctx, token);
    reply.clearCookie(STAFF_COOKIE, cookieOptions);
    return reply.redirect(SIGN_IN_PATH, 303);
  });

  app.get(PASSWORD_PATH, { preHandler: passwordPageGuard }, async (req, reply) => {
    const member = signedInStaff(req);
    return sendPage(reply, 200, <PasswordPage chrome={staffChrome(ctx, req, reply)} mustChange={member.mustChangePassword} />);
  });

  app.post(PASSWORD_PATH, { preValidation: app.csrfProtection, preHandler: passwordPageGuard }, async (req, reply) => {
    const member = signedInStaff(req);
    const toErrors = messages(member.language);
    const render = (errors: FieldError[]) =>
      sendPage(reply, 422, <PasswordPage chrome={staffChrome(ctx, req, reply)} mustChange={member.mustChangePassword} errors={errors} />);
    const parsed = passwordForm.safeParse(req.body ?? {});
    if (!parsed.success) return render(toErrors(fieldErrors(parsed.error)));
    const result = await changePassword(ctx, member, req.cookies[STAFF_COOKIE] ?? '', {
      currentPassword: parsed.data.current_password,
      newPassword: parsed.data.new_password,
    });
    if (!result.ok) return render(toErrors(result.errors));
    return reply.redirect(STAFF_HOME, 303);
  });

  /** Where a code's answer leads: on, back to the form with the one refusal message, or out. */
  const afterCode = async (result: SecondFactorResult, reply: FastifyReply, again: (errors: FieldError[]) => Promise<unknown>) => {
    if (result.ok) return reply.redirect(nextPath(result.member), 303);
    if (result.reason === 'signed_out') {
      reply.clearCookie(STAFF_COOKIE, cookieOptions);
      return reply.redirect(SIGN_IN_PATH, 303);
    }
    return again([]);
  };

  app.get(TOTP_PATH, { preHandler: totpPageGuard }, async (req, reply) => {
    return sendPage(reply, 200, <TotpPage chrome={staffChrome(ctx, req, reply)} />);
  });

  app.post(
    TOTP_PATH,
    { preValidation: app.csrfProtection, preHandler: totpPageGuard, config: { rateLimit: SIGN_IN_RATE } },
    async (req, reply) => {
      const member = signedInStaff(req);
      const toErrors = messages(member.language);
      const render = (errors: FieldError[]) => sendPage(reply, 422, <TotpPage chrome={staffChrome(ctx, req, reply)} errors={errors} />);
      const parsed = totpForm.safeParse(req.body ?? {});
      if (!parsed.success) return render(toErrors(fieldErrors(parsed.error)));
      const result = await verifySecondFactor(ctx, req.cookies[STAFF_COOKIE] ?? '', parsed.data.code);
      // One message for a wrong code, a replayed one and a locked account alike.
      return afterCode(result, reply, () => render(toErrors([{ field: 'code', key: 'code_invalid' }])));
    },
  );

  const renderEnrol = async (req: FastifyRequest, reply: FastifyReply, status: number, errors?: FieldError[]) => {
    const member = signedInStaff(req);
    const secret = await pendingTotpSecret(ctx, req.cookies[STAFF_COOKIE] ?? '');
    if (!secret) {
      reply.clearCookie(STAFF_COOKIE, cookieOptions);
      return reply.redirect(SIGN_IN_PATH, 303);
    }
    const t = translator(accountMessages, member.language);
    const safeQrSvg = await qrCodeSvg(totpUri(secret, member.email), t('enrol_qr_label'));
    return sendPage(
      reply,
      status,
      <TotpEnrolPage
        chrome={staffChrome(ctx, req, reply)}
        required={secondFactorRequired(member.role)}
        safeQrSvg={safeQrSvg}
        groupedSecret={groupSecret(secret)}
        accountName={member.email}
        errors={errors}
      />,
    );
  };

  app.get(TOTP_ENROL_PATH, { preHandler: enrolPageGuard }, async (req, reply) => renderEnrol(req, reply, 200));

  app.post(
    TOTP_ENROL_PATH,
    { preValidation: app.csrfProtection, preHandler: enrolPageGuard, config: { rateLimit: SIGN_IN_RATE } },
    async (req, reply) => {
      const member = signedInStaff(req);
      const toErrors = messages(member.language);
      const parsed = totpForm.safeParse(req.body ?? {});
      if (!parsed.success) return renderEnrol(req, reply, 422, toErrors(fieldErrors(parsed.error)));
      const result = await confirmTotpEnrolment(ctx, req.cookies[STAFF_COOKIE] ?? '', parsed.data.code);
      return afterCode(result, reply, () => renderEnrol(req, reply, 422, toErrors([{ field: 'code', key: 'code_invalid' }])));
    },
  );

  await staffManagementRoutes(app, opts);
}
