// The frame of every staff page: the shared Layout in Greek or English, with the staff menu
// (only what the member's role may open) and the sign-out button once signed in.
import type { PropsWithChildren } from '@kitajs/html';
import { STAFF_LANGUAGES, translator } from '../../../platform/i18n/index.js';
import { Layout } from '../../../platform/views/layout.js';
import type { StaffChrome } from '../accounts.hooks.js';
import { accountMessages } from '../accounts.messages.js';
import { can } from '../accounts.policy.js';

export function StaffLayout(p: PropsWithChildren<{ chrome: StaffChrome; title: string; hasErrors?: boolean }>) {
  const { chrome } = p;
  const t = translator(accountMessages, chrome.lang);
  const member = chrome.member;
  // A half-signed-in member (pendingStep set) sees no menu: only the step's page and sign-out.
  const nav =
    member && member.pendingStep === null
      ? [
          ...(can(member.role, 'dashboard.view') ? [{ href: '/staff/dashboard', label: t('nav_dashboard') }] : []),
          ...(can(member.role, 'offers.list') ? [{ href: '/staff/offers', label: t('nav_offers') }] : []),
          ...(can(member.role, 'needs.view') ? [{ href: '/staff/needs', label: t('nav_needs') }] : []),
          ...(can(member.role, 'offers.import') ? [{ href: '/staff/imports', label: t('nav_imports') }] : []),
          ...(can(member.role, 'settings.manage') ? [{ href: '/staff/settings', label: t('nav_settings') }] : []),
          ...(can(member.role, 'staff.manage') ? [{ href: '/staff/accounts', label: t('nav_accounts') }] : []),
          ...(can(member.role, 'audit.view') ? [{ href: '/staff/audit', label: t('nav_audit') }] : []),
          ...(member.totpEnrolled ? [] : [{ href: '/staff/totp/enrol', label: t('nav_totp') }]),
          { href: '/staff/password', label: t('nav_password') },
        ]
      : [];
  return (
    <Layout
      lang={chrome.lang}
      title={p.title}
      url={chrome.url}
      contact={chrome.contact}
      hasErrors={p.hasErrors}
      languages={STAFF_LANGUAGES}
      staff={member ? { name: member.name, csrf: chrome.csrf, nav } : undefined}
    >
      {p.children}
    </Layout>
  );
}
