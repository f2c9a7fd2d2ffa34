// The casework page's forms and query string: each turns what a browser sent into typed values
// or a list of field issues (message keys in casework.messages.ts). Text goes through the
// platform's cleanText (NFC, no control characters, length in code points).
import { z } from 'zod';
import { cleanText } from '../../platform/validation/rules.js';
import { parseReference } from '../offers/index.js';
import type { CaseworkMessageKey } from './casework.messages.js';
import { PAGE_EVENTS, type PageEvent } from './casework.policy.js';

export type Issue = { field: string; key: CaseworkMessageKey; params?: Record<string, string | number> };
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Longest reason or attempt note, in characters: a few paragraphs, as offer_lines.description. */
export const REASON_MAX = 2000;
/** Longest note (0006 CHECK). */
export const NOTE_MAX = 4000;

export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'bounced'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export const CONTACT_CHANNELS = ['phone', 'email', 'sms', 'viber', 'in_person'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * A reference as staff type or paste it: case, spaces and dashes ignored. A reference whose
 * check character passes is read as parseReference reads it (Greek look-alike capitals too);
 * otherwise any 9 letters and digits are looked up as they are, as offers.reference allows.
 * @returns the 9-character reference, or null when it cannot be one.
 */
export function normaliseReference(input: string): string | null {
  const checked = parseReference(input);
  if (checked) return checked;
  const cleaned = input.normalize('NFC').toUpperCase().replace(/[\s\-–.]/g, '');
  return /^[0-9A-Z]{9}$/.test(cleaned) ? cleaned : null;
}

/** A text field: null when blank; an issue for a field too long or with characters that cannot be stored. */
function text(max: number, requiredKey?: CaseworkMessageKey) {
  return z.unknown().transform((raw, ctx) => {
    const r = cleanText(raw, { max, multiline: true });
    if (!r.ok) {
      const key: CaseworkMessageKey = r.code === 'text.too_long' ? 'err_text_too_long' : r.code === 'text.invalid_characters' ? 'err_text_invalid_characters' : (requiredKey ?? 'err_text_invalid_characters');
      ctx.addIssue({ code: 'custom', message: key, params: { max } });
      return z.NEVER;
    }
    if (r.value === null && requiredKey) {
      ctx.addIssue({ code: 'custom', message: requiredKey });
      return z.NEVER;
    }
    return r.value;
  });
}

function choice<T extends string>(values: readonly [T, ...T[]], key: CaseworkMessageKey) {
  return z.unknown().transform((raw, ctx) => {
    if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
    ctx.addIssue({ code: 'custom', message: key });
    return z.NEVER;
  });
}

function issuesOf(error: z.ZodError, fieldNames: Record<string, string> = {}): Issue[] {
  return error.issues.map((i) => {
    const name = String(i.path[0] ?? '');
    const params = (i as { params?: Record<string, string | number> }).params;
    return { field: fieldNames[name] ?? name, key: i.message as CaseworkMessageKey, ...(params ? { params } : {}) };
  });
}

function parse<S extends z.ZodObject>(schema: S, body: unknown, fieldNames?: Record<string, string>): Parsed<z.output<S>> {
  // A field the browser did not send (an unchecked radio) is a blank answer, not a broken form.
  const blank = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, '']));
  const sent = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const r = schema.safeParse({ ...blank, ...sent });
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: issuesOf(r.error, fieldNames) };
}

/**
 * The offer's version from a form's hidden field: a positive integer, or null when the form was
 * not one this page made (the route answers 400: there is nothing for the person to correct).
 */
export function parseVersion(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,8}$/.test(raw)) return null;
  return Number(raw);
}

export type StatusForm = { event: PageEvent; reason: string | null; duplicateOf: string | null };

const statusForm = z.object({
  // `allocate` is not among them: see PAGE_EVENTS.
  event: choice(PAGE_EVENTS, 'err_event_required'),
  reason: text(REASON_MAX),
  duplicate_of: text(40),
});

/** The status form: the event chosen, the reason, and the original's reference as typed. */
export function parseStatusForm(body: unknown): Parsed<StatusForm> {
  const r = parse(statusForm, body);
  return r.ok ? { ok: true, value: { event: r.value.event, reason: r.value.reason, duplicateOf: r.value.duplicate_of } } : r;
}

export type ContactAttemptForm = { outcome: ContactOutcome; channel: ContactChannel; note: string | null };

const contactAttemptForm = z.object({
  outcome: choice(CONTACT_OUTCOMES, 'err_outcome_required'),
  channel: choice(CONTACT_CHANNELS, 'err_channel_required'),
  attempt_note: text(REASON_MAX),
});

export function parseContactAttemptForm(body: unknown): Parsed<ContactAttemptForm> {
  const r = parse(contactAttemptForm, body);
  return r.ok ? { ok: true, value: { outcome: r.value.outcome, channel: r.value.channel, note: r.value.attempt_note } } : r;
}

const noteForm = z.object({ note_body: text(NOTE_MAX, 'err_note_required') });

export function parseNoteForm(body: unknown): Parsed<{ body: string }> {
  const r = parse(noteForm, body);
  return r.ok ? { ok: true, value: { body: r.value.note_body as string } } : r;
}

/** The field of a candidate's confirm form that holds the reason (one form per candidate, so ids stay unique). */
export function confirmReasonField(candidateId: string): string {
  return `confirm_reason_${candidateId}`;
}

export function parseConfirmForm(body: unknown, candidateId: string): Parsed<{ reason: string | null }> {
  const field = confirmReasonField(candidateId);
  const values = (body ?? {}) as Record<string, unknown>;
  const r = parse(z.object({ reason: text(REASON_MAX) }), { reason: values[field] }, { reason: field });
  return r.ok ? { ok: true, value: { reason: r.value.reason } } : r;
}

/** Candidate ids in URLs: offer_duplicate_candidates.id is a bigserial. */
export function parseCandidateId(raw: string): string | null {
  return /^[1-9][0-9]{0,17}$/.test(raw) ? raw : null;
}

/** What the page says after a successful action (`?done=`); anything else is ignored. */
export const DONE = ['status', 'contact_attempt', 'note', 'duplicates_searched', 'duplicate_confirmed', 'duplicate_dismissed'] as const;
export type Done = (typeof DONE)[number];

export function parseDone(query: unknown): Done | null {
  const v = (query as Record<string, unknown> | undefined)?.done;
  return typeof v === 'string' && (DONE as readonly string[]).includes(v) ? (v as Done) : null;
}

/** The answers a failed form comes back with, as typed, so nothing has to be typed twice. */
export function typedValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k !== '_csrf' && typeof v === 'string') out[k] = v.slice(0, NOTE_MAX + 100);
  }
  return out;
}
