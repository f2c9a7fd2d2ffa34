// The page a check email's link opens (el/en/uk): the question and the one answer chosen, as a
// POST button, so a mail scanner's prefetch never answers; and the pages after an answer.
// The staff settings page (el/en) is here too.
import type { PropsWithChildren } from '@kitajs/html';
import { translator, type Lang } from '../../../platform/i18n/index.js';
import { ErrorSummary, errorFor, Radios, type FieldError } from '../../../platform/views/components.js';
import { Layout, type Contact } from '../../../platform/views/layout.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import { formatReference, label, OFFER_STATUS_LABELS } from '../../offers/index.js';
import { availabilityMessages } from '../availability.messages.js';
import { AVAILABILITY_ANSWERS, type AvailabilityAnswer } from '../availability.service.js';

export type PageContext = { lang: Lang; url: string; contact: Contact; csrf: string };
const tr = (lang: Lang) => translator(availabilityMessages, lang);

function Frame({ page, title, children }: PropsWithChildren<{ page: PageContext; title: string }>) {
  return (
    <Layout lang={page.lang} title={title} url={page.url} contact={page.contact}>
      <div class="prosfero-narrow">
        <h1 class="govgr-heading-xl" safe>
          {title}
        </h1>
        {children}
      </div>
    </Layout>
  );
}

/** The question with one answer (`answer` from the link) or, without one, all three. */
export function AnswerPage({ page, reference, token, answer }: { page: PageContext; reference: string; token: string; answer: AvailabilityAnswer | null }) {
  const t = tr(page.lang);
  const answers = answer ? [answer] : AVAILABILITY_ANSWERS;
  return (
    <Frame page={page} title={t('page_title', { reference: formatReference(reference) })}>
      <p class="govgr-body-l" safe>
        {t('page_question')}
      </p>
      {answers.map((a) => (
        <form method="post" action={`/manage/availability/${token}`} novalidate class="govgr-form">
          <input type="hidden" name="_csrf" value={page.csrf} />
          <input type="hidden" name="answer" value={a} />
          {answer ? (
            <p class="govgr-body" safe>
              {t(`page_confirm_${a}`)}
            </p>
          ) : (
            ''
          )}
          <button type="submit" class={a === 'no_longer_available' ? 'govgr-btn govgr-btn-warning' : a === 'changed' ? 'govgr-btn govgr-btn-secondary' : 'govgr-btn govgr-btn-primary'} safe>
            {t(`answer_${a}`)}
          </button>
        </form>
      ))}
    </Frame>
  );
}

export function ThanksPage({ page, reference, days }: { page: PageContext; reference: string; days: number }) {
  const t = tr(page.lang);
  return (
    <Frame page={page} title={t('thanks_title')}>
      <p class="govgr-body" safe>
        {t('thanks_body', { reference: formatReference(reference), days })}
      </p>
    </Frame>
  );
}

/** An answered, expired, unknown link or a closed offer: what it means, and where to go. */
export function AnswerProblemPage({ page, state, reference, status }: { page: PageContext; state: 'answered' | 'closed' | 'expired' | 'unknown'; reference?: string; status?: string }) {
  const t = tr(page.lang);
  const ref = reference ? formatReference(reference) : '';
  const title =
    state === 'answered' ? t('thanks_title') : state === 'closed' ? t('closed_title') : state === 'expired' ? t('link_expired_title') : t('link_unknown_title');
  const body =
    state === 'answered'
      ? t('already_answered', { reference: ref })
      : state === 'closed'
        ? t('closed_body', { reference: ref, status: label(OFFER_STATUS_LABELS, status ?? '', page.lang) })
        : t('link_problem_body');
  return (
    <Frame page={page} title={title}>
      <p class="govgr-body" safe>
        {body}
      </p>
      <p class="govgr-body">
        <a class="govgr-link" href="/manage" safe>
          {t('ask_link')}
        </a>
      </p>
    </Frame>
  );
}

export function SettingsPage({
  chrome,
  expireUnconfirmed,
  unconfirmed,
  checkDays,
  reminderDays,
  saved,
  errors,
}: {
  chrome: StaffChrome;
  expireUnconfirmed: boolean | null;
  unconfirmed: number;
  checkDays: number;
  reminderDays: number;
  saved?: boolean;
  errors?: FieldError[];
}) {
  const t = tr(chrome.lang);
  const l = translator(layoutMessages, chrome.lang);
  return (
    <StaffLayout chrome={chrome} title={t('settings_title')} hasErrors={Boolean(errors?.length)}>
      <div class="prosfero-narrow">
        <ErrorSummary errors={errors} title={l('error_summary_title')} />
        {saved ? (
          <div class="govgr-panel govgr-panel--success prosfero-notice" role="status">
            <p class="govgr-body" safe>
              {t('settings_saved')}
            </p>
          </div>
        ) : (
          ''
        )}
        <h1 class="govgr-heading-xl" safe>
          {t('settings_title')}
        </h1>
        <h2 class="govgr-heading-m" safe>
          {t('settings_availability_heading')}
        </h2>
        <p class="govgr-body" safe>
          {t('settings_availability_lead', { days: checkDays, reminder: reminderDays })}
        </p>
        <p class="govgr-body">
          <a class="govgr-link" href="/staff/offers?unconfirmed=yes" safe>
            {t('settings_unconfirmed_count', { count: unconfirmed })}
          </a>
        </p>
        <form method="post" action="/staff/settings" novalidate class="govgr-form">
          <input type="hidden" name="_csrf" value={chrome.csrf} />
          <Radios
            name="expire_unconfirmed"
            legend={t('settings_expire_legend')}
            hint={t('settings_expire_hint')}
            options={[
              { value: 'yes', label: t('settings_expire_yes') },
              { value: 'no', label: t('settings_expire_no') },
            ]}
            value={expireUnconfirmed === null ? null : expireUnconfirmed ? 'yes' : 'no'}
            error={errorFor(errors, 'expire_unconfirmed')}
            errorPrefix={l('error_prefix')}
          />
          <button type="submit" class="govgr-btn govgr-btn-primary" safe>
            {t('settings_save')}
          </button>
        </form>
      </div>
    </StaffLayout>
  );
}
