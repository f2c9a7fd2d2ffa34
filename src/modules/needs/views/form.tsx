// The need form (record and change): kind and category, quantity and unit or currency, place,
// dates, priority, the people concerned in aggregate, notes. Works without JavaScript: every kind's
// categories are in one grouped list, and fields that apply to one kind say so in their label.
import { Button, Checkboxes, DateInput, ErrorSummary, Form, Radios, Select, TextArea, TextInput, type FieldError } from '../../../platform/views/components.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { ITEM_UNITS, label, languageName, LINE_KINDS, SERVICE_LANGUAGES, UNIT_LABELS } from '../../offers/index.js';
import { NEED_CATEGORIES, NEED_CIRCUMSTANCES, NEED_CURRENCIES, NEED_PRIORITIES, NOTES_MAX, type FormValues, type Issue } from '../needs.schemas.js';
import { categoryLabel, kindLabel, needPath, viewContext } from './format.js';

export function NeedFormPage(p: { chrome: StaffChrome; gazetteer: Gazetteer; values: FormValues; issues: Issue[]; edit: { reference: string; version: number } | null }) {
  const v = viewContext(p.chrome.lang, p.gazetteer);
  const { t, lang } = v;
  const errors: FieldError[] = p.issues.map((i) => ({ field: i.field === 'starts_on' || i.field === 'ends_on' ? i.field : i.field, message: t(i.key, i.params) }));
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const f = p.values.fields;
  const title = p.edit ? t('form_title_edit', { reference: p.edit.reference }) : t('form_title_new');
  const action = p.edit ? needPath(p.edit.reference) : '/staff/needs';
  const regionCode = f.region && p.gazetteer.isRegion(f.region) ? f.region : undefined;
  const groups = p.gazetteer.municipalityGroups(lang, regionCode);
  const date = (name: string) => ({ day: f[`${name}-day`] ?? '', month: f[`${name}-month`] ?? '', year: f[`${name}-year`] ?? '' });
  const common = { errorPrefix: t('error_prefix') };
  return (
    <StaffLayout chrome={p.chrome} title={title} hasErrors={errors.length > 0}>
      <a class="govgr-back-link" href={p.edit ? needPath(p.edit.reference) : '/staff/needs'} safe>
        {t('back_to_needs')}
      </a>
      <ErrorSummary errors={errors} title={t('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      <Form action={action} csrf={p.chrome.csrf}>
        {p.edit ? <input type="hidden" name="version" value={String(p.edit.version)} /> : ''}
        <Radios name="kind" legend={t('field_kind')} value={f.kind ?? ''} error={err('kind')} {...common} options={LINE_KINDS.map((k) => ({ value: k, label: kindLabel(v, k) }))} />
        <Select
          name="category"
          label={t('field_category')}
          hint={t('field_category_hint')}
          value={f.category ?? ''}
          error={err('category')}
          {...common}
          emptyLabel={t('field_category_any')}
          groups={(['accommodation', 'service', 'essential_items'] as const).map((k) => ({ label: kindLabel(v, k), options: NEED_CATEGORIES[k].map((c) => ({ value: c, label: categoryLabel(v, k, c) })) }))}
        />
        <TextInput name="quantity" label={t('field_quantity')} hint={t('field_quantity_hint')} value={f.quantity ?? ''} error={err('quantity')} {...common} inputmode="decimal" width="10" />
        <Select name="unit" label={t('field_unit')} value={f.unit ?? ''} error={err('unit')} {...common} emptyLabel={t('choose')} options={ITEM_UNITS.map((u) => ({ value: u, label: label(UNIT_LABELS, u, lang) }))} />
        <Select name="currency" label={t('field_currency')} value={f.currency || 'EUR'} error={err('currency')} {...common} emptyLabel={t('choose')} options={NEED_CURRENCIES.map((c) => ({ value: c, label: c }))} />
        <Select name="region" label={t('field_region')} value={f.region ?? ''} error={err('region')} {...common} emptyLabel={t('choose')} options={p.gazetteer.regions(lang).map((r) => ({ value: r.code, label: r.label }))} />
        <Select name="regional_unit" label={t('field_regional_unit')} value={f.regional_unit ?? ''} error={err('regional_unit')} {...common} emptyLabel={t('choose')} options={groups.map((g) => ({ value: g.code, label: g.label }))} />
        <Select name="municipality" label={t('field_municipality')} value={f.municipality ?? ''} error={err('municipality')} {...common} emptyLabel={t('choose')} groups={groups.map((g) => ({ label: g.label, options: g.units.map((u) => ({ value: u.code, label: u.label })) }))} />
        <DateInput name="starts_on" legend={t('field_starts_on')} hint={t('date_hint')} error={err('starts_on')} {...common} value={date('starts_on')} labels={{ day: t('day'), month: t('month'), year: t('year') }} />
        <DateInput name="ends_on" legend={t('field_ends_on')} hint={t('date_hint')} error={err('ends_on')} {...common} value={date('ends_on')} labels={{ day: t('day'), month: t('month'), year: t('year') }} />
        <Radios name="priority" legend={t('field_priority')} value={f.priority || 'normal'} error={err('priority')} {...common} inline options={NEED_PRIORITIES.map((x) => ({ value: x, label: t(`priority_${x}`) }))} />
        <TextInput name="people_count" label={t('field_people_count')} value={f.people_count ?? ''} error={err('people_count')} {...common} inputmode="numeric" width="5" />
        <TextInput name="household_count" label={t('field_household_count')} value={f.household_count ?? ''} error={err('household_count')} {...common} inputmode="numeric" width="5" />
        <Checkboxes name="circumstances" legend={t('field_circumstances')} hint={t('field_circumstances_hint')} values={p.values.lists.circumstances ?? []} error={err('circumstances')} {...common} options={NEED_CIRCUMSTANCES.map((c) => ({ value: c, label: t(`circumstance_${c}`) }))} />
        <Checkboxes name="languages" legend={t('field_languages')} values={p.values.lists.languages ?? []} error={err('languages')} {...common} options={SERVICE_LANGUAGES.map((l) => ({ value: l, label: languageName(l, lang) }))} />
        <TextArea name="notes" label={t('field_notes')} value={f.notes ?? ''} error={err('notes')} {...common} maxlength={NOTES_MAX} />
        <Button text={t('save_need')} />
      </Form>
    </StaffLayout>
  );
}
