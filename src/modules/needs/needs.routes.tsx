// HTTP for needs, matching and allocation. Every route runs requireStaff with the action it needs
// (403 otherwise), every POST checks the CSRF token, and every use case finds the need (and the
// offer) within the member's scope first (404 outside it, exactly as for a missing one).
// A refused form comes back as its page with 422; someone else's allocation taking the capacity
// first comes back as the need's page with 409 and a message; a success redirects (303).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { can, offerScope, requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { formValuesOf, parseNeedFilters, type FormValues } from './needs.schemas.js';
import { allocate, closeNeed, createNeed, listNeeds, needsForLine, openNeed, releaseAllocation, reopenNeed, updateNeed, type Failure, type SaveResult } from './needs.service.js';
import { NeedFormPage } from './views/form.js';
import { LineNeedsPage } from './views/line-needs.js';
import { DONE, NeedPageView, type Done } from './views/need.js';
import { NeedsPage } from './views/needs.js';
import { needPath } from './views/format.js';

type WithReference = { Params: { reference: string } };

function parseDone(query: unknown): Done | null {
  const d = (query as Record<string, unknown> | null)?.done;
  return typeof d === 'string' && (DONE as readonly string[]).includes(d) ? (d as Done) : null;
}

const EMPTY_FORM: FormValues = { fields: { priority: 'normal', currency: 'EUR' }, lists: {} };

/**
 * GET /staff/needs (filters kind, status, region, page), GET /staff/needs/new, POST /staff/needs,
 * GET /staff/needs/:reference, GET …/edit, POST /staff/needs/:reference (edit), POST …/close,
 * POST …/reopen, POST …/allocations, POST …/allocations/:allocationId/release, and
 * GET /staff/offers/:reference/lines/:position/needs (the needs an offer line could serve).
 * Register with `app.register(needsRoutes, { ctx, gazetteer })`.
 */
export async function needsRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;
  const csrf = app.csrfProtection;

  async function renderNeed(req: FastifyRequest<WithReference>, reply: FastifyReply, status: number, failure: Failure | null) {
    const member = signedInStaff(req);
    const data = await openNeed(ctx, member, req.params.reference);
    const page = (
      <NeedPageView
        chrome={staffChrome(ctx, req, reply)}
        gazetteer={gazetteer}
        data={data}
        done={status === 200 ? parseDone(req.query) : null}
        failure={failure}
        abilities={{ manage: can(member.role, 'needs.manage'), allocate: can(member.role, 'allocations.manage') }}
      />
    );
    return sendPage(reply, status, page);
  }

  async function answer(req: FastifyRequest<WithReference>, reply: FastifyReply, result: SaveResult, done: Done) {
    if (result.ok) return reply.redirect(`${needPath(result.reference)}?done=${done}#done`, 303);
    return renderNeed(req, reply, result.status, result);
  }

  app.get('/staff/needs', { preHandler: requireStaff(app, ctx, { action: 'needs.view' }) }, async (req, reply) => {
    const member = signedInStaff(req);
    const { filters, issues, values } = parseNeedFilters(req.query, gazetteer);
    const result = issues.length > 0 ? { needs: [], more: false } : await listNeeds(ctx, member, filters);
    const page = (
      <NeedsPage
        chrome={staffChrome(ctx, req, reply)}
        gazetteer={gazetteer}
        values={values}
        issues={issues}
        needs={result.needs}
        page={filters.page}
        more={result.more}
        canManage={can(member.role, 'needs.manage')}
        regions={offerScope(member).regions}
      />
    );
    return sendPage(reply, issues.length > 0 ? 422 : 200, page);
  });

  app.get('/staff/needs/new', { preHandler: requireStaff(app, ctx, { action: 'needs.manage' }) }, async (req, reply) =>
    sendPage(reply, 200, <NeedFormPage chrome={staffChrome(ctx, req, reply)} gazetteer={gazetteer} values={EMPTY_FORM} issues={[]} edit={null} />),
  );

  app.post('/staff/needs', { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'needs.manage' }) }, async (req, reply) => {
    const result = await createNeed(ctx, signedInStaff(req), gazetteer, req.body);
    if (result.ok) return reply.redirect(`${needPath(result.reference)}?done=created#done`, 303);
    return sendPage(reply, 422, <NeedFormPage chrome={staffChrome(ctx, req, reply)} gazetteer={gazetteer} values={result.formValues ?? EMPTY_FORM} issues={result.issues} edit={null} />);
  });

  app.get<WithReference>('/staff/needs/:reference', { preHandler: requireStaff(app, ctx, { action: 'needs.view' }) }, async (req, reply) => renderNeed(req, reply, 200, null));

  app.get<WithReference>('/staff/needs/:reference/edit', { preHandler: requireStaff(app, ctx, { action: 'needs.manage' }) }, async (req, reply) => {
    const { need } = await openNeed(ctx, signedInStaff(req), req.params.reference);
    return sendPage(reply, 200, <NeedFormPage chrome={staffChrome(ctx, req, reply)} gazetteer={gazetteer} values={formValuesOf(need)} issues={[]} edit={{ reference: need.reference, version: need.version }} />);
  });

  app.post<WithReference>('/staff/needs/:reference', { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'needs.manage' }) }, async (req, reply) => {
    const member = signedInStaff(req);
    const result = await updateNeed(ctx, member, gazetteer, req.params.reference, req.body);
    if (result.ok) return reply.redirect(`${needPath(result.reference)}?done=updated#done`, 303);
    const { need } = await openNeed(ctx, member, req.params.reference);
    const version = Number((req.body as Record<string, unknown>).version);
    return sendPage(
      reply,
      result.status,
      <NeedFormPage chrome={staffChrome(ctx, req, reply)} gazetteer={gazetteer} values={result.formValues ?? formValuesOf(need)} issues={result.issues} edit={{ reference: need.reference, version: result.status === 409 ? need.version : version }} />,
    );
  });

  app.post<WithReference>('/staff/needs/:reference/close', { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'needs.manage' }) }, async (req, reply) =>
    answer(req, reply, await closeNeed(ctx, signedInStaff(req), req.params.reference, req.body), 'closed'),
  );

  app.post<WithReference>('/staff/needs/:reference/reopen', { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'needs.manage' }) }, async (req, reply) =>
    answer(req, reply, await reopenNeed(ctx, signedInStaff(req), req.params.reference), 'reopened'),
  );

  app.post<WithReference>('/staff/needs/:reference/allocations', { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'allocations.manage' }) }, async (req, reply) =>
    answer(req, reply, await allocate(ctx, signedInStaff(req), gazetteer, req.params.reference, req.body), 'allocated'),
  );

  app.post<{ Params: { reference: string; allocationId: string } }>(
    '/staff/needs/:reference/allocations/:allocationId/release',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'allocations.manage' }) },
    async (req, reply) => answer(req, reply, await releaseAllocation(ctx, signedInStaff(req), req.params.reference, req.params.allocationId, req.body), 'released'),
  );

  app.get<{ Params: { reference: string; position: string } }>(
    '/staff/offers/:reference/lines/:position/needs',
    { preHandler: requireStaff(app, ctx, { action: 'needs.view' }) },
    async (req, reply) => {
      const position = Number(req.params.position);
      if (!Number.isInteger(position) || position < 1 || position > 1000) throw new AppError('not_found', 'no such line');
      const reference = req.params.reference.toUpperCase().replace(/[\s-]/g, '');
      const data = await needsForLine(ctx, signedInStaff(req), reference, position);
      return sendPage(reply, 200, <LineNeedsPage chrome={staffChrome(ctx, req, reply)} gazetteer={gazetteer} data={data} />);
    },
  );
}
