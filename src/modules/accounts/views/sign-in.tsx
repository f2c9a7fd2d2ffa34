import { translator } from '../../../platform/i18n/index.js';
import { Button, ErrorSummary, errorFor, Form, TextInput, type FieldError } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import type { StaffChrome } from '../accounts.hooks.js';
import { accountMessages } from '../accounts.messages.js';
import { StaffLayout } from './staff-layout.js';

/** The staff sign-in form. The email is kept after a failure; the password never is. */
export function SignInPage(p: { chrome: StaffChrome; email: string; errors?: FieldError[] }) {
  const t = translator(accountMessages, p.chrome.lang);
  const l = translator(layoutMessages, p.chrome.lang);
  const hasErrors = (p.errors?.length ?? 0) > 0;
  return (
    <StaffLayout chrome={p.chrome} title={t('sign_in_title')} hasErrors={hasErrors}>
      <div class="govgr-grid-column-two-thirds">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        <h1 class="govgr-heading-xl" safe>
          {t('sign_in_title')}
        </h1>
        <p class="govgr-body" safe>
          {t('sign_in_intro')}
        </p>
        <Form action="/staff/sign-in" csrf={p.chrome.csrf}>
          <TextInput
            name="email"
            type="email"
            label={t('email_label')}
            value={p.email}
            error={errorFor(p.errors, 'email')}
            errorPrefix={l('error_prefix')}
            autocomplete="username"
            spellcheck={false}
            maxlength={254}
          />
          <TextInput
            name="password"
            type="password"
            label={t('password_label')}
            error={errorFor(p.errors, 'password')}
            errorPrefix={l('error_prefix')}
            autocomplete="current-password"
          />
          <Button text={t('sign_in_button')} />
        </Form>
      </div>
    </StaffLayout>
  );
}
