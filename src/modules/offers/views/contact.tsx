import { LANGUAGE_NAMES, LANGUAGES } from '../../../platform/i18n/index.js';
import { Radios, TextInput, errorFor, type FieldError } from '../../../platform/views/components.js';
import type { RawAnswers } from '../offers.schemas.js';
import { errorPrefix, StepPage, tr, type PageContext } from './frame.js';
import { str } from './organisation.js';

export function ContactPage(p: { page: PageContext; answers?: RawAnswers; errors?: FieldError[]; action: string; back: string }) {
  const t = tr(p.page.lang);
  const ep = errorPrefix(p.page.lang);
  const input = (name: string, labelText: string, extra: Partial<Parameters<typeof TextInput>[0]> = {}) => (
    <TextInput name={name} label={labelText} value={str(p.answers, name)} error={errorFor(p.errors, name)} errorPrefix={ep} {...extra} />
  );
  return (
    <StepPage page={p.page} title={t('contact_title')} back={p.back} errors={p.errors} action={p.action}>
      <h1 class="govgr-heading-l" safe>
        {t('contact_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('contact_hint')}
      </p>
      {input('contact_name', t('contact_name'), { autocomplete: 'name', spellcheck: false })}
      {input('contact_role', `${t('contact_role')} ${t('optional')}`, { autocomplete: 'organization-title' })}
      {input('phone', t('phone'), { hint: t('phone_hint'), type: 'tel', autocomplete: 'tel', width: '20' })}
      {input('email', t('email'), { hint: t('email_hint'), type: 'email', autocomplete: 'email', spellcheck: false })}
      <Radios
        name="preferred_language"
        legend={t('preferred_language')}
        value={str(p.answers, 'preferred_language') || p.page.lang}
        error={errorFor(p.errors, 'preferred_language')}
        errorPrefix={ep}
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
      />
    </StepPage>
  );
}
