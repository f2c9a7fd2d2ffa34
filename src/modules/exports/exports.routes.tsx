// HTTP for exports. Every route runs requireStaff with `offers.export` (every role has it; the
// scope and contact data follow the member, exports.service `exporterOf`), every POST checks the
// CSRF token, and a job's pages answer 404 to anyone but the member who asked for it.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { FORMAT_FILES } from './exports.formats.js';
import type { ExportMessageKey } from './exports.messages.js';
import {
  auditInlineExport,
  exporterOf,
  exportFileName,
  findExportJob,
  openExportDownload,
  parseExportRequest,
  prepareExport,
  requestExportJob,
  streamExport,
} from './exports.service.js';
import { ExportConfirmPage, ExportJobPage, ExportRefusedPage } from './views/export-pages.js';

type WithId = { Params: { id: string } };

/**
 * GET /staff/offers/export?format=…&<the queue's filters>: a small export (up to
 * EXPORT_INLINE_MAX_ROWS rows) downloads at once; a larger one gets a page whose button
 * (POST /staff/exports) queues it as a background job; refused filters or format: 422.
 * GET /staff/exports/:id shows a job's progress; GET /staff/exports/:id/download its file.
 * Register with `app.register(exportRoutes, { ctx, gazetteer })`.
 */
export async function exportRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;
  const guard = { preHandler: requireStaff(app, ctx, { action: 'offers.export' }) };

  app.get('/staff/offers/export', guard, async (req, reply) => {
    const exporter = exporterOf(signedInStaff(req));
    const parsed = parseExportRequest(req.query, gazetteer);
    if (!parsed.ok) {
      const { format: _f, ...values } = parsed.values;
      const query = new URLSearchParams(values as Record<string, string>).toString();
      const messages = parsed.issues.map((i) => i.key as ExportMessageKey);
      return sendPage(reply, 422, <ExportRefusedPage chrome={staffChrome(ctx, req, reply)} messages={messages.length ? messages : ['err_choice']} query={query} />);
    }
    const prepared = await prepareExport(ctx, exporter, parsed.request);
    if (!prepared.inline) {
      return sendPage(reply, 200, <ExportConfirmPage chrome={staffChrome(ctx, req, reply)} format={parsed.request.format} query={parsed.request.query} atLeast={prepared.atLeast} />);
    }
    await auditInlineExport(ctx, exporter, prepared);
    const out = new PassThrough();
    // A failure half-way destroys the stream: the download breaks off visibly (no final chunk)
    // instead of ending as if complete.
    streamExport(ctx, gazetteer, exporter, prepared, out).catch((err: unknown) => {
      req.log.warn({ err }, 'export stopped before its end');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const file = FORMAT_FILES[parsed.request.format];
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${exportFileName(parsed.request.format, ctx.clock.now())}"`)
      .header('cache-control', 'no-store')
      .header('x-export-rows', String(prepared.rows))
      .send(out);
  });

  app.post('/staff/exports', { preValidation: app.csrfProtection, ...guard }, async (req, reply) => {
    const exporter = exporterOf(signedInStaff(req));
    const result = await requestExportJob(ctx, gazetteer, exporter, req.body);
    if (!result.ok) return sendPage(reply, 422, <ExportRefusedPage chrome={staffChrome(ctx, req, reply)} messages={['request_refused']} query="" />);
    return reply.redirect(`/staff/exports/${result.id}`, 303);
  });

  app.get<WithId>('/staff/exports/:id', guard, async (req, reply) => {
    const job = await findExportJob(ctx, exporterOf(signedInStaff(req)), req.params.id);
    if (!job) throw new AppError('not_found', 'no such export');
    return sendPage(reply, 200, <ExportJobPage chrome={staffChrome(ctx, req, reply)} job={job} />);
  });

  app.get<WithId>('/staff/exports/:id/download', guard, async (req, reply) => {
    const file = await openExportDownload(ctx, exporterOf(signedInStaff(req)), req.params.id);
    if (!file) throw new AppError('not_found', 'no such export file');
    return reply
      .header('content-type', file.contentType)
      .header('content-length', String(file.bytes))
      .header('content-disposition', `attachment; filename="${file.name}"`)
      .header('cache-control', 'no-store')
      .send(file.stream);
  });
}
