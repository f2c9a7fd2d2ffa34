// The audit browser's query string: filters typed by an administrator (errors are shown on the
// page) and the page cursors the page itself made (a broken one is a broken link: 400).
import { parseDateParts } from '../../platform/validation/rules.js';
import { parseReference } from '../offers/index.js';
import type { AuditMessageKey } from './audit.messages.js';
import type { AuditRowFilter } from './audit.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An audit_events id: a bigserial, so at most 19 digits. */
const CURSOR = /^[0-9]{1,19}$/;

/** The filters as typed, to show them again in the form. */
export type AuditFilterValues = {
  actor: string;
  action: string;
  entity_type: string;
  entity: string;
  from: { day: string; month: string; year: string };
  to: { day: string; month: string; year: string };
};

export type AuditQuery = {
  values: AuditFilterValues;
  /** the filters that were valid; an invalid one is left out and reported in `errors` */
  filter: AuditRowFilter;
  errors: { field: string; key: AuditMessageKey }[];
  after?: string;
  before?: string;
};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The offer reference an administrator may mean: as offers read it (parseReference: case,
 * dashes and Greek look-alikes forgiven, check character verified), or else any 9 letters and
 * digits once dashes and spaces are dropped — a look-up that finds nothing costs nothing, and
 * a reference from before the check character should still be found.
 */
function offerReferenceOf(input: string): string | null {
  const loose = input.replace(/[\s-]/g, '').toUpperCase();
  return parseReference(input) ?? (/^[0-9A-Z]{9}$/.test(loose) ? loose : null);
}

/**
 * Midnight starting the calendar day `iso` (YYYY-MM-DD) in Greece (Europe/Athens, IANA tz
 * database). Greece changes its clocks at 03:00/04:00, never at midnight, so that midnight always
 * exists and is found by correcting a UTC guess by the zone's offset at most twice.
 */
export function athensMidnight(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - athensOffsetMinutes(new Date(guess)) * 60_000;
  at = guess - athensOffsetMinutes(new Date(at)) * 60_000;
  return new Date(at);
}

function athensOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Athens', timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * Reads the audit browser's query string.
 * - actor: '' (anyone), 'system' | 'offeror' | 'partner', or a staff account's id;
 * - action: an action or its beginning (lower-case letters, digits, '.', '_');
 * - entity_type: e.g. 'offer';
 * - entity: a record id, or an offer reference as people write it (7KQ-4M9-TXR, any case);
 * - from-day/-month/-year, to-day/-month/-year: Greek calendar days, both included.
 * @returns null when a cursor (`after`, `before`) is malformed: those are made by the page.
 */
export function parseAuditQuery(raw: unknown): AuditQuery | null {
  const q = (raw ?? {}) as Record<string, unknown>;
  const after = q.after;
  const before = q.before;
  if (after !== undefined && (typeof after !== 'string' || !CURSOR.test(after))) return null;
  if (before !== undefined && (typeof before !== 'string' || !CURSOR.test(before))) return null;
  if (after !== undefined && before !== undefined) return null;

  const values: AuditFilterValues = {
    actor: text(q.actor),
    action: text(q.action),
    entity_type: text(q.entity_type),
    entity: text(q.entity),
    from: { day: text(q['from-day']), month: text(q['from-month']), year: text(q['from-year']) },
    to: { day: text(q['to-day']), month: text(q['to-month']), year: text(q['to-year']) },
  };
  const filter: AuditRowFilter = {};
  const errors: AuditQuery['errors'] = [];

  if (values.actor === 'system' || values.actor === 'offeror' || values.actor === 'partner') filter.actor = { kind: values.actor };
  else if (UUID.test(values.actor)) filter.actor = { staffId: values.actor.toLowerCase() };
  else if (values.actor !== '') errors.push({ field: 'actor', key: 'actor_invalid' });

  if (/^[a-z0-9_.]{1,100}$/.test(values.action)) filter.actionPrefix = values.action;
  else if (values.action !== '') errors.push({ field: 'action', key: 'action_invalid' });

  if (/^[a-z0-9_]{1,50}$/.test(values.entity_type)) filter.entityType = values.entity_type;
  else if (values.entity_type !== '') errors.push({ field: 'entity_type', key: 'entity_type_invalid' });

  if (values.entity.length > 200) errors.push({ field: 'entity', key: 'entity_invalid' });
  else if (values.entity !== '') filter.entity = { id: values.entity, offerReference: offerReferenceOf(values.entity) };

  const from = parseDateParts(values.from, { required: false });
  const to = parseDateParts(values.to, { required: false });
  if (!from.ok) errors.push({ field: 'from', key: 'date_invalid' });
  if (!to.ok) errors.push({ field: 'to', key: 'date_invalid' });
  if (from.ok && to.ok && from.value && to.value && to.value < from.value) errors.push({ field: 'to', key: 'date_order' });
  else {
    if (from.ok && from.value) filter.from = athensMidnight(from.value);
    if (to.ok && to.value) filter.until = athensMidnight(nextDay(to.value));
  }

  return {
    values,
    filter,
    errors,
    ...(typeof after === 'string' ? { after } : {}),
    ...(typeof before === 'string' ? { before } : {}),
  };
}

/** The query string for `values` (only the filled ones), to carry the filters into page links. */
export function filterQuery(values: AuditFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'entity_type', 'entity'] as const) if (values[key]) params.set(key, values[key]);
  for (const side of ['from', 'to'] as const) {
    const d = values[side];
    if (d.day || d.month || d.year) {
      params.set(`${side}-day`, d.day);
      params.set(`${side}-month`, d.month);
      params.set(`${side}-year`, d.year);
    }
  }
  return params;
}
