// One staff account for administrators: the form to add a member, or to edit one with the
// sign-in and access actions (disable or enable, reset sign-in) below it.
import { translator } from '../../../platform/i18n/index.js';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorFor,
  Form,
  Radios,
  SummaryList,
  TextInput,
  type FieldError,
} from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import type { Gazetteer } from '../../geography/index.js';
import type { StaffChrome } from '../accounts.hooks.js';
import type { StaffAccount } from '../accounts.management.service.js';
import { accountMessages } from '../accounts.messages.js';
import { STAFF_ROLES } from '../accounts.policy.js';
import { regionsText, statusText } from './accounts.js';
import { formatStaffTime } from './format.js';
import { StaffLayout } from './staff-layout.js';

/** The answers shown in the form: the account's, or what the administrator just sent. */
export type AccountFormValues = { email?: string; name: string; role: string; language: string; regions: readonly string[] };

function BackLink(p: { href: string; text: string }) {
  return (
    <a href={p.href} class="govgr-back-link" safe>
      {p.text}
    </a>
  );
}

function DetailsFields(p: { chrome: StaffChrome; values: AccountFormValues; errors?: FieldError[]; gazetteer: Gazetteer; withEmail: boolean }) {
  const lang = p.chrome.lang;
  const t = translator(accountMessages, lang);
  const l = translator(layoutMessages, lang);
  return (
    <>
      {p.withEmail ? (
        <TextInput
          name="email"
          type="email"
          label={t('email_label')}
          value={p.values.email ?? ''}
          error={errorFor(p.errors, 'email')}
          errorPrefix={l('error_prefix')}
          autocomplete="off"
          spellcheck={false}
          maxlength={254}
        />
      ) : (
        ''
      )}
      <TextInput
        name="name"
        label={t('name_label')}
        value={p.values.name}
        error={errorFor(p.errors, 'name')}
        errorPrefix={l('error_prefix')}
        autocomplete="off"
        spellcheck={false}
        maxlength={200}
      />
      <Radios
        name="role"
        legend={t('role_label')}
        value={p.values.role}
        error={errorFor(p.errors, 'role')}
        errorPrefix={l('error_prefix')}
        options={STAFF_ROLES.map((role) => ({ value: role, label: t(`role_${role}`), hint: t(`role_hint_${role}`) }))}
      />
      <Checkboxes
        name="regions"
        legend={t('regions_label')}
        hint={t('regions_hint')}
        values={p.values.regions}
        error={errorFor(p.errors, 'regions')}
        errorPrefix={l('error_prefix')}
        options={p.gazetteer.regions(lang).map((r) => ({ value: r.code, label: r.label }))}
      />
      <Radios
        name="language"
        legend={t('language_label')}
        hint={t('language_hint')}
        value={p.values.language}
        error={errorFor(p.errors, 'language')}
        errorPrefix={l('error_prefix')}
        inline
        options={[
          { value: 'el', label: t('language_el') },
          { value: 'en', label: t('language_en') },
        ]}
      />
    </>
  );
}

/** Add a staff member: email, name, role, regions, language. */
export function NewAccountPage(p: { chrome: StaffChrome; values: AccountFormValues; errors?: FieldError[]; gazetteer: Gazetteer }) {
  const t = translator(accountMessages, p.chrome.lang);
  const l = translator(layoutMessages, p.chrome.lang);
  const hasErrors = (p.errors?.length ?? 0) > 0;
  return (
    <StaffLayout chrome={p.chrome} title={t('new_title')} hasErrors={hasErrors}>
      <BackLink href="/staff/accounts" text={t('back_to_accounts')} />
      <div class="govgr-grid-column-two-thirds">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        <h1 class="govgr-heading-xl" safe>
          {t('new_title')}
        </h1>
        <Form action="/staff/accounts" csrf={p.chrome.csrf}>
          <DetailsFields chrome={p.chrome} values={p.values} errors={p.errors} gazetteer={p.gazetteer} withEmail />
          <Button text={t('create_button')} />
        </Form>
      </div>
    </StaffLayout>
  );
}

/** Edit a staff member, and disable, enable or reset their sign-in. */
export function EditAccountPage(p: {
  chrome: StaffChrome;
  account: StaffAccount;
  values: AccountFormValues;
  errors?: FieldError[];
  notice?: string;
  gazetteer: Gazetteer;
}) {
  const lang = p.chrome.lang;
  const t = translator(accountMessages, lang);
  const l = translator(layoutMessages, lang);
  const a = p.account;
  const hasErrors = (p.errors?.length ?? 0) > 0;
  const base = `/staff/accounts/${a.id}`;
  const title = t('edit_title', { name: a.name });
  return (
    <StaffLayout chrome={p.chrome} title={title} hasErrors={hasErrors}>
      <BackLink href="/staff/accounts" text={t('back_to_accounts')} />
      <div class="govgr-grid-column-two-thirds">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        {p.notice ? (
          <div class="govgr-notification-banner govgr-notification-banner--success" role="status">
            <p class="govgr-body" safe>
              {p.notice}
            </p>
          </div>
        ) : (
          ''
        )}
        <h1 class="govgr-heading-xl" safe>
          {title}
        </h1>
        <SummaryList
          rows={[
            { key: t('col_email'), value: a.email },
            { key: t('col_role'), value: t(`role_${a.role}`) },
            { key: t('col_regions'), value: regionsText(t, a, p.gazetteer, lang) },
            { key: t('status_label'), value: statusText(t, a) },
            { key: t('col_totp'), value: a.totpEnrolled ? t('totp_enrolled') : t('totp_not_enrolled') },
            { key: t('col_last_sign_in'), value: a.lastSignedInAt ? formatStaffTime(lang, a.lastSignedInAt) : t('never') },
          ]}
        />
        <h2 class="govgr-heading-l" safe>
          {t('details_heading')}
        </h2>
        <Form action={base} csrf={p.chrome.csrf}>
          <DetailsFields chrome={p.chrome} values={p.values} errors={p.errors} gazetteer={p.gazetteer} withEmail={false} />
          <Button text={t('save_button')} />
        </Form>
        <h2 class="govgr-heading-l" id="access" safe>
          {t('access_heading')}
        </h2>
        {a.status === 'disabled' ? (
          <Form action={`${base}/enable`} csrf={p.chrome.csrf}>
            <p class="govgr-body" safe>
              {t('enable_hint')}
            </p>
            <Button text={t('enable_button')} secondary />
          </Form>
        ) : (
          <Form action={`${base}/disable`} csrf={p.chrome.csrf}>
            <p class="govgr-body" safe>
              {t('disable_hint')}
            </p>
            <Button text={t('disable_button')} warning />
          </Form>
        )}
        <Form action={`${base}/reset-sign-in`} csrf={p.chrome.csrf}>
          <p class="govgr-body" safe>
            {t('reset_hint')}
          </p>
          <Button text={t('reset_button')} warning />
        </Form>
      </div>
    </StaffLayout>
  );
}

/**
 * The one-time password, shown once in the response to the POST that made it (creating an
 * account or resetting its sign-in); it is stored only as its argon2 hash.
 */
export function OneTimePasswordPage(p: { chrome: StaffChrome; kind: 'created' | 'reset'; accountId: string; name: string; password: string }) {
  const t = translator(accountMessages, p.chrome.lang);
  const title = p.kind === 'created' ? t('created_title') : t('reset_title');
  return (
    <StaffLayout chrome={p.chrome} title={title}>
      <div class="govgr-grid-column-two-thirds">
        <div class="govgr-panel govgr-panel--confirmation">
          <h1 class="govgr-panel__title" safe>
            {title}
          </h1>
          <div class="govgr-panel__body">
            <p safe>{t('one_time_password_label')}</p>
            <p>
              <code lang="en" id="one-time-password" safe>
                {p.password}
              </code>
            </p>
          </div>
        </div>
        <p class="govgr-body" safe>
          {t(p.kind === 'created' ? 'created_intro' : 'reset_intro', { name: p.name })}
        </p>
        <p class="govgr-body">
          <a class="govgr-link" href={`/staff/accounts/${p.accountId}`} safe>
            {t('back_to_account', { name: p.name })}
          </a>
        </p>
        <p class="govgr-body">
          <a class="govgr-link" href="/staff/accounts" safe>
            {t('back_to_accounts')}
          </a>
        </p>
      </div>
    </StaffLayout>
  );
}
