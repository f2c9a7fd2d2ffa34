// The export pages: the confirmation that queues a large export, the page of refused filters,
// and an export job's page with its progress bar and, when ready, the download.
// The job page does not refresh itself: a timed <meta http-equiv="refresh"> fails WCAG 2.2
// SC 2.2.1 (technique F41; axe's «meta-refresh» rule) unless people can turn it off, so the
// page offers a link to check again instead, and works the same without JavaScript.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { ErrorSummary, Form, SummaryList, type FieldError } from '../../../platform/views/components.js';
import { formatStaffTime, StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { ExportFormat } from '../exports.formats.js';
import { exportMessages, type ExportMessageKey } from '../exports.messages.js';
import type { ExportJob } from '../exports.service.js';

const LOCALES: Record<StaffLang, string> = { el: 'el-GR', en: 'en-GB' };

const queuePath = (query: string) => (query ? `/staff/offers?${query}` : '/staff/offers');

/** The page that explains a large export runs in the background, with the button that queues it. */
export function ExportConfirmPage(p: { chrome: StaffChrome; format: ExportFormat; query: string; atLeast: number }) {
  const lang = p.chrome.lang;
  const t = translator(exportMessages, lang);
  const n = new Intl.NumberFormat(LOCALES[lang]);
  return (
    <StaffLayout chrome={p.chrome} title={t('confirm_title')}>
      <h1 class="govgr-heading-xl" safe>
        {t('confirm_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('confirm_intro', { count: n.format(p.atLeast - 1) })}
      </p>
      <p class="govgr-body" safe>
        {t('confirm_format', { format: t(`format_label_${p.format}` as ExportMessageKey) })}
      </p>
      <Form action="/staff/exports" csrf={p.chrome.csrf}>
        <input type="hidden" name="format" value={p.format} />
        <input type="hidden" name="query" value={p.query} />
        <div class="govgr-button-group">
          <button class="govgr-btn govgr-btn-primary" type="submit" safe>
            {t('confirm_button')}
          </button>
          <a class="govgr-link" href={queuePath(p.query).replaceAll('&', '&amp;')} safe>
            {t('back_to_offers')}
          </a>
        </div>
      </Form>
    </StaffLayout>
  );
}

/** Filters or a format that could not be read: what is wrong, and the way back to the queue. */
export function ExportRefusedPage(p: { chrome: StaffChrome; messages: ExportMessageKey[]; query: string }) {
  const lang = p.chrome.lang;
  const t = translator(exportMessages, lang);
  const back = queuePath(p.query).replaceAll('&', '&amp;');
  const errors: FieldError[] = [...new Set(p.messages)].map((key) => ({ field: key, message: t(key), href: back }));
  return (
    <StaffLayout chrome={p.chrome} title={t('confirm_title')} hasErrors>
      <ErrorSummary errors={errors} title={t('error_summary_title')} />
      <h1 class="govgr-heading-xl" safe>
        {t('confirm_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('refused_intro')}
      </p>
      <p class="govgr-body">
        <a class="govgr-link" href={back} safe>
          {t('back_to_offers')}
        </a>
      </p>
    </StaffLayout>
  );
}

/** The filters of a query string as «name: value» lines. */
function filtersText(query: string): string {
  return [...new URLSearchParams(query)].map(([k, v]) => `${k}: ${v}`).join('\n');
}

function formatBytes(lang: StaffLang, bytes: number): string {
  const n = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 });
  if (bytes < 1024 * 1024) return `${n.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${n.format(bytes / (1024 * 1024))} MB`;
}

/** An export job's page: what it is, its progress bar, and the download once ready. */
export function ExportJobPage(p: { chrome: StaffChrome; job: ExportJob }) {
  const { job } = p;
  const lang = p.chrome.lang;
  const t = translator(exportMessages, lang);
  const n = new Intl.NumberFormat(LOCALES[lang]);
  const self = `/staff/exports/${job.id}`;
  const total = job.progress.total;
  const percent = job.status === 'done' ? 100 : total ? Math.min(99, Math.floor((job.progress.done / total) * 100)) : 0;
  const pending = job.status === 'queued' || job.status === 'running';
  const rows = [
    { key: t('job_format'), value: t(`format_label_${job.format}` as ExportMessageKey) },
    { key: t('job_filters'), value: job.query ? filtersText(job.query) : t('job_no_filters') },
    { key: t('job_requested'), value: formatStaffTime(lang, job.createdAt) },
    { key: t('job_status'), value: t(`status_${job.status}` as ExportMessageKey) },
  ];
  return (
    <StaffLayout chrome={p.chrome} title={t('job_title')}>
      <h1 class="govgr-heading-xl" safe>
        {t('job_title')}
      </h1>
      <SummaryList rows={rows} />
      {pending ? (
        <>
          <label class="govgr-label" for="export-progress" safe>
            {t('progress_label')}
          </label>
          <progress id="export-progress" class="prosfero-progress" max="100" value={String(percent)} aria-describedby="export-progress-text" safe>
            {`${percent}%`}
          </progress>
          <p class="govgr-body" id="export-progress-text" safe>
            {job.status === 'queued'
              ? t('progress_waiting')
              : total === null
                ? t('progress_counting')
                : t('progress_text', { done: n.format(job.progress.done), total: n.format(total), percent })}
          </p>
          <p class="govgr-hint" safe>
            {t('check_again_hint')}
          </p>
          <p class="govgr-body">
            <a class="govgr-link" href={self} safe>
              {t('check_again')}
            </a>
          </p>
        </>
      ) : (
        ''
      )}
      {job.status === 'done' && job.offers !== null && job.rows !== null ? (
        <>
          <p class="govgr-body" id="export-done" safe>
            {t(new Intl.PluralRules(LOCALES[lang]).select(job.offers) === 'one' ? 'done_text_one' : 'done_text_other', { offers: n.format(job.offers), rows: n.format(job.rows) })}
          </p>
          <p class="govgr-body">
            <a class="govgr-btn govgr-btn-primary" href={`${self}/download`}>
              <span safe>{t('download')}</span> <span safe>{`(${formatBytes(lang, job.bytes ?? 0)})`}</span>
            </a>
          </p>
          {job.expiresAt ? (
            <p class="govgr-hint" safe>
              {t('expires', { date: formatStaffTime(lang, job.expiresAt) })}
            </p>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
      {job.status === 'failed' ? (
        <p class="govgr-body" safe>
          {t('failed_text')}
        </p>
      ) : (
        ''
      )}
      {job.status === 'expired' ? (
        <p class="govgr-body" safe>
          {t('expired_text')}
        </p>
      ) : (
        ''
      )}
      <p class="govgr-body">
        <a class="govgr-link" href={queuePath(job.query).replaceAll('&', '&amp;')} safe>
          {t('back_to_offers')}
        </a>
      </p>
    </StaffLayout>
  );
}
