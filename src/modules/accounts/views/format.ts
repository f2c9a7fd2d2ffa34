// Dates on staff pages are Greek wall-clock times, whatever the server's time zone.
import type { StaffLang } from '../../../platform/i18n/index.js';

const LOCALE: Record<StaffLang, string> = { el: 'el-GR', en: 'en-GB' };

/** Date and time in Greece (Europe/Athens, EET/EEST, IANA tz database), e.g. 27/03/2026, 10:15. */
export function formatStaffTime(lang: StaffLang, at: Date, withSeconds = false): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: 'Europe/Athens',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
  }).format(at);
}
