// What the back office's offer list says, in Greek and English (staff pages are in Greek and
// English, PRODUCT.md). The Catalogue type also requires Ukrainian: those entries repeat the
// English text on purpose, because no staff page is offered in Ukrainian.
// Only the queue's own words live here: its page, filters and errors, the statuses, channels,
// languages and contact outcomes, and counts in singular and plural. The offer form's code lists and their labels (organisation kinds, kinds
// of help, categories) come from the offers module, so the list and the form name a code alike.
// The three lists below mirror the CHECK constraints of 0002; a code without a label is shown as
// stored rather than hidden.
import type { Catalogue } from '../../platform/i18n/index.js';
import type { ITEM_UNITS } from '../offers/index.js';
import type { CONTACT_FILTERS } from './review.schemas.js';

export const OFFER_LANGUAGES = ['el', 'en', 'uk'] as const;

export type ReviewMessageKey =
  | 'offers_title'
  | 'offers_caption'
  | 'offers_caption_oldest'
  | 'matching_one'
  | 'matching_other'
  | 'total_more'
  | 'matching_more'
  | 'range_more'
  | 'range_partial'
  | 'range_count_one'
  | 'range_count_other'
  | 'status_count_more'
  | 'empty_filtered'
  | 'oldest_page'
  | 'filters_heading'
  | 'search_label'
  | 'search_hint'
  | 'search_hint_no_contact'
  | 'more_filters'
  | 'filter_status'
  | 'filter_kind'
  | 'filter_category'
  | 'filter_region'
  | 'filter_regional_unit'
  | 'filter_municipality'
  | 'filter_organisation_kind'
  | 'filter_from'
  | 'filter_to'
  | 'filter_dates_hint'
  | 'filter_duplicate'
  | 'filter_unconfirmed'
  | 'unconfirmed'
  | 'filter_contact'
  | 'filter_language'
  | 'filter_sort'
  | 'any'
  | 'yes'
  | 'no'
  | 'sort_newest'
  | 'sort_oldest'
  | 'apply_filters'
  | 'clear_filters'
  | 'statuses_label'
  | 'status_all'
  | 'status_count'
  | 'possible_duplicate'
  | 'error_summary_title'
  | 'error_prefix'
  | 'err_q_too_long'
  | 'err_q_characters'
  | 'err_choice'
  | 'err_date'
  | 'err_date_order'
  | `contact_${(typeof CONTACT_FILTERS)[number]}`
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
  // The form's UNIT_LABELS have no singular: «1 παλέτα», not «1 παλέτες».
  | `unit_${(typeof ITEM_UNITS)[number]}_one`
  | `unit_${(typeof ITEM_UNITS)[number]}_other`;

const en: Record<ReviewMessageKey, string> = {
  offers_title: 'Offers',
  offers_caption: 'Offers, newest first',
  offers_caption_oldest: 'Offers, oldest first',
  matching_one: '{count} offer matches',
  matching_other: '{count} offers match',
  total_more: 'More than {count} offers in total',
  matching_more: 'More than {count} offers match',
  range_more: 'Showing {from} to {to} of more than {total}',
  range_partial: 'Showing {from} to {to}',
  range_count_one: 'Showing {count} offer',
  range_count_other: 'Showing {count} offers',
  status_count_more: '{label} (more than {count})',
  empty_filtered: 'No offers match these filters.',
  oldest_page: 'Oldest offers',
  filters_heading: 'Find offers',
  search_label: 'Search',
  search_hint: 'A reference, ΑΦΜ, email, phone number, name, or words from the offer',
  search_hint_no_contact: 'A reference, ΑΦΜ, name, or words from the offer',
  more_filters: 'Filters',
  filter_status: 'Status',
  filter_kind: 'Kind of help',
  filter_category: 'Category',
  filter_region: 'Region',
  filter_regional_unit: 'Regional unit',
  filter_municipality: 'Municipality',
  filter_organisation_kind: 'Kind of organisation',
  filter_from: 'Submitted from',
  filter_to: 'Submitted until',
  filter_dates_hint: 'A date in Greek time, for example 27/3/2026',
  filter_duplicate: 'Possible duplicate',
  filter_unconfirmed: 'Unconfirmed availability (no answer to the checks)',
  unconfirmed: 'Unconfirmed',
  filter_contact: 'Contact with the offeror',
  filter_language: 'Language of the offer',
  filter_sort: 'Order',
  any: 'Any',
  yes: 'Yes',
  no: 'No',
  sort_newest: 'Newest first',
  sort_oldest: 'Oldest first',
  apply_filters: 'Apply filters',
  clear_filters: 'Clear filters',
  statuses_label: 'Offers by status',
  status_all: 'All',
  status_count: '{label} ({count})',
  possible_duplicate: 'Possible duplicate',
  error_summary_title: 'There is a problem',
  error_prefix: 'Error',
  err_q_too_long: 'Search text must be {max} characters or fewer',
  err_q_characters: 'Search text contains characters that cannot be searched for',
  err_choice: 'Choose one of the options in the list',
  err_date: 'Enter a real date, for example 27/3/2026',
  err_date_order: 'The end date must be the same as or after the start date',
  contact_never_reached: 'Never reached',
  contact_reached: 'Reached',
  contact_no_answer: 'No answer',
  contact_wrong_number: 'Wrong number',
  contact_bounced: 'Email bounced',
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
    offers_caption_oldest: 'Προσφορές, οι παλαιότερες πρώτες',
    matching_one: '{count} προσφορά ταιριάζει',
    matching_other: '{count} προσφορές ταιριάζουν',
    total_more: 'Περισσότερες από {count} προσφορές συνολικά',
    matching_more: 'Περισσότερες από {count} προσφορές ταιριάζουν',
    range_more: 'Εμφανίζονται οι {from} έως {to} από περισσότερες από {total}',
    range_partial: 'Εμφανίζονται οι {from} έως {to}',
    range_count_one: 'Εμφανίζεται {count} προσφορά',
    range_count_other: 'Εμφανίζονται {count} προσφορές',
    status_count_more: '{label} (περισσότερες από {count})',
    empty_filtered: 'Καμία προσφορά δεν ταιριάζει με αυτά τα φίλτρα.',
    oldest_page: 'Οι παλαιότερες προσφορές',
    filters_heading: 'Εύρεση προσφορών',
    search_label: 'Αναζήτηση',
    search_hint: 'Αριθμός αναφοράς, ΑΦΜ, email, τηλέφωνο, όνομα ή λέξεις από την προσφορά',
    search_hint_no_contact: 'Αριθμός αναφοράς, ΑΦΜ, όνομα ή λέξεις από την προσφορά',
    more_filters: 'Φίλτρα',
    filter_status: 'Κατάσταση',
    filter_kind: 'Είδος βοήθειας',
    filter_category: 'Κατηγορία',
    filter_region: 'Περιφέρεια',
    filter_regional_unit: 'Περιφερειακή ενότητα',
    filter_municipality: 'Δήμος',
    filter_organisation_kind: 'Είδος φορέα',
    filter_from: 'Υποβολή από',
    filter_to: 'Υποβολή έως',
    filter_dates_hint: 'Ημερομηνία σε ώρα Ελλάδας, για παράδειγμα 27/3/2026',
    filter_duplicate: 'Πιθανή διπλότυπη',
    filter_unconfirmed: 'Μη επιβεβαιωμένη διαθεσιμότητα (χωρίς απάντηση στους ελέγχους)',
    unconfirmed: 'Μη επιβεβαιωμένη',
    filter_contact: 'Επικοινωνία με τον προσφέροντα',
    filter_language: 'Γλώσσα της προσφοράς',
    filter_sort: 'Σειρά',
    any: 'Όλες',
    yes: 'Ναι',
    no: 'Όχι',
    sort_newest: 'Οι νεότερες πρώτες',
    sort_oldest: 'Οι παλαιότερες πρώτες',
    apply_filters: 'Εφαρμογή φίλτρων',
    clear_filters: 'Καθαρισμός φίλτρων',
    statuses_label: 'Προσφορές ανά κατάσταση',
    status_all: 'Όλες',
    status_count: '{label} ({count})',
    possible_duplicate: 'Πιθανή διπλότυπη',
    error_summary_title: 'Υπάρχει πρόβλημα',
    error_prefix: 'Σφάλμα',
    err_q_too_long: 'Το κείμενο αναζήτησης πρέπει να έχει έως {max} χαρακτήρες',
    err_q_characters: 'Το κείμενο αναζήτησης περιέχει χαρακτήρες που δεν μπορούν να αναζητηθούν',
    err_choice: 'Επιλέξτε μία από τις επιλογές της λίστας',
    err_date: 'Εισαγάγετε μια πραγματική ημερομηνία, για παράδειγμα 27/3/2026',
    err_date_order: 'Η ημερομηνία λήξης πρέπει να είναι ίδια ή μεταγενέστερη από την ημερομηνία έναρξης',
    contact_never_reached: 'Δεν έχει επιτευχθεί επικοινωνία',
    contact_reached: 'Επιτεύχθηκε επικοινωνία',
    contact_no_answer: 'Δεν απάντησε',
    contact_wrong_number: 'Λάθος αριθμός',
    contact_bounced: 'Το email επιστράφηκε',
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
