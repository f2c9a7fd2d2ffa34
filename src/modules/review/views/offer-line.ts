// Words for one offer line in the list: kind, category, the key quantity and the region, e.g.
// «Στέγαση · Διαμέρισμα · 4 θέσεις · Κρήτη» / "Money · 1,500.00 € a month". Pure formatting.
import type { StaffLang } from '../../../platform/i18n/index.js';
import { translator } from '../../../platform/i18n/index.js';
import type { Gazetteer } from '../../geography/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  ITEM_CATEGORY_LABELS,
  label,
  LINE_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  OFFER_STATUS_LABELS,
  CHANNEL_LABELS,
  languageName,
} from '../../offers/index.js';
import type { OfferLineSummary } from '../review.service.js';
import { hasReviewMessage, reviewMessages } from '../review.messages.js';

export const LOCALES: Record<StaffLang, string> = { el: 'el-GR', en: 'en-GB' };

/** The list's own label for `<prefix>_<code>` (status, channel, language), or the code itself when there is none. */
export function codeLabel(lang: StaffLang, prefix: string, code: string): string {
  // statuses, channels and languages are named once, by the offers module
  if (prefix === 'status') return label(OFFER_STATUS_LABELS, code, lang);
  if (prefix === 'channel') return label(CHANNEL_LABELS, code, lang);
  if (prefix === 'language') return languageName(code, lang);
  const key = `${prefix}_${code}`;
  return hasReviewMessage(key) ? translator(reviewMessages, lang)(key) : code;
}

/** `<prefix>_one` or `<prefix>_other` by the language's plural rules, filled with the formatted number. */
function counted(lang: StaffLang, prefix: string, n: number): string {
  const form = new Intl.PluralRules(LOCALES[lang]).select(n) === 'one' ? 'one' : 'other';
  const key = `${prefix}_${form}`;
  const formatted = new Intl.NumberFormat(LOCALES[lang]).format(n);
  return hasReviewMessage(key) ? translator(reviewMessages, lang)(key, { n: formatted }) : `${formatted} ${prefix}`;
}

/** An amount in its currency; an unknown currency code is shown beside the number. */
export function formatMoney(lang: StaffLang, amount: string, currency: string): string {
  const value = Number(amount);
  try {
    return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency }).format(value);
  } catch {
    return `${new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

function quantityOf(lang: StaffLang, line: OfferLineSummary): string {
  const t = translator(reviewMessages, lang);
  switch (line.kind) {
    case 'accommodation':
      return line.places === null ? '' : counted(lang, 'places', line.places);
    case 'service':
      return line.capacityPerWeek === null ? '' : t('per_week', { n: new Intl.NumberFormat(LOCALES[lang]).format(line.capacityPerWeek) });
    case 'essential_items':
      return line.quantity === null ? '' : line.unit ? counted(lang, `unit_${line.unit}`, line.quantity) : String(line.quantity);
    case 'money': {
      if (line.amount === null || line.currency === null) return '';
      const amount = formatMoney(lang, line.amount, line.currency);
      return line.frequency === 'monthly' ? t('money_monthly', { amount }) : line.frequency === 'one_off' ? t('money_one_off', { amount }) : amount;
    }
    default:
      return '';
  }
}

/** Each kind's category labels, the same the offer form shows. Money has no category. */
const CATEGORY_LABELS: Record<string, typeof ACCOMMODATION_TYPE_LABELS> = {
  accommodation: ACCOMMODATION_TYPE_LABELS,
  service: SERVICE_CATEGORY_LABELS,
  essential_items: ITEM_CATEGORY_LABELS,
};

/** The line in words, its parts joined with « · »; parts that are missing are left out. */
export function describeLine(lang: StaffLang, line: OfferLineSummary, gazetteer: Gazetteer): string {
  const categories = CATEGORY_LABELS[line.kind];
  return [
    label(LINE_KIND_LABELS, line.kind, lang),
    line.category && categories ? label(categories, line.category, lang) : '',
    quantityOf(lang, line),
    line.regionCode ? gazetteer.regionName(line.regionCode, lang) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Date and time in Greece (Europe/Athens, EET/EEST), e.g. 27/03/2026, 10:15. */
export function formatAthensTime(lang: StaffLang, at: Date): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Athens',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}
