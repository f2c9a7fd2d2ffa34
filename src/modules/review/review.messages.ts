// What the back office's offer list says, in Greek and English (staff pages are in Greek and
// English, PRODUCT.md). The Catalogue type also requires Ukrainian: those entries repeat the
// English text on purpose, because no staff page is offered in Ukrainian.
// Only the list's own words live here: its page, the statuses, channels and languages, and counts
// in singular and plural. The offer form's code lists and their labels (organisation kinds, kinds
// of help, categories) come from the offers module, so the list and the form name a code alike.
// The three lists below mirror the CHECK constraints of 0002; a code without a label is shown as
// stored rather than hidden.
import type { Catalogue } from '../../platform/i18n/index.js';
import type { ITEM_UNITS } from '../offers/index.js';

export const OFFER_STATUSES = ['submitted', 'in_review', 'verified', 'allocated', 'completed', 'rejected', 'withdrawn', 'duplicate', 'expired'] as const;
export const OFFER_CHANNELS = ['web', 'api', 'import', 'staff'] as const;
export const OFFER_LANGUAGES = ['el', 'en', 'uk'] as const;

export type ReviewMessageKey =
  | 'offers_title'
  | 'offers_caption'
  | 'total_one'
  | 'total_other'
  | 'range'
  | 'empty'
  | 'page_empty'
  | 'col_reference'
  | 'col_submitted'
  | 'col_organisation'
  | 'col_lines'
  | 'col_status'
  | 'col_language'
  | 'col_channel'
  | 'pagination_label'
  | 'next_page'
  | 'previous_page'
  | 'newest_page'
  | 'places_one'
  | 'places_other'
  | 'per_week'
  | 'money_one_off'
  | 'money_monthly'
  | `status_${(typeof OFFER_STATUSES)[number]}`
  | `channel_${(typeof OFFER_CHANNELS)[number]}`
  | `language_${(typeof OFFER_LANGUAGES)[number]}`
  // The form's UNIT_LABELS have no singular: «1 παλέτα», not «1 παλέτες».
  | `unit_${(typeof ITEM_UNITS)[number]}_one`
  | `unit_${(typeof ITEM_UNITS)[number]}_other`;

const en: Record<ReviewMessageKey, string> = {
  offers_title: 'Offers',
  offers_caption: 'Offers, newest first',
  total_one: '{count} offer in total',
  total_other: '{count} offers in total',
  range: 'Showing {from} to {to} of {total}',
  empty: 'There are no offers yet.',
  page_empty: 'There are no offers on this page.',
  col_reference: 'Reference',
  col_submitted: 'Submitted',
  col_organisation: 'Organisation',
  col_lines: 'What is offered',
  col_status: 'Status',
  col_language: 'Language',
  col_channel: 'Channel',
  pagination_label: 'Pages of offers',
  next_page: 'Older offers',
  previous_page: 'Newer offers',
  newest_page: 'Newest offers',
  places_one: '{n} place',
  places_other: '{n} places',
  per_week: 'up to {n} a week',
  money_one_off: '{amount} once',
  money_monthly: '{amount} a month',
  status_submitted: 'Submitted',
  status_in_review: 'In review',
  status_verified: 'Verified',
  status_allocated: 'Allocated',
  status_completed: 'Completed',
  status_rejected: 'Rejected',
  status_withdrawn: 'Withdrawn',
  status_duplicate: 'Duplicate',
  status_expired: 'Expired',
  channel_web: 'Website',
  channel_api: 'API',
  channel_import: 'File import',
  channel_staff: 'Entered by staff',
  language_el: 'Greek',
  language_en: 'English',
  language_uk: 'Ukrainian',
  unit_pieces_one: '{n} piece',
  unit_pieces_other: '{n} pieces',
  unit_kits_one: '{n} kit',
  unit_kits_other: '{n} kits',
  unit_boxes_one: '{n} box',
  unit_boxes_other: '{n} boxes',
  unit_pallets_one: '{n} pallet',
  unit_pallets_other: '{n} pallets',
  unit_kg_one: '{n} kg',
  unit_kg_other: '{n} kg',
  unit_litres_one: '{n} litre',
  unit_litres_other: '{n} litres',
};

export const reviewMessages: Catalogue<ReviewMessageKey> = {
  el: {
    offers_title: 'Προσφορές',
    offers_caption: 'Προσφορές, οι νεότερες πρώτες',
    total_one: '{count} προσφορά συνολικά',
    total_other: '{count} προσφορές συνολικά',
    range: 'Εμφανίζονται οι {from} έως {to} από {total}',
    empty: 'Δεν υπάρχουν ακόμη προσφορές.',
    page_empty: 'Δεν υπάρχουν προσφορές σε αυτή τη σελίδα.',
    col_reference: 'Αριθμός αναφοράς',
    col_submitted: 'Υποβολή',
    col_organisation: 'Φορέας',
    col_lines: 'Τι προσφέρεται',
    col_status: 'Κατάσταση',
    col_language: 'Γλώσσα',
    col_channel: 'Κανάλι',
    pagination_label: 'Σελίδες προσφορών',
    next_page: 'Παλαιότερες προσφορές',
    previous_page: 'Νεότερες προσφορές',
    newest_page: 'Οι πιο πρόσφατες προσφορές',
    places_one: '{n} θέση',
    places_other: '{n} θέσεις',
    per_week: 'έως {n} την εβδομάδα',
    money_one_off: '{amount} εφάπαξ',
    money_monthly: '{amount} τον μήνα',
    status_submitted: 'Υποβλήθηκε',
    status_in_review: 'Σε έλεγχο',
    status_verified: 'Επαληθεύτηκε',
    status_allocated: 'Διατέθηκε',
    status_completed: 'Ολοκληρώθηκε',
    status_rejected: 'Απορρίφθηκε',
    status_withdrawn: 'Αποσύρθηκε',
    status_duplicate: 'Διπλότυπη',
    status_expired: 'Έληξε',
    channel_web: 'Ιστότοπος',
    channel_api: 'API',
    channel_import: 'Εισαγωγή αρχείου',
    channel_staff: 'Καταχώριση από το προσωπικό',
    language_el: 'Ελληνικά',
    language_en: 'Αγγλικά',
    language_uk: 'Ουκρανικά',
    unit_pieces_one: '{n} τεμάχιο',
    unit_pieces_other: '{n} τεμάχια',
    unit_kits_one: '{n} πακέτο',
    unit_kits_other: '{n} πακέτα',
    unit_boxes_one: '{n} κιβώτιο',
    unit_boxes_other: '{n} κιβώτια',
    unit_pallets_one: '{n} παλέτα',
    unit_pallets_other: '{n} παλέτες',
    unit_kg_one: '{n} κιλό',
    unit_kg_other: '{n} κιλά',
    unit_litres_one: '{n} λίτρο',
    unit_litres_other: '{n} λίτρα',
  },
  en,
  // Staff pages are not offered in Ukrainian; the entries exist only because Catalogue needs them.
  uk: en,
};

/** Whether the catalogue has `key`, for labels looked up from stored codes. */
export function hasReviewMessage(key: string): key is ReviewMessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
