import { translator } from '../../../platform/i18n/index.js';
import { Button, ErrorSummary, errorFor, Form, TextInput, type FieldError } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import type { StaffChrome } from '../accounts.hooks.js';
import { accountMessages } from '../accounts.messages.js';
import { PASSWORD_MIN } from '../accounts.schemas.js';
import { StaffLayout } from './staff-layout.js';

/** Change password: current, new, confirm. Passwords are never written back into the page. */
export function PasswordPage(p: { chrome: StaffChrome; mustChange: boolean; errors?: FieldError[] }) {
  const t = translator(accountMessages, p.chrome.lang);
  const l = translator(layoutMessages, p.chrome.lang);
  const hasErrors = (p.errors?.length ?? 0) > 0;
  return (
    <StaffLayout chrome={p.chrome} title={t('password_title')} hasErrors={hasErrors}>
      <div class="govgr-grid-column-two-thirds">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        <h1 class="govgr-heading-xl" safe>
          {t('password_title')}
        </h1>
        {p.mustChange ? (
          <p class="govgr-body" safe>
            {t('password_must_change')}
          </p>
        ) : (
          ''
        )}
        <p class="govgr-body" safe>
          {t('password_intro')}
        </p>
        <Form action="/staff/password" csrf={p.chrome.csrf}>
          <TextInput
            name="current_password"
            type="password"
            label={t('current_password_label')}
            error={errorFor(p.errors, 'current_password')}
            errorPrefix={l('error_prefix')}
            autocomplete="current-password"
          />
          <TextInput
            name="new_password"
            type="password"
            label={t('new_password_label')}
            hint={t('new_password_hint', { min: PASSWORD_MIN })}
            error={errorFor(p.errors, 'new_password')}
            errorPrefix={l('error_prefix')}
            autocomplete="new-password"
          />
          <TextInput
            name="confirm_password"
            type="password"
            label={t('confirm_password_label')}
            error={errorFor(p.errors, 'confirm_password')}
            errorPrefix={l('error_prefix')}
            autocomplete="new-password"
          />
          <Button text={t('change_password_button')} />
        </Form>
      </div>
    </StaffLayout>
  );
}
