// The back office's list of offers: a read-only table, newest first, 50 a page, with each
// offer's lines in words. It shows no personal contact data (no email, phone or address).
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { label, ORGANISATION_KIND_LABELS } from '../../offers/index.js';
import { reviewMessages } from '../review.messages.js';
import { encodeCursor } from '../review.schemas.js';
import { PAGE_SIZE, type OfferListItem, type OfferListPage } from '../review.service.js';
import { codeLabel, describeLine, formatAthensTime, LOCALES } from './offer-line.js';

function OfferRow({ item, lang, gazetteer }: { item: OfferListItem; lang: StaffLang; gazetteer: Gazetteer }) {
  return (
    <tr class="govgr-table__row">
      <th scope="row" class="govgr-table__header prosfero-reference" safe>
        {item.reference}
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
      <td class="govgr-table__cell" safe>
        {codeLabel(lang, 'status', item.status)}
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

export function OffersPage(p: { chrome: StaffChrome; page: OfferListPage; gazetteer: Gazetteer; paged: boolean }) {
  const lang = p.chrome.lang;
  const t = translator(reviewMessages, lang);
  const n = new Intl.NumberFormat(LOCALES[lang]);
  const { page } = p;
  const totalText = t(new Intl.PluralRules(LOCALES[lang]).select(page.total) === 'one' ? 'total_one' : 'total_other', {
    count: n.format(page.total),
  });
  const links = [
    // A shortcut back to the top once the newer page is not itself the first.
    page.newer && page.from - 1 > PAGE_SIZE ? { href: '/staff/offers', label: t('newest_page'), rel: undefined } : null,
    page.newer ? { href: `/staff/offers?before=${encodeCursor(page.newer)}`, label: t('previous_page'), rel: 'prev' } : null,
    page.older ? { href: `/staff/offers?after=${encodeCursor(page.older)}`, label: t('next_page'), rel: 'next' } : null,
    // A cursor past the end (its offers withdrawn and erased, say) still leads somewhere.
    !page.newer && p.paged && page.items.length === 0 ? { href: '/staff/offers', label: t('newest_page'), rel: undefined } : null,
  ].filter((l) => l !== null);
  return (
    <StaffLayout chrome={p.chrome} title={t('offers_title')}>
      <h1 class="govgr-heading-xl" safe>
        {t('offers_title')}
      </h1>
      <p class="govgr-body" id="offers-total" safe>
        {totalText}
      </p>
      {page.items.length > 0 ? (
        <>
          <p class="govgr-body" id="offers-range" safe>
            {t('range', { from: n.format(page.from), to: n.format(page.to), total: n.format(page.total) })}
          </p>
          <div class="govgr-table-container">
            <table class="govgr-table govgr-table--dense">
              <caption class="govgr-table__caption govgr-visually-hidden" safe>
                {t('offers_caption')}
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
          {p.paged ? t('page_empty') : t('empty')}
        </p>
      )}
      {links.length > 0 ? (
        <nav class="govgr-pagination" aria-label={t('pagination_label')}>
          <ul class="govgr-pagination__list">
            {links.map((l) => (
              <li class="govgr-pagination__item">
                <a class="govgr-link" href={l.href} rel={l.rel} safe>
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
