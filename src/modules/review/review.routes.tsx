// HTTP for offer review. For now: the back office's home and the read-only list of offers.
// Every route runs requireStaff with the action it needs (accounts policy).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { offerScope, requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { offersQuery } from './review.schemas.js';
import { listOffers } from './review.service.js';
import { OffersPage } from './views/offers.js';

/**
 * GET /staff (redirects to the list) and GET /staff/offers[?after=|?before=<cursor>].
 * A malformed cursor is a 400 page. Register with `app.register(reviewRoutes, { ctx, gazetteer })`.
 */
export async function reviewRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;

  // The back office's home; the offer list until there is a dashboard.
  app.get('/staff', { preHandler: requireStaff(app, ctx) }, async (_req, reply) => reply.redirect('/staff/offers', 302));

  app.get('/staff/offers', { preHandler: requireStaff(app, ctx, { action: 'offers.list' }) }, async (req, reply) => {
    const member = signedInStaff(req);
    const query = offersQuery.safeParse(req.query ?? {});
    // Cursors are made by this page; a broken one is a broken link, not a form to correct.
    if (!query.success) throw new AppError('bad_request', 'invalid offers cursor');
    const page = await listOffers(ctx, offerScope(member), query.data);
    const paged = query.data.after !== undefined || query.data.before !== undefined;
    return sendPage(reply, 200, <OffersPage chrome={staffChrome(ctx, req, reply)} page={page} gazetteer={gazetteer} paged={paged} />);
  });
}
