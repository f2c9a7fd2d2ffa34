// HTTP for the public journey: parse with the step's schema, call one service function,
// render or redirect. Answers in progress live in a server-side draft named by a cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import type { Gazetteer } from '../geography/index.js';
import { LIMITS, type LineKind } from './offers.options.js';
import {
  CONSENT_FIELDS,
  CONTACT_FIELDS,
  LINE_FIELDS,
  ORGANISATION_FIELDS,
  ORGANISATION_KIND_FIELDS,
  isLineKind,
  parseConsents,
  parseContact,
  parseLine,
  parseOrganisation,
  parseOrganisationKind,
  rawAnswers,
  type FormBody,
  type Issue,
} from './offers.schemas.js';
import {
  findSubmittedReference,
  loadDraft,
  saveDraft,
  startDraft,
  submitOffer,
  todayInAthens,
  type Draft,
  type SectionIssues,
} from './offers.service.js';
import { CheckPage, ConfirmationPage } from './views/check.js';
import { ConsentsPage } from './views/consents.js';
import { ContactPage } from './views/contact.js';
import { messagesFor, tr, type PageContext } from './views/frame.js';
import { LineFormPage, LineKindPage, LinesPage } from './views/lines.js';
import { OrganisationKindPage, OrganisationPage } from './views/organisation.js';
import { PrivacyPage, StartPage } from './views/start.js';

export const DRAFT_COOKIE = 'offer_draft';

type Opts = { ctx: AppContext; gazetteer: Gazetteer };

export async function offerRoutes(app: FastifyInstance, { ctx, gazetteer }: Opts): Promise<void> {
  const production = ctx.config.env === 'production';
  const csrf = { preValidation: app.csrfProtection };

  const page = (req: FastifyRequest, reply: FastifyReply): PageContext => ({
    lang: req.lang,
    url: req.url,
    contact: ctx.config.contact,
    csrf: reply.generateCsrf(),
    authority: ctx.config.authorityName[req.lang],
  });
  const body = (req: FastifyRequest): FormBody => (req.body && typeof req.body === 'object' ? (req.body as FormBody) : {});
  const returning = (req: FastifyRequest) => (req.query as Record<string, unknown>).return === 'check';
  const suffix = (req: FastifyRequest) => (returning(req) ? '?return=check' : '');
  const next = (req: FastifyRequest, reply: FastifyReply, path: string) => reply.redirect(returning(req) ? '/offers/new/check' : path, 303);

  /** The person's draft; an absent or expired one is a clear "start again" page (410). */
  async function draftOf(req: FastifyRequest, reply: FastifyReply): Promise<Draft | null> {
    const draft = await loadDraft(ctx, req.cookies[DRAFT_COOKIE]);
    if (!draft) throw new AppError('draft_expired');
    if (draft.offerId) {
      await reply.redirect('/offers/new/confirmation', 303);
      return null;
    }
    return draft;
  }

  app.get('/', async (req, reply) => sendPage(reply, 200, <StartPage page={page(req, reply)} />));
  app.get('/privacy', async (req, reply) => sendPage(reply, 200, <PrivacyPage page={page(req, reply)} />));

  app.post('/offers/new', csrf, async (req, reply) => {
    const token = await startDraft(ctx, req.lang);
    reply.setCookie(DRAFT_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: production,
      maxAge: ctx.config.draftTtlHours * 3600,
    });
    return reply.redirect('/offers/new/organisation-kind', 303);
  });

  // 1. Who is offering
  app.get('/offers/new/organisation-kind', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    return sendPage(reply, 200, <OrganisationKindPage page={page(req, reply)} answers={draft.answers.organisation_kind} action={`/offers/new/organisation-kind${suffix(req)}`} back="/" />);
  });
  app.post('/offers/new/organisation-kind', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const raw = rawAnswers(body(req), ORGANISATION_KIND_FIELDS);
    const parsed = parseOrganisationKind(raw);
    if (!parsed.ok) {
      return sendPage(reply, 422, <OrganisationKindPage page={page(req, reply)} answers={raw} errors={messagesFor(parsed.issues, req.lang)} action={`/offers/new/organisation-kind${suffix(req)}`} back="/" />);
    }
    await saveDraft(ctx, draft, { ...draft.answers, organisation_kind: raw });
    // A new kind changes which details apply: the details page comes next even from the check page.
    return reply.redirect(`/offers/new/organisation${suffix(req)}`, 303);
  });

  // 2. Official details
  const organisationPage = (req: FastifyRequest, reply: FastifyReply, draft: Draft, status: number, raw = draft.answers.organisation, issues?: Issue[]) => {
    const kind = parseOrganisationKind(draft.answers.organisation_kind ?? {});
    if (!kind.ok) return reply.redirect('/offers/new/organisation-kind', 303);
    return sendPage(
      reply,
      status,
      <OrganisationPage
        page={page(req, reply)}
        gazetteer={gazetteer}
        kind={kind.value}
        answers={raw}
        errors={messagesFor(issues, req.lang)}
        action={`/offers/new/organisation${suffix(req)}`}
        back="/offers/new/organisation-kind"
      />,
    );
  };
  app.get('/offers/new/organisation', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    return organisationPage(req, reply, draft, 200);
  });
  app.post('/offers/new/organisation', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = parseOrganisationKind(draft.answers.organisation_kind ?? {});
    if (!kind.ok) return reply.redirect('/offers/new/organisation-kind', 303);
    const raw = rawAnswers(body(req), ORGANISATION_FIELDS);
    const parsed = parseOrganisation(raw, kind.value, gazetteer);
    if (!parsed.ok) return organisationPage(req, reply, draft, 422, raw, parsed.issues);
    // An individual's own name is the likeliest contact name: offer it, never overwrite one given.
    const contact = draft.answers.contact ?? (kind.value.kind === 'individual' ? { contact_name: parsed.value.legalName } : undefined);
    await saveDraft(ctx, draft, { ...draft.answers, organisation: raw, ...(contact ? { contact } : {}) });
    return next(req, reply, '/offers/new/contact');
  });

  // 3. Contact person
  app.get('/offers/new/contact', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    return sendPage(reply, 200, <ContactPage page={page(req, reply)} answers={draft.answers.contact} action={`/offers/new/contact${suffix(req)}`} back="/offers/new/organisation" />);
  });
  app.post('/offers/new/contact', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const raw = rawAnswers(body(req), CONTACT_FIELDS);
    const parsed = parseContact(raw);
    if (!parsed.ok) {
      return sendPage(reply, 422, <ContactPage page={page(req, reply)} answers={raw} errors={messagesFor(parsed.issues, req.lang)} action={`/offers/new/contact${suffix(req)}`} back="/offers/new/organisation" />);
    }
    await saveDraft(ctx, draft, { ...draft.answers, contact: raw });
    return next(req, reply, '/offers/new/lines');
  });

  // 4. Offer lines
  app.get('/offers/new/lines', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const removed = (req.query as Record<string, unknown>).removed === '1';
    return sendPage(
      reply,
      200,
      <LinesPage page={page(req, reply)} gazetteer={gazetteer} lines={draft.answers.lines ?? []} back="/offers/new/contact" notice={removed ? tr(req.lang)('line_removed') : undefined} />,
    );
  });
  app.post('/offers/new/lines', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const lines = draft.answers.lines ?? [];
    if (lines.length === 0) {
      const errors = messagesFor([{ field: 'lines', key: 'err_lines_required' }], req.lang, () => '/offers/new/lines/add');
      return sendPage(reply, 422, <LinesPage page={page(req, reply)} gazetteer={gazetteer} lines={lines} back="/offers/new/contact" errors={errors} />);
    }
    return next(req, reply, '/offers/new/consents');
  });
  app.get('/offers/new/lines/add', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    return sendPage(reply, 200, <LineKindPage page={page(req, reply)} back="/offers/new/lines" />);
  });
  app.post('/offers/new/lines/add', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = body(req).kind;
    if (!isLineKind(kind)) {
      const errors = messagesFor([{ field: 'kind', key: 'err_line_kind_required' }], req.lang);
      return sendPage(reply, 422, <LineKindPage page={page(req, reply)} back="/offers/new/lines" errors={errors} />);
    }
    return reply.redirect(`/offers/new/lines/add/${kind}`, 303);
  });

  const lineForm = (req: FastifyRequest, reply: FastifyReply, status: number, kind: LineKind, action: string, raw?: Record<string, string | string[]>, issues?: Issue[]) =>
    sendPage(
      reply,
      status,
      <LineFormPage page={page(req, reply)} gazetteer={gazetteer} kind={kind} answers={raw} errors={messagesFor(issues, req.lang)} action={action} back="/offers/new/lines" />,
    );
  const kindParam = (req: FastifyRequest): LineKind => {
    const kind = (req.params as Record<string, string>).kind;
    if (!isLineKind(kind)) throw new AppError('not_found');
    return kind;
  };
  const lineIndex = (req: FastifyRequest, draft: Draft): number => {
    const n = Number((req.params as Record<string, string>).n);
    const lines = draft.answers.lines ?? [];
    if (!Number.isInteger(n) || n < 1 || n > lines.length) throw new AppError('not_found');
    return n - 1;
  };

  app.get('/offers/new/lines/add/:kind', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = kindParam(req);
    return lineForm(req, reply, 200, kind, `/offers/new/lines/add/${kind}`);
  });
  app.post('/offers/new/lines/add/:kind', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = kindParam(req);
    const raw = rawAnswers(body(req), LINE_FIELDS[kind]);
    const lines = draft.answers.lines ?? [];
    const parsed = parseLine(kind, raw, todayInAthens(ctx.clock.now()), gazetteer);
    const issues: Issue[] = parsed.ok ? [] : parsed.issues;
    if (lines.length >= LIMITS.lines) issues.push({ field: 'form', key: 'err_lines_too_many', params: { max: LIMITS.lines } });
    if (issues.length) return lineForm(req, reply, 422, kind, `/offers/new/lines/add/${kind}`, raw, issues);
    await saveDraft(ctx, draft, { ...draft.answers, lines: [...lines, { kind, answers: raw }] });
    return reply.redirect('/offers/new/lines', 303);
  });
  app.get('/offers/new/lines/:n', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const i = lineIndex(req, draft);
    const line = draft.answers.lines![i]!;
    return lineForm(req, reply, 200, line.kind, `/offers/new/lines/${i + 1}${suffix(req)}`, line.answers);
  });
  app.post('/offers/new/lines/:n', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const i = lineIndex(req, draft);
    const lines = [...draft.answers.lines!];
    const kind = lines[i]!.kind;
    const raw = rawAnswers(body(req), LINE_FIELDS[kind]);
    const parsed = parseLine(kind, raw, todayInAthens(ctx.clock.now()), gazetteer);
    if (!parsed.ok) return lineForm(req, reply, 422, kind, `/offers/new/lines/${i + 1}${suffix(req)}`, raw, parsed.issues);
    lines[i] = { kind, answers: raw };
    await saveDraft(ctx, draft, { ...draft.answers, lines });
    return next(req, reply, '/offers/new/lines');
  });
  app.post('/offers/new/lines/:n/remove', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const i = lineIndex(req, draft);
    const lines = draft.answers.lines!.filter((_, j) => j !== i);
    await saveDraft(ctx, draft, { ...draft.answers, lines });
    return reply.redirect('/offers/new/lines?removed=1', 303);
  });

  // 5. Consents
  app.get('/offers/new/consents', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    return sendPage(reply, 200, <ConsentsPage page={page(req, reply)} answers={draft.answers.consents} action={`/offers/new/consents${suffix(req)}`} back="/offers/new/lines" />);
  });
  app.post('/offers/new/consents', csrf, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const raw = rawAnswers(body(req), CONSENT_FIELDS);
    const parsed = parseConsents(raw);
    if (!parsed.ok) {
      return sendPage(reply, 422, <ConsentsPage page={page(req, reply)} answers={raw} errors={messagesFor(parsed.issues, req.lang)} action={`/offers/new/consents${suffix(req)}`} back="/offers/new/lines" />);
    }
    await saveDraft(ctx, draft, { ...draft.answers, consents: raw });
    return reply.redirect('/offers/new/check', 303);
  });

  // 6. Check answers, then submit
  const sectionHref: Record<SectionIssues['section'], string> = {
    organisation_kind: '/offers/new/organisation-kind?return=check',
    organisation: '/offers/new/organisation?return=check',
    contact: '/offers/new/contact?return=check',
    lines: '/offers/new/lines',
    consents: '/offers/new/consents?return=check',
  };
  const sectionName: Record<SectionIssues['section'], 'check_organisation' | 'check_contact' | 'check_lines' | 'check_consents' | 'organisation_kind'> = {
    organisation_kind: 'check_organisation',
    organisation: 'check_organisation',
    contact: 'check_contact',
    lines: 'check_lines',
    consents: 'check_consents',
  };

  app.get('/offers/new/check', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    return sendPage(reply, 200, <CheckPage page={page(req, reply)} gazetteer={gazetteer} answers={draft.answers} />);
  });
  app.post(
    '/offers/new/submit',
    {
      ...csrf,
      config: { rateLimit: { max: ctx.config.submitRateLimit.max, timeWindow: ctx.config.submitRateLimit.windowSeconds * 1000 } },
    },
    async (req, reply) => {
      const draft = await draftOf(req, reply);
      if (!draft) return reply;
      const result = await submitOffer(ctx, draft, req.lang, gazetteer);
      if (result.ok) return reply.redirect('/offers/new/confirmation', 303);
      const t = tr(req.lang);
      const errors = result.sections.flatMap((s) => {
        const href = s.line ? `/offers/new/lines/${s.line}?return=check` : sectionHref[s.section];
        const prefix = s.line ? `${t('line_n', { n: s.line })}: ` : '';
        return messagesFor(
          s.issues.map((i) => (i.key === 'err_section_incomplete' ? { ...i, params: { section: t(sectionName[s.section]) } } : i)),
          req.lang,
          () => href,
        ).map((e) => ({ ...e, message: prefix + e.message }));
      });
      return sendPage(reply, 422, <CheckPage page={page(req, reply)} gazetteer={gazetteer} answers={draft.answers} errors={errors} />);
    },
  );

  // 7. Confirmation
  app.get('/offers/new/confirmation', async (req, reply) => {
    const draft = await loadDraft(ctx, req.cookies[DRAFT_COOKIE]);
    const reference = draft ? await findSubmittedReference(ctx, draft) : null;
    if (!reference) throw new AppError('draft_expired');
    return sendPage(reply, 200, <ConfirmationPage page={page(req, reply)} reference={reference} />);
  });
}
