// The queue's query string: the filters and sort of the GET form, and an opaque keyset cursor in
// `after` (the next page in the chosen order) or `before` (the previous page), never both. A
// cursor is a position, not a page number, so offers arriving while someone pages cause neither
// duplicates nor gaps.
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../platform/i18n/index.js';
import { cleanText } from '../../platform/validation/rules.js';
import type { Gazetteer } from '../geography/index.js';
import {
  ACCOMMODATION_TYPES,
  ITEM_CATEGORIES,
  LINE_KINDS,
  OFFER_STATUSES,
  ORGANISATION_KINDS,
  SERVICE_CATEGORIES,
  type LineKind,
  type OfferStatus,
  type OrganisationKind,
} from '../offers/index.js';
import { SEARCH_MAX_LENGTH } from './review.search.js';

/**
 * A place in the queue's order (submitted_at, then id). `at` is the timestamp in UTC with
 * microseconds, as PostgreSQL stores it: a JS Date keeps only milliseconds, and a cursor rounded
 * to them would skip or repeat offers submitted within the same millisecond.
 */
export type KeysetPosition = { at: string; id: string };

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** base64url of `<at>|<id>`. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/** The position in a cursor, or null when it is not one this service made. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !AT.test(at) || !UUID.test(id)) return null;
  // A real calendar instant: PostgreSQL would refuse 2026-02-30 with an error, not an empty page.
  const parsed = new Date(at);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== at.slice(0, 19)) return null;
  return { at, id };
}

const cursor = z
  .string()
  .transform((v, ctx) => {
    const position = decodeCursor(v);
    if (!position) {
      ctx.addIssue({ code: 'custom', message: 'cursor_invalid' });
      return z.NEVER;
    }
    return position;
  })
  .optional();

export const offersQuery = z
  .object({ after: cursor, before: cursor })
  .refine((q) => !(q.after && q.before), { message: 'cursor_conflict' });
export type OffersQuery = z.infer<typeof offersQuery>;

// --- the queue's filters ------------------------------------------------------------------------

/** The queue's orders: by submission time, newest or oldest first (ties broken by id). */
export const SORTS = ['newest', 'oldest'] as const;
export type Sort = (typeof SORTS)[number];

/**
 * Contact outcomes the queue filters by: the latest attempt's outcome, or `never_reached` for
 * offers where no attempt reached the offeror (none yet, or none that got through).
 */
export const CONTACT_FILTERS = ['never_reached', 'reached', 'no_answer', 'wrong_number', 'bounced'] as const;
export type ContactFilter = (typeof CONTACT_FILTERS)[number];

/** Every category of every kind, as `<kind>:<category>` ('other' belongs to two kinds). */
export const CATEGORY_FILTERS = [
  ...ACCOMMODATION_TYPES.map((c) => `accommodation:${c}`),
  ...SERVICE_CATEGORIES.map((c) => `service:${c}`),
  ...ITEM_CATEGORIES.map((c) => `essential_items:${c}`),
] as const;

/** The filters, each optional; they combine with AND. Dates are calendar dates in Greece. */
export type QueueFilters = {
  /** the search box, cleaned (NFC, single spaces, trimmed) */
  q?: string;
  status?: OfferStatus;
  kind?: LineKind;
  /** `<kind>:<category>` */
  category?: string;
  region?: string;
  regionalUnit?: string;
  municipality?: string;
  organisationKind?: OrganisationKind;
  /** YYYY-MM-DD, from the start of that day in Europe/Athens */
  from?: string;
  /** YYYY-MM-DD, to the end of that day in Europe/Athens */
  to?: string;
  duplicate?: 'yes' | 'no';
  /** 0008: flagged unconfirmed by the availability checks (yes) or not (no) */
  unconfirmed?: 'yes' | 'no';
  contact?: ContactFilter;
  language?: Lang;
  sort: Sort;
};

/** The query-string names of the filters, in the order links write them. */
export const FILTER_PARAMS = {
  q: 'q',
  status: 'status',
  kind: 'kind',
  category: 'category',
  region: 'region',
  regionalUnit: 'regional_unit',
  municipality: 'municipality',
  organisationKind: 'organisation_kind',
  from: 'from',
  to: 'to',
  duplicate: 'duplicate',
  unconfirmed: 'unconfirmed',
  contact: 'contact',
  language: 'language',
  sort: 'sort',
} as const satisfies Record<keyof QueueFilters, string>;
export type FilterParam = (typeof FILTER_PARAMS)[keyof typeof FILTER_PARAMS];

export type QueueRequest = { filters: QueueFilters; after?: KeysetPosition; before?: KeysetPosition };

/** A filter that could not be read, with the catalogue key of its message. */
export type FilterIssue = { field: FilterParam; key: 'err_q_too_long' | 'err_q_characters' | 'err_choice' | 'err_date' | 'err_date_order' };

export type ParsedQueueQuery =
  | { ok: true; request: QueueRequest; values: Partial<Record<FilterParam, string>> }
  /** a cursor this page did not make: a broken link, answered 400 */
  | { ok: false; cursor: true }
  /** filters to correct: the page comes back with 422, the values as typed */
  | { ok: false; cursor: false; issues: FilterIssue[]; values: Partial<Record<FilterParam, string>> };

/** "2026-03-27" (the date input) or "27/3/2026" (typed where the browser has no date input). */
function parseDate(v: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  // A real day between the platform's first year and far enough ahead for any typo to show.
  if (y < 2000 || y > 2999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const member = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

// Each parameter is one string or absent; a repeated parameter is an array, which no field takes.
const queueShape = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional());

/**
 * Reads the queue's query string: filters, sort, and at most one cursor.
 * Blank values mean "any". Unknown parameters are ignored (`lang` is the staff language switch).
 * Choices must be one of the page's options (codes from the gazetteer and the offer form's
 * lists); dates are Greek calendar dates, `from` not after `to`; the search at most
 * SEARCH_MAX_LENGTH characters without control characters (platform cleanText).
 * @returns the request; or `cursor: true` for a malformed cursor; or the issues per field with
 *   the values as given, for the page to show again.
 */
export function parseQueueQuery(raw: unknown, gazetteer: Gazetteer): ParsedQueueQuery {
  const shape = queueShape.safeParse(raw ?? {});
  const query = shape.success ? shape.data : {};
  const cursors = offersQuery.safeParse({ after: query.after, before: query.before });
  if (!cursors.success) return { ok: false, cursor: true };

  const issues: FilterIssue[] = [];
  const values: Partial<Record<FilterParam, string>> = {};
  const filters: QueueFilters = { sort: 'newest' };
  for (const [key, param] of Object.entries(FILTER_PARAMS) as [keyof QueueFilters, FilterParam][]) {
    const given = query[param];
    if (Array.isArray(given)) {
      issues.push({ field: param, key: param === 'q' ? 'err_q_characters' : param === 'from' || param === 'to' ? 'err_date' : 'err_choice' });
      continue;
    }
    const v = given?.trim() ?? '';
    if (v === '') continue;
    values[param] = key === 'q' ? v.slice(0, SEARCH_MAX_LENGTH + 1) : v.slice(0, 100);
    const refuse = () => void issues.push({ field: param, key: 'err_choice' });
    switch (key) {
      case 'q': {
        const text = cleanText(v, { max: SEARCH_MAX_LENGTH });
        if (text.ok) {
          if (text.value) filters.q = text.value;
        } else issues.push({ field: param, key: text.code === 'text.too_long' ? 'err_q_too_long' : 'err_q_characters' });
        break;
      }
      case 'status':
        if (member(OFFER_STATUSES, v)) filters.status = v;
        else refuse();
        break;
      case 'kind':
        if (member(LINE_KINDS, v)) filters.kind = v;
        else refuse();
        break;
      case 'category':
        if (member(CATEGORY_FILTERS, v)) filters.category = v;
        else refuse();
        break;
      case 'region':
        if (gazetteer.isRegion(v)) filters.region = v;
        else refuse();
        break;
      case 'regionalUnit':
        if (gazetteer.get(v)?.level === 'regional_unit') filters.regionalUnit = v;
        else refuse();
        break;
      case 'municipality':
        if (gazetteer.isMunicipality(v)) filters.municipality = v;
        else refuse();
        break;
      case 'organisationKind':
        if (member(ORGANISATION_KINDS, v)) filters.organisationKind = v;
        else refuse();
        break;
      case 'from':
      case 'to': {
        const date = parseDate(v);
        if (date) filters[key] = date;
        else issues.push({ field: param, key: 'err_date' });
        break;
      }
      case 'duplicate':
        if (v === 'yes' || v === 'no') filters.duplicate = v;
        else refuse();
        break;
      case 'unconfirmed':
        if (v === 'yes' || v === 'no') filters.unconfirmed = v;
        else refuse();
        break;
      case 'contact':
        if (member(CONTACT_FILTERS, v)) filters.contact = v;
        else refuse();
        break;
      case 'language':
        if (member(LANGUAGES, v)) filters.language = v;
        else refuse();
        break;
      case 'sort':
        if (member(SORTS, v)) filters.sort = v;
        else refuse();
        break;
    }
  }
  if (filters.from && filters.to && filters.from > filters.to) issues.push({ field: 'to', key: 'err_date_order' });
  if (issues.length > 0) return { ok: false, cursor: false, issues, values };
  const request: QueueRequest = { filters };
  if (cursors.data.after) request.after = cursors.data.after;
  if (cursors.data.before) request.before = cursors.data.before;
  return { ok: true, request, values };
}
