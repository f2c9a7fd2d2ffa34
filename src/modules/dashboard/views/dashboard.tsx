// /staff/dashboard: a GET form to choose the kind of help, then the totals as tables (offers by
// status and kind, places, items, services, money, needs), the map of free against needed places
// with its table, and the chart of offers per day with its table. Works without JavaScript.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { ErrorSummary, Select, type FieldError } from '../../../platform/views/components.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import {
  FREQUENCY_LABELS,
  ITEM_CATEGORY_LABELS,
  label,
  LINE_KIND_LABELS,
  LINE_KINDS,
  OFFER_STATUS_LABELS,
  SERVICE_CATEGORY_LABELS,
  UNIT_LABELS,
  type LineKind,
} from '../../offers/index.js';
import type { GreeceMap } from '../dashboard.map.js';
import { dashboardMessages, type DashboardMessageKey } from '../dashboard.messages.js';
import type { Capacity, DashboardReport } from '../dashboard.service.js';
import { OffersPerDay } from './chart.js';
import { attr, compareNames, formatMoney, formatNumber, percentText, queueHref } from './format.js';
import { RegionsMap } from './map.js';

const CAPACITY_COLUMNS = ['capacity_offered', 'capacity_verified', 'capacity_allocated', 'capacity_free'] as const satisfies readonly DashboardMessageKey[];
const capacityValues = (c: Capacity) => [c.offered, c.verified, c.allocated, c.free];

function Th({ text, numeric }: { text: string; numeric?: boolean }) {
  return (
    <th scope="col" class={numeric ? 'govgr-table__header govgr-table__header--numeric' : 'govgr-table__header'} safe>
      {text}
    </th>
  );
}

function Num({ value }: { value: string }) {
  return (
    <td class="govgr-table__cell govgr-table__cell--numeric" safe>
      {value}
    </td>
  );
}

function OffersTable({ lang, report }: { lang: StaffLang; report: DashboardReport }) {
  const t = translator(dashboardMessages, lang);
  const kinds: readonly LineKind[] = report.kind ? [report.kind] : LINE_KINDS;
  const row = (header: JSX.Element, counts: DashboardReport['offers']['all']) => (
    <tr class="govgr-table__row">
      {header}
      {report.kind ? '' : <Num value={formatNumber(lang, counts.total)} />}
      {kinds.map((k) => (
        <Num value={formatNumber(lang, counts.byKind[k])} />
      ))}
    </tr>
  );
  return (
    <div class="govgr-table-container">
      <table class="govgr-table govgr-table--dense" id="offers-by-status">
        <caption class="govgr-table__caption" safe>
          {t('offers_caption')}
        </caption>
        <thead class="govgr-table__head">
          <tr class="govgr-table__row">
            <Th text={t('col_status')} />
            {report.kind ? '' : <Th text={t('col_all')} numeric />}
            {kinds.map((k) => (
              <Th text={label(LINE_KIND_LABELS, k, lang)} numeric />
            ))}
          </tr>
        </thead>
        <tbody class="govgr-table__body">
          {report.offers.statuses.map((s) =>
            row(
              <th scope="row" class="govgr-table__header">
                <a class="govgr-link" href={attr(queueHref({ status: s.status, kind: report.kind ?? undefined }))} safe>
                  {label(OFFER_STATUS_LABELS, s.status, lang)}
                </a>
              </th>,
              s,
            ),
          )}
          {row(
            <th scope="row" class="govgr-table__header">
              <a class="govgr-link" href={attr(queueHref({ kind: report.kind ?? undefined }))} safe>
                {t('row_all')}
              </a>
            </th>,
            report.offers.all,
          )}
        </tbody>
      </table>
    </div>
  );
}

function PlacesTable({ lang, report }: { lang: StaffLang; report: DashboardReport }) {
  const t = translator(dashboardMessages, lang);
  const p = report.places;
  return (
    <>
      <div class="govgr-table-container">
        <table class="govgr-table govgr-table--dense" id="places">
          <caption class="govgr-table__caption" safe>
            {t('places_caption')}
          </caption>
          <thead class="govgr-table__head">
            <tr class="govgr-table__row">
              {CAPACITY_COLUMNS.map((c) => (
                <Th text={t(c)} numeric />
              ))}
              <Th text={t('places_needed')} numeric />
            </tr>
          </thead>
          <tbody class="govgr-table__body">
            <tr class="govgr-table__row">
              {[...capacityValues(p), p.needed].map((v) => (
                <Num value={formatNumber(lang, v)} />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p class="govgr-hint" safe>
        {t('places_definitions')}
      </p>
    </>
  );
}

function RegionsTable({ lang, report, gazetteer }: { lang: StaffLang; report: DashboardReport; gazetteer: Gazetteer }) {
  const t = translator(dashboardMessages, lang);
  const rows = [...report.map].sort((a, b) => compareNames(lang, gazetteer.regionName(a.code, lang), gazetteer.regionName(b.code, lang)));
  return (
    <div class="govgr-table-container">
      <table class="govgr-table govgr-table--dense" id="regions">
        <caption class="govgr-table__caption" safe>
          {t('regions_caption')}
        </caption>
        <thead class="govgr-table__head">
          <tr class="govgr-table__row">
            <Th text={t('col_region')} />
            <Th text={t('col_free')} numeric />
            <Th text={t('col_needed')} numeric />
            <Th text={t('col_coverage')} />
          </tr>
        </thead>
        <tbody class="govgr-table__body">
          {rows.map((r) => (
            <tr class="govgr-table__row">
              <th scope="row" class="govgr-table__header">
                <a class="govgr-link" href={attr(queueHref({ region: r.code, kind: report.kind ?? undefined }))} safe>
                  {gazetteer.regionName(r.code, lang)}
                </a>
              </th>
              <Num value={formatNumber(lang, r.free)} />
              <Num value={formatNumber(lang, r.needed)} />
              <td class="govgr-table__cell" safe>
                {`${r.needed > 0 ? percentText(lang, r.free, r.needed) : t('coverage_none_short')} – ${t(`coverage_${r.coverage}`)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CapacityTable(p: { lang: StaffLang; id: string; caption: string; keys: string[]; rows: { keys: string[]; values: string[] }[] }) {
  const t = translator(dashboardMessages, p.lang);
  if (p.rows.length === 0) {
    return (
      <p class="govgr-body" id={p.id} safe>
        {t('nothing')}
      </p>
    );
  }
  return (
    <div class="govgr-table-container">
      <table class="govgr-table govgr-table--dense" id={p.id}>
        <caption class="govgr-table__caption" safe>
          {p.caption}
        </caption>
        <thead class="govgr-table__head">
          <tr class="govgr-table__row">
            {p.keys.map((k) => (
              <Th text={k} />
            ))}
            {CAPACITY_COLUMNS.map((c) => (
              <Th text={t(c)} numeric />
            ))}
          </tr>
        </thead>
        <tbody class="govgr-table__body">
          {p.rows.map((r) => (
            <tr class="govgr-table__row">
              <th scope="row" class="govgr-table__header" safe>
                {r.keys[0] ?? ''}
              </th>
              {r.keys.slice(1).map((k) => (
                <td class="govgr-table__cell" safe>
                  {k}
                </td>
              ))}
              {r.values.map((v) => (
                <Num value={v} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NeedsTable({ lang, report }: { lang: StaffLang; report: DashboardReport }) {
  const t = translator(dashboardMessages, lang);
  const kinds: readonly LineKind[] = report.kind ? [report.kind] : LINE_KINDS;
  const row = (header: string, counts: DashboardReport['needs']['all']) => (
    <tr class="govgr-table__row">
      <th scope="row" class="govgr-table__header" safe>
        {header}
      </th>
      {report.kind ? '' : <Num value={formatNumber(lang, counts.total)} />}
      {kinds.map((k) => (
        <Num value={formatNumber(lang, counts.byKind[k])} />
      ))}
    </tr>
  );
  return (
    <div class="govgr-table-container">
      <table class="govgr-table govgr-table--dense" id="needs">
        <caption class="govgr-table__caption" safe>
          {t('needs_caption')}
        </caption>
        <thead class="govgr-table__head">
          <tr class="govgr-table__row">
            <Th text={t('col_status')} />
            {report.kind ? '' : <Th text={t('col_all')} numeric />}
            {kinds.map((k) => (
              <Th text={label(LINE_KIND_LABELS, k, lang)} numeric />
            ))}
          </tr>
        </thead>
        <tbody class="govgr-table__body">
          {report.needs.statuses.map((s) => row(t(`need_${s.status}`), s))}
          {row(t('row_all'), report.needs.all)}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardPage(p: {
  chrome: StaffChrome;
  gazetteer: Gazetteer;
  map: GreeceMap;
  /** the kind as given, shown again in the form */
  kindValue: string;
  errors: FieldError[];
  /** null when the filter was refused: nothing is shown until it is corrected */
  report: DashboardReport | null;
  /** the member's regions, or 'all' */
  regions: 'all' | readonly string[];
}) {
  const lang = p.chrome.lang;
  const t = translator(dashboardMessages, lang);
  const report = p.report;
  const kind = report?.kind ?? null;
  const show = (k: LineKind) => kind === null || kind === k;
  const n = (v: number) => formatNumber(lang, v);
  const regionNames = p.regions === 'all' ? [] : p.regions.map((r) => p.gazetteer.regionName(r, lang));
  return (
    <StaffLayout chrome={p.chrome} title={t('title')} hasErrors={p.errors.length > 0}>
      <ErrorSummary errors={p.errors} title={t('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {t('title')}
      </h1>
      <p class="govgr-body-l" safe>
        {p.regions === 'all' ? t('lead') : regionNames.length > 0 ? t('lead_regions', { regions: regionNames.join(', ') }) : t('lead_no_regions')}
      </p>
      <form method="get" action="/staff/dashboard" class="govgr-form" novalidate>
        <Select
          name="kind"
          label={t('filter_kind')}
          value={p.kindValue}
          error={p.errors.find((e) => e.field === 'kind')?.message}
          errorPrefix={t('error_prefix')}
          emptyLabel={t('filter_kind_any')}
          options={LINE_KINDS.map((k) => ({ value: k, label: label(LINE_KIND_LABELS, k, lang) }))}
        />
        <button class="govgr-btn govgr-btn-primary" type="submit" safe>
          {t('filter_show')}
        </button>
      </form>
      {report ? (
        <>
          {kind ? (
            <p class="govgr-body" role="status" safe>
              {t('showing_kind', { kind: label(LINE_KIND_LABELS, kind, lang) })}
            </p>
          ) : (
            ''
          )}
          <h2 class="govgr-heading-l" safe>
            {t('offers_heading')}
          </h2>
          <OffersTable lang={lang} report={report} />

          {show('accommodation') ? (
            <>
              <h2 class="govgr-heading-l" safe>
                {t('places_heading')}
              </h2>
              <PlacesTable lang={lang} report={report} />
              <h2 class="govgr-heading-l" safe>
                {t('map_heading')}
              </h2>
              <p class="govgr-body" safe>
                {t('map_intro')}
              </p>
              <RegionsMap lang={lang} map={p.map} report={report} gazetteer={p.gazetteer} />
              <RegionsTable lang={lang} report={report} gazetteer={p.gazetteer} />
            </>
          ) : (
            <p class="govgr-hint" safe>
              {t('map_kind_note')}
            </p>
          )}

          {show('essential_items') ? (
            <>
              <h2 class="govgr-heading-l" safe>
                {t('items_heading')}
              </h2>
              <CapacityTable
                lang={lang}
                id="items"
                caption={t('items_caption')}
                keys={[t('col_category'), t('col_unit')]}
                rows={report.items.map((r) => ({ keys: [label(ITEM_CATEGORY_LABELS, r.category, lang), label(UNIT_LABELS, r.unit, lang)], values: capacityValues(r).map(n) }))}
              />
            </>
          ) : (
            ''
          )}

          {show('service') ? (
            <>
              <h2 class="govgr-heading-l" safe>
                {t('services_heading')}
              </h2>
              <CapacityTable
                lang={lang}
                id="services"
                caption={t('services_caption')}
                keys={[t('col_category')]}
                rows={report.services.map((r) => ({ keys: [label(SERVICE_CATEGORY_LABELS, r.category, lang)], values: capacityValues(r).map(n) }))}
              />
            </>
          ) : (
            ''
          )}

          {show('money') ? (
            <>
              <h2 class="govgr-heading-l" safe>
                {t('money_heading')}
              </h2>
              <CapacityTable
                lang={lang}
                id="money"
                caption={t('money_caption')}
                keys={[t('col_currency'), t('col_frequency')]}
                rows={report.money.map((r) => ({
                  keys: [r.currency, label(FREQUENCY_LABELS, r.frequency, lang)],
                  values: capacityValues(r).map((v) => formatMoney(lang, v, r.currency)),
                }))}
              />
            </>
          ) : (
            ''
          )}

          <h2 class="govgr-heading-l" safe>
            {t('needs_heading')}
          </h2>
          <NeedsTable lang={lang} report={report} />
          <p class="govgr-body">
            <a class="govgr-link" href="/staff/needs" safe>
              {t('needs_link')}
            </a>
          </p>

          <h2 class="govgr-heading-l" safe>
            {t('chart_heading')}
          </h2>
          <p class="govgr-body" safe>
            {t('chart_intro', { days: report.days.length })}
          </p>
          <OffersPerDay lang={lang} days={report.days} />
        </>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
