// The availability check cycle (issue 4, «What is sent»): every N days each open offer's contact
// is asked whether it still stands; two reminders without an answer flag it `unconfirmed` for
// staff; an administrator may have such offers expire; offers whose `until` dates have all
// passed expire by themselves. Each offer is handled in its own transaction with its email and
// audit event, so one failure never blocks the others and a rolled-back step sends nothing.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { translator, type Lang } from '../../platform/i18n/index.js';
import { queueEmail, renderEmail } from '../../platform/mail/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { changeOfferStatus, formatReference, label, LINE_KIND_LABELS, todayInAthens } from '../offers/index.js';
import { openSession, purgeSelfServiceTokens } from '../self-service/index.js';
import { availabilityMessages } from './availability.messages.js';
import * as repo from './availability.repository.js';
import { createHash, randomBytes } from 'node:crypto';

const DAY = 86_400_000;
const EXPIRE_UNCONFIRMED = 'expire_unconfirmed_offers';

export type AvailabilityAnswer = 'still_available' | 'changed' | 'no_longer_available';
export const AVAILABILITY_ANSWERS: readonly AvailabilityAnswer[] = ['still_available', 'changed', 'no_longer_available'];
export function isAvailabilityAnswer(v: unknown): v is AvailabilityAnswer {
  return typeof v === 'string' && (AVAILABILITY_ANSWERS as readonly string[]).includes(v);
}

/** What one run did, offer by offer counts. */
export type CycleReport = {
  expiredPastDates: number;
  checksSent: number;
  remindersSent: number;
  flaggedUnconfirmed: number;
  expiredUnconfirmed: number;
  /** offers whose step failed (logged by the caller; retried on the next run) */
  failed: number;
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether unconfirmed offers expire automatically (the administrator's setting; off by default). */
export async function expireUnconfirmedEnabled(db: Kysely<DB>): Promise<boolean> {
  return (await repo.getSetting(db, EXPIRE_UNCONFIRMED)) === true;
}

/**
 * Turns automatic expiry of unconfirmed offers on or off, audited as `settings.changed` by the
 * administrator. The route checks the policy ('settings.manage').
 */
export async function setExpireUnconfirmed(ctx: AppContext, staffId: string, enabled: boolean): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await expireUnconfirmedEnabled(trx);
    await repo.putSetting(trx, EXPIRE_UNCONFIRMED, enabled, now, staffId);
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: staffId },
      action: 'settings.changed',
      entity: { type: 'setting', id: null },
      details: { key: EXPIRE_UNCONFIRMED, before, after: enabled },
      at: now,
    });
  });
}

export async function unconfirmedCount(ctx: AppContext): Promise<number> {
  return repo.countUnconfirmed(ctx.db);
}

/**
 * Runs `step` on each offer `next` finds, one transaction per offer. `next` must lock the row it
 * returns (SKIP LOCKED) and must stop finding an offer once `step` has handled it, which makes
 * the run idempotent; an offer whose step throws is skipped for the rest of this run.
 */
async function eachDue(
  ctx: AppContext,
  next: (trx: Kysely<DB>, skip: string[]) => Promise<repo.DueOffer | undefined>,
  step: (trx: Kysely<DB>, offer: repo.DueOffer) => Promise<void>,
  onError: (offerId: string, err: unknown) => void,
): Promise<{ done: number; failed: number }> {
  const skip: string[] = [];
  let done = 0;
  for (;;) {
    let current: string | null = null;
    try {
      const found = await ctx.db.transaction().execute(async (trx) => {
        const offer = await next(trx, skip);
        if (!offer) return false;
        current = offer.id;
        await step(trx, offer);
        return true;
      });
      if (!found) return { done, failed: skip.length };
      done += 1;
    } catch (err) {
      if (current === null) throw err; // the query itself failed: nothing to skip, stop the run
      skip.push(current);
      onError(current, err);
    }
  }
}

async function queueCheckEmail(trx: Kysely<DB>, ctx: AppContext, offer: repo.DueOffer, reminder: boolean, now: Date): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  // A link answers until the next cycle could begin; after that a new check carries a new one.
  await repo.insertToken(trx, { token_hash: hashToken(token), offer_id: offer.id, created_at: now, expires_at: new Date(now.getTime() + ctx.config.availability.checkDays * DAY) });
  const lang: Lang = offer.preferred_language;
  const t = translator(availabilityMessages, lang);
  const lines = await repo.linesFor(trx, offer.id);
  const url = (answer: AvailabilityAnswer) => `${ctx.config.publicUrl}/manage/availability/${token}?answer=${answer}&lang=${lang}`;
  const reference = formatReference(offer.reference);
  const rendered = renderEmail({
    lang,
    title: t(reminder ? 'email_reminder_title' : 'email_check_title'),
    reference,
    paragraphs: [
      t('email_check_intro', { reference, days: ctx.config.availability.checkDays }),
      t('email_check_lines', { lines: lines.map((l) => label(LINE_KIND_LABELS, l.kind, lang)).join(', ') }),
      t('email_check_question'),
      t('email_check_unanswered'),
    ],
    actions: AVAILABILITY_ANSWERS.map((a) => ({ label: t(`answer_${a}`), url: url(a) })),
  });
  await queueEmail(trx, { kind: reminder ? 'availability_reminder' : 'availability_check', to: offer.contact_email, lang, ...rendered, offerId: offer.id });
}

/**
 * One run of the cycle at `ctx.clock.now()`, in this order:
 * 1. open offers whose lines (not withdrawn) all ended before today (Athens) expire (`expire`,
 *    actor system, "availability passed" — PRODUCT.md «Offer statuses»);
 * 2. offers whose cycle began `availability.checkDays` days ago or more get the check email;
 * 3. checks and reminders unanswered for `availability.reminderDays` days get a reminder (two at most);
 * 4. a second reminder unanswered for `reminderDays` flags the offer `unconfirmed`;
 * 5. when the administrator has switched it on, flagged offers expire (actor system).
 * Idempotent (a second run at the same instant does nothing) and safe to run concurrently: each
 * offer is locked with SKIP LOCKED and handled in its own transaction with its email and audit event.
 * @param onError told about an offer whose step failed (the run goes on; the next run retries it)
 */
export async function runAvailabilityCycle(ctx: AppContext, onError: (offerId: string, err: unknown) => void = () => {}): Promise<CycleReport> {
  const now = ctx.clock.now();
  const today = todayInAthens(now);
  const { checkDays, reminderDays } = ctx.config.availability;
  const report: CycleReport = { expiredPastDates: 0, checksSent: 0, remindersSent: 0, flaggedUnconfirmed: 0, expiredUnconfirmed: 0, failed: 0 };
  const expire = (reason: string) => async (trx: Kysely<DB>, offer: repo.DueOffer) => {
    await changeOfferStatus(trx, { offerId: offer.id, event: 'expire', expectedVersion: offer.version, actor: { kind: 'system' }, reason, at: now });
  };

  const past = await eachDue(ctx, (trx, skip) => repo.nextPastUntil(trx, today, skip), expire('availability passed: every line’s end date is before today'), onError);
  report.expiredPastDates = past.done;

  const checks = await eachDue(
    ctx,
    (trx, skip) => repo.nextCheckDue(trx, new Date(now.getTime() - checkDays * DAY), skip),
    async (trx, offer) => {
      await repo.markAsked(trx, offer.id, now, false);
      await queueCheckEmail(trx, ctx, offer, false, now);
      await recordAuditEvent(trx, { actor: { kind: 'system' }, action: 'offer.availability_check_sent', entity: { type: 'offer', id: offer.id }, details: { reference: offer.reference }, at: now });
    },
    onError,
  );
  report.checksSent = checks.done;

  const reminders = await eachDue(
    ctx,
    (trx, skip) => repo.nextReminderDue(trx, new Date(now.getTime() - reminderDays * DAY), skip),
    async (trx, offer) => {
      await repo.markAsked(trx, offer.id, now, true);
      await queueCheckEmail(trx, ctx, offer, true, now);
      await recordAuditEvent(trx, {
        actor: { kind: 'system' },
        action: 'offer.availability_reminder_sent',
        entity: { type: 'offer', id: offer.id },
        details: { reference: offer.reference, reminder: offer.availability_reminders_sent + 1 },
        at: now,
      });
    },
    onError,
  );
  report.remindersSent = reminders.done;

  const flagged = await eachDue(
    ctx,
    (trx, skip) => repo.nextToFlag(trx, new Date(now.getTime() - reminderDays * DAY), skip),
    async (trx, offer) => {
      await repo.flagUnconfirmed(trx, offer.id, now);
      await recordAuditEvent(trx, { actor: { kind: 'system' }, action: 'offer.flagged_unconfirmed', entity: { type: 'offer', id: offer.id }, details: { reference: offer.reference }, at: now });
    },
    onError,
  );
  report.flaggedUnconfirmed = flagged.done;

  if (await expireUnconfirmedEnabled(ctx.db)) {
    const expired = await eachDue(ctx, (trx, skip) => repo.nextUnconfirmed(trx, skip), expire('not re-confirmed: no answer to the availability check and two reminders'), onError);
    report.expiredUnconfirmed = expired.done;
    report.failed += expired.failed;
  }
  report.failed += past.failed + checks.failed + reminders.failed + flagged.failed;
  return report;
}

/**
 * Starts a new cycle for an offer whose offeror has just shown it is current (an answer, or a
 * change through the self-service link): clears the check, reminders and the unconfirmed flag.
 * In the caller's transaction.
 */
export async function resetAvailabilityCycle(trx: Kysely<DB>, offerId: string, at: Date): Promise<void> {
  await repo.resetCycle(trx, offerId, at);
}

export type AnswerPreview =
  | { state: 'open'; reference: string }
  | { state: 'answered'; reference: string }
  | { state: 'closed'; reference: string; status: string }
  | { state: 'expired' | 'unknown' };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** What the page for a check link shows, without changing anything (mail scanners fetch links). */
export async function previewAnswer(ctx: AppContext, token: unknown): Promise<AnswerPreview> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return { state: 'unknown' };
  return ctx.db.transaction().execute(async (trx) => previewIn(trx, ctx, token));
}

async function previewIn(trx: Kysely<DB>, ctx: AppContext, token: string): Promise<AnswerPreview & { row?: Awaited<ReturnType<typeof repo.lockToken>> }> {
  const row = await repo.lockToken(trx, hashToken(token));
  if (!row) return { state: 'unknown' };
  if (!['submitted', 'in_review', 'verified', 'allocated'].includes(row.status)) return { state: 'closed', reference: row.reference, status: row.status };
  if (row.answered_at) return { state: 'answered', reference: row.reference };
  if (row.expires_at.getTime() <= ctx.clock.now().getTime()) return { state: 'expired' };
  return { state: 'open', reference: row.reference, row };
}

export type AnswerOutcome =
  | { kind: 'confirmed'; reference: string }
  | { kind: 'signed_in'; reference: string; sessionToken: string; next: 'offer' | 'withdraw' }
  | Exclude<AnswerPreview, { state: 'open' }>;

/**
 * Applies an answer given through a check email's link (the POST of its page):
 * - still_available: a new cycle starts (flag cleared), audited `offer.availability_confirmed`;
 * - changed: the same, and a self-service session opens for the offer's email to change it;
 * - no_longer_available: the link is spent and a self-service session opens on the offer's
 *   withdrawal page (the withdrawal, with its reason, is the offeror's next step; until then the
 *   cycle goes on, and a later reminder carries a new link).
 * A link already answered, expired, unknown, or for a closed offer changes nothing.
 */
export async function answerAvailabilityCheck(ctx: AppContext, token: unknown, answer: AvailabilityAnswer): Promise<AnswerOutcome> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return { state: 'unknown' };
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<AnswerOutcome> => {
    const preview = await previewIn(trx, ctx, token);
    if (preview.state !== 'open' || !preview.row) return preview.state === 'open' ? { state: 'unknown' } : preview;
    const row = preview.row;
    if (answer === 'no_longer_available') {
      // The link is spent (it must not keep opening sessions), but the cycle goes on until the
      // offeror withdraws: a later reminder carries a new link.
      await repo.answerTokens(trx, row.offer_id, answer, now);
      await recordAuditEvent(trx, {
        actor: { kind: 'offeror', id: null },
        action: 'offer.availability_ended_reported',
        entity: { type: 'offer', id: row.offer_id },
        details: { reference: row.reference, answer },
        at: now,
      });
      const sessionToken = await openSession(trx, ctx, row.contact_email, now);
      return { kind: 'signed_in', reference: row.reference, sessionToken, next: 'withdraw' };
    }
    await repo.answerTokens(trx, row.offer_id, answer, now);
    await repo.resetCycle(trx, row.offer_id, now);
    await recordAuditEvent(trx, {
      actor: { kind: 'offeror', id: null },
      action: answer === 'still_available' ? 'offer.availability_confirmed' : 'offer.availability_changed_reported',
      entity: { type: 'offer', id: row.offer_id },
      details: { reference: row.reference, answer },
      at: now,
    });
    if (answer === 'still_available') return { kind: 'confirmed', reference: row.reference };
    const sessionToken = await openSession(trx, ctx, row.contact_email, now);
    return { kind: 'signed_in', reference: row.reference, sessionToken, next: 'offer' };
  });
}

type Log = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

/**
 * Runs the cycle now and every `config.availability.cycleMinutes` minutes (server.ts), and also
 * purges expired self-service links and sessions. A run never overlaps the previous one in this
 * process; other processes may run theirs at the same time (rows are locked, SKIP LOCKED).
 * @returns stop(): no new run starts, and the promise settles when the run in flight has ended.
 */
export function startAvailabilityCycle(ctx: AppContext, log: Log): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const report = await runAvailabilityCycle(ctx, (offerId, err) => log.warn({ err, offerId }, 'availability step failed for an offer'));
        if (Object.values(report).some((n) => n > 0)) log.info({ availability: report }, 'availability cycle ran');
        await purgeSelfServiceTokens(ctx);
      } catch (err) {
        log.warn({ err }, 'availability cycle failed; it runs again later');
      } finally {
        running = null;
      }
    })();
  };
  tick();
  const timer = setInterval(tick, ctx.config.availability.cycleMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
