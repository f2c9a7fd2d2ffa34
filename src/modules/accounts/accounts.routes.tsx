// HTTP for staff accounts: sign in, sign out, change password. Each handler parses the form,
// calls one service function and renders or redirects; the rules live in the service.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import type { FieldError } from '../../platform/views/components.js';
import {
  PASSWORD_PATH,
  requireStaff,
  SIGN_IN_PATH,
  signedInStaff,
  STAFF_COOKIE,
  staffChrome,
  staffCookieOptions,
  staffLanguage,
} from './accounts.hooks.js';
import { accountMessages, type AccountMessageKey } from './accounts.messages.js';
import { fieldErrors, PASSWORD_MAX, PASSWORD_MIN, passwordForm, signInForm } from './accounts.schemas.js';
import { changePassword, discardSession, prepareDummyHash, resolveSession, signIn, signOut } from './accounts.service.js';
import { PasswordPage } from './views/password.js';
import { SignInPage } from './views/sign-in.js';

/** Where a member lands after signing in or changing their password: the back office's home. */
const STAFF_HOME = '/staff';

/**
 * Sign-in attempts one address may make a minute, across all accounts. The per-account lockout
 * stops guessing one password; this slows trying one password on many accounts.
 */
const SIGN_IN_RATE = { max: 20, timeWindow: 60_000 };

/**
 * GET/POST /staff/sign-in, POST /staff/sign-out, GET/POST /staff/password. Every POST checks the
 * CSRF token (preValidation); invalid answers come back as the same page with 422.
 * Register with `app.register(accountRoutes, { ctx })`.
 */
export async function accountRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  await prepareDummyHash();
  const cookieOptions = staffCookieOptions(ctx.config);
  const passwordPageGuard = requireStaff(app, ctx, { passwordPage: true });
  const messages = (lang: 'el' | 'en') => {
    const t = translator(accountMessages, lang);
    return (errors: { field: string; key: AccountMessageKey }[]): FieldError[] =>
      errors.map((e) => ({ field: e.field, message: t(e.key, { min: PASSWORD_MIN, max: PASSWORD_MAX }) }));
  };

  app.get(SIGN_IN_PATH, async (req, reply) => {
    const token = req.cookies[STAFF_COOKIE];
    if (token && (await resolveSession(ctx, token))) return reply.redirect(STAFF_HOME, 302);
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
    return reply.redirect(result.member.mustChangePassword ? PASSWORD_PATH : STAFF_HOME, 303);
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
}
