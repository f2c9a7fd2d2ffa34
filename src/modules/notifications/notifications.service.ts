// The emails offerors receive, and when: one function per occasion, each queueing its email in
// the caller's transaction (platform/mail), so an email exists exactly when its change commits.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../config.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { isLang, translator, type Lang } from '../../platform/i18n/index.js';
import { queueEmail, renderEmail } from '../../platform/mail/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  formatReference,
  ITEM_CATEGORY_LABELS,
  label,
  LINE_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  UNIT_LABELS,
  type OfferEvent,
} from '../offers/index.js';
import { messages } from './notifications.messages.js';
import * as repo from './notifications.repository.js';

type T = ReturnType<typeof translator<keyof (typeof messages)['el']>>;

// changeOfferStatus (offers.lifecycle) is given a transaction, not the app's context, yet a status
// email needs the public address and contact details: buildApp registers the context here once.
// Without one (a script or a unit test that never built the app) the configuration's local
// defaults stand in; SESSION_SECRET is not used by emails, so a placeholder keeps loadConfig from
// writing a secret file.
let registered: Omit<AppContext, 'db'> | null = null;

/** Gives status emails the app's configuration (app.ts calls it while building the app). */
export function useNotificationContext(ctx: AppContext): void {
  registered = { engine: ctx.engine, config: ctx.config, clock: ctx.clock };
}

function contextFor(db: Kysely<DB>, at: Date): AppContext {
  const base = registered ?? {
    engine: 'postgres' as const,
    config: loadConfig({ ...process.env, SESSION_SECRET: process.env.SESSION_SECRET ?? 'placeholder-never-used-for-emails-0000' }),
    clock: { now: () => at },
  };
  return { ...base, db, clock: { now: () => at } };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function langOf(value: string): Lang {
  return isLang(value) ? value : 'el';
}

function footer(ctx: AppContext, t: T): string[] {
  const c = ctx.config.contact;
  return [t('contact_footer', { phones: c.phones.join(', '), email: c.email, web: c.web })];
}

/** The "manage my offer" link: single-use, for this contact (self-service module). */
async function manageAction(db: Kysely<DB>, ctx: AppContext, t: T, email: string, lang: Lang, offerId: string) {
  // Loaded when first needed: self-service builds on the offers module, which queues these
  // emails, so a static import would close a cycle whose order of evaluation depends on which
  // module a program imports first.
  const { issueSelfServiceLink } = await import('../self-service/index.js');
  const url = await issueSelfServiceLink(db, ctx, { email, lang, offerId });
  return { label: t('action_manage'), url };
}

// One formatter per language, made on first use: building one costs ~0.3 ms, and this runs
// inside the submission's transaction (bench/launch-day profile).
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number);
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'el' ? 'el-GR' : lang === 'uk' ? 'uk-UA' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(lang, format);
  }
  return format.format(new Date(Date.UTC(y!, m! - 1, d!)));
}

function formatAmount(amount: string, currency: string | null, lang: Lang): string {
  const locale = lang === 'el' ? 'el-GR' : lang === 'uk' ? 'uk-UA' : 'en-GB';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency ?? 'EUR' }).format(Number(amount));
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

/** One line of the offer, in a sentence: "Accommodation: Apartment · 4 places · 2 rooms · Chania · from 1 March 2026". */
export function describeLine(line: repo.LineRow, lang: Lang, t: T): string {
  const parts: string[] = [];
  const kind = label(LINE_KIND_LABELS, line.kind, lang);
  if (line.category) {
    const labels = line.kind === 'accommodation' ? ACCOMMODATION_TYPE_LABELS : line.kind === 'service' ? SERVICE_CATEGORY_LABELS : line.kind === 'essential_items' ? ITEM_CATEGORY_LABELS : null;
    if (labels) parts.push(label(labels, line.category, lang));
  }
  if (line.places != null) parts.push(t('line_places', { n: line.places }));
  if (line.rooms != null) parts.push(t('line_rooms', { n: line.rooms }));
  if (line.capacity_per_week != null) parts.push(t('line_per_week', { n: line.capacity_per_week }));
  if (line.quantity != null) parts.push(`${line.quantity} ${line.unit ? label(UNIT_LABELS, line.unit, lang) : ''}`.trim());
  if (line.amount != null) parts.push(`${formatAmount(line.amount, line.currency, lang)}${line.frequency ? ` (${t(line.frequency === 'monthly' ? 'line_monthly' : 'line_one_off')})` : ''}`);
  const place = lang === 'el' ? line.place_el : line.place_en;
  if (place) parts.push(place);
  if (line.available_from) parts.push(t('line_from', { date: formatDate(line.available_from, lang) }));
  if (line.available_until) parts.push(t('line_until', { date: formatDate(line.available_until, lang) }));
  return parts.length ? `${kind}: ${parts.join(' · ')}` : kind;
}

/** What the submission email needs of the offer just written (as offers and organisations hold it). */
export type SubmissionContact = { reference: string; contact_name: string; contact_email: string; preferred_language: string };

/**
 * Queues the submission email in `trx` (submitOffer's transaction): the reference, a summary of
 * the offer's lines, a link that confirms the contact's email address (single-use, stored as a
 * SHA-256 hash, valid `config.mail.confirmationDays` days from `at`) and the manage-my-offer link.
 * In the contact's preferred language. `contact`, when given, is used instead of reading it back.
 * @throws AppError-free: only database errors, which roll the submission back with it.
 */
export async function queueSubmissionEmail(
  trx: Kysely<DB>,
  ctx: AppContext,
  input: { offerId: string; at: Date; contact?: SubmissionContact },
): Promise<void> {
  // submitOffer has just written these: given, they spare a round trip inside its transaction.
  const offer = input.contact ? { id: input.offerId, ...input.contact } : await repo.selectOfferContact(trx, input.offerId);
  if (!offer) throw new Error(`offer ${input.offerId} not found in its own transaction`);
  const lang = langOf(offer.preferred_language);
  const t = translator(messages, lang);
  const lines = await repo.selectLines(trx, input.offerId);

  const token = randomBytes(32).toString('base64url');
  const days = ctx.config.mail.confirmationDays;
  await repo.insertConfirmation(trx, {
    token_hash: hashToken(token),
    offer_id: offer.id,
    email: offer.contact_email,
    created_at: input.at,
    expires_at: new Date(input.at.getTime() + days * 86_400_000),
  });
  const confirmUrl = `${ctx.config.publicUrl}/confirm-email/${token}?lang=${lang}`;
  const itx: AppContext = { ...ctx, db: trx, clock: { now: () => input.at } };
  const manage = await manageAction(trx, itx, t, offer.contact_email, lang, offer.id);

  const rendered = renderEmail({
    lang,
    title: t('submitted_title'),
    reference: formatReference(offer.reference),
    paragraphs: [
      t('greeting', { name: offer.contact_name }),
      t('submitted_intro'),
      [t('submitted_lines'), ...lines.map((l) => `• ${describeLine(l, lang, t)}`)].join('\n'),
      t('submitted_confirm', { days }),
    ],
    actions: [{ label: t('action_confirm'), url: confirmUrl }, manage],
    footer: [t('manage_intro'), ...footer(ctx, t)],
  });
  await queueEmail(trx, { kind: 'offer_submitted', to: offer.contact_email, lang, ...rendered, offerId: offer.id });
}

/**
 * The events of the transition table that tell the offeror something (issue 4 «What is sent»):
 * verified, rejected (with the reason), marked duplicate (with the original), expired, and
 * withdrawn as an acknowledgement. `allocate` is absent on purpose: the allocation use case sends
 * queueAllocationEmail, which says what was allocated to which need — one email, not two.
 */
export const STATUS_EMAIL_EVENTS = ['verify', 'reject', 'mark_duplicate', 'expire', 'withdraw'] as const satisfies readonly OfferEvent[];
type StatusEmailEvent = (typeof STATUS_EMAIL_EVENTS)[number];

const STATUS_WORDS: Record<StatusEmailEvent, { kind: string; title: 'verified_title' | 'rejected_title' | 'duplicate_title' | 'expired_title' | 'withdrawn_title'; body: 'verified_body' | 'rejected_body' | 'duplicate_body' | 'expired_body' | 'withdrawn_body' }> = {
  verify: { kind: 'offer_verified', title: 'verified_title', body: 'verified_body' },
  reject: { kind: 'offer_rejected', title: 'rejected_title', body: 'rejected_body' },
  mark_duplicate: { kind: 'offer_duplicate', title: 'duplicate_title', body: 'duplicate_body' },
  expire: { kind: 'offer_expired', title: 'expired_title', body: 'expired_body' },
  withdraw: { kind: 'offer_withdrawn', title: 'withdrawn_title', body: 'withdrawn_body' },
};

/**
 * Queues the email for a status change, in the caller's transaction (changeOfferStatus calls it
 * for every change; events outside STATUS_EMAIL_EVENTS send nothing). `reason` is quoted for
 * reject and withdraw; `duplicateOfReference` names the original of a duplicate.
 * @returns whether an email was queued.
 */
export async function queueStatusEmail(
  trx: Kysely<DB>,
  input: { offerId: string; event: OfferEvent; reason?: string | null; duplicateOfReference?: string | null; at: Date },
): Promise<boolean> {
  if (!(STATUS_EMAIL_EVENTS as readonly string[]).includes(input.event)) return false;
  const words = STATUS_WORDS[input.event as StatusEmailEvent];
  const offer = await repo.selectOfferContact(trx, input.offerId);
  if (!offer) return false;
  const ctx = contextFor(trx, input.at);
  const lang = langOf(offer.preferred_language);
  const t = translator(messages, lang);
  const paragraphs = [t('greeting', { name: offer.contact_name }), t(words.body)];
  if (input.reason && (input.event === 'reject' || input.event === 'withdraw')) paragraphs.push(t('reason', { reason: input.reason }));
  if (input.event === 'mark_duplicate' && input.duplicateOfReference) paragraphs.push(t('duplicate_original', { original: formatReference(input.duplicateOfReference) }));
  // Every email carries the manage link: even a closed offer is listed there with its status,
  // beside the offeror's other offers.
  const rendered = renderEmail({
    lang,
    title: t(words.title),
    reference: formatReference(offer.reference),
    paragraphs,
    actions: [await manageAction(trx, ctx, t, offer.contact_email, lang, offer.id)],
    footer: [t('manage_intro'), ...footer(ctx, t)],
  });
  await queueEmail(trx, { kind: words.kind, to: offer.contact_email, lang, ...rendered, offerId: offer.id });
  return true;
}

/**
 * The allocation email (issue 6 calls this from its allocate use case, in its transaction): what
 * of which offer line was given to which need. `quantity` in the line's own unit (places, pieces,
 * an amount); `unit` a UNIT_LABELS key or free text; `needSummary` the need in a few words, as
 * staff wrote it.
 * @throws Error when the offer or the line does not exist (the caller's transaction fails).
 */
export async function queueAllocationEmail(
  db: Kysely<DB>,
  ctx: AppContext,
  input: { offerId: string; offerLineId: string; quantity: string | number; unit?: string | null; needSummary: string },
): Promise<void> {
  const offer = await repo.selectOfferContact(db, input.offerId);
  if (!offer) throw new Error(`offer ${input.offerId} not found`);
  const line = (await repo.selectLines(db, input.offerId)).find((l) => l.id === input.offerLineId);
  if (!line) throw new Error(`offer line ${input.offerLineId} is not a line of offer ${input.offerId}`);
  const lang = langOf(offer.preferred_language);
  const t = translator(messages, lang);
  const itx: AppContext = { ...ctx, db };
  const manage = await manageAction(db, itx, t, offer.contact_email, lang, offer.id);
  const quantity = `${input.quantity}${input.unit ? ` ${label(UNIT_LABELS, input.unit, lang)}` : ''} — ${describeLine(line, lang, t)}`;
  const rendered = renderEmail({
    lang,
    title: t('allocated_title'),
    reference: formatReference(offer.reference),
    paragraphs: [t('greeting', { name: offer.contact_name }), t('allocated_body', { quantity }), t('allocated_need', { need: input.needSummary })],
    actions: [manage],
    footer: [t('manage_intro'), ...footer(ctx, t)],
  });
  await queueEmail(db, { kind: 'offer_allocated', to: offer.contact_email, lang, ...rendered, offerId: offer.id });
}
