// One import's page: progress while its rows are checked or imported (the response asks the
// browser to refresh it, no JavaScript needed, and a link turns that off: WCAG 2.2.1), then the
// rows rejected with their reasons and the choice between importing the valid offers or none,
// then the outcome.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { ruleMessage } from '../../../platform/validation/rules.messages.js';
import type { RuleCode } from '../../../platform/validation/rules.js';
import { ErrorSummary, Form, type FieldError } from '../../../platform/views/components.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import { formatStaffTime, StaffLayout, type StaffChrome } from '../../accounts/index.js';
import { fill } from '../../../platform/i18n/index.js';
import { formatReference, offerMessages, type OfferMessageKey } from '../../offers/index.js';
import { COLUMN_HEADERS, type RowIssue } from '../imports.columns.js';
import { importMessages } from '../imports.messages.js';
import type { ImportBatch } from '../imports.service.js';
import { batchPath } from './imports.js';

/** Seconds between refreshes of a batch page while a step runs. */
export const REFRESH_SECONDS = 3;

/** The reason for one problem, in the member's language: the form's own message, or the import's. */
export function issueMessage(issue: RowIssue, lang: StaffLang): string {
  if (issue.importKey) return translator(importMessages, lang)(`issue_${issue.importKey}`, issue.params);
  if (issue.key) return fill(offerMessages[lang][issue.key as OfferMessageKey] ?? issue.key, issue.params);
  return ruleMessage(lang, (issue.rule ?? 'invalid') as RuleCode, issue.params);
}

export function isRunning(batch: ImportBatch): boolean {
  return batch.status === 'validating' || batch.status === 'importing';
}

export function BatchPage(p: { chrome: StaffChrome; batch: ImportBatch; refresh: boolean; error?: string }) {
  const lang: StaffLang = p.chrome.lang;
  const t = translator(importMessages, lang);
  const l = translator(layoutMessages, lang);
  const b = p.batch;
  const number = (n: number) => new Intl.NumberFormat(lang === 'el' ? 'el-GR' : 'en-GB').format(n);
  const errors: FieldError[] | undefined = p.error ? [{ field: 'decision', message: p.error }] : undefined;
  const running = isRunning(b);
  const total = b.status === 'importing' ? b.validOfferCount : b.offerCount;
  return (
    <StaffLayout chrome={p.chrome} title={t('batch_title', { file: b.fileName })} hasErrors={Boolean(p.error)}>
      <ErrorSummary errors={errors} title={l('error_summary_title')} />
      <a class="govgr-back-link" href="/staff/imports" safe>
        {t('back_to_imports')}
      </a>
      <h1 class="govgr-heading-xl" safe>
        {t('batch_title', { file: b.fileName })}
      </h1>
      <p class="govgr-body">
        <strong class="govgr-tag" id="batch-status" safe>
          {t(`status_${b.status}`)}
        </strong>
      </p>
      {running ? (
        <div id="progress">
          <p class="govgr-body" role="status" safe>
            {t(b.status === 'importing' ? 'progress_importing' : 'progress_validating', { done: number(b.processed), total: number(total) })}
          </p>
          <label class="govgr-label" for="progress-bar" safe>
            {t('progress_label')}
          </label>
          <progress id="progress-bar" max={String(Math.max(total, 1))} value={String(Math.min(b.processed, total))} safe>
            {`${b.processed} / ${total}`}
          </progress>
          <p class="govgr-body">
            {p.refresh ? (
              <>
                <span safe>{t('progress_refresh_note', { seconds: REFRESH_SECONDS })}</span>{' '}
                <a class="govgr-link" href={`${batchPath(b.id)}?refresh=off`} safe>
                  {t('progress_refresh_stop')}
                </a>
              </>
            ) : (
              <a class="govgr-link" href={`${batchPath(b.id)}?refresh=off`} safe>
                {t('progress_refresh_now')}
              </a>
            )}
          </p>
        </div>
      ) : (
        ''
      )}

      {b.status === 'ready' || b.status === 'failed' ? <Decision {...p} /> : ''}

      {b.status === 'imported' ? (
        <div class="govgr-panel govgr-panel--confirmation">
          <h2 class="govgr-panel__title" safe>
            {t('status_imported')}
          </h2>
          <div class="govgr-panel__body" safe>
            {t('imported_lead', { count: number(b.importedCount ?? 0) })}
          </div>
        </div>
      ) : (
        ''
      )}
      {b.status === 'imported' && b.references.length > 0 ? (
        <>
          <h2 class="govgr-heading-m" safe>
            {t('imported_list')}
          </h2>
          {b.references.length < (b.importedCount ?? 0) ? (
            <p class="govgr-body" safe>
              {t('imported_more', { shown: number(b.references.length), total: number(b.importedCount ?? 0) })}
            </p>
          ) : (
            ''
          )}
          <ul class="govgr-list" id="references">
            {b.references.map((r) => (
              <li>
                <a class="govgr-link" href={`/staff/offers/${r}`} safe>
                  {formatReference(r)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {b.status === 'discarded' ? (
        <p class="govgr-body" safe>
          {t('discarded_lead')}
        </p>
      ) : (
        ''
      )}
      {b.status === 'expired' ? (
        <p class="govgr-body" safe>
          {t('expired_lead')}
        </p>
      ) : (
        ''
      )}
      <p class="govgr-body">
        <a class="govgr-link" href="/staff/imports" safe>
          {t('another_file')}
        </a>
      </p>
    </StaffLayout>
  );
}

function Decision(p: { chrome: StaffChrome; batch: ImportBatch }) {
  const lang: StaffLang = p.chrome.lang;
  const t = translator(importMessages, lang);
  const b = p.batch;
  const number = (n: number) => new Intl.NumberFormat(lang === 'el' ? 'el-GR' : 'en-GB').format(n);
  const failure = b.failure === 'import_failed' ? t('failed_import') : b.failure === 'validation_failed' ? t('failed_validation') : null;
  return (
    <>
      {failure ? (
        <div class="govgr-warning-text" id="failure">
          <p class="govgr-body" safe>
            {failure}
          </p>
        </div>
      ) : (
        ''
      )}
      <h2 class="govgr-heading-m" safe>
        {t('summary_heading')}
      </h2>
      <dl class="govgr-summary-list" id="summary">
        {[
          [t('summary_rows'), number(b.rowCount)],
          [t('summary_offers'), number(b.offerCount)],
          [t('summary_valid'), number(b.validOfferCount)],
          [t('summary_rejected_rows'), number(b.rejectedRowCount)],
          ...(b.ignoredColumns.length > 0 ? [[t('summary_ignored'), b.ignoredColumns.join(', ')]] : []),
        ].map(([k, v]) => (
          <div class="govgr-summary-list__row">
            <dt class="govgr-summary-list__key" safe>
              {k}
            </dt>
            <dd class="govgr-summary-list__value" safe>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      {b.issues.length > 0 ? (
        <>
          <h2 class="govgr-heading-m" safe>
            {t('rejected_heading')}
          </h2>
          <p class="govgr-body" safe>
            {t('rejected_intro')}
          </p>
          {b.issueTotal > b.issues.length ? (
            <p class="govgr-body" safe>
              {t('rejected_more', { shown: number(b.issues.length), total: number(b.issueTotal) })}
            </p>
          ) : (
            ''
          )}
          <table class="govgr-table govgr-table--dense" id="rejected">
            <caption class="govgr-table__caption govgr-visually-hidden" safe>
              {t('rejected_heading')}
            </caption>
            <thead class="govgr-table__head">
              <tr class="govgr-table__row">
                <th scope="col" class="govgr-table__header govgr-table__header--numeric" safe>
                  {t('col_row')}
                </th>
                <th scope="col" class="govgr-table__header" safe>
                  {t('col_column')}
                </th>
                <th scope="col" class="govgr-table__header" safe>
                  {t('col_reason')}
                </th>
              </tr>
            </thead>
            <tbody class="govgr-table__body">
              {b.issues.map((i) => (
                <tr class="govgr-table__row">
                  <td class="govgr-table__cell govgr-table__cell--numeric" safe>
                    {String(i.row)}
                  </td>
                  <td class="govgr-table__cell" safe>
                    {COLUMN_HEADERS[i.column]?.[lang] ?? i.column}
                  </td>
                  <td class="govgr-table__cell" safe>
                    {issueMessage(i, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        ''
      )}
      <h2 class="govgr-heading-m" id="decision" safe>
        {t('decision_heading')}
      </h2>
      {b.validOfferCount === 0 ? (
        <p class="govgr-body" safe>
          {t('nothing_valid')}
        </p>
      ) : (
        ''
      )}
      <p class="govgr-body" safe>
        {t('expires_note', { time: formatStaffTime(lang, b.expiresAt, true) })}
      </p>
      <div class="govgr-button-group">
        {b.validOfferCount > 0 && b.status === 'ready' ? (
          <Form action={`${batchPath(b.id)}/import`} csrf={p.chrome.csrf}>
            <button class="govgr-btn govgr-btn-primary" type="submit" safe>
              {t('import_button', { count: number(b.validOfferCount) })}
            </button>
          </Form>
        ) : (
          ''
        )}
        <Form action={`${batchPath(b.id)}/discard`} csrf={p.chrome.csrf}>
          <button class="govgr-btn govgr-btn-secondary" type="submit" safe>
            {t('discard_button')}
          </button>
        </Form>
      </div>
    </>
  );
}
