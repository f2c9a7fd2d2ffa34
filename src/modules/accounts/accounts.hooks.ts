// The back office's door: the session cookie, the `requireStaff` preHandler every /staff page
// (but sign-in) runs, and the page chrome (language, CSRF token, menu) staff pages share.
// It only reads sessions; starting and ending them is the service's. A half-signed-in session
// (password right, second factor or password change still due) passes only to the page that
// completes it.
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Config } from '../../config.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import type { Lang, StaffLang } from '../../platform/i18n/index.js';
import type { Contact } from '../../platform/views/layout.js';
import { can, type StaffAction } from './accounts.policy.js';
import { resolveSession, setStaffLanguage, type PendingStep, type StaffMember } from './accounts.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in staff member, set by requireStaff; null elsewhere */
    staff: StaffMember | null;
  }
}

/** The session cookie's name; it holds a random token whose SHA-256 is the staff_sessions key. */
export const STAFF_COOKIE = 'staff_session';

/**
 * HttpOnly so no script reads it, SameSite=Lax so other sites' forms do not carry it, Secure in
 * production, scoped to /staff, and without Max-Age: the server's idle and absolute timeouts
 * decide when it ends, and closing the browser ends it sooner.
 */
export function staffCookieOptions(config: Config) {
  return { path: '/staff', httpOnly: true, sameSite: 'lax' as const, secure: config.env === 'production' };
}

export const SIGN_IN_PATH = '/staff/sign-in';
export const PASSWORD_PATH = '/staff/password';
export const TOTP_PATH = '/staff/totp';
export const TOTP_ENROL_PATH = '/staff/totp/enrol';
/** Where a member lands once fully signed in: the back office's home. */
export const STAFF_HOME = '/staff';

/** The page that completes each pending step. */
export const STEP_PATHS: Record<PendingStep, string> = { totp: TOTP_PATH, password: PASSWORD_PATH, totp_enrol: TOTP_ENROL_PATH };

/** Where a member goes next: the page of their pending step, or home. */
export function nextPath(member: StaffMember): string {
  return member.pendingStep ? STEP_PATHS[member.pendingStep] : STAFF_HOME;
}

/**
 * Whether a member may open the sign-in step page `page` now:
 * - the code page only while a code is due;
 * - the password page while a password change is due, and any time once fully signed in;
 * - the enrolment page while enrolment is due, and once fully signed in without TOTP (a viewer
 *   may choose to enrol).
 */
function stepPageOpen(page: PendingStep, member: StaffMember): boolean {
  if (member.pendingStep === page) return true;
  if (member.pendingStep !== null) return false;
  return page === 'password' || (page === 'totp_enrol' && !member.totpEnrolled);
}
/** Staff pages are in Greek or English: Greek stays Greek, any other language gets English. */
export function staffLanguage(lang: Lang): StaffLang {
  return lang === 'el' ? 'el' : 'en';
}

/**
 * A preHandler that admits only a signed-in staff member and puts them on `req.staff`.
 * - no live session: 302 to /staff/sign-in (the stale cookie is cleared);
 * - a session with a pending step (TOTP code, password change, TOTP enrolment): 302 to that
 *   step's page, unless this is that page (`step`); a step page that is not open now (see
 *   stepPageOpen) redirects to the member's next page. Other modules never pass `step`, so they
 *   only ever see fully signed-in members;
 * - `action` given and the role may not do it (accounts.policy `can`): AppError('forbidden'), a 403 page.
 * POSTs are redirected with 303, GETs with 302.
 * `?lang=el|en` on a staff page also becomes the member's saved language, so the switcher sticks.
 * Call it inside the plugin that registers the routes: it declares `req.staff` there.
 */
export function requireStaff(
  app: FastifyInstance,
  ctx: AppContext,
  options: { action?: StaffAction; step?: PendingStep } = {},
): preHandlerAsyncHookHandler {
  if (!app.hasRequestDecorator('staff')) app.decorateRequest('staff', null);
  return async function staffOnly(req: FastifyRequest, reply: FastifyReply) {
    const token = req.cookies[STAFF_COOKIE];
    const member = token ? await resolveSession(ctx, token) : null;
    const redirectCode = req.method === 'GET' || req.method === 'HEAD' ? 302 : 303;
    if (!member) {
      if (token) reply.clearCookie(STAFF_COOKIE, staffCookieOptions(ctx.config));
      return reply.redirect(SIGN_IN_PATH, redirectCode);
    }
    const asked = (req.query as Record<string, unknown> | undefined)?.lang;
    if ((asked === 'el' || asked === 'en') && asked !== member.language) {
      await setStaffLanguage(ctx, member.id, asked);
      member.language = asked;
    }
    req.staff = member;
    req.lang = member.language;
    if (options.step ? !stepPageOpen(options.step, member) : member.pendingStep !== null) {
      return reply.redirect(nextPath(member), redirectCode);
    }
    if (options.action && !can(member.role, options.action)) throw new AppError('forbidden');
  };
}

/** What every staff page's frame needs. */
export type StaffChrome = {
  lang: StaffLang;
  /** the request's path and query, for the language links */
  url: string;
  contact: Contact;
  /** a CSRF token for the page's forms (and the sign-out button) */
  csrf: string;
  /** null on the sign-in page */
  member: StaffMember | null;
};

/** The chrome for a staff page: the member's language (or the request's, before sign-in) and a fresh CSRF token. */
export function staffChrome(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): StaffChrome {
  const member = req.staff ?? null;
  return {
    lang: member?.language ?? staffLanguage(req.lang),
    url: req.url,
    contact: ctx.config.contact,
    csrf: reply.generateCsrf(),
    member,
  };
}

/**
 * The member put on the request by requireStaff.
 * @throws AppError('unauthorised') when the route forgot to run requireStaff: a wiring bug that
 *   must fail closed, never render a page for nobody.
 */
export function signedInStaff(req: FastifyRequest): StaffMember {
  if (!req.staff) throw new AppError('unauthorised');
  return req.staff;
}
