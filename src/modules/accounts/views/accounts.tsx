// Administrators' list of staff accounts: who can sign in, with what role, where, and how.
import { translator } from '../../../platform/i18n/index.js';
import type { Gazetteer } from '../../geography/index.js';
import type { StaffChrome } from '../accounts.hooks.js';
import type { StaffAccount } from '../accounts.management.service.js';
import { accountMessages, type AccountMessageKey } from '../accounts.messages.js';
import { formatStaffTime } from './format.js';
import { StaffLayout } from './staff-layout.js';

type T = (key: AccountMessageKey, params?: Record<string, string | number>) => string;

/** The status words for an account: disabled, locked, or active (with a note until a first password is chosen). */
export function statusText(t: T, account: StaffAccount): string {
  const base = t(`status_${account.status}`);
  return account.status === 'active' && account.mustChangePassword ? `${base} · ${t('status_must_change')}` : base;
}

/** The account's regions by name, or «All» for a role that sees every region. */
export function regionsText(t: T, account: StaffAccount, gazetteer: Gazetteer, lang: StaffChrome['lang']): string {
  if (account.role !== 'regional_coordinator') return t('all_regions');
  return account.regions.map((code) => gazetteer.regionName(code, lang)).join(', ');
}

export function AccountsPage(p: { chrome: StaffChrome; accounts: StaffAccount[]; gazetteer: Gazetteer }) {
  const lang = p.chrome.lang;
  const t = translator(accountMessages, lang);
  const columns = ['col_email', 'col_role', 'col_regions', 'col_status', 'col_totp', 'col_last_sign_in'] as const;
  return (
    <StaffLayout chrome={p.chrome} title={t('accounts_title')}>
      <h1 class="govgr-heading-xl" safe>
        {t('accounts_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('accounts_intro')}
      </p>
      <p class="govgr-body">
        <a class="govgr-btn govgr-btn-primary" href="/staff/accounts/new" role="button" safe>
          {t('accounts_add')}
        </a>
      </p>
      <div class="govgr-table-container">
        <table class="govgr-table govgr-table--dense">
          <caption class="govgr-table__caption govgr-visually-hidden" safe>
            {t('accounts_caption')}
          </caption>
          <thead class="govgr-table__head">
            <tr class="govgr-table__row">
              <th scope="col" class="govgr-table__header" safe>
                {t('col_name')}
              </th>
              {columns.map((key) => (
                <th scope="col" class="govgr-table__header" safe>
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="govgr-table__body">
            {p.accounts.map((a) => (
              <tr class="govgr-table__row" id={`account-${a.id}`}>
                <th scope="row" class="govgr-table__header">
                  <a class="govgr-link" href={`/staff/accounts/${a.id}`} safe>
                    {a.name}
                  </a>
                </th>
                <td class="govgr-table__cell" safe>
                  {a.email}
                </td>
                <td class="govgr-table__cell" safe>
                  {t(`role_${a.role}`)}
                </td>
                <td class="govgr-table__cell" safe>
                  {regionsText(t, a, p.gazetteer, lang)}
                </td>
                <td class="govgr-table__cell" safe>
                  {statusText(t, a)}
                </td>
                <td class="govgr-table__cell" safe>
                  {a.totpEnrolled ? t('totp_enrolled') : t('totp_not_enrolled')}
                </td>
                <td class="govgr-table__cell">
                  {a.lastSignedInAt ? (
                    <time datetime={a.lastSignedInAt.toISOString()} safe>
                      {formatStaffTime(lang, a.lastSignedInAt)}
                    </time>
                  ) : (
                    <span safe>{t('never')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}
