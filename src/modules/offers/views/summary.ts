// Check-your-answers rows for each section, built from the answers as typed (choices shown by
// their labels), each with the link to the page where it is changed.
import { LANGUAGE_NAMES, isLang, type Lang } from '../../../platform/i18n/index.js';
import type { SummaryRow } from '../../../platform/views/components.js';
import type { Gazetteer } from '../../geography/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  CONDITION_LABELS,
  COST_BASIS_LABELS,
  DELIVERY_LABELS,
  FREQUENCY_LABELS,
  ITEM_CATEGORY_LABELS,
  ORGANISATION_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  SUITABLE_FOR_LABELS,
  UNIT_LABELS,
  countryName,
  label,
  languageName,
} from '../offers.labels.js';
import { LIMITS, SERVICE_LANGUAGES, SUITABLE_FOR, type LineKind } from '../offers.options.js';
import { parseBoolean, parseChoices, parseCurrency, parseMoney, parseQuantity } from '../../../platform/validation/rules.js';
import type { RawAnswers } from '../offers.schemas.js';
import { tr } from './frame.js';

type Ctx = { lang: Lang; gazetteer: Gazetteer };

function s(a: RawAnswers | undefined, name: string): string {
  const v = a?.[name];
  return typeof v === 'string' ? v.trim() : '';
}
const LOCALE: Record<Lang, string> = { el: 'el-GR', en: 'en-GB', uk: 'uk-UA' };

/** A count as understood (so «10.000» shows as 10.000 people, not as typed), or as typed when invalid. */
function count(a: RawAnswers | undefined, name: string, lang: Lang): string {
  const r = parseQuantity(a?.[name], { min: 0, max: Number.MAX_SAFE_INTEGER });
  return r.ok ? new Intl.NumberFormat(LOCALE[lang]).format(r.value) : s(a, name);
}

/** An amount in its currency, as understood: «1.000,50 €» whether typed «1,000.50» or «1.000,50». */
function money(a: RawAnswers | undefined, lang: Lang): string {
  const amount = parseMoney(a?.amount, { max: LIMITS.money });
  const currency = s(a, 'currency') ? parseCurrency(a?.currency) : ({ ok: true, value: 'EUR' } as const);
  if (!amount.ok || !currency.ok) return [s(a, 'amount'), s(a, 'currency')].filter(Boolean).join(' ');
  return new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: currency.value }).format(Number(amount.value));
}

function chosen<T extends string>(a: RawAnswers | undefined, name: string, allowed: readonly T[]): T[] {
  const r = parseChoices(a?.[name], allowed);
  return r.ok ? r.value : [];
}

function dateOf(a: RawAnswers | undefined, name: string): string {
  const d = s(a, `${name}-day`);
  const m = s(a, `${name}-month`);
  const y = s(a, `${name}-year`);
  return d || m || y ? `${d}/${m}/${y}` : '';
}

function place(a: RawAnswers | undefined, c: Ctx): string {
  const region = s(a, 'region');
  const municipality = s(a, 'municipality');
  return [municipality ? c.gazetteer.unitName(municipality, c.lang) : '', region ? c.gazetteer.regionName(region, c.lang) : '']
    .filter(Boolean)
    .join(', ');
}

export function organisationRows(kindAnswers: RawAnswers | undefined, a: RawAnswers | undefined, c: Ctx, href: string, kindHref: string): SummaryRow[] {
  const t = tr(c.lang);
  const change = t('change');
  const none = t('not_provided');
  const kind = s(kindAnswers, 'kind');
  const greek = s(kindAnswers, 'registered_in_greece') === 'yes';
  const individual = kind === 'individual';
  const rows: SummaryRow[] = [
    { key: t('organisation_kind'), value: kind ? label(ORGANISATION_KIND_LABELS, kind, c.lang) : t('not_completed'), href: kindHref, changeLabel: change },
  ];
  if (!a) {
    rows.push({ key: t('organisation_title'), value: t('not_completed'), href, changeLabel: change });
    return rows;
  }
  const row = (key: string, value: string) => rows.push({ key, value: value || none, href, changeLabel: change });
  row(individual ? t('legal_name_individual') : t('legal_name'), s(a, 'legal_name'));
  if (!individual) row(t('distinctive_title'), s(a, 'distinctive_title'));
  if (!greek) row(t('country'), s(a, 'country') ? countryName(s(a, 'country'), c.lang) : '');
  row(greek ? t('afm') : t('foreign_tax_id'), s(a, 'tax_id'));
  if (!individual) row(t('registry_number'), s(a, 'registry_number'));
  row(t('address_legend'), [s(a, 'street'), [s(a, 'postcode'), s(a, 'city')].filter(Boolean).join(' '), greek ? place(a, c) : ''].filter(Boolean).join('\n'));
  if (!individual) {
    row(t('website'), s(a, 'website'));
    row(t('legal_representative'), s(a, 'legal_representative'));
  }
  return rows;
}

export function contactRows(a: RawAnswers | undefined, c: Ctx, href: string): SummaryRow[] {
  const t = tr(c.lang);
  const change = t('change');
  if (!a) return [{ key: t('contact_title'), value: t('not_completed'), href, changeLabel: change }];
  const lang = s(a, 'preferred_language');
  return [
    { key: t('contact_name'), value: s(a, 'contact_name'), href, changeLabel: change },
    { key: t('contact_role'), value: s(a, 'contact_role') || t('not_provided'), href, changeLabel: change },
    { key: t('phone'), value: s(a, 'phone'), href, changeLabel: change },
    { key: t('email'), value: s(a, 'email'), href, changeLabel: change },
    { key: t('preferred_language'), value: isLang(lang) ? LANGUAGE_NAMES[lang] : '', href, changeLabel: change },
  ];
}

/** The rows of one offer line. */
export function lineRows(kind: LineKind, a: RawAnswers, c: Ctx, href: string): SummaryRow[] {
  const t = tr(c.lang);
  const change = t('change');
  const rows: SummaryRow[] = [];
  const row = (key: string, value: string) => rows.push({ key, value: value || t('not_provided'), href, changeLabel: change });
  const until = dateOf(a, 'available_until');
  switch (kind) {
    case 'accommodation':
      row(t('accommodation_type'), label(ACCOMMODATION_TYPE_LABELS, s(a, 'accommodation_type'), c.lang));
      row(t('places'), count(a, 'places', c.lang));
      row(t('rooms'), count(a, 'rooms', c.lang));
      row(t('location_legend'), [s(a, 'address'), place(a, c)].filter(Boolean).join('\n'));
      row(t('available_from'), dateOf(a, 'available_from'));
      row(t('available_until'), until || t('open_ended'));
      row(t('cost_basis'), label(COST_BASIS_LABELS, s(a, 'cost_basis'), c.lang));
      row(t('step_free_access'), s(a, 'step_free_access') === 'yes' ? t('yes') : s(a, 'step_free_access') === 'no' ? t('no') : '');
      row(t('suitable_for'), chosen(a, 'suitable_for', SUITABLE_FOR).map((v) => label(SUITABLE_FOR_LABELS, v, c.lang)).join(', '));
      break;
    case 'service':
      row(t('service_category'), label(SERVICE_CATEGORY_LABELS, s(a, 'category'), c.lang));
      row(t('description'), s(a, 'description'));
      row(t('languages'), chosen(a, 'languages', SERVICE_LANGUAGES).map((v) => languageName(v, c.lang)).join(', '));
      row(t('delivery'), label(DELIVERY_LABELS, s(a, 'delivery'), c.lang));
      row(t('location_legend'), place(a, c));
      row(t('capacity_per_week'), count(a, 'capacity_per_week', c.lang));
      row(t('available_from'), dateOf(a, 'available_from'));
      row(t('available_until'), until || t('open_ended'));
      row(t('service_cost_basis'), label(COST_BASIS_LABELS, s(a, 'cost_basis'), c.lang));
      break;
    case 'essential_items':
      row(t('item_category'), label(ITEM_CATEGORY_LABELS, s(a, 'category'), c.lang));
      row(t('description'), s(a, 'description'));
      row(t('quantity'), [count(a, 'quantity', c.lang), s(a, 'unit') ? label(UNIT_LABELS, s(a, 'unit'), c.lang) : ''].filter(Boolean).join(' '));
      row(t('condition'), label(CONDITION_LABELS, s(a, 'condition'), c.lang));
      row(t('stock_location_legend'), place(a, c));
      row(t('can_deliver'), s(a, 'can_deliver') === 'yes' ? [t('yes'), s(a, 'delivery_area')].filter(Boolean).join(': ') : s(a, 'can_deliver') === 'no' ? t('no') : '');
      row(t('expiry'), dateOf(a, 'expiry'));
      break;
    case 'money':
      row(t('amount'), money(a, c.lang));
      row(t('frequency'), label(FREQUENCY_LABELS, s(a, 'frequency'), c.lang));
      row(t('purpose'), s(a, 'purpose'));
      break;
  }
  return rows;
}

// The same reading of a ticked box as the schema's (parseBoolean), so what is shown is what counts.
function yes(raw: unknown): boolean {
  const r = parseBoolean(raw);
  return r.ok && r.value;
}

export function consentRows(a: RawAnswers | undefined, lang: Lang, href: string): SummaryRow[] {
  const t = tr(lang);
  const change = t('change');
  if (!a) return [{ key: t('consents_legend'), value: t('not_completed'), href, changeLabel: change }];
  return [
    { key: t('consent_privacy_notice'), value: yes(a.privacy_notice) ? t('yes') : t('no'), href, changeLabel: change },
    { key: t('consent_share_legend'), value: yes(a.share_with_partners) ? t('yes') : t('no'), href, changeLabel: change },
  ];
}
