// Use cases of exports: reading the queue's selection for an export, streaming a small export
// straight to the browser, queuing a large one as a job, running jobs (the worker), serving their
// files to whoever asked, and deleting files past their retention. Each export is audited.
import { EventEmitter } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable, Readable } from 'node:stream';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { StaffLang } from '../../platform/i18n/index.js';
import { can, offerScope, type OfferScope, type StaffMember } from '../accounts/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { loadGazetteer, type Gazetteer } from '../geography/index.js';
import { parseQueueQuery, queueCondition, queueHref, type FilterIssue, type FilterParam, type QueueFilters } from '../review/index.js';
import { copyCsv } from './exports.copy.js';
import { endOutput, EXPORT_FORMATS, FORMAT_FILES, writeExport, type ExportFormat, type RowSource, type WriteResult } from './exports.formats.js';
import {
  claimExportJob,
  countExport,
  failExportJob,
  finishExportJob,
  insertExportJob,
  markExportJobsExpired,
  selectExpiredExportJobs,
  selectExportBatch,
  selectExportJob,
  selectExportJobAsOf,
  selectExportNow,
  streamExportRows,
  updateExportProgress,
  type ExportJobRow,
  type ExportPosition,
  type ExportSelection,
} from './exports.repository.js';

/** Offers read per query. 2,000 offers (~2,900 rows) keep memory at a few megabytes and queries few (bench/exports.ts). */
export const EXPORT_BATCH_OFFERS = 2000;

/** A job whose heartbeat is older than this (ms) was left by a process that stopped: another takes it up. */
export const EXPORT_STALE_MS = 60_000;

/** Attempts a job gets before it is marked failed. */
export const EXPORT_MAX_ATTEMPTS = 3;

/** How often (ms) a running job records its progress and heartbeat, at most. */
const PROGRESS_EVERY_MS = 500;

/** What to export: the format and the queue's filters (and the query string that says them). */
export type ExportRequest = { format: ExportFormat; filters: QueueFilters; query: string };

export type ParsedExportRequest =
  | { ok: true; request: ExportRequest }
  | { ok: false; issues: (FilterIssue | { field: 'format'; key: 'err_format' })[]; values: Partial<Record<FilterParam | 'format', string>> };

/** The query string of `filters` as the queue writes it ('' for the plain queue). */
const queryOf = (filters: QueueFilters) => {
  const href = queueHref(filters);
  const i = href.indexOf('?');
  return i < 0 ? '' : href.slice(i + 1);
};

/**
 * Reads an export request: `format` (one of EXPORT_FORMATS) and the queue's filters, by the
 * queue's own rules (review `parseQueueQuery`); a cursor, if any, is ignored: an export holds
 * the whole selection, not a page.
 * @returns the request, or the issues per field with the values as given.
 */
export function parseExportRequest(raw: unknown, gazetteer: Gazetteer): ParsedExportRequest {
  const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const { after: _a, before: _b, ...rest } = query;
  const parsed = parseQueueQuery(rest, gazetteer);
  const format = typeof query.format === 'string' && (EXPORT_FORMATS as readonly string[]).includes(query.format) ? (query.format as ExportFormat) : null;
  const issues: (FilterIssue | { field: 'format'; key: 'err_format' })[] = [];
  if (!format) issues.push({ field: 'format', key: 'err_format' });
  if (!parsed.ok) {
    if (!parsed.cursor) issues.push(...parsed.issues);
    return { ok: false, issues, values: parsed.cursor ? {} : { ...parsed.values, ...(typeof query.format === 'string' ? { format: query.format } : {}) } };
  }
  if (!format) return { ok: false, issues, values: parsed.values };
  return { ok: true, request: { format, filters: parsed.request.filters, query: queryOf(parsed.request.filters) } };
}

/** Who exports, with what rights: the scope and contact right are fixed when they ask. */
export type Exporter = { staffId: string; lang: StaffLang; scope: OfferScope; contact: boolean };

export const exporterOf = (member: StaffMember): Exporter => ({
  staffId: member.id,
  lang: member.language,
  scope: offerScope(member),
  contact: can(member.role, 'offers.view_contact'),
});

/** The selection for `filters` within the exporter's scope, as of now. */
async function selectionFor(ctx: AppContext, exporter: Exporter, filters: QueueFilters, asOf?: string): Promise<ExportSelection> {
  const where = (await queueCondition(ctx, exporter.scope, filters, { contact: exporter.contact })) ?? sql<boolean>`false`;
  return { where, sort: filters.sort, asOf: asOf ?? (await selectExportNow(ctx.db)) };
}

/**
 * The rows of a selection, whole offers a batch at a time: on PostgreSQL through one query and a
 * server-side cursor (exports.repository streamExportRows: COPY's plan, one snapshot); on the
 * embedded database by keyset batches, which leave its one connection free between batches.
 */
function rowSource(ctx: AppContext, selection: ExportSelection, contact: boolean, signal?: AbortSignal): RowSource {
  if (ctx.engine === 'postgres') {
    return async function* ({ lines }) {
      for await (const rows of streamExportRows(ctx.db, selection, { lines, contact })) {
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('export stopped');
        yield rows;
      }
    };
  }
  return async function* ({ lines }) {
    let after: ExportPosition | undefined;
    for (;;) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('export stopped');
      const rows = await selectExportBatch(ctx.db, selection, { after, limit: EXPORT_BATCH_OFFERS, lines, contact });
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      after = { at: last.position_at, id: last.offer_id };
    }
  };
}

/** An export ready to go: small enough to stream now, or to be queued as a job. */
export type PreparedExport =
  | { inline: true; request: ExportRequest; selection: ExportSelection; rows: number }
  /** `atLeast`: more rows than EXPORT_INLINE_MAX_ROWS (they were not all counted) */
  | { inline: false; request: ExportRequest; atLeast: number };

/**
 * Counts the selection's rows (offer lines) up to the inline limit (config EXPORT_INLINE_MAX_ROWS):
 * within it, the export can be streamed now; past it, it is for a background job.
 */
export async function prepareExport(ctx: AppContext, exporter: Exporter, request: ExportRequest): Promise<PreparedExport> {
  const selection = await selectionFor(ctx, exporter, request.filters);
  const max = ctx.config.exports.inlineMaxRows;
  const { rows } = await countExport(ctx.db, selection, max);
  return rows <= max ? { inline: true, request, selection, rows } : { inline: false, request, atLeast: rows };
}

/** The audit event of an export: who, the format, the filters, what it held, how it was delivered. */
async function auditExport(ctx: AppContext, trx: AppContext['db'], exporter: Exporter, request: { format: string; query: string }, held: WriteResult | { rows: number }, job: string | null) {
  await recordAuditEvent(trx, {
    actor: { kind: 'staff', id: exporter.staffId },
    action: 'offers.exported',
    entity: { type: 'export', id: job },
    details: {
      format: request.format,
      filters: request.query,
      ...('offers' in held ? { offers: held.offers } : {}),
      rows: held.rows,
      // whether the file holds contact data: never in HXL
      contact: exporter.contact && request.format !== 'hxl',
      regions: exporter.scope.regions,
      delivery: job ? 'background' : 'direct',
    },
    at: ctx.clock.now(),
  });
}

/** The file name of an export made at `at`: prosfero-offers-2026-03-27-1405.csv (Greek time). */
export function exportFileName(format: ExportFormat, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  const file = FORMAT_FILES[format];
  return `prosfero-${file.name}-${p('year')}-${p('month')}-${p('day')}-${p('hour')}${p('minute')}.${file.extension}`;
}

/**
 * Records the audit event of a prepared inline export, before its first byte goes out (with the
 * rows counted: the selection is bounded by its `asOf`, so the file holds those rows).
 */
export async function auditInlineExport(ctx: AppContext, exporter: Exporter, prepared: Extract<PreparedExport, { inline: true }>): Promise<void> {
  await ctx.db.transaction().execute((trx) => auditExport(ctx, trx, exporter, prepared.request, { rows: prepared.rows }, null));
}

/**
 * Streams a prepared inline export to `out` (ended when done).
 * @returns what was written.
 * @throws ExportAbortedError if `out` closes first; database errors (the caller then destroys
 *   `out`, so the download fails visibly rather than ending short).
 */
export async function streamExport(ctx: AppContext, gazetteer: Gazetteer, exporter: Exporter, prepared: Extract<PreparedExport, { inline: true }>, out: Writable): Promise<WriteResult> {
  return writeFile(ctx, gazetteer, exporter, prepared.request.format, prepared.selection, out, {});
}

/**
 * Writes the file of a selection to `out` and ends it: CSV on PostgreSQL by COPY (exports.copy.ts,
 * the same bytes, written by the database), every other file row by row (exports.formats.ts).
 */
async function writeFile(
  ctx: AppContext,
  gazetteer: Gazetteer,
  exporter: Exporter,
  format: ExportFormat,
  selection: ExportSelection,
  out: Writable,
  options: { progress?: (n: number) => Promise<void> | void; signal?: AbortSignal; rowsPerSheet?: number },
): Promise<WriteResult> {
  if (ctx.engine === 'postgres' && (format === 'csv' || format === 'csv-comma')) {
    const result = await copyCsv(ctx.db, selection, out, {
      lang: exporter.lang,
      contact: exporter.contact,
      gazetteer,
      delimiter: format === 'csv' ? ';' : ',',
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await endOutput(out);
    return result;
  }
  return writeExport(format, rowSource(ctx, selection, exporter.contact, options.signal), out, {
    lang: exporter.lang,
    contact: exporter.contact,
    gazetteer,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.rowsPerSheet ? { rowsPerSheet: options.rowsPerSheet } : {}),
  });
}

/**
 * Writes a whole export to `out` without counting or auditing first: the benchmark's way in, and
 * the job runner's core.
 */
export async function writeSelection(ctx: AppContext, gazetteer: Gazetteer, exporter: Exporter, request: ExportRequest, out: Writable, options: { asOf?: string; progress?: (n: number) => Promise<void> | void; signal?: AbortSignal; rowsPerSheet?: number } = {}): Promise<WriteResult> {
  const selection = await selectionFor(ctx, exporter, request.filters, options.asOf);
  return writeFile(ctx, gazetteer, exporter, request.format, selection, out, options);
}

// --- background jobs ------------------------------------------------------------------------

/** Tells this process's worker a job is waiting, so it starts at once rather than at its next poll. */
const queued = new EventEmitter();

/** An export job as its page shows it. */
export type ExportJob = {
  id: string;
  format: ExportFormat;
  /** the queue's filters, as a query string */
  query: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  /** units done and to do (rows; offers and rows for XLSX); total null until counted */
  progress: { done: number; total: number | null };
  totalOffers: number | null;
  totalRows: number | null;
  /** what the file holds, once done */
  offers: number | null;
  rows: number | null;
  bytes: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** when the file is deleted (finishedAt + EXPORT_RETENTION_HOURS) */
  expiresAt: Date | null;
};

const toJob = (ctx: AppContext, r: ExportJobRow): ExportJob => ({
  id: r.id,
  format: r.format,
  query: r.query,
  status: r.status,
  progress: { done: r.progress_done, total: r.progress_total },
  totalOffers: r.total_offers,
  totalRows: r.total_lines,
  offers: r.offers_written,
  rows: r.lines_written,
  bytes: r.file_bytes === null ? null : Number(r.file_bytes),
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  expiresAt: r.finished_at ? new Date(r.finished_at.getTime() + ctx.config.exports.retentionHours * 3600_000) : null,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Queues an export as a job for the worker; the scope and contact right are the member's now.
 * @param body the form: `format` and `query` (the queue's filters as a query string)
 * @returns the job's id, or the issues when the form does not hold a valid request.
 */
export async function requestExportJob(ctx: AppContext, gazetteer: Gazetteer, exporter: Exporter, body: unknown): Promise<{ ok: true; id: string } | { ok: false }> {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const query = typeof form.query === 'string' && form.query.length <= 4000 ? form.query : null;
  if (query === null) return { ok: false };
  const params = Object.fromEntries(new URLSearchParams(query));
  const parsed = parseExportRequest({ ...params, format: form.format }, gazetteer);
  if (!parsed.ok) return { ok: false };
  const job = await insertExportJob(ctx.db, {
    staff_account_id: exporter.staffId,
    format: parsed.request.format,
    query: parsed.request.query,
    regions: exporter.scope.regions === 'all' ? null : [...exporter.scope.regions],
    contact: exporter.contact,
    language: exporter.lang,
    as_of: await selectExportNow(ctx.db),
    created_at: ctx.clock.now(),
  });
  queued.emit('job');
  return { ok: true, id: job.id };
}

/** Whether `exporter` may still see what `job` holds: the same member, a scope and rights at least as wide. */
function mayOpen(job: ExportJobRow, exporter: Exporter): boolean {
  if (job.staff_account_id !== exporter.staffId) return false;
  if (job.contact && !exporter.contact) return false;
  if (exporter.scope.regions === 'all') return true;
  const now = exporter.scope.regions;
  return job.regions !== null && job.regions.every((r) => now.includes(r));
}

/** The member's own export job, or null (another's, outside their present scope, or none). */
export async function findExportJob(ctx: AppContext, exporter: Exporter, id: string): Promise<ExportJob | null> {
  if (!UUID.test(id)) return null;
  const job = await selectExportJob(ctx.db, id);
  return job && mayOpen(job, exporter) ? toJob(ctx, job) : null;
}

const filePath = (ctx: AppContext, id: string, format: ExportFormat) => path.join(ctx.config.exports.dir, `${id}.${FORMAT_FILES[format].extension}`);

/**
 * The file of the member's finished job, to download, with its audit event (a download hands
 * personal data out: PRODUCT.md, every view of personal data is logged).
 * @returns null when there is none to give (not theirs, not ready, expired, or the file is gone).
 */
export async function openExportDownload(ctx: AppContext, exporter: Exporter, id: string): Promise<{ stream: Readable; name: string; contentType: string; bytes: number } | null> {
  if (!UUID.test(id)) return null;
  const job = await selectExportJob(ctx.db, id);
  if (!job || !mayOpen(job, exporter) || job.status !== 'done') return null;
  const file = filePath(ctx, job.id, job.format);
  const size = await stat(file).then((s) => s.size, () => null);
  if (size === null) return null;
  await ctx.db.transaction().execute((trx) =>
    recordAuditEvent(trx, {
      actor: { kind: 'staff', id: exporter.staffId },
      action: 'export.downloaded',
      entity: { type: 'export', id: job.id },
      details: { format: job.format, rows: job.lines_written },
      at: ctx.clock.now(),
    }),
  );
  return { stream: createReadStream(file), name: exportFileName(job.format, job.finished_at ?? job.created_at), contentType: FORMAT_FILES[job.format].contentType, bytes: size };
}

/**
 * Runs one job to the end: counts its selection exactly (bounded by the moment it was asked
 * for), writes the file beside its final name and renames it when complete, so a file is there
 * only when whole; then marks the job done with what the file holds, and its audit event, in one
 * transaction. A failure sends it back to the queue (EXPORT_MAX_ATTEMPTS in all).
 */
async function runJob(ctx: AppContext, gazetteer: Gazetteer, job: ExportJobRow, signal: AbortSignal): Promise<void> {
  const claimedAt = job.claimed_at!;
  const exporter: Exporter = {
    staffId: job.staff_account_id,
    lang: job.language,
    scope: { regions: job.regions ?? 'all' },
    contact: job.contact,
  };
  const final = filePath(ctx, job.id, job.format);
  const part = `${final}.part`;
  try {
    const parsed = parseExportRequest({ ...Object.fromEntries(new URLSearchParams(job.query)), format: job.format }, gazetteer);
    if (!parsed.ok) throw new Error('the job’s filters are no longer valid');
    const asOf = await selectExportJobAsOf(ctx.db, job.id);
    const selection = await selectionFor(ctx, exporter, parsed.request.filters, asOf);
    const totals = await countExport(ctx.db, selection);
    const total = job.format === 'xlsx' ? totals.offers! + totals.rows : totals.rows;
    if (!(await updateExportProgress(ctx.db, job.id, claimedAt, { done: 0, total, now: ctx.clock.now(), totals: { offers: totals.offers!, rows: totals.rows } }))) return;

    await mkdir(ctx.config.exports.dir, { recursive: true });
    const out = createWriteStream(part);
    let lastBeat = Date.now();
    let lost = false;
    const progress = async (done: number) => {
      if (Date.now() - lastBeat < PROGRESS_EVERY_MS) return;
      lastBeat = Date.now();
      if (!(await updateExportProgress(ctx.db, job.id, claimedAt, { done, now: ctx.clock.now() }))) {
        lost = true;
        throw new Error('the job was taken over by another worker');
      }
    };
    let result: WriteResult;
    try {
      result = await writeSelection(ctx, gazetteer, exporter, parsed.request, out, { asOf, progress, signal });
      await finished(out);
    } catch (err) {
      out.destroy();
      throw err;
    }
    if (lost) return;
    await rename(part, final);
    const bytes = (await stat(final)).size;
    const done = await ctx.db.transaction().execute(async (trx) => {
      const ok = await finishExportJob(trx, job.id, claimedAt, { offers: result.offers, rows: result.rows, bytes, now: ctx.clock.now() });
      if (ok) await auditExport(ctx, trx, exporter, { format: job.format, query: job.query }, result, job.id);
      return ok;
    });
    if (!done) await rm(final, { force: true });
  } catch (err) {
    await rm(part, { force: true });
    const stopped = signal.aborted;
    await failExportJob(ctx.db, job.id, claimedAt, {
      error: err instanceof Error ? err.message : String(err),
      // stopped by a shutdown: straight back to the queue, for the next start to take up
      retry: stopped || job.attempts < EXPORT_MAX_ATTEMPTS,
      now: ctx.clock.now(),
    });
    if (!stopped) throw err;
  }
}

/**
 * Claims and runs the next waiting job (or one left running by a stopped process).
 * @returns whether there was one.
 */
export async function runNextExportJob(ctx: AppContext, gazetteer: Gazetteer, signal: AbortSignal = new AbortController().signal): Promise<boolean> {
  const now = ctx.clock.now();
  const job = await claimExportJob(ctx.db, now, new Date(now.getTime() - EXPORT_STALE_MS));
  if (!job) return false;
  await runJob(ctx, gazetteer, job, signal).catch(() => {
    // recorded on the job (error, attempts); the worker moves on to the next
  });
  return true;
}

/** Runs jobs until none is waiting. @returns how many were run. */
export async function runExportJobs(ctx: AppContext, gazetteer: Gazetteer, signal?: AbortSignal): Promise<number> {
  let n = 0;
  while (!signal?.aborted && (await runNextExportJob(ctx, gazetteer, signal))) n++;
  return n;
}

/** Deletes the files of jobs finished longer ago than EXPORT_RETENTION_HOURS and marks them expired. @returns how many. */
export async function deleteExpiredExports(ctx: AppContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - ctx.config.exports.retentionHours * 3600_000);
  const jobs = await selectExpiredExportJobs(ctx.db, before);
  for (const j of jobs) await rm(filePath(ctx, j.id, j.format as ExportFormat), { force: true });
  await markExportJobsExpired(ctx.db, jobs.map((j) => j.id));
  return jobs.length;
}

export type ExportWorker = { stop(): Promise<void> };

/**
 * Starts this process's export worker: it runs waiting jobs one at a time, at once when one is
 * queued here and otherwise every `pollMs`, takes up jobs left running by a stopped process, and
 * deletes expired files. `stop()` interrupts the job in hand, puts it back in the queue (the next
 * start takes it up from the beginning) and resolves when the worker is idle.
 */
export function startExportWorker(ctx: AppContext, options: { log?: { warn(obj: unknown, msg: string): void }; pollMs?: number } = {}): ExportWorker {
  const abort = new AbortController();
  let gazetteer: Promise<Gazetteer> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const tick = () => {
    if (abort.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        gazetteer ??= loadGazetteer(ctx.db);
        await deleteExpiredExports(ctx);
        await runExportJobs(ctx, await gazetteer, abort.signal);
      } while (again && !abort.signal.aborted);
    })()
      .catch((err: unknown) => options.log?.warn({ err }, 'export worker: could not run export jobs'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, options.pollMs ?? 5000);
  timer.unref();
  queued.on('job', tick);
  tick();
  return {
    async stop() {
      abort.abort(new Error('the export worker stopped'));
      clearInterval(timer);
      queued.off('job', tick);
      await running;
    },
  };
}
