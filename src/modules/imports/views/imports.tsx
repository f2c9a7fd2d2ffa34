// The imports page: upload a file (a multipart form that works without JavaScript), the
// templates, what each column takes, and the latest imports.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { ErrorSummary, type FieldError } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import { formatStaffTime, StaffLayout, type StaffChrome } from '../../accounts/index.js';
import { COLUMN_HEADERS, COLUMN_KEYS, OFFER_COLUMNS, REQUIRED_COLUMNS } from '../imports.columns.js';
import { COLUMN_HELP, importMessages } from '../imports.messages.js';
import type { BatchListItem } from '../imports.service.js';
import { columnValues } from '../imports.template.js';

export function batchPath(id: string): string {
  return `/staff/imports/${id}`;
}

export function ImportsPage(p: { chrome: StaffChrome; error?: string; recent: BatchListItem[]; maxSize: string; maxRows: number }) {
  const lang: StaffLang = p.chrome.lang;
  const t = translator(importMessages, lang);
  const l = translator(layoutMessages, lang);
  const errors: FieldError[] | undefined = p.error ? [{ field: 'file', message: p.error }] : undefined;
  const hint = t('file_hint', { size: p.maxSize, rows: new Intl.NumberFormat(lang === 'el' ? 'el-GR' : 'en-GB').format(p.maxRows) });
  return (
    <StaffLayout chrome={p.chrome} title={t('imports_title')} hasErrors={Boolean(p.error)}>
      <ErrorSummary errors={errors} title={l('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {t('imports_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('imports_intro')}
      </p>
      <p class="govgr-body" safe>
        {t('imports_no_email')}
      </p>
      <form method="post" action="/staff/imports" enctype="multipart/form-data" class="govgr-form" novalidate>
        <input type="hidden" name="_csrf" value={p.chrome.csrf} />
        <h2 class="govgr-heading-m" safe>
          {t('upload_heading')}
        </h2>
        <div class={p.error ? 'govgr-field govgr-field__error' : 'govgr-field'}>
          <label class="govgr-label" for="file">
            <span class="govgr-body" safe>
              {t('file_label')}
            </span>
          </label>
          <div class="govgr-hint" id="file-hint" safe>
            {hint}
          </div>
          {p.error ? (
            <p id="file-error" class="govgr-error-message">
              <span class="govgr-visually-hidden" safe>{`${l('error_prefix')}: `}</span>
              <span safe>{p.error}</span>
            </p>
          ) : (
            ''
          )}
          <input
            class="govgr-file-input"
            type="file"
            id="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={p.error ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={p.error ? 'true' : undefined}
          />
        </div>
        <button class="govgr-btn govgr-btn-primary" type="submit" safe>
          {t('upload_button')}
        </button>
      </form>

      <h2 class="govgr-heading-m" safe>
        {t('templates_heading')}
      </h2>
      <p class="govgr-body" safe>
        {t('templates_intro')}
      </p>
      <ul class="govgr-list">
        {(['csv_el', 'xlsx_el', 'csv_en', 'xlsx_en'] as const).map((k) => {
          const [format, language] = k.split('_') as ['csv' | 'xlsx', 'el' | 'en'];
          return (
            <li>
              <a class="govgr-link" href={`/staff/imports/template/prosfero-offers-${language}.${format}`} hreflang={language} download="" safe>
                {t(`template_${k}`)}
              </a>
            </li>
          );
        })}
      </ul>

      <h2 class="govgr-heading-m" id="columns" safe>
        {t('columns_heading')}
      </h2>
      <p class="govgr-body" safe>
        {t('columns_intro')}
      </p>
      <div class="govgr-table-container">
        <table class="govgr-table govgr-table--dense">
          <caption class="govgr-table__caption govgr-visually-hidden" safe>
            {t('columns_heading')}
          </caption>
          <thead class="govgr-table__head">
            <tr class="govgr-table__row">
              <th scope="col" class="govgr-table__header" safe>
                {t('col_column')}
              </th>
              <th scope="col" class="govgr-table__header" safe>
                {t('col_meaning')}
              </th>
              <th scope="col" class="govgr-table__header" safe>
                {t('col_values')}
              </th>
            </tr>
          </thead>
          <tbody class="govgr-table__body">
            {COLUMN_KEYS.map((k) => (
              <tr class="govgr-table__row">
                <th scope="row" class="govgr-table__header">
                  <span safe>{COLUMN_HEADERS[k][lang]}</span>
                  <br />
                  <span class="govgr-hint" safe>
                    {[k === 'offer_key' ? '' : OFFER_COLUMNS.has(k) ? t('column_offer') : t('column_line'), REQUIRED_COLUMNS.includes(k) ? t('column_required') : '']
                      .filter(Boolean)
                      .join(', ')}
                  </span>
                </th>
                <td class="govgr-table__cell" safe>
                  {COLUMN_HELP[k][lang]}
                </td>
                <td class="govgr-table__cell" safe>
                  {columnValues(k, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 class="govgr-heading-m" safe>
        {t('recent_heading')}
      </h2>
      {p.recent.length === 0 ? (
        <p class="govgr-body" safe>
          {t('recent_none')}
        </p>
      ) : (
        <table class="govgr-table">
          <caption class="govgr-table__caption govgr-visually-hidden" safe>
            {t('recent_heading')}
          </caption>
          <thead class="govgr-table__head">
            <tr class="govgr-table__row">
              <th scope="col" class="govgr-table__header" safe>
                {t('col_file')}
              </th>
              <th scope="col" class="govgr-table__header" safe>
                {t('col_uploaded')}
              </th>
              <th scope="col" class="govgr-table__header" safe>
                {t('col_status')}
              </th>
              <th scope="col" class="govgr-table__header govgr-table__header--numeric" safe>
                {t('col_rows')}
              </th>
            </tr>
          </thead>
          <tbody class="govgr-table__body">
            {p.recent.map((b) => (
              <tr class="govgr-table__row">
                <td class="govgr-table__cell">
                  <a class="govgr-link" href={batchPath(b.id)} safe>
                    {b.fileName}
                  </a>
                </td>
                <td class="govgr-table__cell">
                  <time datetime={b.createdAt.toISOString()} safe>
                    {formatStaffTime(lang, b.createdAt, true)}
                  </time>
                </td>
                <td class="govgr-table__cell" safe>
                  {t(`status_${b.status}`)}
                </td>
                <td class="govgr-table__cell govgr-table__cell--numeric" safe>
                  {String(b.rowCount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}
