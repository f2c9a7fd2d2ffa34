import { translator } from '../../../platform/i18n/index.js';
import { Button, ErrorSummary, errorFor, Form, TextInput, type FieldError } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import type { StaffChrome } from '../accounts.hooks.js';
import { accountMessages } from '../accounts.messages.js';
import { StaffLayout } from './staff-layout.js';

/** The code field, shared by the sign-in code page and the enrolment page. */
export function CodeInput(p: { chrome: StaffChrome; errors?: FieldError[] }) {
  const t = translator(accountMessages, p.chrome.lang);
  const l = translator(layoutMessages, p.chrome.lang);
  return (
    <TextInput
      name="code"
      label={t('code_label')}
      hint={t('code_hint')}
      error={errorFor(p.errors, 'code')}
      errorPrefix={l('error_prefix')}
      autocomplete="one-time-code"
      inputmode="numeric"
      width="5"
      maxlength={12}
      spellcheck={false}
    />
  );
}

/** Second step of signing in: the 6-digit code from the member's authenticator. The code is never written back. */
export function TotpPage(p: { chrome: StaffChrome; errors?: FieldError[] }) {
  const t = translator(accountMessages, p.chrome.lang);
  const l = translator(layoutMessages, p.chrome.lang);
  const hasErrors = (p.errors?.length ?? 0) > 0;
  return (
    <StaffLayout chrome={p.chrome} title={t('totp_title')} hasErrors={hasErrors}>
      <div class="govgr-grid-column-two-thirds">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        <h1 class="govgr-heading-xl" safe>
          {t('totp_title')}
        </h1>
        <p class="govgr-body" safe>
          {t('totp_intro')}
        </p>
        <Form action="/staff/totp" csrf={p.chrome.csrf}>
          <CodeInput chrome={p.chrome} errors={p.errors} />
          <Button text={t('verify_button')} />
        </Form>
      </div>
    </StaffLayout>
  );
}
