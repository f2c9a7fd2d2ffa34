import { translator } from '../../../platform/i18n/index.js';
import { Button, ErrorSummary, Form, type FieldError } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import type { StaffChrome } from '../accounts.hooks.js';
import { accountMessages } from '../accounts.messages.js';
import { StaffLayout } from './staff-layout.js';
import { CodeInput } from './totp.js';

/**
 * Enrolment: the secret as a QR code (inline SVG drawn on the server, so no script and no image
 * request) and as grouped base32 text for typing by hand, then a code to confirm.
 * @param safeQrSvg SVG markup from accounts.totp `qrCodeSvg`: made by the qrcode package from
 *   the otpauth URI, with no user-controlled markup, so it is inserted as it is.
 */
export function TotpEnrolPage(p: {
  chrome: StaffChrome;
  required: boolean;
  safeQrSvg: string;
  groupedSecret: string;
  accountName: string;
  errors?: FieldError[];
}) {
  const t = translator(accountMessages, p.chrome.lang);
  const l = translator(layoutMessages, p.chrome.lang);
  const hasErrors = (p.errors?.length ?? 0) > 0;
  const safeQrSvg = p.safeQrSvg;
  return (
    <StaffLayout chrome={p.chrome} title={t('enrol_title')} hasErrors={hasErrors}>
      <div class="govgr-grid-column-two-thirds">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        <h1 class="govgr-heading-xl" safe>
          {t('enrol_title')}
        </h1>
        <p class="govgr-body" safe>
          {p.required ? t('enrol_intro_required') : t('enrol_intro_optional')}
        </p>
        <ol class="govgr-list govgr-list--number">
          <li>
            <p class="govgr-body" safe>
              {t('enrol_step_app')}
            </p>
          </li>
          <li>
            <p class="govgr-body" safe>
              {t('enrol_step_scan')}
            </p>
            <div>{safeQrSvg}</div>
          </li>
          <li>
            <p class="govgr-body" safe>
              {t('enrol_step_type')}
            </p>
            <dl class="govgr-summary-list">
              <div class="govgr-summary-list__row">
                <dt class="govgr-summary-list__key" safe>
                  {t('enrol_account_label')}
                </dt>
                <dd class="govgr-summary-list__value" safe>
                  {p.accountName}
                </dd>
              </div>
              <div class="govgr-summary-list__row">
                <dt class="govgr-summary-list__key" safe>
                  {t('enrol_key_label')}
                </dt>
                <dd class="govgr-summary-list__value">
                  <code lang="en" safe>
                    {p.groupedSecret}
                  </code>
                </dd>
              </div>
            </dl>
          </li>
          <li>
            <p class="govgr-body" safe>
              {t('enrol_step_confirm')}
            </p>
          </li>
        </ol>
        <Form action="/staff/totp/enrol" csrf={p.chrome.csrf}>
          <CodeInput chrome={p.chrome} errors={p.errors} />
          <Button text={t('enrol_button')} />
        </Form>
      </div>
    </StaffLayout>
  );
}
