// What the back office's offer list says, in Greek and English (staff pages are in Greek and
// English, PRODUCT.md). The Catalogue type also requires Ukrainian: those entries repeat the
// English text on purpose, because no staff page is offered in Ukrainian.
// Code lists mirror the CHECK constraints of 0002 and the offer form's lists; a code without a
// label here is shown as stored rather than hidden.
import type { Catalogue } from '../../platform/i18n/index.js';

export const OFFER_STATUSES = ['submitted', 'in_review', 'verified', 'allocated', 'completed', 'rejected', 'withdrawn', 'duplicate', 'expired'] as const;
export const OFFER_CHANNELS = ['web', 'api', 'import', 'staff'] as const;
export const OFFER_LANGUAGES = ['el', 'en', 'uk'] as const;
export const ORGANISATION_KINDS = [
  'international_organisation', 'ngo', 'municipality', 'region', 'public_body', 'business', 'religious_body', 'individual', 'other',
] as const;
export const LINE_KINDS = ['accommodation', 'service', 'essential_items', 'money'] as const;
export const ACCOMMODATION_TYPES = ['apartment', 'house', 'room_in_shared_home', 'hotel', 'hostel', 'camp_or_facility'] as const;
export const SERVICE_CATEGORIES = [
  'health', 'mental_health_psychosocial_support', 'legal_aid', 'interpretation_translation', 'education_language_classes',
  'employment', 'childcare', 'transport', 'other',
] as const;
export const ITEM_CATEGORIES = [
  'food', 'water', 'clothing_footwear', 'hygiene', 'medicines_medical_supplies', 'baby_items', 'bedding', 'household_items', 'other',
] as const;
export const ITEM_UNITS = ['pieces', 'kits', 'boxes', 'pallets', 'kg', 'litres'] as const;

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
  | `organisation_${(typeof ORGANISATION_KINDS)[number]}`
  | `kind_${(typeof LINE_KINDS)[number]}`
  | `accommodation_${(typeof ACCOMMODATION_TYPES)[number]}`
  | `service_${(typeof SERVICE_CATEGORIES)[number]}`
  | `items_${(typeof ITEM_CATEGORIES)[number]}`
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
  organisation_international_organisation: 'International organisation',
  organisation_ngo: 'NGO',
  organisation_municipality: 'Municipality',
  organisation_region: 'Region',
  organisation_public_body: 'Public body',
  organisation_business: 'Business',
  organisation_religious_body: 'Religious body',
  organisation_individual: 'Individual',
  organisation_other: 'Other',
  kind_accommodation: 'Accommodation',
  kind_service: 'Service',
  kind_essential_items: 'Essential items',
  kind_money: 'Money',
  accommodation_apartment: 'Apartment',
  accommodation_house: 'House',
  accommodation_room_in_shared_home: 'Room in a shared home',
  accommodation_hotel: 'Hotel',
  accommodation_hostel: 'Hostel',
  accommodation_camp_or_facility: 'Camp or facility',
  service_health: 'Health',
  service_mental_health_psychosocial_support: 'Mental health and psychosocial support',
  service_legal_aid: 'Legal aid',
  service_interpretation_translation: 'Interpretation and translation',
  service_education_language_classes: 'Education and language classes',
  service_employment: 'Employment',
  service_childcare: 'Childcare',
  service_transport: 'Transport',
  service_other: 'Other service',
  items_food: 'Food',
  items_water: 'Water',
  items_clothing_footwear: 'Clothing and footwear',
  items_hygiene: 'Hygiene',
  items_medicines_medical_supplies: 'Medicines and medical supplies',
  items_baby_items: 'Baby items',
  items_bedding: 'Bedding',
  items_household_items: 'Household items',
  items_other: 'Other items',
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
    organisation_international_organisation: 'Διεθνής οργανισμός',
    organisation_ngo: 'ΜΚΟ',
    organisation_municipality: 'Δήμος',
    organisation_region: 'Περιφέρεια',
    organisation_public_body: 'Δημόσιος φορέας',
    organisation_business: 'Επιχείρηση',
    organisation_religious_body: 'Θρησκευτικός φορέας',
    organisation_individual: 'Ιδιώτης',
    organisation_other: 'Άλλο',
    kind_accommodation: 'Στέγαση',
    kind_service: 'Υπηρεσία',
    kind_essential_items: 'Είδη πρώτης ανάγκης',
    kind_money: 'Χρηματικό ποσό',
    accommodation_apartment: 'Διαμέρισμα',
    accommodation_house: 'Μονοκατοικία',
    accommodation_room_in_shared_home: 'Δωμάτιο σε κοινή κατοικία',
    accommodation_hotel: 'Ξενοδοχείο',
    accommodation_hostel: 'Ξενώνας',
    accommodation_camp_or_facility: 'Δομή ή κατασκήνωση',
    service_health: 'Υγεία',
    service_mental_health_psychosocial_support: 'Ψυχική υγεία και ψυχοκοινωνική υποστήριξη',
    service_legal_aid: 'Νομική συνδρομή',
    service_interpretation_translation: 'Διερμηνεία και μετάφραση',
    service_education_language_classes: 'Εκπαίδευση και μαθήματα γλώσσας',
    service_employment: 'Απασχόληση',
    service_childcare: 'Φροντίδα παιδιών',
    service_transport: 'Μεταφορά',
    service_other: 'Άλλη υπηρεσία',
    items_food: 'Τρόφιμα',
    items_water: 'Νερό',
    items_clothing_footwear: 'Ρούχα και υποδήματα',
    items_hygiene: 'Είδη υγιεινής',
    items_medicines_medical_supplies: 'Φάρμακα και υγειονομικό υλικό',
    items_baby_items: 'Βρεφικά είδη',
    items_bedding: 'Κλινοσκεπάσματα',
    items_household_items: 'Οικιακά είδη',
    items_other: 'Άλλα είδη',
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
