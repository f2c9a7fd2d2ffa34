import { Layout } from '../../../platform/views/layout.js';
import { tr, type PageContext } from './frame.js';

/** The start page; `resumable` when this browser has answers in progress, which it offers to continue. */
export function StartPage({ page, resumable }: { page: PageContext; resumable?: boolean }) {
  const t = tr(page.lang);
  return (
    <Layout lang={page.lang} title={t('start_title')} url={page.url} contact={page.contact}>
      <div class="prosfero-narrow">
        <h1 class="govgr-heading-xl" safe>
          {t('start_title')}
        </h1>
        <p class="govgr-body-l" safe>
          {t('start_lead', { authority: page.authority })}
        </p>
        <h2 class="govgr-heading-m" safe>
          {t('start_who_title')}
        </h2>
        <p class="govgr-body" safe>
          {t('start_who')}
        </p>
        <h2 class="govgr-heading-m" safe>
          {t('start_kinds_title')}
        </h2>
        <ul class="govgr-list govgr-list--bullet">
          <li safe>{t('start_kind_accommodation')}</li>
          <li safe>{t('start_kind_service')}</li>
          <li safe>{t('start_kind_essential_items')}</li>
          <li safe>{t('start_kind_money')}</li>
        </ul>
        <h2 class="govgr-heading-m" safe>
          {t('start_before_title')}
        </h2>
        <p class="govgr-body" safe>
          {t('start_before')}
        </p>
        {resumable ? (
          <div class="govgr-panel prosfero-resume">
            <p class="govgr-body">
              <a class="govgr-link govgr-body-l" href="/offers/new/check" safe>
                {t('continue_draft')}
              </a>
            </p>
            <p class="govgr-hint" safe>
              {t('continue_draft_hint')}
            </p>
          </div>
        ) : (
          ''
        )}
        <form method="post" action="/offers/new" class="govgr-form">
          <input type="hidden" name="_csrf" value={page.csrf} />
          <button type="submit" class={resumable ? 'govgr-btn govgr-btn-secondary' : 'govgr-btn govgr-btn-primary govgr-btn-cta'} safe>
            {resumable ? t('start_new') : t('start_button')}
          </button>
        </form>
        <h2 class="govgr-heading-m" safe>
          {t('start_after_title')}
        </h2>
        <p class="govgr-body" safe>
          {t('start_after')}
        </p>
        <p class="govgr-body">
          <a class="govgr-link" href="/privacy" safe>
            {t('start_privacy')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function PrivacyPage({ page }: { page: PageContext }) {
  const t = tr(page.lang);
  return (
    <Layout lang={page.lang} title={t('privacy_title')} url={page.url} contact={page.contact}>
      <div class="prosfero-narrow">
        <h1 class="govgr-heading-xl" safe>
          {t('privacy_title')}
        </h1>
        <p class="govgr-body" safe>
          {t('privacy_body_1', { authority: page.authority })}
        </p>
        <p class="govgr-body" safe>
          {t('privacy_body_2')}
        </p>
        <p class="govgr-body" safe>
          {t('privacy_body_3', { email: page.contact.email })}
        </p>
      </div>
    </Layout>
  );
}
