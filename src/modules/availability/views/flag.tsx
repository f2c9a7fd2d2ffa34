// The `unconfirmed` flag on the staff offer page (el/en).
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { formatStaffTime } from '../../accounts/index.js';
import { availabilityMessages } from '../availability.messages.js';

/** A warning when the offeror answered neither the availability check nor its two reminders. */
export function UnconfirmedFlag({ lang, unconfirmedAt }: { lang: StaffLang; unconfirmedAt: Date | null }) {
  if (!unconfirmedAt) return '';
  const t = translator(availabilityMessages, lang);
  return (
    <div class="govgr-warning-text" id="unconfirmed">
      <strong class="govgr-tag" safe>
        {t('unconfirmed_flag')}
      </strong>{' '}
      <span safe>{t('unconfirmed_since', { date: formatStaffTime(lang, unconfirmedAt) })}</span>
    </div>
  );
}
