// The needs pages' forms and query strings: each turns what a browser sent into typed values or a
// list of field issues (message keys in needs.messages.ts), keeping what was typed so the page can
// show it again. Text goes through the platform's cleanText (NFC, no control characters).
import { z } from 'zod';
import { cleanText } from '../../platform/validation/rules.js';
import type { Gazetteer } from '../geography/index.js';
import { ACCOMMODATION_TYPES, ITEM_CATEGORIES, ITEM_UNITS, LINE_KINDS, SERVICE_CATEGORIES, SERVICE_LANGUAGES } from '../offers/index.js';
import type { NeedsMessageKey } from './needs.messages.js';

export type Issue = { field: string; key: NeedsMessageKey; params?: Record<string, string | number> };
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export const NEED_STATUSES = ['open', 'partly_met', 'met', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const NEED_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type NeedPriority = (typeof NEED_PRIORITIES)[number];
/** What the people concerned need, as checkboxes on the form (columns of `needs`). */
export const NEED_CIRCUMSTANCES = ['families_with_children', 'step_free_access_needed', 'elderly', 'pets'] as const;
export type NeedKind = (typeof LINE_KINDS)[number];

/** The categories a need of each kind may name (the offer form's lists); money has none. */
export const NEED_CATEGORIES: Record<NeedKind, readonly string[]> = {
  accommodation: ACCOMMODATION_TYPES,
  service: SERVICE_CATEGORIES,
  essential_items: ITEM_CATEGORIES,
  money: [],
};
/** Currencies offered for money needs (ISO 4217); EUR by default (PRODUCT.md). */
export const NEED_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'UAH'] as const;
export const NOTES_MAX = 4000;
export const REASON_MAX = 2000;
/** Upper bound of a need's quantity, as the CHECK in 0011; items and places are whole numbers. */
export const QUANTITY_MAX = 1_000_000_000;

export type NeedInput = {
  kind: NeedKind;
  category: string | null;
  quantity: string;
  unit: string | null;
  currency: string | null;
  regionCode: string;
  regionalUnitCode: string | null;
  municipalityCode: string | null;
  startsOn: string;
  endsOn: string | null;
  priority: NeedPriority;
  peopleCount: number | null;
  householdCount: number | null;
  familiesWithChildren: boolean;
  stepFreeAccessNeeded: boolean;
  elderly: boolean;
  pets: boolean;
  languages: string[];
  notes: string | null;
};

/** The form's fields as typed, to show again (dates in three parts each, checkboxes as lists). */
export type NeedFormValues = Record<string, string> & { circumstances?: never };
export type FormValues = { fields: Record<string, string>; lists: Record<string, string[]> };

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
}
function list(v: unknown): string[] {
  if (typeof v === 'string') return v ? [v] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A date from three fields (day, month, year), or null when all are blank; 'invalid' when it is no date. */
export function dateFrom(body: Record<string, unknown>, name: string): string | null | 'invalid' {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => str(body[`${name}-${p}`]));
  if (!d && !m && !y) return null;
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return 'invalid';
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso || !isoDate.safeParse(iso).success) return 'invalid';
  return iso;
}

const wholeNumber = z.string().regex(/^\d{1,10}$/);
const decimalAmount = z.string().regex(/^\d{1,10}([.,]\d{1,2})?$/);

/** A quantity as typed ("1.500" and "1 500" are read as Greek and English thousands, "12,50" as a Greek decimal comma for money). */
function quantityOf(raw: string, money: boolean): string | null {
  const compact = raw.replace(/[\s\u00a0]/g, '');
  if (!money) {
    const digits = compact.replace(/[.,](?=\d{3}(\D|$))/g, '');
    return wholeNumber.safeParse(digits).success ? String(Number(digits)) : null;
  }
  const noThousands = compact.replace(/[.,](?=\d{3}([.,]|$))/g, '');
  return decimalAmount.safeParse(noThousands).success ? Number(noThousands.replace(',', '.')).toFixed(2) : null;
}

function count(raw: string): number | null | 'invalid' {
  if (!raw) return null;
  return /^\d{1,7}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 'invalid';
}

function textField(raw: unknown, max: number, field: string, issues: Issue[]): string | null {
  const r = cleanText(raw, { max, multiline: true });
  if (!r.ok) {
    issues.push({ field, key: r.code === 'text.too_long' ? 'err_text_too_long' : 'err_text_invalid', params: { max } });
    return null;
  }
  return r.value;
}

/**
 * The need form (create and edit). Rules: kind required; a category from the kind's list or none
 * (always none for money); quantity required, a whole number (places, sessions, items) or an
 * amount with up to 2 decimals (money), above 0 and at most QUANTITY_MAX; unit required for
 * essential items, currency for money; region required, and the regional unit and municipality,
 * when given, must lie in it (a municipality sets its regional unit); the start date required,
 * the end date not before it; counts whole and positive; languages from the service list.
 */
export function parseNeedForm(body: unknown, gazetteer: Gazetteer): { parsed: Parsed<NeedInput>; values: FormValues } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const k of ['kind', 'category', 'quantity', 'unit', 'currency', 'region', 'regional_unit', 'municipality', 'priority', 'people_count', 'household_count', 'notes', 'starts_on-day', 'starts_on-month', 'starts_on-year', 'ends_on-day', 'ends_on-month', 'ends_on-year']) {
    fields[k] = typeof b[k] === 'string' ? (b[k] as string) : '';
  }
  const lists = { circumstances: list(b.circumstances), languages: list(b.languages) };
  const values: FormValues = { fields, lists };
  const issues: Issue[] = [];

  const kind = str(b.kind);
  const kindOk = (LINE_KINDS as readonly string[]).includes(kind);
  if (!kindOk) issues.push({ field: 'kind', key: 'err_kind' });
  const k = (kindOk ? kind : 'accommodation') as NeedKind;

  let category: string | null = str(b.category) || null;
  if (k === 'money') category = null;
  else if (category && kindOk && !NEED_CATEGORIES[k].includes(category)) issues.push({ field: 'category', key: 'err_category' });

  const quantityRaw = str(b.quantity);
  const quantity = quantityRaw ? quantityOf(quantityRaw, k === 'money') : null;
  if (!quantityRaw) issues.push({ field: 'quantity', key: 'err_quantity_required' });
  else if (quantity === null || Number(quantity) <= 0 || Number(quantity) > QUANTITY_MAX) {
    issues.push({ field: 'quantity', key: k === 'money' ? 'err_amount' : 'err_quantity', params: { max: QUANTITY_MAX } });
  }

  let unit: string | null = null;
  if (k === 'essential_items') {
    unit = str(b.unit);
    if (!(ITEM_UNITS as readonly string[]).includes(unit)) {
      issues.push({ field: 'unit', key: 'err_unit' });
      unit = null;
    }
  }
  let currency: string | null = null;
  if (k === 'money') {
    currency = str(b.currency) || 'EUR';
    if (!(NEED_CURRENCIES as readonly string[]).includes(currency)) issues.push({ field: 'currency', key: 'err_currency' });
  }

  const region = str(b.region);
  const regionOk = gazetteer.isRegion(region);
  if (!regionOk) issues.push({ field: 'region', key: 'err_region' });
  let regionalUnit: string | null = str(b.regional_unit) || null;
  let municipality: string | null = str(b.municipality) || null;
  if (municipality) {
    const m = gazetteer.get(municipality);
    if (!m || m.level !== 'municipality' || (regionOk && gazetteer.regionOf(municipality) !== region)) {
      issues.push({ field: 'municipality', key: 'err_municipality' });
      municipality = null;
    } else if (regionalUnit && m.parentCode !== regionalUnit) {
      issues.push({ field: 'regional_unit', key: 'err_regional_unit_municipality' });
    } else {
      regionalUnit = m.parentCode;
    }
  }
  if (regionalUnit) {
    const u = gazetteer.get(regionalUnit);
    if (!u || u.level !== 'regional_unit' || (regionOk && u.parentCode !== region)) {
      issues.push({ field: 'regional_unit', key: 'err_regional_unit' });
      regionalUnit = null;
    }
  }

  const startsOn = dateFrom(b, 'starts_on');
  if (startsOn === null) issues.push({ field: 'starts_on', key: 'err_starts_on_required' });
  else if (startsOn === 'invalid') issues.push({ field: 'starts_on', key: 'err_date' });
  const endsOn = dateFrom(b, 'ends_on');
  if (endsOn === 'invalid') issues.push({ field: 'ends_on', key: 'err_date' });
  else if (endsOn && typeof startsOn === 'string' && startsOn !== 'invalid' && endsOn < startsOn) issues.push({ field: 'ends_on', key: 'err_date_order' });

  const priority = str(b.priority) || 'normal';
  if (!(NEED_PRIORITIES as readonly string[]).includes(priority)) issues.push({ field: 'priority', key: 'err_priority' });

  const people = count(str(b.people_count));
  if (people === 'invalid') issues.push({ field: 'people_count', key: 'err_count' });
  const households = count(str(b.household_count));
  if (households === 'invalid') issues.push({ field: 'household_count', key: 'err_count' });

  const circumstances = lists.circumstances;
  if (circumstances.some((c) => !(NEED_CIRCUMSTANCES as readonly string[]).includes(c))) issues.push({ field: 'circumstances', key: 'err_choice' });
  const languages = k === 'service' ? lists.languages : [];
  if (languages.some((l) => !(SERVICE_LANGUAGES as readonly string[]).includes(l))) issues.push({ field: 'languages', key: 'err_choice' });

  const notes = textField(b.notes, NOTES_MAX, 'notes', issues);

  if (issues.length > 0) return { parsed: { ok: false, issues }, values };
  return {
    parsed: {
      ok: true,
      value: {
        kind: k,
        category,
        quantity: quantity!,
        unit,
        currency,
        regionCode: region,
        regionalUnitCode: regionalUnit,
        municipalityCode: municipality,
        startsOn: startsOn as string,
        endsOn: endsOn as string | null,
        priority: priority as NeedPriority,
        peopleCount: people as number | null,
        householdCount: households as number | null,
        familiesWithChildren: circumstances.includes('families_with_children'),
        stepFreeAccessNeeded: circumstances.includes('step_free_access_needed'),
        elderly: circumstances.includes('elderly'),
        pets: circumstances.includes('pets'),
        languages: [...new Set(languages)].sort(),
        notes,
      },
    },
    values,
  };
}

/** The form's values for an existing need (the edit page's starting point). */
export function formValuesOf(n: NeedInput): FormValues {
  const [sy, sm, sd] = n.startsOn.split('-');
  const [ey, em, ed] = n.endsOn ? n.endsOn.split('-') : ['', '', ''];
  return {
    fields: {
      kind: n.kind,
      category: n.category ?? '',
      quantity: n.kind === 'money' ? n.quantity : String(Number(n.quantity)),
      unit: n.unit ?? '',
      currency: n.currency ?? '',
      region: n.regionCode,
      regional_unit: n.regionalUnitCode ?? '',
      municipality: n.municipalityCode ?? '',
      priority: n.priority,
      people_count: n.peopleCount === null ? '' : String(n.peopleCount),
      household_count: n.householdCount === null ? '' : String(n.householdCount),
      notes: n.notes ?? '',
      'starts_on-day': sd ?? '',
      'starts_on-month': sm ?? '',
      'starts_on-year': sy ?? '',
      'ends_on-day': ed ?? '',
      'ends_on-month': em ?? '',
      'ends_on-year': ey ?? '',
    },
    lists: {
      circumstances: NEED_CIRCUMSTANCES.filter((c) => (c === 'families_with_children' ? n.familiesWithChildren : c === 'step_free_access_needed' ? n.stepFreeAccessNeeded : c === 'elderly' ? n.elderly : n.pets)),
      languages: n.languages,
    },
  };
}

/** The list's filters from the query string; an unknown value is an issue (the page shows 422). */
export function parseNeedFilters(query: unknown, gazetteer: Gazetteer): { filters: { kind?: string; status?: string; region?: string; page: number }; issues: Issue[]; values: Record<string, string> } {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const values = { kind: str(q.kind), status: str(q.status), region: str(q.region), page: str(q.page) };
  const issues: Issue[] = [];
  const filters: { kind?: string; status?: string; region?: string; page: number } = { page: 1 };
  if (values.kind) (LINE_KINDS as readonly string[]).includes(values.kind) ? (filters.kind = values.kind) : issues.push({ field: 'kind', key: 'err_choice' });
  if (values.status) (NEED_STATUSES as readonly string[]).includes(values.status) ? (filters.status = values.status) : issues.push({ field: 'status', key: 'err_choice' });
  if (values.region) gazetteer.isRegion(values.region) ? (filters.region = values.region) : issues.push({ field: 'region', key: 'err_choice' });
  if (values.page) {
    const p = z.coerce.number().int().min(1).max(100_000).safeParse(values.page);
    if (p.success) filters.page = p.data;
    else issues.push({ field: 'page', key: 'err_choice' });
  }
  return { filters, issues, values };
}

/** The allocate form: the line (uuid), the quantity in the line's unit (whole, or 2 decimals for money), as `quantity-<line id>` or `quantity`. */
export function parseAllocateForm(body: unknown, money: (lineId: string) => boolean): Parsed<{ lineId: string; quantity: string }> & { values: Record<string, string> } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const lineId = str(b.line);
  // The page names each match's field after its line (quantity-<line id>) so that an error links
  // to the right one; a plain `quantity` is read too.
  const sent = b[`quantity-${lineId}`] ?? b.quantity;
  const raw = str(sent);
  const values = { line: lineId, quantity: typeof sent === 'string' ? sent : '' };
  if (!z.uuid().safeParse(lineId).success) return { ok: false, issues: [{ field: 'quantity', key: 'err_line' }], values };
  const field = `quantity-${lineId}`;
  if (!raw) return { ok: false, issues: [{ field, key: 'err_quantity_required' }], values };
  const quantity = quantityOf(raw, money(lineId));
  if (quantity === null || Number(quantity) <= 0) return { ok: false, issues: [{ field, key: money(lineId) ? 'err_amount' : 'err_quantity', params: { max: QUANTITY_MAX } }], values };
  return { ok: true, value: { lineId, quantity }, values };
}

/** A reason (release, close): required, at most REASON_MAX characters. */
export function parseReason(body: unknown, field: string): Parsed<string> & { value?: string; raw: string } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw = typeof b.reason === 'string' ? b.reason : '';
  const issues: Issue[] = [];
  const reason = textField(raw, REASON_MAX, field, issues);
  if (issues.length > 0) return { ok: false, issues, raw };
  if (!reason) return { ok: false, issues: [{ field, key: 'err_reason_required' }], raw };
  return { ok: true, value: reason, raw };
}

/** The version a form was made from: a positive integer, or null (a form this page did not make). */
export function parseVersion(body: unknown): number | null {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const r = z.coerce.number().int().min(1).safeParse(b.version);
  return r.success ? r.data : null;
}

/** A need's reference as typed in a URL: N-00042, n-42 → N-00042. */
export function normaliseNeedReference(input: string): string | null {
  const m = /^N-?(\d{1,9})$/i.exec(input.trim());
  if (!m) return null;
  return `N-${String(Number(m[1])).padStart(5, '0')}`;
}
