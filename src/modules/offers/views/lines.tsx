import {
  Checkboxes,
  DateInput,
  Radios,
  SummaryList,
  TextArea,
  TextInput,
  errorFor,
  type FieldError,
  type Option,
} from '../../../platform/views/components.js';
import type { Lang } from '../../../platform/i18n/index.js';
import type { Gazetteer } from '../../geography/index.js';
import {
  ACCOMMODATION_TYPES,
  COST_BASES,
  DELIVERY_MODES,
  ITEM_CATEGORIES,
  ITEM_CONDITIONS,
  ITEM_UNITS,
  LINE_KINDS,
  MONEY_FREQUENCIES,
  SERVICE_CATEGORIES,
  SERVICE_LANGUAGES,
  SUITABLE_FOR,
  type LineKind,
} from '../offers.options.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  CONDITION_LABELS,
  COST_BASIS_LABELS,
  DELIVERY_LABELS,
  FREQUENCY_LABELS,
  ITEM_CATEGORY_LABELS,
  SERVICE_CATEGORY_LABELS,
  SUITABLE_FOR_LABELS,
  UNIT_LABELS,
  label,
  languageName,
} from '../offers.labels.js';
import type { RawAnswers } from '../offers.schemas.js';
import type { DraftLine } from '../offers.service.js';
import { dateExample, errorPrefix, StepPage, tr, type PageContext } from './frame.js';
import { MunicipalitySelect, RegionSelect, str } from './organisation.js';
import { lineRows } from './summary.js';

export function LinesPage(p: { page: PageContext; gazetteer: Gazetteer; lines: DraftLine[]; errors?: FieldError[]; back: string; notice?: string }) {
  const t = tr(p.page.lang);
  return (
    <StepPage page={p.page} title={t('lines_title')} back={p.back} errors={p.errors} wide>
      {p.notice ? (
        <div class="govgr-notification-banner govgr-notification-banner--success" role="status">
          <p class="govgr-body" safe>
            {p.notice}
          </p>
        </div>
      ) : (
        ''
      )}
      <h1 class="govgr-heading-l" safe>
        {t('lines_title')}
      </h1>
      <p class="govgr-body" id="lines" safe>
        {p.lines.length === 0 ? t('lines_none') : t('lines_hint')}
      </p>
      {p.lines.map((l, i) => (
        <section class="prosfero-line" aria-labelledby={`line-${i + 1}-title`}>
          <h2 class="govgr-heading-m" id={`line-${i + 1}-title`} safe>
            {`${t('line_n', { n: i + 1 })}: ${t(`kind_${l.kind}`)}`}
          </h2>
          <SummaryList rows={lineRows(l.kind, l.answers, { lang: p.page.lang, gazetteer: p.gazetteer }, `/offers/new/lines/${l.id}`)} />
          <form method="post" action={`/offers/new/lines/${l.id}/remove`} class="govgr-form">
            <input type="hidden" name="_csrf" value={p.page.csrf} />
            <button type="submit" class="govgr-btn govgr-btn-secondary">
              <span safe>{t('remove')}</span>
              <span class="govgr-visually-hidden" safe>{` ${t('line_n', { n: i + 1 })}`}</span>
            </button>
          </form>
        </section>
      ))}
      <p class="govgr-body">
        <a class="govgr-link" href="/offers/new/lines/add" safe>
          {p.lines.length === 0 ? t('add_line') : t('add_another_line')}
        </a>
      </p>
      <form method="post" action="/offers/new/lines" class="govgr-form">
        <input type="hidden" name="_csrf" value={p.page.csrf} />
        <button type="submit" class="govgr-btn govgr-btn-primary" safe>
          {t('continue')}
        </button>
      </form>
    </StepPage>
  );
}

export function LineKindPage(p: { page: PageContext; value?: string; errors?: FieldError[]; back: string }) {
  const t = tr(p.page.lang);
  return (
    <StepPage page={p.page} title={t('line_kind_title')} back={p.back} errors={p.errors} action="/offers/new/lines/add">
      <Radios
        name="kind"
        legend={t('line_kind_title')}
        pageHeading
        value={p.value}
        error={errorFor(p.errors, 'kind')}
        errorPrefix={errorPrefix(p.page.lang)}
        options={LINE_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`), hint: t(`kind_${k}_hint`) }))}
      />
    </StepPage>
  );
}

function options(values: readonly string[], labels: Record<string, Record<Lang, string>>, lang: Lang): Option[] {
  return values.map((v) => ({ value: v, label: label(labels, v, lang) }));
}

function dateValue(a: RawAnswers | undefined, name: string) {
  return { day: str(a, `${name}-day`), month: str(a, `${name}-month`), year: str(a, `${name}-year`) };
}

export function LineFormPage(p: {
  page: PageContext;
  gazetteer: Gazetteer;
  kind: LineKind;
  /** the line's id: a new line's is made when its form is first shown */
  lineId: string;
  answers?: RawAnswers;
  errors?: FieldError[];
  action: string;
  back: string;
}) {
  const lang = p.page.lang;
  const t = tr(lang);
  const ep = errorPrefix(lang);
  const a = p.answers;
  const e = p.errors;
  const opt = (s: string) => `${s} ${t('optional')}`;
  const input = (name: string, labelText: string, extra: Partial<Parameters<typeof TextInput>[0]> = {}) => (
    <TextInput name={name} label={labelText} value={str(a, name)} error={errorFor(e, name)} errorPrefix={ep} {...extra} />
  );
  const radios = (name: string, legend: string, values: readonly string[], labels: Record<string, Record<Lang, string>>, inline = false) => (
    <Radios name={name} legend={legend} value={str(a, name)} error={errorFor(e, name)} errorPrefix={ep} inline={inline} options={options(values, labels, lang)} />
  );
  const yesNo = (name: string, legend: string) => (
    <Radios
      name={name}
      legend={legend}
      inline
      value={str(a, name)}
      error={errorFor(e, name)}
      errorPrefix={ep}
      options={[
        { value: 'yes', label: t('yes') },
        { value: 'no', label: t('no') },
      ]}
    />
  );
  const date = (name: string, legend: string, hint?: string) => (
    <DateInput
      name={name}
      legend={legend}
      hint={hint ? `${hint} ${t('date_hint', { example: dateExample(p.page.today) })}` : t('date_hint', { example: dateExample(p.page.today) })}
      value={dateValue(a, name)}
      error={errorFor(e, name)}
      errorPrefix={ep}
      labels={{ day: t('day'), month: t('month'), year: t('year') }}
    />
  );
  const checkboxes = (name: string, legend: string, opts: Option[], hint?: string) => {
    const v = a?.[name];
    return (
      <Checkboxes
        name={name}
        legend={legend}
        hint={hint}
        values={Array.isArray(v) ? v : typeof v === 'string' ? [v] : []}
        error={errorFor(e, name)}
        errorPrefix={ep}
        options={opts}
      />
    );
  };
  const place = (legend: string, regionOptional = false, hint?: string) => (
    <fieldset class="govgr-fieldset">
      <legend class="govgr-fieldset__legend govgr-heading-s" safe>
        {legend}
      </legend>
      <RegionSelect page={p.page} gazetteer={p.gazetteer} answers={a} errors={e} optional={regionOptional} hint={hint} />
      <MunicipalitySelect page={p.page} gazetteer={p.gazetteer} answers={a} errors={e} />
    </fieldset>
  );
  const title = t(`line_title_${p.kind}`);
  let fields: JSX.Element;
  switch (p.kind) {
    case 'accommodation':
      fields = (
        <>
          {radios('accommodation_type', t('accommodation_type'), ACCOMMODATION_TYPES, ACCOMMODATION_TYPE_LABELS)}
          {input('places', t('places'), { inputmode: 'numeric', width: '5' })}
          {input('rooms', opt(t('rooms')), { inputmode: 'numeric', width: '5' })}
          {place(t('location_legend'))}
          {input('address', opt(t('address')))}
          {date('available_from', t('available_from'))}
          {date('available_until', opt(t('available_until')), t('available_until_hint'))}
          {radios('cost_basis', t('cost_basis'), COST_BASES, COST_BASIS_LABELS)}
          {yesNo('step_free_access', t('step_free_access'))}
          {checkboxes('suitable_for', opt(t('suitable_for')), options(SUITABLE_FOR, SUITABLE_FOR_LABELS, lang), t('suitable_for_hint'))}
        </>
      );
      break;
    case 'service':
      fields = (
        <>
          {radios('category', t('service_category'), SERVICE_CATEGORIES, SERVICE_CATEGORY_LABELS)}
          <TextArea name="description" label={t('description')} hint={t('service_description_hint')} value={str(a, 'description')} error={errorFor(e, 'description')} errorPrefix={ep} />
          {checkboxes('languages', t('languages'), SERVICE_LANGUAGES.map((l) => ({ value: l, label: languageName(l, lang) })))}
          {radios('delivery', t('delivery'), DELIVERY_MODES, DELIVERY_LABELS)}
          {place(t('location_legend'), false, t('service_location_hint'))}
          {input('capacity_per_week', t('capacity_per_week'), { inputmode: 'numeric', width: '5' })}
          {date('available_from', t('available_from'))}
          {date('available_until', opt(t('available_until')), t('available_until_hint'))}
          {radios('cost_basis', t('service_cost_basis'), COST_BASES, COST_BASIS_LABELS)}
        </>
      );
      break;
    case 'essential_items':
      fields = (
        <>
          {radios('category', t('item_category'), ITEM_CATEGORIES, ITEM_CATEGORY_LABELS)}
          <TextArea name="description" label={t('description')} hint={t('item_description_hint')} value={str(a, 'description')} error={errorFor(e, 'description')} errorPrefix={ep} />
          {input('quantity', t('quantity'), { inputmode: 'numeric', width: '10' })}
          {radios('unit', t('unit'), ITEM_UNITS, UNIT_LABELS, true)}
          {radios('condition', t('condition'), ITEM_CONDITIONS, CONDITION_LABELS)}
          {place(t('stock_location_legend'))}
          {yesNo('can_deliver', t('can_deliver'))}
          {input('delivery_area', t('delivery_area'))}
          {date('expiry', opt(t('expiry')), t('expiry_hint'))}
        </>
      );
      break;
    case 'money':
      fields = (
        <>
          {input('amount', t('amount'), { hint: t('amount_hint'), inputmode: 'decimal', width: '10' })}
          <TextInput name="currency" label={t('currency')} hint={t('currency_hint')} value={str(a, 'currency') || 'EUR'} error={errorFor(e, 'currency')} errorPrefix={ep} width="4" spellcheck={false} />
          {radios('frequency', t('frequency'), MONEY_FREQUENCIES, FREQUENCY_LABELS)}
          <TextArea name="purpose" label={opt(t('purpose'))} hint={t('purpose_hint')} value={str(a, 'purpose')} error={errorFor(e, 'purpose')} errorPrefix={ep} />
        </>
      );
      break;
  }
  return (
    <StepPage page={p.page} title={title} back={p.back} errors={p.errors} action={p.action}>
      <input type="hidden" name="line_id" value={p.lineId} />
      <h1 class="govgr-heading-l" safe>
        {title}
      </h1>
      {fields}
    </StepPage>
  );
}
