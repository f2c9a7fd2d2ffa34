// What the offeror changed through the self-service link, for the staff offer page (el/en):
// each save with its fields before and after; a save that sent a verified offer back to review
// is highlighted, so the reviewer sees at once what to check again.
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { formatStaffTime } from '../../accounts/index.js';
import { selfServiceMessages, type SelfServiceMessageKey } from '../self-service.messages.js';
import type { SelfServiceChangeSet } from '../self-service.service.js';

const CONTACT_FIELDS = new Set(['contact_name', 'contact_role', 'contact_phone', 'contact_email']);

const HEADINGS = {
  el: { heading: 'Αλλαγές από τον προσφέροντα', caption: 'Αλλαγές μέσω του συνδέσμου αυτοεξυπηρέτησης, από την παλαιότερη', when: 'Πότε', line: 'Γραμμή', field: 'Πεδίο', before: 'Πριν', after: 'Μετά', contact: 'Επικοινωνία', review: 'Επέστρεψε σε έλεγχο: η προσφορά είχε επαληθευτεί', hidden: 'κρυφό (στοιχεία επικοινωνίας)', empty: '—' },
  en: { heading: 'Changes by the offeror', caption: 'Changes made through the self-service link, oldest first', when: 'When', line: 'Line', field: 'Field', before: 'Before', after: 'After', contact: 'Contact', review: 'Sent back to review: the offer had been verified', hidden: 'hidden (contact details)', empty: '—' },
} as const;

/**
 * The section, or nothing when the offeror changed nothing. `showContact` false hides the values
 * of contact fields (a viewer sees that they changed, not what to).
 */
export function OfferorChangesSection({ lang, changes, showContact }: { lang: StaffLang; changes: SelfServiceChangeSet[]; showContact: boolean }) {
  if (changes.length === 0) return '';
  const h = HEADINGS[lang];
  const t = translator(selfServiceMessages, lang);
  const value = (field: string, v: string | null) => (v === null || v === '' ? h.empty : !showContact && CONTACT_FIELDS.has(field) ? h.hidden : v);
  return (
    <section aria-labelledby="offeror-changes-heading" id="offeror-changes">
      <h2 class="govgr-heading-m" id="offeror-changes-heading">
        {h.heading}
      </h2>
      <table class="govgr-table govgr-table--dense">
        <caption class="govgr-table__caption govgr-visually-hidden">
          {h.caption}
        </caption>
        <thead class="govgr-table__head">
          <tr class="govgr-table__row">
            <th scope="col" class="govgr-table__header">{h.when}</th>
            <th scope="col" class="govgr-table__header">{h.line}</th>
            <th scope="col" class="govgr-table__header">{h.field}</th>
            <th scope="col" class="govgr-table__header">{h.before}</th>
            <th scope="col" class="govgr-table__header">{h.after}</th>
          </tr>
        </thead>
        <tbody class="govgr-table__body">
          {changes.map((set) =>
            set.changes.map((c, i) => (
              <tr class={set.sentBackToReview ? 'govgr-table__row prosfero-changed' : 'govgr-table__row'}>
                <td class="govgr-table__cell">
                  {i === 0 ? (
                    <>
                      <time datetime={set.at.toISOString()} safe>
                        {formatStaffTime(lang, set.at)}
                      </time>
                      {set.sentBackToReview ? (
                        <>
                          <br />
                          <strong class="govgr-tag">
                            {h.review}
                          </strong>
                        </>
                      ) : (
                        ''
                      )}
                    </>
                  ) : (
                    ''
                  )}
                </td>
                <td class="govgr-table__cell" safe>
                  {c.line === null ? h.contact : String(c.line)}
                </td>
                <td class="govgr-table__cell" safe>
                  {t(`field_${c.field}` as SelfServiceMessageKey)}
                </td>
                <td class="govgr-table__cell" safe>
                  {value(c.field, c.before)}
                </td>
                <td class="govgr-table__cell">
                  {set.sentBackToReview ? <mark safe>{value(c.field, c.after)}</mark> : <span safe>{value(c.field, c.after)}</span>}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
