// The columns of an export: what each holds, its header in Greek and English, its type (which
// decides how CSV and XLSX write it), whether it is personal contact data, and for HXL 3W its
// hashtag. One list per level (offer, offer line), shared by the CSV, XLSX and HXL writers so the
// formats cannot disagree about what a column means.
import type { StaffLang } from '../../platform/i18n/index.js';
import type { Gazetteer } from '../geography/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  CHANNEL_LABELS,
  CONDITION_LABELS,
  COST_BASIS_LABELS,
  DELIVERY_LABELS,
  FREQUENCY_LABELS,
  formatReference,
  ITEM_CATEGORY_LABELS,
  label,
  languageName,
  LINE_KIND_LABELS,
  OFFER_STATUS_LABELS,
  ORGANISATION_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  SUITABLE_FOR_LABELS,
  UNIT_LABELS,
} from '../offers/index.js';
import type { ExportRow } from './exports.repository.js';

/**
 * How a column's values are written:
 * - `text`: free text someone typed (made inert against formulas in CSV);
 * - `label`: one of our own words (a status, a kind);
 * - `id`: an identifier kept exactly as stored, leading zeros and all (ΑΦΜ, reference, postcode);
 * - `phone`: an E.164 number ("+30…");
 * - `int`, `decimal` (a numeric(14,2) as text), `date` (YYYY-MM-DD), `datetime` (YYYY-MM-DD HH:MM,
 *   Greek time), `bool`.
 */
export type ColumnType = 'text' | 'label' | 'id' | 'phone' | 'int' | 'decimal' | 'date' | 'datetime' | 'bool';

export type Cell = string | number | boolean | null;

/** What a column's value function may use besides the row. */
export type ColumnContext = { lang: StaffLang; gazetteer: Gazetteer };

export type Column = {
  key: string;
  header: Record<StaffLang, string>;
  type: ColumnType;
  /** personal contact data: only for members allowed `offers.view_contact`, never in HXL */
  contact?: true;
  value(row: ExportRow, c: ColumnContext): Cell;
};

export const CATEGORY_LABELS: Record<string, Parameters<typeof label>[0]> = {
  accommodation: ACCOMMODATION_TYPE_LABELS,
  service: SERVICE_CATEGORY_LABELS,
  essential_items: ITEM_CATEGORY_LABELS,
};

/** Language names by code, per staff language: Intl.DisplayNames costs microseconds a call, a million rows seconds. */
const languageNames: Record<StaffLang, Map<string, string>> = { el: new Map(), en: new Map() };
export const languageLabel = (code: string, lang: StaffLang): string => {
  let name = languageNames[lang].get(code);
  if (name === undefined) languageNames[lang].set(code, (name = languageName(code, lang)));
  return name;
};
/** 7KQ4M9TXR as people read it, 7KQ-4M9-TXR (offers formatReference, without its regular expression). */
const referenceText = (reference: string) => (reference.length === 9 ? `${reference.slice(0, 3)}-${reference.slice(3, 6)}-${reference.slice(6)}` : formatReference(reference));

/** The latest contact attempt's outcome, in the queue's words (review.messages `contact_*`). */
export const CONTACT_OUTCOME_LABELS: Parameters<typeof label>[0] = {
  reached: { el: 'Επιτεύχθηκε επικοινωνία', en: 'Reached', uk: 'Reached' },
  no_answer: { el: 'Δεν απάντησε', en: 'No answer', uk: 'No answer' },
  wrong_number: { el: 'Λάθος αριθμός', en: 'Wrong number', uk: 'Wrong number' },
  bounced: { el: 'Το email επιστράφηκε', en: 'Email bounced', uk: 'Email bounced' },
};

const lab = (labels: Parameters<typeof label>[0], v: string | null | undefined, lang: StaffLang) => (v ? label(labels, v, lang) : null);
const list = (labels: Parameters<typeof label>[0], v: string[] | null | undefined, lang: StaffLang) => (v && v.length ? v.map((x) => label(labels, x, lang)).join(', ') : null);
const place = (code: string | null | undefined, c: ColumnContext) => (code ? c.gazetteer.unitName(code, c.lang) : null);
/** The regional unit a municipality belongs to (its parent in the Kallikratis tree). */
export const regionalUnitOf = (municipality: string | null | undefined, gazetteer: Gazetteer): string | null => {
  if (!municipality) return null;
  const parent = gazetteer.get(municipality)?.parentCode ?? null;
  return parent && gazetteer.get(parent)?.level === 'regional_unit' ? parent : null;
};

/** The offer's columns: one row per offer in XLSX, repeated on each of its lines in CSV. */
export const OFFER_COLUMNS: Column[] = [
  { key: 'reference', header: { el: 'Κωδικός προσφοράς', en: 'Offer reference' }, type: 'id', value: (r) => referenceText(r.reference) },
  { key: 'submitted_at', header: { el: 'Υποβλήθηκε', en: 'Submitted' }, type: 'datetime', value: (r) => r.submitted_local },
  { key: 'status', header: { el: 'Κατάσταση', en: 'Status' }, type: 'label', value: (r, c) => label(OFFER_STATUS_LABELS, r.status, c.lang) },
  { key: 'channel', header: { el: 'Κανάλι', en: 'Channel' }, type: 'label', value: (r, c) => label(CHANNEL_LABELS, r.channel, c.lang) },
  { key: 'language', header: { el: 'Γλώσσα φόρμας', en: 'Language of the form' }, type: 'label', value: (r, c) => languageLabel(r.language, c.lang) },
  { key: 'possible_duplicate', header: { el: 'Πιθανό διπλότυπο', en: 'Possible duplicate' }, type: 'bool', value: (r) => r.possible_duplicate },
  { key: 'last_contact_outcome', header: { el: 'Τελευταία επικοινωνία', en: 'Last contact attempt' }, type: 'label', value: (r, c) => lab(CONTACT_OUTCOME_LABELS, r.last_contact_outcome, c.lang) },
  { key: 'organisation_kind', header: { el: 'Είδος φορέα', en: 'Kind of organisation' }, type: 'label', value: (r, c) => label(ORGANISATION_KIND_LABELS, r.organisation_kind, c.lang) },
  { key: 'legal_name', header: { el: 'Επωνυμία', en: 'Legal name' }, type: 'text', value: (r) => r.legal_name },
  { key: 'distinctive_title', header: { el: 'Διακριτικός τίτλος', en: 'Distinctive title' }, type: 'text', value: (r) => r.distinctive_title },
  { key: 'country', header: { el: 'Χώρα', en: 'Country' }, type: 'id', value: (r) => r.country },
  { key: 'tax_id', header: { el: 'ΑΦΜ ή αριθμός φορολογικού μητρώου', en: 'Tax identifier (ΑΦΜ or foreign)' }, type: 'id', value: (r) => r.tax_id },
  { key: 'registry_number', header: { el: 'Αριθμός μητρώου', en: 'Registry number' }, type: 'id', value: (r) => r.registry_number },
  { key: 'website', header: { el: 'Ιστότοπος', en: 'Website' }, type: 'text', value: (r) => r.website },
  { key: 'organisation_region', header: { el: 'Περιφέρεια έδρας', en: 'Region of the seat' }, type: 'label', value: (r, c) => place(r.organisation_region_code, c) },
  { key: 'organisation_municipality', header: { el: 'Δήμος έδρας', en: 'Municipality of the seat' }, type: 'label', value: (r, c) => place(r.organisation_municipality_code, c) },
  { key: 'legal_representative', header: { el: 'Νόμιμος εκπρόσωπος', en: 'Legal representative' }, type: 'text', contact: true, value: (r) => r.legal_representative ?? null },
  { key: 'contact_name', header: { el: 'Υπεύθυνος επικοινωνίας', en: 'Contact person' }, type: 'text', contact: true, value: (r) => r.contact_name ?? null },
  { key: 'contact_role', header: { el: 'Ιδιότητα', en: 'Contact role' }, type: 'text', contact: true, value: (r) => r.contact_role ?? null },
  { key: 'contact_phone', header: { el: 'Τηλέφωνο', en: 'Phone' }, type: 'phone', contact: true, value: (r) => r.contact_phone ?? null },
  { key: 'contact_email', header: { el: 'Email', en: 'Email' }, type: 'text', contact: true, value: (r) => r.contact_email ?? null },
  { key: 'street', header: { el: 'Οδός και αριθμός', en: 'Street address' }, type: 'text', contact: true, value: (r) => r.street ?? null },
  { key: 'postcode', header: { el: 'Ταχυδρομικός κώδικας', en: 'Postcode' }, type: 'id', contact: true, value: (r) => r.postcode ?? null },
  { key: 'city', header: { el: 'Πόλη', en: 'Town or city' }, type: 'text', contact: true, value: (r) => r.city ?? null },
];

/** An offer line's columns. */
export const LINE_COLUMNS: Column[] = [
  { key: 'line', header: { el: 'Α/Α γραμμής', en: 'Line number' }, type: 'int', value: (r) => r.position },
  { key: 'kind', header: { el: 'Είδος βοήθειας', en: 'Kind of help' }, type: 'label', value: (r, c) => lab(LINE_KIND_LABELS, r.kind, c.lang) },
  { key: 'category', header: { el: 'Κατηγορία', en: 'Category' }, type: 'label', value: (r, c) => (r.kind && r.category ? label(CATEGORY_LABELS[r.kind] ?? {}, r.category, c.lang) : null) },
  { key: 'description', header: { el: 'Περιγραφή', en: 'Description' }, type: 'text', value: (r) => r.description },
  { key: 'region_code', header: { el: 'Κωδικός περιφέρειας', en: 'Region code' }, type: 'id', value: (r) => r.region_code },
  { key: 'region', header: { el: 'Περιφέρεια', en: 'Region' }, type: 'label', value: (r, c) => place(r.region_code, c) },
  { key: 'regional_unit', header: { el: 'Περιφερειακή ενότητα', en: 'Regional unit' }, type: 'label', value: (r, c) => place(regionalUnitOf(r.municipality_code, c.gazetteer), c) },
  { key: 'municipality_code', header: { el: 'Κωδικός δήμου', en: 'Municipality code' }, type: 'id', value: (r) => r.municipality_code },
  { key: 'municipality', header: { el: 'Δήμος', en: 'Municipality' }, type: 'label', value: (r, c) => place(r.municipality_code, c) },
  { key: 'address', header: { el: 'Διεύθυνση', en: 'Address' }, type: 'text', contact: true, value: (r) => r.address ?? null },
  { key: 'available_from', header: { el: 'Διαθέσιμο από', en: 'Available from' }, type: 'date', value: (r) => r.available_from },
  { key: 'available_until', header: { el: 'Διαθέσιμο έως', en: 'Available until' }, type: 'date', value: (r) => r.available_until },
  { key: 'cost_basis', header: { el: 'Κόστος', en: 'Cost' }, type: 'label', value: (r, c) => lab(COST_BASIS_LABELS, r.cost_basis, c.lang) },
  { key: 'places', header: { el: 'Θέσεις (άτομα)', en: 'Places (people)' }, type: 'int', value: (r) => r.places },
  { key: 'rooms', header: { el: 'Δωμάτια', en: 'Rooms' }, type: 'int', value: (r) => r.rooms },
  { key: 'step_free_access', header: { el: 'Χωρίς σκαλοπάτια', en: 'Step-free access' }, type: 'bool', value: (r) => r.step_free_access },
  { key: 'suitable_for', header: { el: 'Κατάλληλο για', en: 'Suitable for' }, type: 'label', value: (r, c) => list(SUITABLE_FOR_LABELS, r.suitable_for, c.lang) },
  { key: 'languages', header: { el: 'Γλώσσες', en: 'Languages' }, type: 'label', value: (r, c) => (r.languages && r.languages.length ? r.languages.map((l) => languageLabel(l, c.lang)).join(', ') : null) },
  { key: 'delivery', header: { el: 'Τρόπος παροχής', en: 'Delivery' }, type: 'label', value: (r, c) => lab(DELIVERY_LABELS, r.delivery, c.lang) },
  { key: 'capacity_per_week', header: { el: 'Δυναμικότητα ανά εβδομάδα', en: 'Capacity per week' }, type: 'int', value: (r) => r.capacity_per_week },
  { key: 'quantity', header: { el: 'Ποσότητα', en: 'Quantity' }, type: 'int', value: (r) => r.quantity },
  { key: 'unit', header: { el: 'Μονάδα', en: 'Unit' }, type: 'label', value: (r, c) => lab(UNIT_LABELS, r.unit, c.lang) },
  { key: 'condition', header: { el: 'Κατάσταση ειδών', en: 'Condition' }, type: 'label', value: (r, c) => lab(CONDITION_LABELS, r.condition, c.lang) },
  { key: 'can_deliver', header: { el: 'Μπορεί να παραδώσει', en: 'Can deliver' }, type: 'bool', value: (r) => r.can_deliver },
  { key: 'delivery_area', header: { el: 'Περιοχή παράδοσης', en: 'Delivery area' }, type: 'text', value: (r) => r.delivery_area },
  { key: 'expiry', header: { el: 'Λήξη', en: 'Expiry' }, type: 'date', value: (r) => r.expiry },
  { key: 'amount', header: { el: 'Ποσό', en: 'Amount' }, type: 'decimal', value: (r) => r.amount },
  { key: 'currency', header: { el: 'Νόμισμα', en: 'Currency' }, type: 'id', value: (r) => r.currency },
  { key: 'frequency', header: { el: 'Συχνότητα', en: 'Frequency' }, type: 'label', value: (r, c) => lab(FREQUENCY_LABELS, r.frequency, c.lang) },
  { key: 'purpose', header: { el: 'Σκοπός', en: 'Purpose' }, type: 'text', value: (r) => r.purpose },
];

/** The columns a member gets: contact columns only with `offers.view_contact`. */
export const columnsFor = (columns: Column[], contact: boolean): Column[] => (contact ? columns : columns.filter((c) => !c.contact));

// --- HXL 3W ---------------------------------------------------------------------------------

/**
 * The sector of an offer line, by the IASC cluster names HDX 3W datasets use: what a partner
 * filters by. Essential items and services go to the cluster of their category.
 */
function sectorOf(kind: string | null, category: string | null): string | null {
  switch (kind) {
    case 'accommodation':
      return 'Shelter';
    case 'money':
      return 'Multi-purpose Cash';
    case 'essential_items':
      return category === 'food' ? 'Food Security' : category === 'water' || category === 'hygiene' ? 'WASH' : category === 'medicines_medical_supplies' ? 'Health' : 'Shelter and NFI';
    case 'service':
      switch (category) {
        case 'health':
        case 'mental_health_psychosocial_support':
          return 'Health';
        case 'education_language_classes':
          return 'Education';
        case 'employment':
          return 'Early Recovery';
        case 'transport':
          return 'Logistics';
        case 'legal_aid':
        case 'interpretation_translation':
        case 'childcare':
          return 'Protection';
        default:
          return 'Multi-sector';
      }
    default:
      return null;
  }
}

/** How the help is given (3W «modality»): money as cash, things and places in kind, services as services. */
const MODALITY: Record<string, string> = { money: 'cash', essential_items: 'in-kind', accommodation: 'in-kind', service: 'service' };

export type HxlColumn = { header: string; hashtag: string; value(row: ExportRow, gazetteer: Gazetteer): Cell; type: ColumnType };

const en = (labels: Parameters<typeof label>[0], v: string | null) => (v ? label(labels, v, 'en') : null);

/**
 * The HXL 3W columns (Humanitarian Exchange Language 1.1, hxlstandard.org; 3W: who does what
 * where), one row per offer line, headers in English for the Humanitarian Data Exchange. No
 * contact data and no free text (descriptions may hold names and addresses), whoever exports:
 * the file can go to partners as it is. A private individual is named by kind, never by name.
 */
export const HXL_COLUMNS: HxlColumn[] = [
  { header: 'Organisation', hashtag: '#org +name', type: 'text', value: (r) => (r.organisation_kind === 'individual' ? 'Private individual' : r.legal_name) },
  { header: 'Organisation type', hashtag: '#org +type', type: 'label', value: (r) => label(ORGANISATION_KIND_LABELS, r.organisation_kind, 'en') },
  { header: 'Sector', hashtag: '#sector', type: 'label', value: (r) => sectorOf(r.kind, r.category) },
  { header: 'Activity', hashtag: '#activity', type: 'label', value: (r) => (r.kind === 'money' ? 'Cash pledge' : r.kind && r.category ? label(CATEGORY_LABELS[r.kind] ?? {}, r.category, 'en') : en(LINE_KIND_LABELS, r.kind)) },
  { header: 'Region', hashtag: '#adm1 +name', type: 'label', value: (r, g) => (r.region_code ? g.unitName(r.region_code, 'en') : null) },
  { header: 'Region code', hashtag: '#adm1 +code', type: 'id', value: (r) => r.region_code },
  { header: 'Regional unit', hashtag: '#adm2 +name', type: 'label', value: (r, g) => { const u = regionalUnitOf(r.municipality_code, g); return u ? g.unitName(u, 'en') : null; } },
  { header: 'Regional unit code', hashtag: '#adm2 +code', type: 'id', value: (r, g) => regionalUnitOf(r.municipality_code, g) },
  { header: 'Municipality', hashtag: '#adm3 +name', type: 'label', value: (r, g) => (r.municipality_code ? g.unitName(r.municipality_code, 'en') : null) },
  { header: 'Municipality code', hashtag: '#adm3 +code', type: 'id', value: (r) => r.municipality_code },
  { header: 'Start date', hashtag: '#date +start', type: 'date', value: (r) => r.available_from },
  { header: 'End date', hashtag: '#date +end', type: 'date', value: (r) => r.available_until ?? r.expiry },
  { header: 'Status', hashtag: '#status', type: 'label', value: (r) => r.status },
  { header: 'Capacity', hashtag: '#capacity', type: 'int', value: (r) => r.places ?? r.capacity_per_week ?? r.quantity },
  { header: 'Capacity unit', hashtag: '#capacity +unit', type: 'label', value: (r) => (r.places !== null ? 'people' : r.capacity_per_week !== null ? 'per week' : r.unit) },
  { header: 'Value', hashtag: '#value', type: 'decimal', value: (r) => r.amount },
  { header: 'Currency', hashtag: '#currency', type: 'id', value: (r) => r.currency },
  { header: 'Modality', hashtag: '#modality', type: 'label', value: (r) => (r.kind ? MODALITY[r.kind] ?? null : null) },
  { header: 'Offer line ID', hashtag: '#meta +id', type: 'id', value: (r) => `${referenceText(r.reference)}/${r.position ?? 0}` },
];

/** Yes/no in the member's language. */
export const YES_NO: Record<StaffLang, [string, string]> = { el: ['Ναι', 'Όχι'], en: ['Yes', 'No'] };
