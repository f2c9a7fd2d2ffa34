// HTTP for the self-service link: parse, call one service function, render or redirect.
// Pages under /manage/offers need the self-service session cookie; without it they send the
// person back to "Manage my offer" to ask for a new link.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { formatReference, todayInAthens } from '../offers/index.js';
import { keepAnswers, lineFormFields, parseContactUpdate, parseLineUpdate, parseLinkRequest, parseReason, CONTACT_FORM_FIELDS, type FormBody } from './self-service.schemas.js';
import {
  endSession,
  findOwnOffer,
  followSelfServiceLink,
  listOwnOffers,
  requestSelfServiceLink,
  sessionEmail,
  updateOwnContact,
  updateOwnLine,
  withdrawOwnLine,
  withdrawOwnOffer,
  BelowAllocatedError,
  type OwnOffer,
} from './self-service.service.js';
import { checkSelfServiceLink } from './self-service.links.js';
import { ContactFormPage, FollowLinkPage, LineFormPage, LinkProblemPage, LinkSentPage, OfferPage, OffersPage, RequestLinkPage, WithdrawPage, lineAnswers, messagesFor, tr, type PageContext } from './views/pages.js';

export const SELF_SERVICE_COOKIE = 'manage_session';

// "Manage my offer" posts a client address may make per minute: enough for typing slips, too few
// to probe which addresses have offers (the answer is the same anyway) or to flood inboxes.
const LINK_REQUESTS_PER_MINUTE = 10;

// The allocated amount in the offeror's language's digits grouping (as the public form's rules).
const NUMBER_LOCALES = { el: 'el-GR', en: 'en-GB', uk: 'uk-UA' } as const;

const NOTICES = ['saved', 'saved_review', 'no_changes', 'withdrawn_notice', 'line_withdrawn_notice', 'session_ended', 'signed_out'] as const;
type Notice = (typeof NOTICES)[number];

export async function selfServiceRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const csrf = { preValidation: app.csrfProtection };
  const page = (req: FastifyRequest, reply: FastifyReply): PageContext => ({
    lang: req.lang,
    url: req.url,
    contact: ctx.config.contact,
    csrf: reply.generateCsrf(),
    today: todayInAthens(ctx.clock.now()),
  });
  const body = (req: FastifyRequest): FormBody => (req.body && typeof req.body === 'object' ? (req.body as FormBody) : {});
  const notice = (req: FastifyRequest): string | undefined => {
    const n = (req.query as Record<string, unknown>).notice;
    return typeof n === 'string' && (NOTICES as readonly string[]).includes(n) ? tr(req.lang)(n as Notice) : undefined;
  };
  const cookieOptions = {
    path: '/manage',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.env === 'production',
    maxAge: ctx.config.selfService.sessionMinutes * 60,
  };
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  /** The session's email, or null after redirecting to /manage. */
  async function signedIn(req: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const email = await sessionEmail(ctx, req.cookies[SELF_SERVICE_COOKIE]);
    if (!email) {
      await reply.redirect('/manage?notice=session_ended', 303);
      return null;
    }
    noStore(reply);
    return email;
  }

  /** The session's offer named in the URL; 404 for any offer that is not this email's. */
  async function ownOffer(email: string, req: FastifyRequest): Promise<OwnOffer> {
    // The stored form (9 characters); the lookup is by the session's email, so no check character is needed here.
    const cleaned = String((req.params as { reference?: string }).reference ?? '').toUpperCase().replace(/[\s-]/g, '');
    const reference = /^[0-9A-Z]{9}$/.test(cleaned) ? cleaned : null;
    const offer = reference ? await findOwnOffer(ctx.db, email, reference) : null;
    if (!offer) throw new AppError('not_found');
    return offer;
  }
  const positionOf = (req: FastifyRequest) => {
    const raw = String((req.params as { position?: string }).position ?? '');
    return /^[1-9][0-9]{0,2}$/.test(raw) ? Number(raw) : null;
  };
  const liveLine = (offer: OwnOffer, req: FastifyRequest) => {
    const position = positionOf(req);
    const line = offer.lines.find((l) => l.position === position && !l.withdrawn_at);
    if (!line) throw new AppError('not_found');
    return line;
  };
  const versionOf = (req: FastifyRequest) => {
    const v = Number(body(req).version);
    if (!Number.isInteger(v) || v < 1) throw new AppError('bad_request', 'version missing');
    return v;
  };
  const offerUrl = (reference: string, n?: Notice) => `/manage/offers/${reference}${n ? `?notice=${n}` : ''}`;

  app.get('/manage', async (req, reply) => sendPage(reply, 200, <RequestLinkPage page={page(req, reply)} notice={notice(req)} />));

  app.post('/manage', { ...csrf, config: { rateLimit: { max: LINK_REQUESTS_PER_MINUTE, timeWindow: 60_000 } } }, async (req, reply) => {
    const raw = keepAnswers(body(req), ['email']);
    const parsed = parseLinkRequest(body(req));
    if (!parsed.ok) return sendPage(reply, 422, <RequestLinkPage page={page(req, reply)} errors={messagesFor(parsed.issues, req.lang)} email={typeof raw.email === 'string' ? raw.email : ''} />);
    await requestSelfServiceLink(ctx, { email: parsed.value.email, lang: req.lang });
    return sendPage(reply, 200, <LinkSentPage page={page(req, reply)} email={parsed.value.email} hours={ctx.config.selfService.linkHours} />);
  });

  // GET only shows a button: mail scanners fetch links, and must not spend them.
  app.get('/manage/link/:token', async (req, reply) => {
    const token = (req.params as { token: string }).token;
    noStore(reply);
    const state = await checkSelfServiceLink(ctx, token);
    if (state !== 'valid') return sendPage(reply, state === 'unknown' ? 404 : 410, <LinkProblemPage page={page(req, reply)} reason={state} />);
    return sendPage(reply, 200, <FollowLinkPage page={page(req, reply)} action={`/manage/link/${token}`} />);
  });

  app.post('/manage/link/:token', csrf, async (req, reply) => {
    const followed = await followSelfServiceLink(ctx, (req.params as { token: string }).token);
    if (!followed.ok) return sendPage(reply, followed.reason === 'unknown' ? 404 : 410, <LinkProblemPage page={page(req, reply)} reason={followed.reason} />);
    reply.setCookie(SELF_SERVICE_COOKIE, followed.sessionToken, cookieOptions);
    return reply.redirect(followed.offerReference ? offerUrl(followed.offerReference) : '/manage/offers', 303);
  });

  app.post('/manage/sign-out', csrf, async (req, reply) => {
    await endSession(ctx, req.cookies[SELF_SERVICE_COOKIE]);
    reply.clearCookie(SELF_SERVICE_COOKIE, { path: '/manage' });
    return reply.redirect('/manage?notice=signed_out', 303);
  });

  app.get('/manage/offers', async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offers = await listOwnOffers(ctx, email);
    return sendPage(reply, 200, <OffersPage page={page(req, reply)} email={email} offers={offers} notice={notice(req)} />);
  });

  app.get('/manage/offers/:reference', async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    return sendPage(reply, 200, <OfferPage page={page(req, reply)} offer={offer} notice={notice(req)} />);
  });

  // Contact details
  app.get('/manage/offers/:reference/contact', async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    if (!offer.editable) return reply.redirect(offerUrl(offer.reference), 303);
    const c = offer.contact;
    const answers = { contact_name: c.name, contact_role: c.role ?? '', phone: c.phone, email: c.email, preferred_language: c.preferredLanguage };
    return sendPage(reply, 200, <ContactFormPage page={page(req, reply)} offer={offer} answers={answers} />);
  });
  app.post('/manage/offers/:reference/contact', csrf, async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    const version = versionOf(req);
    const raw = keepAnswers(body(req), CONTACT_FORM_FIELDS);
    const parsed = parseContactUpdate(body(req));
    if (!parsed.ok) return sendPage(reply, 422, <ContactFormPage page={page(req, reply)} offer={offer} answers={raw} errors={messagesFor(parsed.issues, req.lang)} />);
    const result = await updateOwnContact(ctx, email, offer.reference, version, parsed.value, raw);
    if (parsed.value.email.toLowerCase() !== email) {
      // The offer now belongs to another address: this session no longer covers it.
      const t = tr(req.lang);
      const offers = await listOwnOffers(ctx, email);
      return sendPage(reply, 200, <OffersPage page={page(req, reply)} email={email} offers={offers} notice={t('email_changed', { reference: formatReference(offer.reference), email: parsed.value.email })} />);
    }
    return reply.redirect(offerUrl(offer.reference, result.changes.length === 0 ? 'no_changes' : result.sentBackToReview ? 'saved_review' : 'saved'), 303);
  });

  // One line's figures and dates
  app.get('/manage/offers/:reference/lines/:position', async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    const line = liveLine(offer, req);
    if (!offer.editable) return reply.redirect(offerUrl(offer.reference), 303);
    return sendPage(reply, 200, <LineFormPage page={page(req, reply)} offer={offer} line={line} answers={lineAnswers(line)} />);
  });
  app.post('/manage/offers/:reference/lines/:position', csrf, async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    const line = liveLine(offer, req);
    const version = versionOf(req);
    const raw = keepAnswers(body(req), lineFormFields(line.kind));
    const parsed = parseLineUpdate(line, body(req), todayInAthens(ctx.clock.now()));
    if (!parsed.ok) return sendPage(reply, 422, <LineFormPage page={page(req, reply)} offer={offer} line={line} answers={raw} errors={messagesFor(parsed.issues, req.lang)} />);
    let result: Awaited<ReturnType<typeof updateOwnLine>>;
    try {
      result = await updateOwnLine(ctx, email, offer.reference, line.position, version, parsed.value, raw);
    } catch (err) {
      if (!(err instanceof BelowAllocatedError)) throw err;
      // Less than coordinators have already promised: the form again, answers kept, nothing saved.
      const c = ctx.config.contact;
      const issues = [{ field: err.field, key: 'err_below_allocated' as const, params: { allocated: new Intl.NumberFormat(NUMBER_LOCALES[req.lang]).format(err.allocated), phones: c.phones.join(', '), email: c.email } }];
      return sendPage(reply, 422, <LineFormPage page={page(req, reply)} offer={offer} line={line} answers={raw} errors={messagesFor(issues, req.lang)} />);
    }
    return reply.redirect(offerUrl(offer.reference, result.changes.length === 0 ? 'no_changes' : result.sentBackToReview ? 'saved_review' : 'saved'), 303);
  });

  // Withdrawing the offer or one line
  app.get('/manage/offers/:reference/withdraw', async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    if (!offer.withdrawable) return reply.redirect(offerUrl(offer.reference), 303);
    return sendPage(reply, 200, <WithdrawPage page={page(req, reply)} offer={offer} />);
  });
  app.post('/manage/offers/:reference/withdraw', csrf, async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    const version = versionOf(req);
    const parsed = parseReason(body(req));
    const raw = keepAnswers(body(req), ['reason']);
    if (!parsed.ok) return sendPage(reply, 422, <WithdrawPage page={page(req, reply)} offer={offer} reason={String(raw.reason ?? '')} errors={messagesFor(parsed.issues, req.lang)} />);
    await withdrawOwnOffer(ctx, email, offer.reference, version, parsed.value);
    return reply.redirect(offerUrl(offer.reference, 'withdrawn_notice'), 303);
  });
  app.get('/manage/offers/:reference/lines/:position/withdraw', async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    const line = liveLine(offer, req);
    if (!offer.withdrawable) return reply.redirect(offerUrl(offer.reference), 303);
    return sendPage(reply, 200, <WithdrawPage page={page(req, reply)} offer={offer} line={line} />);
  });
  app.post('/manage/offers/:reference/lines/:position/withdraw', csrf, async (req, reply) => {
    const email = await signedIn(req, reply);
    if (!email) return reply;
    const offer = await ownOffer(email, req);
    const line = liveLine(offer, req);
    const version = versionOf(req);
    const parsed = parseReason(body(req));
    const raw = keepAnswers(body(req), ['reason']);
    if (!parsed.ok) return sendPage(reply, 422, <WithdrawPage page={page(req, reply)} offer={offer} line={line} reason={String(raw.reason ?? '')} errors={messagesFor(parsed.issues, req.lang)} />);
    const result = await withdrawOwnLine(ctx, email, offer.reference, line.position, version, parsed.value);
    return reply.redirect(offerUrl(offer.reference, result.offerWithdrawn ? 'withdrawn_notice' : 'line_withdrawn_notice'), 303);
  });
}
