import { TextInput, Radios, Select, errorFor, type FieldError } from '../../../platform/views/components.js';
import type { Gazetteer } from '../../geography/index.js';
import { ORGANISATION_KINDS } from '../offers.options.js';
import { countryName, label, ORGANISATION_KIND_LABELS } from '../offers.labels.js';
import { COUNTRIES, type RawAnswers } from '../offers.schemas.js';
import { errorPrefix, StepPage, tr, type PageContext } from './frame.js';

export function str(answers: RawAnswers | undefined, name: string): string {
  const v = answers?.[name];
  return typeof v === 'string' ? v : '';
}

export function OrganisationKindPage(p: { page: PageContext; answers?: RawAnswers; errors?: FieldError[]; action: string; back: string }) {
  const t = tr(p.page.lang);
  const ep = errorPrefix(p.page.lang);
  return (
    <StepPage page={p.page} title={t('kind_title')} back={p.back} errors={p.errors} action={p.action}>
      <Radios
        name="kind"
        legend={t('kind_title')}
        hint={t('kind_hint')}
        pageHeading
        value={str(p.answers, 'kind')}
        error={errorFor(p.errors, 'kind')}
        errorPrefix={ep}
        options={ORGANISATION_KINDS.map((k) => ({ value: k, label: label(ORGANISATION_KIND_LABELS, k, p.page.lang) }))}
      />
      <Radios
        name="registered_in_greece"
        legend={t('registered_in_greece')}
        hint={t('registered_in_greece_hint')}
        inline
        value={str(p.answers, 'registered_in_greece')}
        error={errorFor(p.errors, 'registered_in_greece')}
        errorPrefix={ep}
        options={[
          { value: 'yes', label: t('yes') },
          { value: 'no', label: t('no') },
        ]}
      />
    </StepPage>
  );
}

export function RegionSelect(p: { page: PageContext; gazetteer: Gazetteer; answers?: RawAnswers; errors?: FieldError[]; optional?: boolean; hint?: string }) {
  const t = tr(p.page.lang);
  return (
    <Select
      name="region"
      label={p.optional ? `${t('region')} ${t('optional')}` : t('region')}
      hint={p.hint}
      value={str(p.answers, 'region')}
      error={errorFor(p.errors, 'region')}
      errorPrefix={errorPrefix(p.page.lang)}
      emptyLabel={t('choose')}
      options={p.gazetteer.regions(p.page.lang).map((r) => ({ value: r.code, label: r.label }))}
    />
  );
}

export function MunicipalitySelect(p: { page: PageContext; gazetteer: Gazetteer; answers?: RawAnswers; errors?: FieldError[] }) {
  const t = tr(p.page.lang);
  return (
    <Select
      name="municipality"
      label={`${t('municipality')} ${t('optional')}`}
      hint={t('municipality_hint')}
      value={str(p.answers, 'municipality')}
      error={errorFor(p.errors, 'municipality')}
      errorPrefix={errorPrefix(p.page.lang)}
      emptyLabel={t('choose')}
      groups={p.gazetteer.municipalityGroups(p.page.lang).map((g) => ({
        label: g.label,
        options: g.units.map((u) => ({ value: u.code, label: u.label })),
      }))}
    />
  );
}

export function OrganisationPage(p: {
  page: PageContext;
  gazetteer: Gazetteer;
  kind: { kind: string; registeredInGreece: boolean };
  answers?: RawAnswers;
  errors?: FieldError[];
  action: string;
  back: string;
}) {
  const lang = p.page.lang;
  const t = tr(lang);
  const ep = errorPrefix(lang);
  const individual = p.kind.kind === 'individual';
  const greek = p.kind.registeredInGreece;
  const opt = (s: string) => `${s} ${t('optional')}`;
  const input = (name: string, labelText: string, extra: Partial<Parameters<typeof TextInput>[0]> = {}) => (
    <TextInput name={name} label={labelText} value={str(p.answers, name)} error={errorFor(p.errors, name)} errorPrefix={ep} {...extra} />
  );
  const title = individual ? t('organisation_title_individual') : t('organisation_title');
  return (
    <StepPage page={p.page} title={title} back={p.back} errors={p.errors} action={p.action}>
      <h1 class="govgr-heading-l" safe>
        {title}
      </h1>
      {individual
        ? input('legal_name', t('legal_name_individual'), { autocomplete: 'name', spellcheck: false })
        : input('legal_name', t('legal_name'), { hint: t('legal_name_hint'), autocomplete: 'organization', spellcheck: false })}
      {individual ? '' : input('distinctive_title', opt(t('distinctive_title')), { spellcheck: false })}
      {greek ? (
        input('tax_id', individual ? opt(t('afm')) : t('afm'), { hint: t('afm_hint'), inputmode: 'numeric', width: '10', spellcheck: false })
      ) : (
        <>
          <Select
            name="country"
            label={t('country')}
            value={str(p.answers, 'country')}
            error={errorFor(p.errors, 'country')}
            errorPrefix={ep}
            emptyLabel={t('choose')}
            autocomplete="country"
            options={COUNTRIES.map((c) => ({ value: c, label: countryName(c, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang))}
          />
          {input('tax_id', individual ? opt(t('foreign_tax_id')) : t('foreign_tax_id'), { hint: t('foreign_tax_id_hint'), width: '20', spellcheck: false })}
        </>
      )}
      {individual ? '' : input('registry_number', opt(t('registry_number')), { hint: t('registry_number_hint'), width: '20' })}
      <fieldset class="govgr-fieldset">
        <legend class="govgr-fieldset__legend govgr-heading-m" safe>
          {t('address_legend')}
        </legend>
        {input('street', t('street'), { autocomplete: 'street-address' })}
        {input('postcode', t('postcode'), { autocomplete: 'postal-code', width: '5', spellcheck: false })}
        {input('city', t('city'), { autocomplete: 'address-level2', width: '20' })}
        {greek ? <RegionSelect page={p.page} gazetteer={p.gazetteer} answers={p.answers} errors={p.errors} /> : ''}
        {greek ? <MunicipalitySelect page={p.page} gazetteer={p.gazetteer} answers={p.answers} errors={p.errors} /> : ''}
      </fieldset>
      {individual ? '' : input('website', opt(t('website')), { type: 'url', autocomplete: 'url', spellcheck: false })}
      {individual ? '' : input('legal_representative', opt(t('legal_representative')), { spellcheck: false })}
    </StepPage>
  );
}
