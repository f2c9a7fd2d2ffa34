// Formatting for the casework page: times and dates in Greece, numbers and money in the staff
// member's language, codes in words. Pure functions.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { CHANNEL_LABELS, OFFER_STATUS_LABELS, label, languageName } from '../../offers/index.js';
import { caseworkMessages, hasCaseworkMessage } from '../casework.messages.js';

export const LOCALES: Record<StaffLang, string> = { el: 'el-GR', en: 'en-GB' };

/** Date and time in Greece (Europe/Athens, EET/EEST), e.g. 27/03/2026, 10:15. */
export function formatTime(lang: StaffLang, at: Date): string {
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

/** A calendar date stored as 'YYYY-MM-DD', as DD/MM/YYYY (it has no time zone to convert). */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function formatNumber(lang: StaffLang, n: number): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

/** An amount (decimal string) in its currency; an unknown currency code is shown beside the number. */
export function formatMoney(lang: StaffLang, amount: string, currency: string): string {
  const value = Number(amount);
  try {
    return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency }).format(value);
  } catch {
    return `${new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

/** The page's label for `<prefix>_<code>` (status, channel, event, outcome…), or the code as stored. */
export function codeLabel(lang: StaffLang, prefix: string, code: string): string {
  // statuses, channels and languages are named once, by the offers module
  if (prefix === 'status') return label(OFFER_STATUS_LABELS, code, lang);
  if (prefix === 'channel') return label(CHANNEL_LABELS, code, lang);
  if (prefix === 'language') return languageName(code, lang);
  const key = `${prefix}_${code}`;
  return hasCaseworkMessage(key) ? translator(caseworkMessages, lang)(key) : code;
}
