// The queue's export links: one per format, each carrying the queue's current filters. Plain
// links (GET): a small export downloads at once, a large one leads to the page that queues it.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { exportMessages, type ExportMessageKey } from '../exports.messages.js';

const LINKS: { format: string; key: ExportMessageKey }[] = [
  { format: 'csv', key: 'format_csv' },
  { format: 'csv-comma', key: 'format_csv_comma' },
  { format: 'xlsx', key: 'format_xlsx' },
  { format: 'jsonl', key: 'format_jsonl' },
  { format: 'hxl', key: 'format_hxl' },
];

/** `/staff/offers/export?<query>&format=<format>`, with `&` written `&amp;` for an attribute. */
export function exportHref(query: string, format: string): string {
  return `/staff/offers/export?${query ? `${query}&` : ''}format=${encodeURIComponent(format)}`;
}

/**
 * The export links under the queue.
 * @param query the queue's filters as a query string (review `queueHref`'s), without cursor
 * @param contact whether the member's exports hold contact data (accounts `offers.view_contact`)
 */
export function ExportLinks(p: { lang: StaffLang; query: string; contact: boolean }) {
  const t = translator(exportMessages, p.lang);
  return (
    <section class="prosfero-exports" aria-labelledby="export-heading">
      <h2 class="govgr-heading-s" id="export-heading" safe>
        {t('links_heading')}
      </h2>
      <p class="govgr-hint" safe>
        {t(p.contact ? 'links_hint' : 'links_hint_no_contact')}
      </p>
      <ul class="prosfero-inline-list">
        {LINKS.map((l) => (
          <li>
            <a class="govgr-link" href={exportHref(p.query, l.format).replaceAll('&', '&amp;')} safe>
              {t(l.key)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
