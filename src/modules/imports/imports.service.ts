// Use cases of bulk import: upload a file (read it, refuse what cannot be read, keep its rows as
// a batch), check every offer by the public form's rules in the background, then import the
// valid offers — all in one transaction — or none. Each step is audited.
//
// No email goes to the offerors of imported offers: the rows were sent by the body that collected
// them (a municipality, an NGO), not by the offerors, who never asked this service for anything
// and would receive a reference for a form they did not fill in. Staff contact them as for any
// offer, and the contact attempt is recorded there.
import type { AppContext } from '../../platform/context.js';
import type { StaffLang } from '../../platform/i18n/index.js';
import type { StaffMember } from '../accounts/index.js';
import { recordAuditEvent } from '../audit/index.js';
import type { Gazetteer } from '../geography/index.js';
import { insertImportedOffers, todayInAthens, validateDraft, type DraftAnswers, type ImportedOffer, type OfferInput } from '../offers/index.js';
import { COLUMN_HEADERS, COLUMN_KEYS, answersOf, columnOfIssue, groupRows, mapHeaders, type HeaderMap, type RowIssue, type SheetRow } from './imports.columns.js';
import { FileProblem, readSheet, type FileFormat } from './imports.files.js';
import * as repo from './imports.repository.js';

/** Offers checked, stored or imported per round trip: big enough for set-wise SQL, small enough for steady progress. */
export const CHUNK = 500;
/** A running step that has not touched its batch for this long was cut short (a restart). */
export const STALE_AFTER_MS = 5 * 60_000;
/** Offers checked between two turns of the event loop. */
const YIELD_EVERY = 10;

export type UploadedFile = { name: string; data: Buffer; truncated: boolean };
export type UploadResult = { ok: true; batchId: string } | { ok: false; problem: FileProblem };

// Steps running in this process, so a page knows a step is alive and tests and shutdown can wait.
const running = new Map<string, Promise<void>>();

function runInBackground(id: string, work: () => Promise<void>): void {
  const job = work()
    .catch(() => {}) // each step records its own failure on the batch
    .finally(() => running.delete(id));
  running.set(id, job);
}

/** Resolves when every import step started by this process has ended (tests; shutdown). */
export async function settleImportJobs(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()]);
}

/** "32 MB": the size limit as the member reads it. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Reads an uploaded file and keeps it as a batch whose offers are then checked in the background.
 * @param file null when the form carried no file; `truncated` when it was cut at IMPORT_MAX_BYTES.
 * @returns the batch id, or the reason the file cannot be read (imports.files FileProblemCode;
 *   missing_columns names the columns in the member's language).
 */
export async function uploadImport(ctx: AppContext, member: StaffMember, file: UploadedFile | null, gaz: Gazetteer): Promise<UploadResult> {
  const lang: StaffLang = member.language;
  if (!file || (file.name.trim() === '' && file.data.length === 0)) return { ok: false, problem: new FileProblem('missing') };
  if (file.truncated) return { ok: false, problem: new FileProblem('too_large', { max: formatSize(ctx.config.imports.maxBytes) }) };
  let format: FileFormat;
  let rows: SheetRow[];
  let map: HeaderMap;
  try {
    const sheet = await readSheet(file, { maxRows: ctx.config.imports.maxRows });
    map = mapHeaders(sheet.headers);
    if (map.missing.length > 0) throw new FileProblem('missing_columns', { columns: map.missing.map((k) => `«${COLUMN_HEADERS[k][lang]}»`).join(', ') });
    if (map.repeated.length > 0) throw new FileProblem('repeated_columns', { columns: map.repeated.map((k) => `«${COLUMN_HEADERS[k][lang]}»`).join(', ') });
    format = sheet.format;
    rows = sheet.rows;
  } catch (err) {
    if (err instanceof FileProblem) return { ok: false, problem: err };
    throw err;
  }

  const now = ctx.clock.now();
  const fileName = file.name.trim().slice(0, 255) || 'file';
  const batchId = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertBatch(trx, {
      staff_account_id: member.id,
      file_name: fileName,
      format,
      status: 'validating',
      row_count: rows.length,
      ignored_columns: map.ignored,
      created_at: now,
      updated_at: now,
      expires_at: new Date(now.getTime() + ctx.config.imports.ttlHours * 3600_000),
    });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'import.uploaded',
      entity: { type: 'import_batch', id },
      details: { file: fileName, format, rows: rows.length },
      at: now,
    });
    return id;
  });
  runInBackground(batchId, () => checkBatch(ctx, batchId, map, rows, gaz));
  return { ok: true, batchId };
}

/** One offer of a file checked by the form's rules, with each problem placed at its row and column. */
export function checkOffer(
  map: HeaderMap,
  group: { rows: SheetRow[] },
  today: string,
  gaz: Gazetteer,
): { rows: number[]; answers: DraftAnswers; issues: RowIssue[]; offer: OfferInput | null } {
  const read = answersOf(map, group, gaz);
  const issues = [...read.issues];
  const kindRefused = issues.some((i) => i.column === 'line_kind');
  const validated = validateDraft(read.answers, today, gaz);
  if (!validated.ok) {
    for (const section of validated.sections) {
      for (const issue of section.issues) {
        // "Complete this section" only follows from another answer already reported (e.g. the kind).
        if (issue.key === 'err_section_incomplete') continue;
        if (issue.key === 'err_lines_required' && kindRefused) continue;
        const row = section.section === 'lines' && section.line ? read.lineRows[section.line - 1]! : read.rows[0]!;
        issues.push({
          row,
          column: columnOfIssue(section.section, issue.field),
          ...(issue.rule ? { rule: issue.rule } : {}),
          ...(issue.key ? { key: issue.key } : {}),
          ...(issue.params ? { params: issue.params } : {}),
        });
      }
    }
  }
  const order = (k: string) => (COLUMN_KEYS as readonly string[]).indexOf(k);
  issues.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
  return { rows: read.rows, answers: read.answers, issues, offer: validated.ok && issues.length === 0 ? validated.offer : null };
}

/** The background check: groups rows into offers, checks each, stores them in chunks with progress. */
async function checkBatch(ctx: AppContext, batchId: string, map: HeaderMap, rows: SheetRow[], gaz: Gazetteer): Promise<void> {
  try {
    const groups = groupRows(map, rows);
    const today = todayInAthens(ctx.clock.now());
    let valid = 0;
    let rejectedRows = 0;
    await repo.updateBatch(ctx.db, batchId, { offer_count: groups.length });
    for (let start = 0; start < groups.length; start += CHUNK) {
      const chunk = [];
      for (const [i, group] of groups.slice(start, start + CHUNK).entries()) {
        // Checking an offer takes milliseconds of CPU (the form's schemas): let requests in
        // between, so a large file never holds the server up for longer than a few offers.
        if (i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        const checked = checkOffer(map, group, today, gaz);
        const ok = checked.issues.length === 0;
        if (ok) valid++;
        else rejectedRows += checked.rows.length;
        chunk.push({
          batch_id: batchId,
          position: start + i + 1,
          rows: checked.rows,
          answers: JSON.stringify(checked.answers),
          offer: checked.offer ? JSON.stringify(checked.offer) : null,
          issues: JSON.stringify(checked.issues),
          valid: ok,
        });
      }
      await repo.insertBatchOffers(ctx.db, chunk);
      await repo.updateBatch(ctx.db, batchId, { processed: start + chunk.length, updated_at: ctx.clock.now() });
    }
    await repo.updateBatch(ctx.db, batchId, {
      status: 'ready',
      valid_offer_count: valid,
      rejected_row_count: rejectedRows,
      processed: groups.length,
      updated_at: ctx.clock.now(),
    });
  } catch (err) {
    await repo.updateBatch(ctx.db, batchId, { status: 'failed', failure: 'validation_failed', updated_at: ctx.clock.now() }).catch(() => {});
    throw err;
  }
}

export type DecisionResult = 'started' | 'done' | 'not_found' | 'not_ready';

/**
 * Imports the batch's valid offers, in the background, in ONE transaction: every offer is
 * checked again by the form's rules (a start date may have passed since the upload), written as
 * submission writes it (offers' insertImportedOffers: channel `import`, duplicate detection, an
 * audit event each), and the batch's `import.completed` event is written last. A failure rolls
 * everything back and leaves the batch ready to try again.
 * @returns 'started', or 'not_found' / 'not_ready' (already decided, or still being checked).
 */
export async function importBatch(ctx: AppContext, member: StaffMember, batchId: string, gaz: Gazetteer): Promise<DecisionResult> {
  const batch = await repo.findBatch(ctx.db, batchId);
  if (!batch) return 'not_found';
  const now = ctx.clock.now();
  if (batch.valid_offer_count === 0 || !(await repo.moveBatch(ctx.db, batchId, ['ready'], 'importing', now))) return 'not_ready';
  await repo.updateBatch(ctx.db, batchId, { processed: 0 });
  const checkedOn = todayInAthens(batch.updated_at);
  runInBackground(batchId, () => importValidOffers(ctx, member, batchId, batch.file_name, batch.row_count, batch.rejected_row_count, checkedOn, gaz));
  return 'started';
}

async function importValidOffers(
  ctx: AppContext,
  member: StaffMember,
  batchId: string,
  fileName: string,
  rowCount: number,
  rejectedRows: number,
  checkedOn: string,
  gaz: Gazetteer,
) {
  const now = ctx.clock.now();
  const today = todayInAthens(now);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      let after = 0;
      let imported = 0;
      let noLongerValid = 0;
      for (;;) {
        const chunk = await repo.validOffers(trx, batchId, after, CHUNK);
        if (chunk.length === 0) break;
        after = chunk[chunk.length - 1]!.position;
        const offers: (ImportedOffer & { position: number })[] = [];
        for (const c of chunk) {
          const answers = c.answers as DraftAnswers;
          // The rules' only input that changes is today's date: on the day of the check its
          // reading stands; on a later day (a start date may have passed) the answers are checked again.
          let offer = checkedOn === today && c.offer ? (c.offer as OfferInput) : null;
          if (!offer) {
            const validated = validateDraft(answers, today, gaz);
            if (!validated.ok) {
              noLongerValid++;
              continue;
            }
            offer = validated.offer;
          }
          offers.push({ offer, answers, idempotencyKey: `import:${batchId}:${c.position}`, rows: c.rows, position: c.position });
        }
        const results = await insertImportedOffers(trx, { offers, staffId: member.id, batchId, at: now });
        await repo.markImported(trx, batchId, results.map((r, i) => ({ position: offers[i]!.position, offerId: r.offerId })));
        imported += offers.length;
        // Progress goes through another connection, outside this transaction, so the batch's page
        // sees it. The embedded database has one connection, held by this transaction: there the
        // page waits for the end instead (it could not be served meanwhile anyway).
        if (ctx.engine === 'postgres') await repo.updateBatch(ctx.db, batchId, { processed: imported, updated_at: new Date() });
      }
      await repo.deleteUnimported(trx, batchId);
      await repo.updateBatch(trx, batchId, { status: 'imported', imported_count: imported, processed: imported, finished_at: now, updated_at: now });
      await recordAuditEvent(trx, {
        actor: { kind: 'staff', id: member.id },
        action: 'import.completed',
        entity: { type: 'import_batch', id: batchId },
        details: { file: fileName, rows: rowCount, offers: imported, rejected_rows: rejectedRows, no_longer_valid: noLongerValid },
        at: now,
      });
    });
  } catch (err) {
    await repo.updateBatch(ctx.db, batchId, { status: 'ready', failure: 'import_failed', processed: 0, updated_at: ctx.clock.now() }).catch(() => {});
    throw err;
  }
}

/**
 * Imports none of the batch: its rows are deleted (they are personal data) and the decision is
 * audited (`import.discarded`), in one transaction.
 */
export async function discardBatch(ctx: AppContext, member: StaffMember, batchId: string): Promise<DecisionResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const batch = await repo.lockBatch(trx, batchId);
    if (!batch) return 'not_found';
    if (batch.status !== 'ready' && batch.status !== 'failed') return 'not_ready';
    await repo.deleteUnimported(trx, batchId);
    await repo.updateBatch(trx, batchId, { status: 'discarded', finished_at: now, updated_at: now, failure: null });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'import.discarded',
      entity: { type: 'import_batch', id: batchId },
      details: { file: batch.file_name, rows: batch.row_count, valid_offers: batch.valid_offer_count, rejected_rows: batch.rejected_row_count },
      at: now,
    });
    return 'done' as const;
  });
}

export type BatchStatus = 'validating' | 'ready' | 'importing' | 'imported' | 'discarded' | 'expired' | 'failed';

export type ImportBatch = {
  id: string;
  fileName: string;
  format: FileFormat;
  status: BatchStatus;
  failure: string | null;
  rowCount: number;
  offerCount: number;
  validOfferCount: number;
  rejectedRowCount: number;
  /** offers checked (validating) or imported (importing) so far */
  processed: number;
  importedCount: number | null;
  ignoredColumns: string[];
  createdAt: Date;
  expiresAt: Date;
  /** the rejected offers' problems in file order, at most ISSUES_SHOWN */
  issues: RowIssue[];
  issueTotal: number;
  /** imported offers' references in file order, at most REFERENCES_SHOWN */
  references: string[];
};

export const ISSUES_SHOWN = 1000;
export const REFERENCES_SHOWN = 500;

/**
 * A batch as its page shows it, or null. A step that stopped without ending (the process was
 * restarted) is settled here: a check becomes failed, an import (rolled back) ready again.
 */
export async function openBatch(ctx: AppContext, batchId: string): Promise<ImportBatch | null> {
  let row = await repo.findBatch(ctx.db, batchId);
  if (!row) return null;
  const now = ctx.clock.now();
  if ((row.status === 'validating' || row.status === 'importing') && !running.has(batchId) && now.getTime() - row.updated_at.getTime() > STALE_AFTER_MS) {
    const to = row.status === 'validating' ? 'failed' : 'ready';
    await repo.updateBatch(ctx.db, batchId, { status: to, failure: row.status === 'validating' ? 'validation_failed' : 'import_failed', updated_at: now });
    row = (await repo.findBatch(ctx.db, batchId))!;
  }
  if (row.status === 'ready' && row.expires_at <= now) {
    await repo.expireBatches(ctx.db, now);
    row = (await repo.findBatch(ctx.db, batchId))!;
  }
  let issues: RowIssue[] = [];
  let issueTotal = 0;
  if (row.status === 'ready' || row.status === 'failed' || row.status === 'importing') {
    const rejected = await repo.rejectedOffers(ctx.db, batchId, ISSUES_SHOWN);
    issues = rejected.flatMap((r) => r.issues as RowIssue[]).slice(0, ISSUES_SHOWN);
    issueTotal = await repo.countIssues(ctx.db, batchId);
  }
  const references = row.status === 'imported' ? (await repo.importedReferences(ctx.db, batchId, REFERENCES_SHOWN)).map((r) => r.reference) : [];
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    failure: row.failure,
    rowCount: row.row_count,
    offerCount: row.offer_count,
    validOfferCount: row.valid_offer_count,
    rejectedRowCount: row.rejected_row_count,
    processed: row.processed,
    importedCount: row.imported_count,
    ignoredColumns: row.ignored_columns,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    issues,
    issueTotal,
    references,
  };
}

export type BatchListItem = { id: string; fileName: string; status: BatchStatus; rowCount: number; createdAt: Date };

/** The latest batches, newest first, after expiring those past their time. */
export async function listRecentBatches(ctx: AppContext, limit = 20): Promise<BatchListItem[]> {
  await repo.expireBatches(ctx.db, ctx.clock.now());
  return (await repo.listBatches(ctx.db, limit)).map((b) => ({ id: b.id, fileName: b.file_name, status: b.status, rowCount: b.row_count, createdAt: b.created_at }));
}

/** Deletes the rows of batches past their expiry (IMPORT_TTL_HOURS). @returns how many batches. */
export function purgeExpiredImports(ctx: AppContext): Promise<number> {
  return repo.expireBatches(ctx.db, ctx.clock.now());
}
