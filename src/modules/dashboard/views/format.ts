// Numbers, amounts, percentages, days and queue links as the dashboard writes them. Pure.
import type { StaffLang } from '../../../platform/i18n/index.js';

export const LOCALES: Record<StaffLang, string> = { el: 'el-GR', en: 'en-GB' };

// Intl objects are costly to make (tens of microseconds each) and a page formats hundreds of
// figures: each is made once per language and kept.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.Collator>();
function kept<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.Collator>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (!v) cache.set(key, (v = make()));
  return v;
}

/** 1234.5 → «1.234,5» / "1,234.5" (at most two decimals). */
export function formatNumber(lang: StaffLang, n: number): string {
  return kept(`n:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 })).format(n);
}

/** Compares names as the language sorts them. */
export function compareNames(lang: StaffLang, a: string, b: string): number {
  return kept(`c:${lang}`, () => new Intl.Collator(LOCALES[lang])).compare(a, b);
}

/** An amount in its currency; an unknown currency code is written beside the number. */
export function formatMoney(lang: StaffLang, amount: number, currency: string): string {
  try {
    return kept(`m:${lang}:${currency}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency })).format(amount);
  } catch {
    return `${new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

/** `part` as a whole percentage of `whole` («35 %», "35%"); whole must be above zero. */
export function percentText(lang: StaffLang, part: number, whole: number): string {
  return kept(`p:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 })).format(part / whole);
}

/** YYYY-MM-DD as a date people read: «1/12/2026», "1/12/2026"; `short` leaves the year out. */
export function formatDay(lang: StaffLang, day: string, short = false): string {
  const d = new Date(`${day}T12:00:00Z`);
  return kept(`d:${lang}:${short}`, () => new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'numeric', ...(short ? {} : { year: 'numeric' }), timeZone: 'UTC' })).format(d);
}

/**
 * The review queue filtered as given, with the review module's own query parameters (review.schemas
 * FILTER_PARAMS: region, kind, status). A plain URL: write it into an attribute with `attr`.
 */
export function queueHref(filters: { region?: string | undefined; kind?: string | undefined; status?: string | undefined }): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.region) params.set('region', filters.region);
  const qs = params.toString();
  return qs ? `/staff/offers?${qs}` : '/staff/offers';
}

/**
 * A URL for an href attribute. KitaJS escapes only quotes in attribute values, and a bare `&`
 * there is ambiguous HTML (`&not` or `&reg` followed by `;` would be read as a character).
 */
export const attr = (url: string) => url.replaceAll('&', '&amp;');
