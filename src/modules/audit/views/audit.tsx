// The audit browser: filters (a GET form, so a filtered view is a link to share), then a table of
// events newest first, then links to newer and older pages that keep the filters.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { DateInput, ErrorSummary, errorFor, Select, TextInput, type FieldError, Pagination } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import { formatStaffTime, StaffLayout, type StaffChrome } from '../../accounts/index.js';
import { formatReference } from '../../offers/index.js';
import { auditMessages } from '../audit.messages.js';
import { filterQuery, type AuditFilterValues } from '../audit.schemas.js';
import type { AuditEntry, AuditPage } from '../audit.service.js';

type T = ReturnType<typeof translator<keyof (typeof auditMessages)['en']>>;

function Who({ entry, t }: { entry: AuditEntry; t: T }) {
  const a = entry.actor;
  if (a.kind === 'staff' && a.id) {
    return (
      <>
        <span safe>{a.name ?? a.id}</span>
        {a.email ? (
          <>
            <br />
            <span class="govgr-hint" safe>
              {a.email}
            </span>
          </>
        ) : (
          ''
        )}
      </>
    );
  }
  const label = a.kind === 'staff' ? t('actor_unknown_staff') : a.kind === 'system' ? t('actor_system') : a.kind === 'offeror' ? t('actor_offeror') : t('actor_partner');
  return <span safe>{label}</span>;
}

function Entity({ entry, t }: { entry: AuditEntry; t: T }) {
  const e = entry.entity;
  if (!e.id) {
    return (
      <span class="govgr-hint" safe>
        {`${e.type} ${t('none')}`}
      </span>
    );
  }
  if (e.type === 'offer' && e.reference) {
    return (
      <a class="govgr-link" href={`/staff/offers/${e.reference}`} safe>
        {formatReference(e.reference)}
      </a>
    );
  }
  if (e.type === 'staff_account' && e.name) {
    return (
      <a class="govgr-link" href={`/staff/accounts/${e.id}`} safe>
        {e.name}
      </a>
    );
  }
  return (
    <>
      <span class="govgr-hint" safe>
        {e.type}
      </span>
      <br />
      <code safe>{e.id}</code>
    </>
  );
}

/** Details as `key: value` lines; values other than text are shown as JSON. */
function Details({ details, t }: { details: Record<string, unknown>; t: T }) {
  const keys = Object.keys(details);
  if (keys.length === 0) return <span safe>{t('none')}</span>;
  return (
    <ul class="govgr-list">
      {keys.map((k) => {
        const v = details[k];
        return <li safe>{`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`}</li>;
      })}
    </ul>
  );
}

function EventRow({ entry, lang, t }: { entry: AuditEntry; lang: StaffLang; t: T }) {
  return (
    <tr class="govgr-table__row" id={`event-${entry.id}`}>
      <td class="govgr-table__cell">
        <time datetime={entry.occurredAt.toISOString()} safe>
          {formatStaffTime(lang, entry.occurredAt, true)}
        </time>
      </td>
      <td class="govgr-table__cell">
        <Who entry={entry} t={t} />
      </td>
      <td class="govgr-table__cell">
        <code safe>{entry.action}</code>
      </td>
      <td class="govgr-table__cell">
        <Entity entry={entry} t={t} />
      </td>
      <td class="govgr-table__cell prosfero-pre-line" safe>
        {entry.reason ?? t('none')}
      </td>
      <td class="govgr-table__cell">
        <Details details={entry.details} t={t} />
      </td>
    </tr>
  );
}

export function AuditPageView(p: {
  chrome: StaffChrome;
  values: AuditFilterValues;
  errors?: FieldError[];
  /** null when the filters had errors: nothing is searched */
  page: AuditPage | null;
  paged: boolean;
  actors: { id: string; name: string; email: string }[];
}) {
  const lang = p.chrome.lang;
  const t = translator(auditMessages, lang);
  const l = translator(layoutMessages, lang);
  const hasErrors = (p.errors?.length ?? 0) > 0;
  const base = filterQuery(p.values);
  const link = (cursor: Record<string, string>) => {
    const params = new URLSearchParams(base);
    for (const [k, v] of Object.entries(cursor)) params.set(k, v);
    const qs = params.toString();
    return qs ? `/staff/audit?${qs}` : '/staff/audit';
  };
  const page = p.page;
  const links = page
    ? [
        page.newer ? { href: link({ before: page.newer }), label: t('newer_page'), rel: 'prev' } : null,
        page.older ? { href: link({ after: page.older }), label: t('older_page'), rel: 'next' } : null,
        p.paged && (page.newer || page.entries.length === 0) ? { href: link({}), label: t('newest_page'), rel: undefined } : null,
      ].filter((x) => x !== null)
    : [];
  const dateLabels = { day: t('day'), month: t('month'), year: t('year') };
  return (
    <StaffLayout chrome={p.chrome} title={t('audit_title')} hasErrors={hasErrors}>
      <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {t('audit_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('audit_intro')}
      </p>
      <form method="get" action="/staff/audit" class="govgr-form" novalidate>
        <h2 class="govgr-heading-m" safe>
          {t('filters_heading')}
        </h2>
        <Select
          name="actor"
          label={t('actor_label')}
          value={p.values.actor}
          error={errorFor(p.errors, 'actor')}
          errorPrefix={l('error_prefix')}
          emptyLabel={t('actor_any')}
          groups={[
            {
              label: t('actor_group_kinds'),
              options: [
                { value: 'system', label: t('actor_system') },
                { value: 'offeror', label: t('actor_offeror') },
                { value: 'partner', label: t('actor_partner') },
              ],
            },
            { label: t('actor_group_staff'), options: p.actors.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` })) },
          ]}
        />
        <TextInput
          name="action"
          label={t('action_label')}
          hint={t('action_hint')}
          value={p.values.action}
          error={errorFor(p.errors, 'action')}
          errorPrefix={l('error_prefix')}
          spellcheck={false}
          maxlength={100}
        />
        <TextInput
          name="entity_type"
          label={t('entity_type_label')}
          hint={t('entity_type_hint')}
          value={p.values.entity_type}
          error={errorFor(p.errors, 'entity_type')}
          errorPrefix={l('error_prefix')}
          spellcheck={false}
          maxlength={50}
          width="20"
        />
        <TextInput
          name="entity"
          label={t('entity_label')}
          hint={t('entity_hint')}
          value={p.values.entity}
          error={errorFor(p.errors, 'entity')}
          errorPrefix={l('error_prefix')}
          spellcheck={false}
          maxlength={200}
        />
        <DateInput
          name="from"
          legend={t('from_label')}
          hint={t('date_hint')}
          value={p.values.from}
          error={errorFor(p.errors, 'from')}
          errorPrefix={l('error_prefix')}
          labels={dateLabels}
        />
        <DateInput
          name="to"
          legend={t('to_label')}
          hint={t('date_hint')}
          value={p.values.to}
          error={errorFor(p.errors, 'to')}
          errorPrefix={l('error_prefix')}
          labels={dateLabels}
        />
        <button class="govgr-btn govgr-btn-primary" type="submit" safe>
          {t('apply_button')}
        </button>
        <p class="govgr-body">
          <a class="govgr-link" href="/staff/audit" safe>
            {t('clear_filters')}
          </a>
        </p>
      </form>
      {page && page.entries.length > 0 ? (
        <div class="govgr-table-container">
          <table class="govgr-table govgr-table--dense">
            <caption class="govgr-table__caption govgr-visually-hidden" safe>
              {t('caption')}
            </caption>
            <thead class="govgr-table__head">
              <tr class="govgr-table__row">
                {(['col_when', 'col_who', 'col_action', 'col_entity', 'col_reason', 'col_details'] as const).map((key) => (
                  <th scope="col" class="govgr-table__header" safe>
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govgr-table__body">
              {page.entries.map((entry) => (
                <EventRow entry={entry} lang={lang} t={t} />
              ))}
            </tbody>
          </table>
        </div>
      ) : page ? (
        <p class="govgr-body" id="audit-empty" safe>
          {p.paged ? t('page_empty') : t('empty')}
        </p>
      ) : (
        ''
      )}
      <Pagination links={links} label={t('pagination_label')} />
    </StaffLayout>
  );
}
