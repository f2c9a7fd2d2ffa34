// The frame every page of the journey shares: layout, back link, error summary, one form.
import type { PropsWithChildren } from '@kitajs/html';
import { translator, type Lang } from '../../../platform/i18n/index.js';
import { ErrorSummary, type FieldError } from '../../../platform/views/components.js';
import { Layout, type Contact } from '../../../platform/views/layout.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import { ruleMessage } from '../../../platform/validation/rules.messages.js';
import { offerMessages, type OfferMessageKey } from '../offers.messages.js';
import type { Issue } from '../offers.schemas.js';

/** What every page of the journey needs; `today` is the ISO date in Athens (date hints, examples). */
export type PageContext = { lang: Lang; url: string; contact: Contact; csrf: string; authority: string; today: string };

/** A date a month from `today`, written as the date fields expect it: «27 3 2026». */
export function dateExample(today: string): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 30);
  return `${d.getUTCDate()} ${d.getUTCMonth() + 1} ${d.getUTCFullYear()}`;
}

export function tr(lang: Lang) {
  return translator(offerMessages, lang);
}

/** Field errors in the page's language, in the order the fields appear. */
export function messagesFor(issues: Issue[] | undefined, lang: Lang, href?: (issue: Issue) => string | undefined): FieldError[] {
  const t = tr(lang);
  return (issues ?? []).map((i) => {
    const message = i.key ? t(i.key as OfferMessageKey, i.params) : ruleMessage(lang, i.rule ?? 'invalid', i.params);
    const link = href?.(i);
    return link ? { field: i.field, message, href: link } : { field: i.field, message };
  });
}

export function errorPrefix(lang: Lang): string {
  return translator(layoutMessages, lang)('error_prefix');
}

export function StepPage(
  p: PropsWithChildren<{ page: PageContext; title: string; back?: string; errors?: FieldError[]; action?: string; button?: string; wide?: boolean }>,
) {
  const t = tr(p.page.lang);
  const l = translator(layoutMessages, p.page.lang);
  return (
    <Layout lang={p.page.lang} title={p.title} url={p.page.url} contact={p.page.contact} hasErrors={Boolean(p.errors?.length)}>
      {p.back ? (
        <a href={p.back} class="govgr-back-link" safe>
          {t('back')}
        </a>
      ) : (
        ''
      )}
      <div class={p.wide ? 'prosfero-wide' : 'prosfero-narrow'}>
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        {p.action ? (
          <form method="post" action={p.action} novalidate class="govgr-form">
            <input type="hidden" name="_csrf" value={p.page.csrf} />
            {p.children}
            <button class="govgr-btn govgr-btn-primary" type="submit" safe>
              {p.button ?? t('continue')}
            </button>
          </form>
        ) : (
          p.children
        )}
      </div>
    </Layout>
  );
}
