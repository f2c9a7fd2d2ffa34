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
import type { LineKind } from '../offers.options.js';
import type { RawAnswers } from '../offers.schemas.js';
import { tr } from './frame.js';

type Ctx = { lang: Lang; gazetteer: Gazetteer };

function s(a: RawAnswers | undefined, name: string): string {
  const v = a?.[name];
  return typeof v === 'string' ? v.trim() : '';
}
function list(a: RawAnswers | undefined, name: string): string[] {
  const v = a?.[name];
  return Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
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
      row(t('places'), s(a, 'places'));
      row(t('rooms'), s(a, 'rooms'));
      row(t('location_legend'), [s(a, 'address'), place(a, c)].filter(Boolean).join('\n'));
      row(t('available_from'), dateOf(a, 'available_from'));
      row(t('available_until'), until || t('open_ended'));
      row(t('cost_basis'), label(COST_BASIS_LABELS, s(a, 'cost_basis'), c.lang));
      row(t('step_free_access'), s(a, 'step_free_access') === 'yes' ? t('yes') : s(a, 'step_free_access') === 'no' ? t('no') : '');
      row(t('suitable_for'), list(a, 'suitable_for').map((v) => label(SUITABLE_FOR_LABELS, v, c.lang)).join(', '));
      break;
    case 'service':
      row(t('service_category'), label(SERVICE_CATEGORY_LABELS, s(a, 'category'), c.lang));
      row(t('description'), s(a, 'description'));
      row(t('languages'), list(a, 'languages').map((v) => languageName(v, c.lang)).join(', '));
      row(t('delivery'), label(DELIVERY_LABELS, s(a, 'delivery'), c.lang));
      row(t('location_legend'), place(a, c));
      row(t('capacity_per_week'), s(a, 'capacity_per_week'));
      row(t('available_from'), dateOf(a, 'available_from'));
      row(t('available_until'), until || t('open_ended'));
      row(t('cost_basis'), label(COST_BASIS_LABELS, s(a, 'cost_basis'), c.lang));
      break;
    case 'essential_items':
      row(t('item_category'), label(ITEM_CATEGORY_LABELS, s(a, 'category'), c.lang));
      row(t('description'), s(a, 'description'));
      row(t('quantity'), [s(a, 'quantity'), s(a, 'unit') ? label(UNIT_LABELS, s(a, 'unit'), c.lang) : ''].filter(Boolean).join(' '));
      row(t('condition'), label(CONDITION_LABELS, s(a, 'condition'), c.lang));
      row(t('stock_location_legend'), place(a, c));
      row(t('can_deliver'), s(a, 'can_deliver') === 'yes' ? [t('yes'), s(a, 'delivery_area')].filter(Boolean).join(': ') : s(a, 'can_deliver') === 'no' ? t('no') : '');
      row(t('expiry'), dateOf(a, 'expiry'));
      break;
    case 'money':
      row(t('amount'), [s(a, 'amount'), s(a, 'currency') || 'EUR'].filter(Boolean).join(' '));
      row(t('frequency'), label(FREQUENCY_LABELS, s(a, 'frequency'), c.lang));
      row(t('purpose'), s(a, 'purpose'));
      break;
  }
  return rows;
}

export function consentRows(a: RawAnswers | undefined, lang: Lang, href: string): SummaryRow[] {
  const t = tr(lang);
  const change = t('change');
  if (!a) return [{ key: t('consents_legend'), value: t('not_completed'), href, changeLabel: change }];
  return [
    { key: t('consent_privacy_notice'), value: a.privacy_notice === 'yes' ? t('yes') : t('no'), href, changeLabel: change },
    { key: t('consent_share_legend'), value: a.share_with_partners === 'yes' ? t('yes') : t('no'), href, changeLabel: change },
  ];
}
