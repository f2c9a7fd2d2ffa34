// Shared pieces of the needs pages: words for codes, quantities in their unit, places, reasons.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { ACCOMMODATION_TYPE_LABELS, ITEM_CATEGORY_LABELS, label, LINE_KIND_LABELS, SERVICE_CATEGORY_LABELS, UNIT_LABELS, languageName } from '../../offers/index.js';
import type { Reason } from '../needs.matching.js';
import { needsMessages, type NeedsMessageKey } from '../needs.messages.js';

export type V = { lang: StaffLang; t: (key: NeedsMessageKey, params?: Record<string, string | number>) => string; gazetteer: Gazetteer };

export function viewContext(lang: StaffLang, gazetteer: Gazetteer): V {
  return { lang, t: translator(needsMessages, lang), gazetteer };
}

const LOCALES: Record<StaffLang, string> = { el: 'el-GR', en: 'en-GB' };

export function kindLabel(v: V, kind: string): string {
  return label(LINE_KIND_LABELS, kind, v.lang);
}

export function categoryLabel(v: V, kind: string, category: string | null): string {
  if (!category) return v.t('field_category_any');
  const labels = kind === 'accommodation' ? ACCOMMODATION_TYPE_LABELS : kind === 'service' ? SERVICE_CATEGORY_LABELS : ITEM_CATEGORY_LABELS;
  return label(labels, category, v.lang);
}

/** A quantity in its unit: "40 places", "500 kits", "€1,200.00", "12 sessions a week". */
export function quantityText(v: V, kind: string, quantity: string | number, unit: string | null, currency: string | null): string {
  const n = Number(quantity);
  if (kind === 'money') {
    try {
      return new Intl.NumberFormat(LOCALES[v.lang], { style: 'currency', currency: currency ?? 'EUR' }).format(n);
    } catch {
      return `${n.toFixed(2)} ${currency ?? ''}`;
    }
  }
  const num = new Intl.NumberFormat(LOCALES[v.lang]).format(n);
  if (kind === 'accommodation') return `${num} ${v.t('unit_places')}`;
  if (kind === 'service') return `${num} ${v.t('unit_sessions')}`;
  return unit ? `${num} ${label(UNIT_LABELS, unit, v.lang)}` : num;
}

export function placeText(v: V, region: string | null, regionalUnit: string | null, municipality: string | null): string {
  return [municipality ? v.gazetteer.unitName(municipality, v.lang) : regionalUnit ? v.gazetteer.unitName(regionalUnit, v.lang) : '', region ? v.gazetteer.regionName(region, v.lang) : '']
    .filter(Boolean)
    .join(', ');
}

/** DD/MM/YYYY of a 'YYYY-MM-DD' date. */
export function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * How a released allocation is described: when, and either the reason typed by the coordinator
 * who released it by hand, or what happened to the offer or line (0014's release_cause, worded by
 * who did it) with the withdrawal's reason when one was given.
 */
export function releaseText(
  v: V,
  a: { releasedAt: Date | null; releaseReason: string | null; releaseCause: string | null; releasedByKind: 'staff' | 'offeror' | 'system' | null },
): string {
  const at = a.releasedAt ? timeText(v, a.releasedAt) : '';
  if (!a.releaseCause) return v.t('allocation_released', { at, reason: a.releaseReason ?? '' });
  const cause = v.t(causeKey(a.releaseCause, a.releasedByKind));
  return a.releaseReason ? v.t('allocation_released_cause_reason', { at, cause, reason: a.releaseReason }) : v.t('allocation_released_cause', { at, cause });
}

function causeKey(cause: string, by: string | null) {
  switch (cause) {
    case 'offer_withdrawn':
      return by === 'offeror' ? 'release_cause_offer_withdrawn_offeror' : 'release_cause_offer_withdrawn_staff';
    case 'offer_expired':
      return by === 'system' ? 'release_cause_offer_expired_system' : 'release_cause_offer_expired_staff';
    case 'offer_rejected':
      return 'release_cause_offer_rejected';
    case 'offer_duplicate':
      return 'release_cause_offer_duplicate';
    default:
      return 'release_cause_line_withdrawn';
  }
}

export function timeText(v: V, at: Date): string {
  return new Intl.DateTimeFormat(LOCALES[v.lang], { timeZone: 'Europe/Athens', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** A reason of matching in words; quantities and dates in the page's format. */
export function reasonText(v: V, r: Reason, kind: string, unit: string | null, currency: string | null): string {
  const p = r.params ?? {};
  switch (r.key) {
    case 'miss_covers_part':
      return v.t('miss_covers_part', { remaining: quantityText(v, kind, p.remaining ?? 0, unit, currency), outstanding: quantityText(v, kind, p.outstanding ?? 0, unit, currency) });
    case 'miss_starts_later':
      return v.t('miss_starts_later', { from: dateText(String(p.from)) });
    case 'miss_ends_sooner':
      return v.t('miss_ends_sooner', { until: dateText(String(p.until)) });
    case 'miss_languages':
      return v.t('miss_languages', { languages: String(p.languages).split(',').map((l) => languageName(l, v.lang)).join(', ') });
    default:
      return v.t(r.key);
  }
}

export function statusTag(v: V, status: string) {
  const cls = status === 'closed' || status === 'met' ? 'govgr-tag__gray' : 'govgr-tag__secondary';
  return (
    <strong class={cls} safe>
      {v.t(`status_${status}` as NeedsMessageKey)}
    </strong>
  );
}

export function needPath(reference: string): string {
  return `/staff/needs/${reference}`;
}
