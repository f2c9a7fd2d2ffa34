// The offeror's use cases through the self-service link: ask for a link, follow it, see their
// offers, change availability, quantities and contact details, withdraw an offer or a line.
// Each change opens one transaction that also writes its audit event (actor: the offeror).
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/index.js';
import { queueEmail, renderEmail } from '../../platform/mail/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { changeOfferStatus, formatReference, OPEN_STATUSES, type OfferStatus } from '../offers/index.js';
import { offerHasActiveAllocations, releaseAllocationsOfOffer } from '../needs/index.js';
import { issueSelfServiceLink } from './self-service.links.js';
import { selfServiceMessages } from './self-service.messages.js';
import { translator } from '../../platform/i18n/index.js';
import * as repo from './self-service.repository.js';
import { hashToken, isTokenShaped, newToken } from './self-service.tokens.js';

/** Statuses in which the offeror may change details (allocated help is changed with staff). */
export const EDITABLE_STATUSES = ['submitted', 'in_review', 'verified'] as const satisfies readonly OfferStatus[];
/** Statuses in which the offeror may withdraw (PRODUCT.md: withdrawn "by the offeror", from any open status). */
export const WITHDRAWABLE_STATUSES = OPEN_STATUSES;

export type OwnLine = repo.LineRow;
export type OwnOffer = {
  id: string;
  reference: string;
  status: OfferStatus;
  version: number;
  submittedAt: Date;
  legalName: string;
  contact: { name: string; role: string | null; phone: string; email: string; preferredLanguage: Lang };
  lines: OwnLine[];
  editable: boolean;
  withdrawable: boolean;
};

/** One field an offeror changed: line position (null for the contact details), before and after as text. */
export type SelfServiceChange = { line: number | null; field: string; before: string | null; after: string | null };
/** A save through the self-service link, as staff see it on the offer page. */
export type SelfServiceChangeSet = { at: Date; changes: SelfServiceChange[]; sentBackToReview: boolean };

const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * "Manage my offer": queues an email with a link when `email` is the contact email of at least
 * one offer and the address has had fewer than `config.selfService.linksPerEmailPerHour` requests
 * in the past hour. Returns nothing either way, so the page can answer the same whether or not
 * the address is known (no enumeration of offerors).
 */
export async function requestSelfServiceLink(ctx: AppContext, input: { email: string; lang: Lang }): Promise<void> {
  const email = normalEmail(input.email);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertLinkRequest(trx, email, now);
    const recent = await repo.countLinkRequestsSince(trx, email, new Date(now.getTime() - 3600_000));
    if (recent > ctx.config.selfService.linksPerEmailPerHour) return;
    const offers = await repo.offersOfEmail(trx, email);
    if (offers.length === 0) return;
    const lang = input.lang;
    const url = await issueSelfServiceLink(trx, ctx, { email, lang });
    const t = translator(selfServiceMessages, lang);
    const rendered = renderEmail({
      lang,
      title: t('email_link_title'),
      paragraphs: [
        t('email_link_intro', { count: offers.length }),
        t('email_link_references', { references: offers.map((o) => formatReference(o.reference)).join(', ') }),
        t('email_link_expiry', { hours: ctx.config.selfService.linkHours }),
        t('email_link_ignore'),
      ],
      actions: [{ label: t('email_link_action'), url }],
    });
    await queueEmail(trx, { kind: 'self_service_link', to: email, lang, ...rendered, offerId: offers.length === 1 ? offers[0]!.id : null });
  });
}

export type FollowedLink =
  | { ok: true; sessionToken: string; offerReference: string | null; lang: Lang }
  | { ok: false; reason: 'unknown' | 'spent' | 'expired' };

/**
 * Follows a link: spends it and opens a session for its email (`config.selfService.sessionMinutes`).
 * The row is locked, so two clicks at once open one session and the second finds the link spent.
 */
export async function followSelfServiceLink(ctx: AppContext, token: unknown): Promise<FollowedLink> {
  if (!isTokenShaped(token)) return { ok: false, reason: 'unknown' };
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<FollowedLink> => {
    const link = await repo.lockLink(trx, hashToken(token));
    if (!link) return { ok: false, reason: 'unknown' };
    if (link.used_at) return { ok: false, reason: 'spent' };
    if (link.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    await repo.spendLink(trx, link.token_hash, now);
    const sessionToken = await openSession(trx, ctx, link.email, now);
    const offer = link.offer_id ? await repo.referenceOf(trx, link.offer_id) : null;
    return { ok: true, sessionToken, offerReference: offer, lang: link.language };
  });
}

/** Opens a self-service session for `email` in the caller's transaction; returns the cookie's token. */
export async function openSession(trx: Kysely<DB>, ctx: AppContext, email: string, now: Date): Promise<string> {
  const sessionToken = newToken();
  await repo.insertSession(trx, {
    token_hash: hashToken(sessionToken),
    email: normalEmail(email),
    created_at: now,
    expires_at: new Date(now.getTime() + ctx.config.selfService.sessionMinutes * 60_000),
  });
  return sessionToken;
}

/** The email a session cookie stands for, or null when it is absent, unknown or expired. */
export async function sessionEmail(ctx: AppContext, token: unknown): Promise<string | null> {
  if (!isTokenShaped(token)) return null;
  const row = await repo.findSession(ctx.db, hashToken(token));
  if (!row || row.expires_at.getTime() <= ctx.clock.now().getTime()) return null;
  return row.email;
}

export async function endSession(ctx: AppContext, token: unknown): Promise<void> {
  if (isTokenShaped(token)) await repo.deleteSession(ctx.db, hashToken(token));
}

function toOwnOffer(row: repo.OfferRow, lines: repo.LineRow[]): OwnOffer {
  const status = row.status as OfferStatus;
  return {
    id: row.id,
    reference: row.reference,
    status,
    version: row.version,
    submittedAt: row.submitted_at,
    legalName: row.legal_name,
    contact: { name: row.contact_name, role: row.contact_role, phone: row.contact_phone, email: row.contact_email, preferredLanguage: row.preferred_language },
    lines,
    editable: (EDITABLE_STATUSES as readonly string[]).includes(status),
    withdrawable: (WITHDRAWABLE_STATUSES as readonly string[]).includes(status),
  };
}

/** The offers whose contact email is `email`, newest first, with their lines. */
export async function listOwnOffers(ctx: AppContext, email: string): Promise<OwnOffer[]> {
  const rows = await repo.offersOfEmail(ctx.db, email);
  const lines = await repo.linesOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => toOwnOffer(r, lines.filter((l) => l.offer_id === r.id)));
}

/** One of `email`'s offers by reference, or null (another email's offer is as absent as none). */
export async function findOwnOffer(db: Kysely<DB>, email: string, reference: string, lock = false): Promise<OwnOffer | null> {
  const row = await repo.offerOfEmail(db, email, reference, lock);
  if (!row) return null;
  return toOwnOffer(row, await repo.linesOf(db, [row.id]));
}

export type ContactUpdate = { name: string; role: string | null; phone: string; email: string; preferredLanguage: Lang };
/** The editable figures of a line by kind; absent keys are not editable for that kind. */
export type LineUpdate = {
  availableFrom?: string;
  availableUntil?: string | null;
  places?: number;
  rooms?: number | null;
  capacityPerWeek?: number;
  quantity?: number;
  expiry?: string | null;
  amount?: string;
};

export type UpdateResult = { changes: SelfServiceChange[]; sentBackToReview: boolean };

const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Applies an offeror's change: locks the offer (it must be `email`'s and at `expectedVersion`),
 * computes before/after per field, writes the columns, bumps offers.version, and when something
 * changed on a verified offer applies `amend` (back to in_review). Keeps the answers-as-submitted
 * history: a new offer_answer_versions row (source self_service) with the raw answers overlaid.
 * @throws AppError('not_found') for an offer that is not `email`'s; AppError('conflict') when
 *   the offer changed since it was read; AppError('forbidden') when its status does not allow
 *   changes (allocated, closed).
 */
async function applyUpdate(
  ctx: AppContext,
  email: string,
  reference: string,
  expectedVersion: number,
  compute: (offer: OwnOffer) => { changes: SelfServiceChange[]; write: (trx: Kysely<DB>) => Promise<void>; overlay: (answers: Record<string, unknown>) => void },
): Promise<UpdateResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const offer = await findOwnOffer(trx, email, reference, true);
    if (!offer) throw new AppError('not_found', 'no such offer for this email');
    if (offer.version !== expectedVersion) throw new AppError('conflict', 'offer changed since it was read');
    if (!offer.editable) throw new AppError('forbidden', `offer ${offer.status} cannot be changed by its offeror`);
    const plan = compute(offer);
    if (plan.changes.length === 0) return { changes: [], sentBackToReview: false };
    let version = offer.version;
    const sentBackToReview = offer.status === 'verified';
    if (sentBackToReview) {
      const changed = await changeOfferStatus(trx, {
        offerId: offer.id,
        event: 'amend',
        expectedVersion: version,
        actor: { kind: 'offeror', id: null },
        reason: null,
        at: now,
      });
      version = changed.version;
    }
    await plan.write(trx);
    await repo.bumpVersion(trx, offer.id, version, now);
    await repo.insertChangeSet(trx, { offer_id: offer.id, changes: JSON.stringify(plan.changes), sent_back_to_review: sentBackToReview, changed_at: now });
    await repo.restartAvailabilityCycle(trx, offer.id, now);
    const latest = await repo.latestAnswers(trx, offer.id);
    if (latest && latest.answers && typeof latest.answers === 'object') {
      const answers = structuredClone(latest.answers) as Record<string, unknown>;
      plan.overlay(answers);
      await repo.insertAnswerVersion(trx, { offer_id: offer.id, version: latest.version + 1, schema_version: latest.schema_version, answers: JSON.stringify(answers), source: 'self_service', created_at: now });
    }
    await recordAuditEvent(trx, {
      actor: { kind: 'offeror', id: null },
      action: 'offer.updated_by_offeror',
      entity: { type: 'offer', id: offer.id },
      // Field names only: the values may be contact details, which the audit trail never holds.
      details: { reference: offer.reference, fields: plan.changes.map((c) => (c.line === null ? c.field : `line ${c.line}: ${c.field}`)), sent_back_to_review: sentBackToReview },
      at: now,
    });
    return { changes: plan.changes, sentBackToReview };
  });
}

/** Changes the contact person's details of `reference` (see applyUpdate for the rules and errors). */
export async function updateOwnContact(ctx: AppContext, email: string, reference: string, expectedVersion: number, update: ContactUpdate, raw: Record<string, unknown>): Promise<UpdateResult> {
  return applyUpdate(ctx, email, reference, expectedVersion, (offer) => {
    const pairs: [string, string | null, string | null][] = [
      ['contact_name', offer.contact.name, update.name],
      ['contact_role', offer.contact.role, update.role],
      ['contact_phone', offer.contact.phone, update.phone],
      ['contact_email', offer.contact.email, update.email],
      ['preferred_language', offer.contact.preferredLanguage, update.preferredLanguage],
    ];
    const changes = pairs.filter(([, b, a]) => (b ?? '') !== (a ?? '')).map(([field, before, after]) => ({ line: null, field, before, after }));
    return {
      changes,
      write: (trx) => repo.updateOrganisationContact(trx, offer.id, update, ctx.clock.now()),
      overlay: (answers) => {
        answers.contact = { ...((answers.contact as object) ?? {}), ...raw };
      },
    };
  });
}

const LINE_COLUMNS: Record<keyof LineUpdate, keyof repo.LineRow> = {
  availableFrom: 'available_from',
  availableUntil: 'available_until',
  places: 'places',
  rooms: 'rooms',
  capacityPerWeek: 'capacity_per_week',
  quantity: 'quantity',
  expiry: 'expiry',
  amount: 'amount',
};

/** The field of the line form that holds a kind's capacity, and the LineUpdate key it sets. */
const CAPACITY_FIELD = {
  accommodation: { field: 'places', key: 'places' },
  service: { field: 'capacity_per_week', key: 'capacityPerWeek' },
  essential_items: { field: 'quantity', key: 'quantity' },
  money: { field: 'amount', key: 'amount' },
} as const satisfies Record<OwnLine['kind'], { field: string; key: keyof LineUpdate }>;

/**
 * The offeror asked for less capacity than coordinators have already allocated of the line. The
 * route shows the form again (422) with the answers kept and this on the field.
 */
export class BelowAllocatedError extends Error {
  constructor(
    /** the form field: places, capacity_per_week, quantity or amount */
    readonly field: string,
    /** the allocated quantity, in the line's unit, as a number */
    readonly allocated: number,
  ) {
    super(`${field} below the ${allocated} allocated`);
  }
}

/**
 * Changes the figures and dates of line `position` of `reference` (see applyUpdate).
 * The line's capacity (places, sessions per week, quantity, amount) may not go below what is
 * allocated of it. Lowering is refused rather than releasing allocations: an allocation is a
 * coordinator's promise to a need (a family told a bed is theirs), and which of several needs
 * gives something back is the coordinator's decision, made with the offeror, not the side effect
 * of a form; the message names the allocated amount and how to reach the coordinators. Allocated
 * offers are not changed through the link at all (EDITABLE_STATUSES), so this guards the lines of
 * an editable offer that carry allocations, which the database would otherwise refuse with its
 * CHECK offer_lines_allocated_within_capacity (0011).
 * @throws BelowAllocatedError, with nothing written.
 */
export async function updateOwnLine(ctx: AppContext, email: string, reference: string, position: number, expectedVersion: number, update: LineUpdate, raw: Record<string, unknown>): Promise<UpdateResult> {
  return applyUpdate(ctx, email, reference, expectedVersion, (offer) => {
    const line = offer.lines.find((l) => l.position === position && !l.withdrawn_at);
    if (!line) throw new AppError('not_found', 'no such line');
    // Read under the offer's lock, which every allocation takes first: it cannot grow meanwhile.
    const allocated = Number(line.allocated_quantity);
    const capacity = CAPACITY_FIELD[line.kind];
    if (allocated > 0 && capacity.key in update && Number(update[capacity.key]) < allocated) throw new BelowAllocatedError(capacity.field, allocated);
    const changes: SelfServiceChange[] = [];
    const set: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(LINE_COLUMNS) as [keyof LineUpdate, keyof repo.LineRow][]) {
      if (!(key in update)) continue;
      const before = asText(line[column]);
      const after = asText(update[key]);
      // numeric(14,2) comes back as "100.00": compare amounts as numbers, not as text
      const same = key === 'amount' ? Number(before) === Number(after) : before === after;
      if (same) continue;
      changes.push({ line: position, field: column, before, after });
      set[column] = update[key];
    }
    return {
      changes,
      write: (trx) => repo.updateLine(trx, line.id, set),
      overlay: (answers) => {
        const lines = answers.lines;
        if (Array.isArray(lines) && lines[position - 1] && typeof lines[position - 1] === 'object') {
          const l = lines[position - 1] as { answers?: Record<string, unknown> };
          l.answers = { ...(l.answers ?? {}), ...raw };
        }
      },
    };
  });
}

/**
 * Withdraws the whole offer on its offeror's word (transition `withdraw`, actor offeror) with the
 * reason given. @throws AppError('not_found'|'conflict') as applyUpdate; OfferTransitionError when
 * the status does not allow it.
 */
export async function withdrawOwnOffer(ctx: AppContext, email: string, reference: string, expectedVersion: number, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const offer = await findOwnOffer(trx, email, reference, true);
    if (!offer) throw new AppError('not_found', 'no such offer for this email');
    await changeOfferStatus(trx, { offerId: offer.id, event: 'withdraw', expectedVersion, actor: { kind: 'offeror', id: null }, reason, at: now });
  });
}

/**
 * Withdraws one line with a reason; the rest of the offer stands. Withdrawing the last line still
 * offered withdraws the offer itself (with the same reason). Audited as `offer.line_withdrawn`.
 * The line's active allocations are released with it (needs module, cause `line_withdrawn`);
 * when that frees the last allocation of an allocated offer it goes back to verified.
 * @returns whether the whole offer was withdrawn.
 * @throws AppError('not_found') for an unknown line or offer; AppError('conflict') for a stale
 *   version; AppError('forbidden') when the offer is no longer open.
 */
export async function withdrawOwnLine(ctx: AppContext, email: string, reference: string, position: number, expectedVersion: number, reason: string): Promise<{ offerWithdrawn: boolean }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const offer = await findOwnOffer(trx, email, reference, true);
    if (!offer) throw new AppError('not_found', 'no such offer for this email');
    if (offer.version !== expectedVersion) throw new AppError('conflict', 'offer changed since it was read');
    if (!offer.withdrawable) throw new AppError('forbidden', `offer ${offer.status} is closed`);
    const live = offer.lines.filter((l) => !l.withdrawn_at);
    const line = live.find((l) => l.position === position);
    if (!line) throw new AppError('not_found', 'no such line');
    if (live.length === 1) {
      await changeOfferStatus(trx, { offerId: offer.id, event: 'withdraw', expectedVersion, actor: { kind: 'offeror', id: null }, reason, at: now });
      return { offerWithdrawn: true };
    }
    await repo.withdrawLine(trx, line.id, reason, now);
    // What coordinators had allocated of this line is no longer there: released with it, so the
    // needs it served are short again at once (the rest of the offer's allocations stand).
    const released = await releaseAllocationsOfOffer(trx, { offerId: offer.id, offerReference: offer.reference, lineId: line.id, cause: 'line_withdrawn', actor: { kind: 'offeror' }, reason, at: now });
    let version = offer.version;
    if (offer.status === 'allocated' && released.length > 0 && !(await offerHasActiveAllocations(trx, offer.id))) {
      // Nothing of the offer is promised any more: its other lines are verified help again.
      const changed = await changeOfferStatus(trx, { offerId: offer.id, event: 'release_allocations', expectedVersion: version, actor: { kind: 'offeror', id: null }, reason, at: now });
      version = changed.version;
    }
    await repo.bumpVersion(trx, offer.id, version, now);
    await repo.insertChangeSet(trx, {
      offer_id: offer.id,
      changes: JSON.stringify([{ line: position, field: 'withdrawn', before: null, after: reason }]),
      sent_back_to_review: false,
      changed_at: now,
    });
    await recordAuditEvent(trx, {
      actor: { kind: 'offeror', id: null },
      action: 'offer.line_withdrawn',
      entity: { type: 'offer', id: offer.id },
      reason,
      details: { reference: offer.reference, line: position, kind: line.kind, allocations_released: released.length },
      at: now,
    });
    return { offerWithdrawn: false };
  });
}

/** What offerors changed on an offer through the link, oldest first (the staff offer page). */
export async function selfServiceChanges(db: Kysely<DB>, offerId: string): Promise<SelfServiceChangeSet[]> {
  const rows = await repo.changeSetsOf(db, offerId);
  return rows.map((r) => ({ at: r.changed_at, changes: r.changes as SelfServiceChange[], sentBackToReview: r.sent_back_to_review }));
}

/** Deletes expired links and sessions, and link requests older than a day. */
export async function purgeSelfServiceTokens(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.deleteFrom('self_service_sessions').where('expires_at', '<=', now).execute();
  // Spent links stay until they expire, so a second click still gets "already used".
  await ctx.db.deleteFrom('self_service_links').where('expires_at', '<=', now).execute();
  await ctx.db.deleteFrom('self_service_link_requests').where('requested_at', '<', sql<Date>`${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz`).execute();
}
