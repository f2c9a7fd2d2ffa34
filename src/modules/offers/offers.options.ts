// The closed lists of the offer form, in PRODUCT.md's standard terms. Labels live in
// offers.messages.ts under `opt_<list>_<value>`.

export const ORGANISATION_KINDS = [
  'international_organisation', 'ngo', 'municipality', 'region', 'public_body', 'business', 'religious_body', 'individual', 'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const LINE_KINDS = ['accommodation', 'service', 'essential_items', 'money'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const ACCOMMODATION_TYPES = ['apartment', 'house', 'room_in_shared_home', 'hotel', 'hostel', 'camp_or_facility'] as const;
export const SUITABLE_FOR = ['families', 'children', 'elderly', 'people_with_disabilities', 'pets'] as const;
export const COST_BASES = ['free', 'subsidised', 'paid'] as const;

export const SERVICE_CATEGORIES = [
  'health', 'mental_health_psychosocial_support', 'legal_aid', 'interpretation_translation', 'education_language_classes',
  'employment', 'childcare', 'transport', 'other',
] as const;
export const DELIVERY_MODES = ['in_person', 'remote', 'in_person_and_remote'] as const;
/** ISO 639-1 codes of the languages most asked for by people displaced to Greece. */
export const SERVICE_LANGUAGES = ['el', 'en', 'uk', 'ru', 'ar', 'fa', 'fr', 'de', 'es', 'it', 'pl', 'ro', 'sq', 'tr'] as const;

export const ITEM_CATEGORIES = [
  'food', 'water', 'clothing_footwear', 'hygiene', 'medicines_medical_supplies', 'baby_items', 'bedding', 'household_items', 'other',
] as const;
export const ITEM_UNITS = ['pieces', 'kits', 'boxes', 'pallets', 'kg', 'litres'] as const;
export const ITEM_CONDITIONS = ['new', 'used'] as const;

export const MONEY_FREQUENCIES = ['one_off', 'monthly'] as const;

/** Upper bounds that keep a typo (an extra zero or three) from becoming a record. */
export const LIMITS = {
  places: 10_000,
  rooms: 5_000,
  capacityPerWeek: 100_000,
  quantity: 10_000_000,
  money: 1_000_000_000,
  lines: 20,
  shortText: 200,
  longText: 2_000,
} as const;
