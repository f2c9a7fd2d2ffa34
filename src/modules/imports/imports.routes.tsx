// HTTP for bulk import. Every route runs requireStaff with `offers.import` (403 otherwise), every
// POST checks the CSRF token. Uploads are multipart, parsed only inside this plugin and only up to
// IMPORT_MAX_BYTES: a larger file is read to its end (so the browser gets an answer) but not kept.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import { requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import type { Gazetteer } from '../geography/index.js';
import { FILE_PROBLEM_STATUS } from './imports.files.js';
import { importMessages } from './imports.messages.js';
import { parseBatchId, parseRefresh } from './imports.schemas.js';
import { discardBatch, formatSize, importBatch, listRecentBatches, openBatch, settleImportJobs, uploadImport, type UploadedFile } from './imports.service.js';
import { buildTemplate, isTemplateName } from './imports.template.js';
import { BatchPage, isRunning, REFRESH_SECONDS } from './views/batch.js';
import { batchPath, ImportsPage } from './views/imports.js';

type WithId = { Params: { id: string } };

/** The uploaded file as the multipart hook leaves it in the body (see onFile below). */
function uploadedFile(body: unknown): UploadedFile | null {
  const file = (body as Record<string, unknown> | undefined)?.file;
  if (!file || typeof file !== 'object' || !('data' in file)) return null;
  return file as UploadedFile;
}

/**
 * GET /staff/imports (upload form, templates, columns, recent imports), POST /staff/imports
 * (upload), GET /staff/imports/template/:name, GET /staff/imports/:id (progress, rejected rows,
 * the decision, the outcome), POST /staff/imports/:id/import, POST /staff/imports/:id/discard.
 * Register with `app.register(importRoutes, { ctx, gazetteer })`.
 */
export async function importRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;
  const csrf = app.csrfProtection;
  const maxBytes = ctx.config.imports.maxBytes;
  const staffOnly = requireStaff(app, ctx, { action: 'offers.import' });

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    // The file is kept in memory up to the limit (a workbook must be read whole: a zip's index is
    // at its end); beyond it the rest is read and dropped, and the handler answers 413.
    async onFile(part) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        if (part.file.truncated || size + chunk.length > maxBytes) continue;
        chunks.push(chunk as Buffer);
        size += chunk.length;
      }
      const value: UploadedFile = { name: part.filename ?? '', data: Buffer.concat(chunks), truncated: part.file.truncated };
      (part as unknown as { value: UploadedFile }).value = value;
    },
  });
  // Shutdown waits for a running import's transaction to end rather than cutting it.
  app.addHook('onClose', async () => settleImportJobs());

  const uploadPage = async (req: FastifyRequest, reply: FastifyReply, status: number, error?: string) =>
    sendPage(
      reply,
      status,
      <ImportsPage chrome={staffChrome(ctx, req, reply)} error={error} recent={await listRecentBatches(ctx)} maxSize={formatSize(maxBytes)} maxRows={ctx.config.imports.maxRows} />,
    );

  app.get('/staff/imports', { preHandler: staffOnly }, async (req, reply) => uploadPage(req, reply, 200));

  app.post('/staff/imports', { preValidation: csrf, preHandler: staffOnly }, async (req, reply) => {
    const member = signedInStaff(req);
    const result = await uploadImport(ctx, member, uploadedFile(req.body), gazetteer);
    if (result.ok) return reply.redirect(batchPath(result.batchId), 303);
    const t = translator(importMessages, member.language);
    return uploadPage(req, reply, FILE_PROBLEM_STATUS[result.problem.code], t(`file_${result.problem.code}`, result.problem.params));
  });

  app.get<{ Params: { name: string } }>('/staff/imports/template/:name', { preHandler: staffOnly }, async (req, reply) => {
    if (!isTemplateName(req.params.name)) throw new AppError('not_found', 'no such template');
    const template = await buildTemplate(req.params.name);
    return reply
      .header('content-type', template.contentType)
      .header('content-disposition', `attachment; filename="${req.params.name}"`)
      .header('cache-control', 'no-store')
      .send(template.body);
  });

  const batchPage = async (req: FastifyRequest<WithId>, reply: FastifyReply, status: number, error?: string) => {
    const id = parseBatchId(req.params.id);
    const batch = id ? await openBatch(ctx, id) : null;
    if (!batch) throw new AppError('not_found', 'no such import');
    const refresh = status === 200 && isRunning(batch) && parseRefresh(req.query);
    // The HTML standard's Refresh header: the page reloads itself with no script, as <meta
    // http-equiv="refresh"> would, and the page offers a link that stops it.
    if (refresh) reply.header('refresh', String(REFRESH_SECONDS));
    return sendPage(reply, status, <BatchPage chrome={staffChrome(ctx, req, reply)} batch={batch} refresh={refresh} error={error} />);
  };

  app.get<WithId>('/staff/imports/:id', { preHandler: staffOnly }, async (req, reply) => batchPage(req, reply, 200));

  const decide = (action: 'import' | 'discard') => async (req: FastifyRequest<WithId>, reply: FastifyReply) => {
    const member = signedInStaff(req);
    const id = parseBatchId(req.params.id);
    if (!id) throw new AppError('not_found', 'no such import');
    const result = action === 'import' ? await importBatch(ctx, member, id, gazetteer) : await discardBatch(ctx, member, id);
    if (result === 'not_found') throw new AppError('not_found', 'no such import');
    if (result === 'not_ready') return batchPage(req, reply, 409, translator(importMessages, member.language)('not_ready'));
    return reply.redirect(batchPath(id), 303);
  };

  app.post<WithId>('/staff/imports/:id/import', { preValidation: csrf, preHandler: staffOnly }, decide('import'));
  app.post<WithId>('/staff/imports/:id/discard', { preValidation: csrf, preHandler: staffOnly }, decide('discard'));
}
