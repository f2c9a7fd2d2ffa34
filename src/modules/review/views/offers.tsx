// The review queue: a GET form of filters and one search box (it works without JavaScript, keeps
// its values, and every link keeps them too), the count for each status, and a table of offers,
// 50 a page, with each offer's lines in words. It shows no personal contact data (no email, phone
// or address), whoever looks.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { ErrorSummary, Select, TextInput, type FieldError, type Option, type OptionGroup, Pagination } from '../../../platform/views/components.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import { ExportLinks } from '../../exports/index.js';
import type { Gazetteer } from '../../geography/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  formatReference,
  ITEM_CATEGORY_LABELS,
  label,
  LINE_KIND_LABELS,
  LINE_KINDS,
  OFFER_STATUSES,
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  SERVICE_CATEGORY_LABELS,
} from '../../offers/index.js';
import { OFFER_LANGUAGES, reviewMessages, type ReviewMessageKey } from '../review.messages.js';
import {
  CATEGORY_FILTERS,
  CONTACT_FILTERS,
  encodeCursor,
  FILTER_PARAMS,
  type FilterIssue,
  type FilterParam,
  type KeysetPosition,
  type QueueFilters,
} from '../review.schemas.js';
import { SEARCH_MAX_LENGTH } from '../review.search.js';
import { PAGE_SIZE, type CappedCount, type OfferListItem, type OfferListPage } from '../review.service.js';
import { codeLabel, describeLine, formatAthensTime, LOCALES } from './offer-line.js';

/**
 * `/staff/offers` with `filters` and `extra` (a cursor) in the query string: blank filters and
 * the default order are left out, so the plain queue stays `/staff/offers`.
 */
export function queueHref(filters: QueueFilters, extra: { after?: KeysetPosition; before?: KeysetPosition } = {}): string {
  const params = new URLSearchParams();
  for (const [key, param] of Object.entries(FILTER_PARAMS) as [keyof QueueFilters, FilterParam][]) {
    const v = filters[key];
    if (v === undefined || (key === 'sort' && v === 'newest')) continue;
    params.set(param, v);
  }
  if (extra.after) params.set('after', encodeCursor(extra.after));
  if (extra.before) params.set('before', encodeCursor(extra.before));
  const qs = params.toString();
  return qs ? `/staff/offers?${qs}` : '/staff/offers';
}

/**
 * `queueHref` for an href attribute. KitaJS escapes only quotes in attribute values, and a bare
 * `&` there is ambiguous HTML (`&not` or `&reg` followed by `;` would be read as a character), so
 * each is written `&amp;`.
 */
const href = (filters: QueueFilters, extra: { after?: KeysetPosition; before?: KeysetPosition } = {}) => queueHref(filters, extra).replaceAll('&', '&amp;');

/** YYYY-MM-DD as people in Greece write it, 27/3/2026: the form shows dates as its hint asks for them. */
function typedDate(iso: string | undefined): string | undefined {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : iso;
}

function OfferRow({ item, lang, gazetteer }: { item: OfferListItem; lang: StaffLang; gazetteer: Gazetteer }) {
  const t = translator(reviewMessages, lang);
  return (
    <tr class="govgr-table__row">
      <th scope="row" class="govgr-table__header prosfero-reference">
        <a class="govgr-link" href={`/staff/offers/${formatReference(item.reference)}`} safe>
          {item.reference}
        </a>
      </th>
      <td class="govgr-table__cell">
        <time datetime={item.submittedAt.toISOString()} safe>
          {formatAthensTime(lang, item.submittedAt)}
        </time>
      </td>
      <td class="govgr-table__cell">
        <span safe>{item.organisation.legalName}</span>
        <br />
        <span class="govgr-hint" safe>
          {label(ORGANISATION_KIND_LABELS, item.organisation.kind, lang)}
        </span>
      </td>
      <td class="govgr-table__cell">
        <ul class="govgr-list">
          {item.lines.map((line) => (
            <li safe>{describeLine(lang, line, gazetteer)}</li>
          ))}
        </ul>
      </td>
      <td class="govgr-table__cell">
        <span safe>{codeLabel(lang, 'status', item.status)}</span>
        {item.possibleDuplicate ? (
          <>
            <br />
            <strong class="govgr-tag__secondary" safe>
              {t('possible_duplicate')}
            </strong>
          </>
        ) : (
          ''
        )}
        {item.unconfirmed ? (
          <>
            <br />
            <strong class="govgr-tag__secondary" safe>
              {t('unconfirmed')}
            </strong>
          </>
        ) : (
          ''
        )}
        {item.lastContactOutcome ? (
          <>
            <br />
            <span class="govgr-hint" safe>
              {codeLabel(lang, 'contact', item.lastContactOutcome)}
            </span>
          </>
        ) : (
          ''
        )}
      </td>
      <td class="govgr-table__cell" safe>
        {codeLabel(lang, 'language', item.language)}
      </td>
      <td class="govgr-table__cell" safe>
        {codeLabel(lang, 'channel', item.channel)}
      </td>
    </tr>
  );
}

/** The form's options, limited to the regions a regional coordinator works in. */
function placeOptions(lang: StaffLang, gazetteer: Gazetteer, regions: 'all' | readonly string[]) {
  const inScope = (code: string) => regions === 'all' || regions.includes(code);
  const regionOptions: Option[] = gazetteer.regions(lang).filter((r) => inScope(r.code)).map((r) => ({ value: r.code, label: r.label }));
  const groups = regionOptions.flatMap((r) => gazetteer.municipalityGroups(lang, r.value).map((g) => ({ ...g, region: r.label })));
  const regionalUnitGroups: OptionGroup[] = regionOptions.map((r) => ({
    label: r.label,
    options: groups.filter((g) => g.region === r.label).map((g) => ({ value: g.code, label: gazetteer.unitName(g.code, lang) })),
  }));
  const municipalityGroups: OptionGroup[] = groups.map((g) => ({ label: g.label, options: g.units.map((u) => ({ value: u.code, label: u.label })) }));
  return { regionOptions, regionalUnitGroups, municipalityGroups };
}

const CATEGORY_LABELS = { accommodation: ACCOMMODATION_TYPE_LABELS, service: SERVICE_CATEGORY_LABELS, essential_items: ITEM_CATEGORY_LABELS } as const;

function categoryGroups(lang: StaffLang): OptionGroup[] {
  return (['accommodation', 'service', 'essential_items'] as const).map((kind) => ({
    label: label(LINE_KIND_LABELS, kind, lang),
    options: CATEGORY_FILTERS.filter((c) => c.startsWith(`${kind}:`)).map((c) => ({ value: c, label: label(CATEGORY_LABELS[kind], c.slice(kind.length + 1), lang) })),
  }));
}

function FilterForm(p: {
  lang: StaffLang;
  gazetteer: Gazetteer;
  regions: 'all' | readonly string[];
  /** the values to show: as typed when they were refused, as read otherwise */
  values: Partial<Record<FilterParam, string>>;
  errors: FieldError[];
  contactSearch: boolean;
}) {
  const { lang, values } = p;
  const t = translator(reviewMessages, lang);
  const error = (field: FilterParam) => p.errors.find((e) => e.field === field)?.message;
  const places = placeOptions(lang, p.gazetteer, p.regions);
  const choose = (name: FilterParam, labelKey: ReviewMessageKey, more: { options?: Option[]; groups?: OptionGroup[]; emptyLabel?: string }) => (
    <Select
      name={name}
      label={t(labelKey)}
      value={values[name] ?? ''}
      error={error(name)}
      errorPrefix={t('error_prefix')}
      emptyLabel={more.emptyLabel ?? t('any')}
      options={more.options}
      groups={more.groups}
    />
  );
  const others: FilterParam[] = ['status', 'kind', 'category', 'region', 'regional_unit', 'municipality', 'organisation_kind', 'from', 'to', 'duplicate', 'unconfirmed', 'contact', 'language', 'sort'];
  const open = others.some((f) => values[f] !== undefined) || p.errors.length > 0;
  return (
    <form method="get" action="/staff/offers" class="govgr-form" novalidate>
      <h2 class="govgr-heading-m" safe>
        {t('filters_heading')}
      </h2>
      <TextInput
        name="q"
        label={t('search_label')}
        hint={t(p.contactSearch ? 'search_hint' : 'search_hint_no_contact')}
        value={values.q ?? ''}
        error={error('q')}
        errorPrefix={t('error_prefix')}
        maxlength={SEARCH_MAX_LENGTH}
        spellcheck={false}
      />
      <details class="govgr-details" open={open}>
        <summary class="govgr-details__summary">
          <span class="govgr-details__summary-text" safe>
            {t('more_filters')}
          </span>
        </summary>
        <div class="govgr-details__text">
          {choose('status', 'filter_status', { options: OFFER_STATUSES.map((s) => ({ value: s, label: codeLabel(lang, 'status', s) })) })}
          {choose('kind', 'filter_kind', { options: LINE_KINDS.map((k) => ({ value: k, label: label(LINE_KIND_LABELS, k, lang) })) })}
          {choose('category', 'filter_category', { groups: categoryGroups(lang) })}
          {choose('region', 'filter_region', { options: places.regionOptions })}
          {choose('regional_unit', 'filter_regional_unit', { groups: places.regionalUnitGroups })}
          {choose('municipality', 'filter_municipality', { groups: places.municipalityGroups })}
          {choose('organisation_kind', 'filter_organisation_kind', {
            options: ORGANISATION_KINDS.map((k) => ({ value: k, label: label(ORGANISATION_KIND_LABELS, k, lang) })),
          })}
          <TextInput name="from" label={t('filter_from')} hint={t('filter_dates_hint')} value={values.from} error={error('from')} errorPrefix={t('error_prefix')} width="10" />
          <TextInput name="to" label={t('filter_to')} hint={t('filter_dates_hint')} value={values.to} error={error('to')} errorPrefix={t('error_prefix')} width="10" />
          {choose('duplicate', 'filter_duplicate', {
            options: [
              { value: 'yes', label: t('yes') },
              { value: 'no', label: t('no') },
            ],
          })}
          {choose('unconfirmed', 'filter_unconfirmed', {
            options: [
              { value: 'yes', label: t('yes') },
              { value: 'no', label: t('no') },
            ],
          })}
          {choose('contact', 'filter_contact', { options: CONTACT_FILTERS.map((c) => ({ value: c, label: codeLabel(lang, 'contact', c) })) })}
          {choose('language', 'filter_language', { options: OFFER_LANGUAGES.map((l) => ({ value: l, label: codeLabel(lang, 'language', l) })) })}
          {/* The default order is the blank choice, so the plain queue's address stays short. */}
          {choose('sort', 'filter_sort', { options: [{ value: 'oldest', label: t('sort_oldest') }], emptyLabel: t('sort_newest') })}
        </div>
      </details>
      <div class="govgr-button-group">
        <button class="govgr-btn govgr-btn-primary" type="submit" safe>
          {t('apply_filters')}
        </button>
        <a class="govgr-link" href="/staff/offers" safe>
          {t('clear_filters')}
        </a>
      </div>
    </form>
  );
}

/**
 * The count for each status, each a link to the queue with that status and the other filters.
 * A count past COUNT_LIMIT reads "more than 1,000"; a status not counted shows its name alone.
 */
function StatusCounts({ lang, page, filters }: { lang: StaffLang; page: OfferListPage; filters: QueueFilters }) {
  const t = translator(reviewMessages, lang);
  const n = new Intl.NumberFormat(LOCALES[lang]);
  const entries = [
    { status: undefined, label: t('status_all'), count: page.all },
    ...page.statusCounts.map((s) => ({ status: s.status, label: codeLabel(lang, 'status', s.status), count: s.count === null ? null : { count: s.count, more: s.more } })),
  ];
  return (
    <nav aria-label={t('statuses_label')}>
      <ul class="prosfero-inline-list">
        {entries.map((e) => {
          const text = e.count === null ? e.label : t(e.count.more ? 'status_count_more' : 'status_count', { label: e.label, count: n.format(e.count.count) });
          return e.status === filters.status ? (
            <li>
              <strong aria-current="page" safe>
                {text}
              </strong>
            </li>
          ) : (
            <li>
              <a class="govgr-link" href={href({ ...filters, status: e.status })} safe>
                {text}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

const ISSUE_PARAMS: Partial<Record<FilterIssue['key'], Record<string, number>>> = { err_q_too_long: { max: SEARCH_MAX_LENGTH } };

export function OffersPage(p: {
  chrome: StaffChrome;
  gazetteer: Gazetteer;
  /** the regions the member may see, for the form's places */
  regions: 'all' | readonly string[];
  /** the filters as read; null when some were refused */
  filters: QueueFilters | null;
  values: Partial<Record<FilterParam, string>>;
  issues: FilterIssue[];
  /** null when the filters were refused: nothing is listed until they are corrected */
  page: OfferListPage | null;
  paged: boolean;
  contactSearch: boolean;
}) {
  const lang = p.chrome.lang;
  const t = translator(reviewMessages, lang);
  const n = new Intl.NumberFormat(LOCALES[lang]);
  const errors: FieldError[] = p.issues.map((i) => ({ field: i.field, message: t(i.key, ISSUE_PARAMS[i.key]) }));
  // The form shows dates as typed when refused, otherwise as people write them.
  const values = { ...p.values };
  if (p.filters) {
    values.from = typedDate(p.filters.from);
    values.to = typedDate(p.filters.to);
  }
  const { page, filters } = p;
  const filtered = filters !== null && Object.entries(filters).some(([k, v]) => v !== undefined && !(k === 'sort' && v === 'newest'));
  return (
    <StaffLayout chrome={p.chrome} title={t('offers_title')} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} title={t('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {t('offers_title')}
      </h1>
      <FilterForm lang={lang} gazetteer={p.gazetteer} regions={p.regions} values={values} errors={errors} contactSearch={p.contactSearch} />
      {page && filters ? <Results lang={lang} page={page} filters={filters} filtered={filtered} paged={p.paged} gazetteer={p.gazetteer} n={n} contact={p.contactSearch} /> : ''}
    </StaffLayout>
  );
}

function Results(p: { lang: StaffLang; page: OfferListPage; filters: QueueFilters; filtered: boolean; paged: boolean; gazetteer: Gazetteer; n: Intl.NumberFormat; contact: boolean }) {
  const { lang, page, filters, n } = p;
  const t = translator(reviewMessages, lang);
  const total = page.total;
  const plural = total && new Intl.PluralRules(LOCALES[lang]).select(total.count) === 'one' ? 'one' : 'other';
  const totalText = !total
    ? null
    : total.more
      ? t(p.filtered ? 'matching_more' : 'total_more', { count: n.format(total.count) })
      : t(p.filtered ? `matching_${plural}` : `total_${plural}`, { count: n.format(total.count) });
  const rangeText =
    page.from === null || page.to === null
      ? t(new Intl.PluralRules(LOCALES[lang]).select(page.items.length) === 'one' ? 'range_count_one' : 'range_count_other', { count: n.format(page.items.length) })
      : !total
        ? t('range_partial', { from: n.format(page.from), to: n.format(page.to) })
        : t(total.more ? 'range_more' : 'range', { from: n.format(page.from), to: n.format(page.to), total: n.format(total.count) });
  const newest = page.sort === 'newest';
  const links = [
    // A shortcut back to the top once the previous page is not itself the first.
    page.previous && (page.from === null || page.from - 1 > PAGE_SIZE) ? { href: href(filters), label: t(newest ? 'newest_page' : 'oldest_page'), rel: undefined } : null,
    page.previous ? { href: href(filters, { before: page.previous }), label: t(newest ? 'previous_page' : 'next_page'), rel: 'prev' } : null,
    page.next ? { href: href(filters, { after: page.next }), label: t(newest ? 'next_page' : 'previous_page'), rel: 'next' } : null,
    // A cursor past the end (its offers withdrawn and erased, say) still leads somewhere.
    !page.previous && p.paged && page.items.length === 0 ? { href: href(filters), label: t(newest ? 'newest_page' : 'oldest_page'), rel: undefined } : null,
  ].filter((l) => l !== null);
  return (
    <>
      <StatusCounts lang={lang} page={page} filters={filters} />
      {totalText ? (
        <p class="govgr-body" id="offers-total" role="status" safe>
          {totalText}
        </p>
      ) : (
        ''
      )}
      {page.items.length > 0 ? (
        <>
          <p class="govgr-body" id="offers-range" safe>
            {rangeText}
          </p>
          <div class="govgr-table-container">
            <table class="govgr-table govgr-table--dense">
              <caption class="govgr-table__caption govgr-visually-hidden" safe>
                {t(newest ? 'offers_caption' : 'offers_caption_oldest')}
              </caption>
              <thead class="govgr-table__head">
                <tr class="govgr-table__row">
                  {(['col_reference', 'col_submitted', 'col_organisation', 'col_lines', 'col_status', 'col_language', 'col_channel'] as const).map(
                    (key) => (
                      <th scope="col" class="govgr-table__header" safe>
                        {t(key)}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody class="govgr-table__body">
                {page.items.map((item) => (
                  <OfferRow item={item} lang={lang} gazetteer={p.gazetteer} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p class="govgr-body" safe>
          {p.paged ? t('page_empty') : p.filtered ? t('empty_filtered') : t('empty')}
        </p>
      )}
      <Pagination links={links} label={t('pagination_label')} />
      {/* Exports take the queue's filters, never its page: an export holds the whole selection. */}
      <ExportLinks lang={lang} query={queueHref(filters).split('?')[1] ?? ''} contact={p.contact} />
    </>
  );
}
