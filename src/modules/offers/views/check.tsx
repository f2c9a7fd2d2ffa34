import { SummaryList, type FieldError } from '../../../platform/views/components.js';
import type { Gazetteer } from '../../geography/index.js';
import type { DraftAnswers } from '../offers.service.js';
import { formatReference } from '../offers.reference.js';
import { StepPage, tr, type PageContext } from './frame.js';
import { consentRows, contactRows, lineRows, organisationRows } from './summary.js';

export function CheckPage(p: { page: PageContext; gazetteer: Gazetteer; answers: DraftAnswers; errors?: FieldError[] }) {
  const lang = p.page.lang;
  const t = tr(lang);
  const c = { lang, gazetteer: p.gazetteer };
  const ret = '?return=check';
  return (
    <StepPage page={p.page} title={t('check_title')} back="/offers/new/consents" errors={p.errors} wide>
      <h1 class="govgr-heading-l" safe>
        {t('check_title')}
      </h1>
      <h2 class="govgr-heading-m" safe>
        {t('check_organisation')}
      </h2>
      <SummaryList rows={organisationRows(p.answers.organisation_kind, p.answers.organisation, c, `/offers/new/organisation${ret}`, `/offers/new/organisation-kind${ret}`)} />
      <h2 class="govgr-heading-m" safe>
        {t('check_contact')}
      </h2>
      <SummaryList rows={contactRows(p.answers.contact, c, `/offers/new/contact${ret}`)} />
      <h2 class="govgr-heading-m" safe>
        {t('check_lines')}
      </h2>
      {(p.answers.lines ?? []).map((l, i) => (
        <>
          <h3 class="govgr-heading-s" safe>
            {`${t('line_n', { n: i + 1 })}: ${t(`kind_${l.kind}`)}`}
          </h3>
          <SummaryList rows={lineRows(l.kind, l.answers, c, `/offers/new/lines/${l.id}${ret}`)} />
        </>
      ))}
      <p class="govgr-body">
        <a class="govgr-link" href="/offers/new/lines" safe>
          {(p.answers.lines ?? []).length === 0 ? t('add_line') : t('add_another_line')}
        </a>
      </p>
      <h2 class="govgr-heading-m" safe>
        {t('check_consents')}
      </h2>
      <SummaryList rows={consentRows(p.answers.consents, lang, `/offers/new/consents${ret}`)} />
      <h2 class="govgr-heading-m" safe>
        {t('submit_title')}
      </h2>
      <p class="govgr-body" safe>
        {t('submit_text')}
      </p>
      <form method="post" action="/offers/new/submit" novalidate class="govgr-form">
        <input type="hidden" name="_csrf" value={p.page.csrf} />
        <button type="submit" class="govgr-btn govgr-btn-primary" safe>
          {t('submit_button')}
        </button>
      </form>
    </StepPage>
  );
}

export function ConfirmationPage(p: { page: PageContext; reference: string }) {
  const t = tr(p.page.lang);
  const ref = formatReference(p.reference);
  return (
    <StepPage page={p.page} title={t('confirmation_title')}>
      <div class="govgr-panel govgr-panel--confirmation">
        <h1 class="govgr-panel__title" safe>
          {t('confirmation_title')}
        </h1>
        <div class="govgr-panel__body">
          <span safe>{t('confirmation_reference')}</span>
          <br />
          <strong class="prosfero-reference" data-reference={p.reference} safe>
            {ref}
          </strong>
        </div>
      </div>
      <p class="govgr-body" safe>
        {t('confirmation_keep')}
      </p>
      <h2 class="govgr-heading-m" safe>
        {t('confirmation_next_title')}
      </h2>
      <p class="govgr-body" safe>
        {t('confirmation_next')}
      </p>
      <h2 class="govgr-heading-m" safe>
        {t('confirmation_contact_title')}
      </h2>
      <p class="govgr-body" safe>
        {t('confirmation_contact', { phones: p.page.contact.phones.join(', '), email: p.page.contact.email })}
      </p>
      <p class="govgr-body">
        <a class="govgr-link" href="/" safe>
          {t('confirmation_another')}
        </a>
      </p>
    </StepPage>
  );
}
