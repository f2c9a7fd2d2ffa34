// HTTP for the dashboard: GET /staff/dashboard[?kind=], for every role allowed 'dashboard.view',
// within the member's regions (accounts.policy offerScope).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import { offerScope, requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { greeceMap } from './dashboard.map.js';
import { dashboardMessages } from './dashboard.messages.js';
import { parseDashboardQuery } from './dashboard.schemas.js';
import { showDashboard } from './dashboard.service.js';
import { DashboardPage } from './views/dashboard.js';

/**
 * GET /staff/dashboard: the totals, map and chart (dashboard.service `showDashboard`).
 * A kind that is not one of the four: the page again with 422, an error summary and no figures.
 * The map is projected and simplified once, here, when the routes are registered.
 * Register with `app.register(dashboardRoutes, { ctx, gazetteer })`.
 */
export async function dashboardRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;
  const map = greeceMap();
  const allRegions = map.regions.map((r) => r.code);

  app.get('/staff/dashboard', { preHandler: requireStaff(app, ctx, { action: 'dashboard.view' }) }, async (req, reply) => {
    const member = signedInStaff(req);
    const scope = offerScope(member);
    const query = parseDashboardQuery(req.query);
    const common = { gazetteer, map, regions: scope.regions, kindValue: query.value };
    if (!query.ok) {
      const t = translator(dashboardMessages, member.language);
      return sendPage(reply, 422, <DashboardPage chrome={staffChrome(ctx, req, reply)} {...common} errors={[{ field: 'kind', message: t('err_kind') }]} report={null} />);
    }
    const report = await showDashboard(ctx, scope, query.kind, allRegions);
    return sendPage(reply, 200, <DashboardPage chrome={staffChrome(ctx, req, reply)} {...common} errors={[]} report={report} />);
  });
}
