import { Checkboxes, errorFor, type FieldError } from '../../../platform/views/components.js';
import { parseBoolean } from '../../../platform/validation/rules.js';
import type { RawAnswers } from '../offers.schemas.js';
import { errorPrefix, StepPage, tr, type PageContext } from './frame.js';

export function ConsentsPage(p: { page: PageContext; answers?: RawAnswers; errors?: FieldError[]; action: string; back: string }) {
  const t = tr(p.page.lang);
  const ep = errorPrefix(p.page.lang);
  // ticked as the schema reads it (parseBoolean), so a box shown empty never counts as agreed
  const checked = (name: string) => {
    const r = parseBoolean(p.answers?.[name]);
    return r.ok && r.value ? ['yes'] : [];
  };
  return (
    <StepPage page={p.page} title={t('consents_title')} back={p.back} errors={p.errors} action={p.action}>
      <h1 class="govgr-heading-l" safe>
        {t('consents_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('consents_intro')}
      </p>
      <p class="govgr-body">
        <a class="govgr-link" href="/privacy" target="_blank" rel="noopener" safe>
          {t('start_privacy')}
        </a>
      </p>
      <Checkboxes
        name="privacy_notice"
        legend={t('consents_legend')}
        values={checked('privacy_notice')}
        error={errorFor(p.errors, 'privacy_notice')}
        errorPrefix={ep}
        options={[{ value: 'yes', label: t('consent_privacy_notice') }]}
      />
      <Checkboxes
        name="share_with_partners"
        legend={t('consent_share_legend')}
        hint={t('consent_share_hint')}
        values={checked('share_with_partners')}
        errorPrefix={ep}
        options={[{ value: 'yes', label: t('consent_share') }]}
      />
    </StepPage>
  );
}
