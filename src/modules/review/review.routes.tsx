// HTTP for offer review: the back office's home and the review queue. Every route runs
// requireStaff with the action it needs (accounts policy); the scope comes from offerScope.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { can, offerScope, requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { parseQueueQuery } from './review.schemas.js';
import { listOffers } from './review.service.js';
import { OffersPage } from './views/offers.js';

/**
 * GET /staff (redirects to the queue) and GET /staff/offers with the queue's filters, sort and
 * cursor in the query string (review.schemas `parseQueueQuery`).
 * - a malformed cursor: a 400 page (cursors are made by the page; a broken one is a broken link);
 * - a filter that cannot be read (a date that is no date, a choice not offered, a search too
 *   long): the page again with 422, an error summary and the values as given, and no results.
 * Register with `app.register(reviewRoutes, { ctx, gazetteer })`.
 */
export async function reviewRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;

  // The back office's home; the queue until there is a dashboard.
  app.get('/staff', { preHandler: requireStaff(app, ctx) }, async (_req, reply) => reply.redirect('/staff/offers', 302));

  app.get('/staff/offers', { preHandler: requireStaff(app, ctx, { action: 'offers.list' }) }, async (req, reply) => {
    const member = signedInStaff(req);
    const scope = offerScope(member);
    const parsed = parseQueueQuery(req.query, gazetteer);
    const contactSearch = can(member.role, 'offers.view_contact');
    const common = { gazetteer, regions: scope.regions, contactSearch };
    if (!parsed.ok) {
      if (parsed.cursor) throw new AppError('bad_request', 'invalid offers cursor');
      const page = <OffersPage chrome={staffChrome(ctx, req, reply)} {...common} values={parsed.values} filters={null} issues={parsed.issues} page={null} paged={false} />;
      return sendPage(reply, 422, page);
    }
    const { request } = parsed;
    const page = await listOffers(ctx, scope, request, { contact: contactSearch });
    const paged = request.after !== undefined || request.before !== undefined;
    return sendPage(reply, 200, <OffersPage chrome={staffChrome(ctx, req, reply)} {...common} values={parsed.values} filters={request.filters} issues={[]} page={page} paged={paged} />);
  });
}
