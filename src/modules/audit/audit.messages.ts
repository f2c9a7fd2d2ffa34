// What the audit browser says, in Greek and English (staff pages). The Catalogue type also
// requires Ukrainian: those entries repeat the English on purpose, as no staff page is in Ukrainian.
import type { Catalogue } from '../../platform/i18n/index.js';

export type AuditMessageKey =
  | 'audit_title'
  | 'audit_intro'
  | 'filters_heading'
  | 'actor_label'
  | 'actor_any'
  | 'actor_group_kinds'
  | 'actor_group_staff'
  | 'actor_system'
  | 'actor_offeror'
  | 'actor_partner'
  | 'actor_unknown_staff'
  | 'action_label'
  | 'action_hint'
  | 'entity_type_label'
  | 'entity_type_hint'
  | 'entity_label'
  | 'entity_hint'
  | 'from_label'
  | 'to_label'
  | 'date_hint'
  | 'day'
  | 'month'
  | 'year'
  | 'apply_button'
  | 'clear_filters'
  | 'actor_invalid'
  | 'action_invalid'
  | 'entity_type_invalid'
  | 'entity_invalid'
  | 'date_invalid'
  | 'date_order'
  | 'caption'
  | 'col_when'
  | 'col_who'
  | 'col_action'
  | 'col_entity'
  | 'col_reason'
  | 'col_details'
  | 'none'
  | 'empty'
  | 'page_empty'
  | 'newest_page'
  | 'newer_page'
  | 'older_page'
  | 'pagination_label';

const en: Record<AuditMessageKey, string> = {
  audit_title: 'Audit trail',
  audit_intro: 'Who did what to which record, and when, newest first. Times are Greek time. The trail cannot be changed or deleted.',
  filters_heading: 'Filter the trail',
  actor_label: 'Who',
  actor_any: 'Anyone',
  actor_group_kinds: 'Not a staff member',
  actor_group_staff: 'Staff members',
  actor_system: 'The system',
  actor_offeror: 'An offeror',
  actor_partner: 'A partner system',
  actor_unknown_staff: 'Unknown (sign-in attempt)',
  action_label: 'Action',
  action_hint: 'The whole action or its beginning, for example offer. or staff_account.signed_in',
  entity_type_label: 'Kind of record',
  entity_type_hint: 'For example offer or staff_account',
  entity_label: 'Record id or offer reference',
  entity_hint: 'For example an offer reference like 7KQ-4M9-TXR',
  from_label: 'From',
  to_label: 'To',
  date_hint: 'Both days included, for example 27 3 2026',
  day: 'Day',
  month: 'Month',
  year: 'Year',
  apply_button: 'Apply filters',
  clear_filters: 'Clear filters',
  actor_invalid: 'Choose who from the list',
  action_invalid: 'Enter an action with lower-case letters, digits, dots and underscores, like offer.verified',
  entity_type_invalid: 'Enter a kind of record with lower-case letters, digits and underscores, like offer',
  entity_invalid: 'Enter a record id or offer reference of 200 characters or fewer',
  date_invalid: 'Enter a real date with a day, month and year, like 27 3 2026',
  date_order: 'The “to” date must be the same as or after the “from” date',
  caption: 'Audit events, newest first',
  col_when: 'When',
  col_who: 'Who',
  col_action: 'Action',
  col_entity: 'Record',
  col_reason: 'Reason',
  col_details: 'Details',
  none: '—',
  empty: 'No events match these filters.',
  page_empty: 'There are no more events on this page.',
  newest_page: 'Newest events',
  newer_page: 'Newer events',
  older_page: 'Older events',
  pagination_label: 'Pages of the audit trail',
};

export const auditMessages: Catalogue<AuditMessageKey> = {
  el: {
    audit_title: 'Ιστορικό ενεργειών',
    audit_intro: 'Ποιος έκανε τι σε ποια εγγραφή και πότε, με τις νεότερες πρώτες. Οι ώρες είναι ώρα Ελλάδας. Το ιστορικό δεν αλλάζει ούτε διαγράφεται.',
    filters_heading: 'Φιλτράρισμα',
    actor_label: 'Ποιος',
    actor_any: 'Οποιοσδήποτε',
    actor_group_kinds: 'Όχι μέλος προσωπικού',
    actor_group_staff: 'Μέλη προσωπικού',
    actor_system: 'Το σύστημα',
    actor_offeror: 'Προσφέρων',
    actor_partner: 'Συνεργαζόμενο σύστημα',
    actor_unknown_staff: 'Άγνωστος (απόπειρα σύνδεσης)',
    action_label: 'Ενέργεια',
    action_hint: 'Ολόκληρη η ενέργεια ή η αρχή της, για παράδειγμα offer. ή staff_account.signed_in',
    entity_type_label: 'Είδος εγγραφής',
    entity_type_hint: 'Για παράδειγμα offer ή staff_account',
    entity_label: 'Αναγνωριστικό εγγραφής ή αριθμός αναφοράς προσφοράς',
    entity_hint: 'Για παράδειγμα ένας αριθμός αναφοράς όπως 7KQ-4M9-TXR',
    from_label: 'Από',
    to_label: 'Έως',
    date_hint: 'Και οι δύο ημέρες περιλαμβάνονται, για παράδειγμα 27 3 2026',
    day: 'Ημέρα',
    month: 'Μήνας',
    year: 'Έτος',
    apply_button: 'Εφαρμογή φίλτρων',
    clear_filters: 'Καθαρισμός φίλτρων',
    actor_invalid: 'Επιλέξτε από τον κατάλογο',
    action_invalid: 'Γράψτε μια ενέργεια με πεζά λατινικά γράμματα, ψηφία, τελείες και κάτω παύλες, όπως offer.verified',
    entity_type_invalid: 'Γράψτε ένα είδος εγγραφής με πεζά λατινικά γράμματα, ψηφία και κάτω παύλες, όπως offer',
    entity_invalid: 'Γράψτε αναγνωριστικό εγγραφής ή αριθμό αναφοράς έως 200 χαρακτήρες',
    date_invalid: 'Γράψτε μια πραγματική ημερομηνία με ημέρα, μήνα και έτος, όπως 27 3 2026',
    date_order: 'Η ημερομηνία «έως» πρέπει να είναι ίδια με την ημερομηνία «από» ή μεταγενέστερη',
    caption: 'Ενέργειες, με τις νεότερες πρώτες',
    col_when: 'Πότε',
    col_who: 'Ποιος',
    col_action: 'Ενέργεια',
    col_entity: 'Εγγραφή',
    col_reason: 'Αιτιολογία',
    col_details: 'Λεπτομέρειες',
    none: '—',
    empty: 'Καμία ενέργεια δεν ταιριάζει με αυτά τα φίλτρα.',
    page_empty: 'Δεν υπάρχουν άλλες ενέργειες σε αυτή τη σελίδα.',
    newest_page: 'Νεότερες ενέργειες (αρχή)',
    newer_page: 'Νεότερες ενέργειες',
    older_page: 'Παλαιότερες ενέργειες',
    pagination_label: 'Σελίδες του ιστορικού',
  },
  en,
  // Staff pages are not offered in Ukrainian; the entries exist only because Catalogue needs them.
  uk: en,
};
