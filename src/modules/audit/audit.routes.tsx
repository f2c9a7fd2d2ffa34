// HTTP for the audit browser: GET /staff/audit, for members allowed 'audit.view' (administrators).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import { requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import { auditMessages } from './audit.messages.js';
import { parseAuditQuery } from './audit.schemas.js';
import { auditActors, browseAuditTrail } from './audit.service.js';
import { AuditPageView } from './views/audit.js';

/**
 * GET /staff/audit[?actor=&action=&entity_type=&entity=&from-*=&to-*=][&after=|&before=<id>].
 * Invalid filters come back as the page with 422 and an error summary (nothing searched); a
 * malformed cursor is a 400 page. Register with `app.register(auditRoutes, { ctx })`.
 */
export async function auditRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  app.get('/staff/audit', { preHandler: requireStaff(app, ctx, { action: 'audit.view' }) }, async (req, reply) => {
    const member = signedInStaff(req);
    const query = parseAuditQuery(req.query);
    if (!query) throw new AppError('bad_request', 'invalid audit cursor');
    const actors = await auditActors(ctx);
    const chrome = staffChrome(ctx, req, reply);
    const paged = query.after !== undefined || query.before !== undefined;
    if (query.errors.length > 0) {
      const t = translator(auditMessages, member.language);
      // The date inputs' first box carries the field's id, so `#from` lands on the day.
      const errors = query.errors.map((e) => ({ field: e.field, message: t(e.key) }));
      return sendPage(reply, 422, <AuditPageView chrome={chrome} values={query.values} errors={errors} page={null} paged={paged} actors={actors} />);
    }
    const page = await browseAuditTrail(ctx, query.filter, { after: query.after, before: query.before });
    return sendPage(reply, 200, <AuditPageView chrome={chrome} values={query.values} page={page} paged={paged} actors={actors} />);
  });
}
