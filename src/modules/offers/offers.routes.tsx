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
  LINE_ID,
  findSubmittedReference,
  loadDraft,
  newLineId,
  startDraft,
  submitOffer,
  todayInAthens,
  updateDraft,
  type Draft,
  type DraftAnswers,
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

  const page = (req: FastifyRequest, reply: FastifyReply, url = req.url): PageContext => ({
    lang: req.lang,
    url,
    contact: ctx.config.contact,
    csrf: reply.generateCsrf(),
    authority: ctx.config.authorityName[req.lang],
    today: todayInAthens(ctx.clock.now()),
  });
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: production,
    maxAge: ctx.config.draftTtlHours * 3600,
  };
  const pathOf = (req: FastifyRequest) => req.url.split('?')[0]!;

  /**
   * Saves answers, clears what this page had refused before, and renews the cookie, whose life
   * follows the draft's. A draft submitted or expired meanwhile gets the matching page.
   */
  async function save(req: FastifyRequest, reply: FastifyReply, draft: Draft, change: (a: DraftAnswers) => DraftAnswers): Promise<void> {
    const saved = await updateDraft(ctx, draft, (a) => {
      const { pending: _pending, ...rest } = a;
      return change(rest);
    });
    if (!saved) throw new AppError('draft_expired');
    reply.setCookie(DRAFT_COOKIE, String(req.cookies[DRAFT_COOKIE]), cookieOptions);
  }

  /** Keeps refused answers in the draft, so a language switch or refresh of this page shows them again. */
  async function keepRefused(req: FastifyRequest, draft: Draft, answers: Record<string, string | string[]>): Promise<void> {
    await updateDraft(ctx, draft, (a) => ({ ...a, pending: { path: pathOf(req), answers } }));
  }

  /** Refused answers kept for this page, if any. */
  const pendingFor = (req: FastifyRequest, draft: Draft) => (draft.answers.pending?.path === pathOf(req) ? draft.answers.pending.answers : undefined);
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

  app.get('/', async (req, reply) => {
    const draft = await loadDraft(ctx, req.cookies[DRAFT_COOKIE]);
    const resumable = draft !== null && draft.offerId === null && Object.keys(draft.answers).length > 0;
    return sendPage(reply, 200, <StartPage page={page(req, reply)} resumable={resumable} />);
  });
  app.get('/privacy', async (req, reply) => sendPage(reply, 200, <PrivacyPage page={page(req, reply)} />));

  const stepLimit = { rateLimit: { max: ctx.config.stepRateLimit, timeWindow: 60_000 } };
  app.post('/offers/new', { ...csrf, config: { rateLimit: { max: ctx.config.startRateLimit, timeWindow: 60_000 } } }, async (req, reply) => {
    const token = await startDraft(ctx, req.lang);
    reply.setCookie(DRAFT_COOKIE, token, cookieOptions);
    return reply.redirect('/offers/new/organisation-kind', 303);
  });
  app.get('/offers/new', async (_req, reply) => reply.redirect('/', 303));

  // 1. Who is offering
  app.get('/offers/new/organisation-kind', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const pending = pendingFor(req, draft);
    const issues = pending ? (parseOrganisationKind(pending) as { issues?: Issue[] }).issues : undefined;
    return sendPage(reply, 200, <OrganisationKindPage page={page(req, reply)} answers={pending ?? draft.answers.organisation_kind} errors={messagesFor(issues, req.lang)} action={`/offers/new/organisation-kind${suffix(req)}`} back="/" />);
  });
  app.post('/offers/new/organisation-kind', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const raw = rawAnswers(body(req), ORGANISATION_KIND_FIELDS);
    const parsed = parseOrganisationKind(raw);
    if (!parsed.ok) {
      await keepRefused(req, draft, raw);
      return sendPage(reply, 422, <OrganisationKindPage page={page(req, reply)} answers={raw} errors={messagesFor(parsed.issues, req.lang)} action={`/offers/new/organisation-kind${suffix(req)}`} back="/" />);
    }
    await save(req, reply, draft, (a) => ({ ...a, organisation_kind: raw }));
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
    const pending = pendingFor(req, draft);
    const kind = parseOrganisationKind(draft.answers.organisation_kind ?? {});
    if (pending && kind.ok) {
      const parsed = parseOrganisation(pending, kind.value, gazetteer);
      return organisationPage(req, reply, draft, 200, pending, parsed.ok ? undefined : parsed.issues);
    }
    return organisationPage(req, reply, draft, 200);
  });
  app.post('/offers/new/organisation', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = parseOrganisationKind(draft.answers.organisation_kind ?? {});
    if (!kind.ok) return reply.redirect('/offers/new/organisation-kind', 303);
    const raw = rawAnswers(body(req), ORGANISATION_FIELDS);
    const parsed = parseOrganisation(raw, kind.value, gazetteer);
    if (!parsed.ok) {
      await keepRefused(req, draft, raw);
      return organisationPage(req, reply, draft, 422, raw, parsed.issues);
    }
    // An individual's own name is the likeliest contact name: offer it, never overwrite one given.
    const individual = kind.value.kind === 'individual';
    await save(req, reply, draft, (a) => ({
      ...a,
      organisation: raw,
      ...(!a.contact && individual ? { contact: { contact_name: parsed.value.legalName } } : {}),
    }));
    return next(req, reply, '/offers/new/contact');
  });

  // 3. Contact person
  app.get('/offers/new/contact', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const pending = pendingFor(req, draft);
    const issues = pending ? (parseContact(pending) as { issues?: Issue[] }).issues : undefined;
    return sendPage(reply, 200, <ContactPage page={page(req, reply)} answers={pending ?? draft.answers.contact} errors={messagesFor(issues, req.lang)} action={`/offers/new/contact${suffix(req)}`} back="/offers/new/organisation" />);
  });
  app.post('/offers/new/contact', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const raw = rawAnswers(body(req), CONTACT_FIELDS);
    const parsed = parseContact(raw);
    if (!parsed.ok) {
      await keepRefused(req, draft, raw);
      return sendPage(reply, 422, <ContactPage page={page(req, reply)} answers={raw} errors={messagesFor(parsed.issues, req.lang)} action={`/offers/new/contact${suffix(req)}`} back="/offers/new/organisation" />);
    }
    await save(req, reply, draft, (a) => ({ ...a, contact: raw }));
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
  app.post('/offers/new/lines', { ...csrf, config: stepLimit }, async (req, reply) => {
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
  app.post('/offers/new/lines/add', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = body(req).kind;
    if (!isLineKind(kind)) {
      const errors = messagesFor([{ field: 'kind', key: 'err_line_kind_required' }], req.lang);
      return sendPage(reply, 422, <LineKindPage page={page(req, reply)} back="/offers/new/lines" errors={errors} />);
    }
    return reply.redirect(`/offers/new/lines/add/${kind}`, 303);
  });

  const lineForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    kind: LineKind,
    lineId: string,
    action: string,
    raw?: Record<string, string | string[]>,
    issues?: Issue[],
  ) =>
    sendPage(
      reply,
      status,
      <LineFormPage page={page(req, reply)} gazetteer={gazetteer} kind={kind} lineId={lineId} answers={raw} errors={messagesFor(issues, req.lang)} action={action} back="/offers/new/lines" />,
    );
  const kindParam = (req: FastifyRequest): LineKind => {
    const kind = (req.params as Record<string, string>).kind;
    if (!isLineKind(kind)) throw new AppError('not_found');
    return kind;
  };
  /** The line a URL names by its id; an unknown id is a 404. */
  const lineOf = (req: FastifyRequest, draft: Draft) => {
    const id = (req.params as Record<string, string>).id ?? '';
    const line = LINE_ID.test(id) ? draft.answers.lines?.find((l) => l.id === id) : undefined;
    if (!line) throw new AppError('not_found');
    return line;
  };
  const lineIssues = (kind: LineKind, raw: Record<string, string | string[]>) => {
    const parsed = parseLine(kind, raw, todayInAthens(ctx.clock.now()), gazetteer);
    return parsed.ok ? undefined : parsed.issues;
  };

  app.get('/offers/new/lines/add/:kind', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = kindParam(req);
    const pending = pendingFor(req, draft);
    const pendingId = typeof pending?.line_id === 'string' && LINE_ID.test(pending.line_id) ? pending.line_id : undefined;
    return lineForm(req, reply, 200, kind, pendingId ?? newLineId(), `/offers/new/lines/add/${kind}`, pending, pending ? lineIssues(kind, pending) : undefined);
  });
  app.post('/offers/new/lines/add/:kind', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const kind = kindParam(req);
    const raw = rawAnswers(body(req), [...LINE_FIELDS[kind], 'line_id']);
    // The id was made when the form was shown: posting the same form twice saves one line.
    const id = typeof raw.line_id === 'string' && LINE_ID.test(raw.line_id) ? raw.line_id : newLineId();
    delete raw.line_id;
    const issues = lineIssues(kind, raw) ?? [];
    const lines = draft.answers.lines ?? [];
    const isNew = !lines.some((l) => l.id === id);
    if (isNew && lines.length >= LIMITS.lines) issues.push({ field: 'form', key: 'err_lines_too_many', params: { max: LIMITS.lines } });
    if (issues.length) {
      await keepRefused(req, draft, { ...raw, line_id: id });
      return lineForm(req, reply, 422, kind, id, `/offers/new/lines/add/${kind}`, raw, issues);
    }
    await save(req, reply, draft, (a) => {
      const current = a.lines ?? [];
      const line = { id, kind, answers: raw };
      return { ...a, lines: current.some((l) => l.id === id) ? current.map((l) => (l.id === id ? line : l)) : [...current, line] };
    });
    return reply.redirect('/offers/new/lines', 303);
  });
  app.get('/offers/new/lines/:id', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const line = lineOf(req, draft);
    const pending = pendingFor(req, draft);
    const action = `/offers/new/lines/${line.id}${suffix(req)}`;
    return lineForm(req, reply, 200, line.kind, line.id, action, pending ?? line.answers, pending ? lineIssues(line.kind, pending) : undefined);
  });
  app.post('/offers/new/lines/:id', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const line = lineOf(req, draft);
    const raw = rawAnswers(body(req), LINE_FIELDS[line.kind]);
    const issues = lineIssues(line.kind, raw);
    if (issues) {
      await keepRefused(req, draft, raw);
      return lineForm(req, reply, 422, line.kind, line.id, `/offers/new/lines/${line.id}${suffix(req)}`, raw, issues);
    }
    await save(req, reply, draft, (a) => ({ ...a, lines: (a.lines ?? []).map((l) => (l.id === line.id ? { ...l, answers: raw } : l)) }));
    return next(req, reply, '/offers/new/lines');
  });
  app.post('/offers/new/lines/:id/remove', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const id = (req.params as Record<string, string>).id ?? '';
    // Removing a line that is already gone (a double click) changes nothing.
    const present = draft.answers.lines?.some((l) => l.id === id) ?? false;
    if (present) await save(req, reply, draft, (a) => ({ ...a, lines: (a.lines ?? []).filter((l) => l.id !== id) }));
    return reply.redirect(present ? '/offers/new/lines?removed=1' : '/offers/new/lines', 303);
  });

  // 5. Consents
  app.get('/offers/new/consents', async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const pending = pendingFor(req, draft);
    const issues = pending ? (parseConsents(pending) as { issues?: Issue[] }).issues : undefined;
    return sendPage(reply, 200, <ConsentsPage page={page(req, reply)} answers={pending ?? draft.answers.consents} errors={messagesFor(issues, req.lang)} action={`/offers/new/consents${suffix(req)}`} back="/offers/new/lines" />);
  });
  app.post('/offers/new/consents', { ...csrf, config: stepLimit }, async (req, reply) => {
    const draft = await draftOf(req, reply);
    if (!draft) return reply;
    const raw = rawAnswers(body(req), CONSENT_FIELDS);
    const parsed = parseConsents(raw);
    if (!parsed.ok) {
      await keepRefused(req, draft, raw);
      return sendPage(reply, 422, <ConsentsPage page={page(req, reply)} answers={raw} errors={messagesFor(parsed.issues, req.lang)} action={`/offers/new/consents${suffix(req)}`} back="/offers/new/lines" />);
    }
    await save(req, reply, draft, (a) => ({ ...a, consents: raw }));
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
      // the submit route has its own, tighter limit
      config: { rateLimit: { max: ctx.config.submitRateLimit.max, timeWindow: ctx.config.submitRateLimit.windowSeconds * 1000 } },
    },
    async (req, reply) => {
      const draft = await draftOf(req, reply);
      if (!draft) return reply;
      const result = await submitOffer(ctx, draft, req.lang, gazetteer);
      if (result.ok) return reply.redirect('/offers/new/confirmation', 303);
      const t = tr(req.lang);
      const lineIds = (draft.answers.lines ?? []).map((l) => l.id);
      const errors = result.sections.flatMap((s) => {
        const href = s.line ? `/offers/new/lines/${lineIds[s.line - 1]}?return=check` : sectionHref[s.section];
        const prefix = s.line ? `${t('line_n', { n: s.line })}: ` : '';
        return messagesFor(
          s.issues.map((i) => (i.key === 'err_section_incomplete' ? { ...i, params: { section: t(sectionName[s.section]) } } : i)),
          req.lang,
          () => href,
        ).map((e) => ({ ...e, message: prefix + e.message }));
      }).filter((e, i, all) => all.findIndex((x) => x.message === e.message && x.href === e.href) === i);
      // The page shown is the check page: its language links must lead there, not to this POST.
      return sendPage(reply, 422, <CheckPage page={page(req, reply, '/offers/new/check')} gazetteer={gazetteer} answers={draft.answers} errors={errors} />);
    },
  );

  // 7. Confirmation
  app.get('/offers/new/confirmation', async (req, reply) => {
    const draft = await loadDraft(ctx, req.cookies[DRAFT_COOKIE]);
    if (draft && !draft.offerId) return reply.redirect('/offers/new/check', 303);
    const reference = draft ? await findSubmittedReference(ctx, draft) : null;
    if (!reference) throw new AppError('draft_expired');
    return sendPage(reply, 200, <ConfirmationPage page={page(req, reply)} reference={reference} />);
  });
}
