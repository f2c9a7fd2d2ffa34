// The list of needs (/staff/needs): filters by kind, status and region (the query string keeps
// them, so a filtered list can be bookmarked), and a table of needs in the member's scope.
import { ErrorSummary, Pagination, Select, type FieldError, type PageLink } from '../../../platform/views/components.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { LINE_KINDS } from '../../offers/index.js';
import { NEED_STATUSES, type Issue } from '../needs.schemas.js';
import type { Need } from '../needs.service.js';
import { categoryLabel, dateText, kindLabel, needPath, placeText, quantityText, statusTag, viewContext, type V } from './format.js';

function Row({ n, v }: { n: Need; v: V }) {
  return (
    <tr class="govgr-table__row">
      <th scope="row" class="govgr-table__header">
        <a class="govgr-link" href={needPath(n.reference)} safe>
          {n.reference}
        </a>
      </th>
      <td class="govgr-table__cell" safe>
        {`${kindLabel(v, n.kind)}${n.kind !== 'money' ? ` · ${categoryLabel(v, n.kind, n.category)}` : ''}`}
      </td>
      <td class="govgr-table__cell" safe>
        {placeText(v, n.regionCode, n.regionalUnitCode, n.municipalityCode)}
      </td>
      <td class="govgr-table__cell" safe>
        {dateText(n.startsOn)}
      </td>
      <td class="govgr-table__cell" safe>
        {v.t(`priority_${n.priority}`)}
      </td>
      <td class="govgr-table__cell" safe>
        {v.t('progress', { allocated: quantityText(v, n.kind, n.allocatedQuantity, n.unit, n.currency), quantity: quantityText(v, n.kind, n.quantity, n.unit, n.currency) })}
      </td>
      <td class="govgr-table__cell">{statusTag(v, n.status)}</td>
    </tr>
  );
}

export function NeedsPage(p: {
  chrome: StaffChrome;
  gazetteer: Gazetteer;
  values: Record<string, string>;
  issues: Issue[];
  needs: Need[];
  page: number;
  more: boolean;
  canManage: boolean;
  regions: 'all' | readonly string[];
}) {
  const v = viewContext(p.chrome.lang, p.gazetteer);
  const { t } = v;
  const errors: FieldError[] = p.issues.map((i) => ({ field: i.field, message: t(i.key, i.params) }));
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const regions = v.gazetteer.regions(v.lang).filter((r) => p.regions === 'all' || p.regions.includes(r.code));
  const query = (page: number) => {
    const q = new URLSearchParams();
    for (const k of ['kind', 'status', 'region']) if (p.values[k]) q.set(k, p.values[k]!);
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return `/staff/needs${s ? `?${s}` : ''}`;
  };
  const links: PageLink[] = [
    ...(p.page > 1 ? [{ href: query(p.page - 1), label: t('previous_page'), rel: 'prev' }] : []),
    ...(p.more ? [{ href: query(p.page + 1), label: t('next_page'), rel: 'next' }] : []),
  ];
  return (
    <StaffLayout chrome={p.chrome} title={t('needs_title')} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} title={t('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {t('needs_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('needs_intro')}
      </p>
      {p.canManage ? (
        <p class="govgr-body">
          <a class="govgr-btn govgr-btn-primary" href="/staff/needs/new" safe>
            {t('new_need')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action="/staff/needs" class="govgr-form" aria-labelledby="filters-heading">
        <h2 class="govgr-heading-m" id="filters-heading" safe>
          {t('filters_heading')}
        </h2>
        <Select name="kind" label={t('filter_kind')} value={p.values.kind ?? ''} error={err('kind')} errorPrefix={t('error_prefix')} emptyLabel={t('any')} options={LINE_KINDS.map((k) => ({ value: k, label: kindLabel(v, k) }))} />
        <Select name="status" label={t('filter_status')} value={p.values.status ?? ''} error={err('status')} errorPrefix={t('error_prefix')} emptyLabel={t('any')} options={NEED_STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) }))} />
        <Select name="region" label={t('filter_region')} value={p.values.region ?? ''} error={err('region')} errorPrefix={t('error_prefix')} emptyLabel={t('any')} options={regions.map((r) => ({ value: r.code, label: r.label }))} />
        <button class="govgr-btn govgr-btn-secondary" type="submit" safe>
          {t('apply_filters')}
        </button>{' '}
        <a class="govgr-link" href="/staff/needs" safe>
          {t('clear_filters')}
        </a>
      </form>
      {p.needs.length === 0 ? (
        <p class="govgr-body" safe>
          {t('empty')}
        </p>
      ) : (
        <div class="govgr-table-container">
          <table class="govgr-table govgr-table--dense">
            <caption class="govgr-table__caption govgr-visually-hidden" safe>
              {t('needs_caption')}
            </caption>
            <thead class="govgr-table__head">
              <tr class="govgr-table__row">
                {(['col_reference', 'col_what', 'col_place', 'col_from', 'col_priority', 'col_progress', 'col_status'] as const).map((k) => (
                  <th scope="col" class="govgr-table__header" safe>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govgr-table__body">
              {p.needs.map((n) => (
                <Row n={n} v={v} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination links={links} label={t('pagination_label')} />
    </StaffLayout>
  );
}
