// HTTP for an offer's casework: its page and the forms on it. Every route runs requireStaff with
// the action it needs (403 otherwise), every POST checks the CSRF token, and every use case finds
// the offer within the member's scope first (404 outside it, exactly as for a missing offer).
// A refused form comes back as the page with 422; a success redirects (303) to the page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { parseCandidateId, parseDone } from './casework.schemas.js';
import {
  addNote,
  changeStatus,
  confirmDuplicate,
  dismissDuplicate,
  openOfferCase,
  recordContactAttempt,
  searchDuplicates,
  type ActionFailure,
  type ActionResult,
} from './casework.service.js';
import { OfferCasePage, offerPath } from './views/offer.js';
import { allocationsOfOffer } from '../needs/index.js';

type WithReference = { Params: { reference: string } };
type WithCandidate = { Params: { reference: string; candidateId: string } };

/**
 * GET /staff/offers/:reference (formatted or not: `7KQ-4M9-TXR`, `7kq4m9txr`) and its forms:
 * POST …/status, …/contact-attempts, …/notes, …/duplicates/search,
 * …/duplicates/:candidateId/confirm, …/duplicates/:candidateId/dismiss.
 * Register with `app.register(caseworkRoutes, { ctx, gazetteer })`.
 */
export async function caseworkRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;
  const csrf = app.csrfProtection;

  /** The page, with the refused form's errors when there are any. */
  async function render(req: FastifyRequest<WithReference>, reply: FastifyReply, status: number, failure: ActionFailure | null) {
    const member = signedInStaff(req);
    const offer = await openOfferCase(ctx, member, req.params.reference);
    if (!offer) throw new AppError('not_found', 'no such offer in scope');
    const done = status === 200 ? parseDone(req.query) : null;
    // Issue 6: each line's allocations, shown under the line.
    const allocations = await allocationsOfOffer(ctx, member, offer.id);
    return sendPage(reply, status, <OfferCasePage chrome={staffChrome(ctx, req, reply)} offer={offer} gazetteer={gazetteer} done={done} failure={failure} allocations={allocations} />);
  }

  async function answer(req: FastifyRequest<WithReference>, reply: FastifyReply, result: ActionResult) {
    // Back to the page by its reference as stored (the URL may have had it formatted), saying what was done.
    if (result.ok) return reply.redirect(`${offerPath(result.reference)}?done=${result.done}`, 303);
    return render(req, reply, 422, result);
  }

  app.get<WithReference>('/staff/offers/:reference', { preHandler: requireStaff(app, ctx, { action: 'offers.view' }) }, async (req, reply) =>
    render(req, reply, 200, null),
  );

  app.post<WithReference>(
    '/staff/offers/:reference/status',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'offers.change_status' }) },
    async (req, reply) => answer(req, reply, await changeStatus(ctx, signedInStaff(req), req.params.reference, req.body)),
  );

  app.post<WithReference>(
    '/staff/offers/:reference/contact-attempts',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'offers.record_contact' }) },
    async (req, reply) => answer(req, reply, await recordContactAttempt(ctx, signedInStaff(req), req.params.reference, req.body)),
  );

  app.post<WithReference>(
    '/staff/offers/:reference/notes',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'offers.add_note' }) },
    async (req, reply) => answer(req, reply, await addNote(ctx, signedInStaff(req), req.params.reference, req.body)),
  );

  app.post<WithReference>(
    '/staff/offers/:reference/duplicates/search',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'offers.manage_duplicates' }) },
    async (req, reply) => answer(req, reply, await searchDuplicates(ctx, signedInStaff(req), req.params.reference)),
  );

  app.post<WithCandidate>(
    '/staff/offers/:reference/duplicates/:candidateId/confirm',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'offers.manage_duplicates' }) },
    async (req, reply) => {
      const candidateId = parseCandidateId(req.params.candidateId);
      if (!candidateId) throw new AppError('not_found', 'malformed candidate id');
      return answer(req, reply, await confirmDuplicate(ctx, signedInStaff(req), req.params.reference, candidateId, req.body));
    },
  );

  app.post<WithCandidate>(
    '/staff/offers/:reference/duplicates/:candidateId/dismiss',
    { preValidation: csrf, preHandler: requireStaff(app, ctx, { action: 'offers.manage_duplicates' }) },
    async (req, reply) => {
      const candidateId = parseCandidateId(req.params.candidateId);
      if (!candidateId) throw new AppError('not_found', 'malformed candidate id');
      return answer(req, reply, await dismissDuplicate(ctx, signedInStaff(req), req.params.reference, candidateId));
    },
  );
}
