// The import template's columns: one row per offer line, the offer's own columns repeated on
// each of its rows (or left blank after the first), and an optional «offer number» that groups
// rows into one offer. Cells become the public form's answers (offers' DraftAnswers), so every
// row is checked by the form's own rules (offers.schemas.ts, platform/validation/rules.ts);
// nothing here judges a value, it only reads spreadsheet conventions (labels for codes, «ναι»
// for yes, dates typed as 27/3/2026) into the form's shape.
import type { Gazetteer } from '../geography/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  COUNTRIES,
  COST_BASIS_LABELS,
  CONDITION_LABELS,
  DELIVERY_LABELS,
  FREQUENCY_LABELS,
  ITEM_CATEGORY_LABELS,
  LINE_FIELDS,
  LINE_KIND_LABELS,
  ORGANISATION_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  SERVICE_LANGUAGES,
  SUITABLE_FOR_LABELS,
  UNIT_LABELS,
  foldForSearch,
  type DraftAnswers,
  type LineKind,
} from '../offers/index.js';
import { LANGUAGE_NAMES, type StaffLang } from '../../platform/i18n/index.js';
import { parseChoice } from '../../platform/validation/rules.js';

type Labels = Record<string, Record<'el' | 'en' | 'uk', string>>;

export const COLUMN_KEYS = [
  'offer_key', 'organisation_kind', 'registered_in_greece', 'legal_name', 'distinctive_title', 'tax_id', 'country', 'registry_number',
  'street', 'postcode', 'city', 'organisation_region', 'organisation_municipality', 'website', 'legal_representative', 'contact_name',
  'contact_role', 'phone', 'email', 'preferred_language', 'privacy_notice', 'share_with_partners',
  'line_kind', 'category', 'description', 'places', 'rooms', 'line_region', 'line_municipality', 'address', 'available_from',
  'available_until', 'cost_basis', 'step_free_access', 'suitable_for', 'languages', 'delivery', 'capacity_per_week', 'quantity', 'unit',
  'condition', 'can_deliver', 'delivery_area', 'expiry', 'amount', 'currency', 'frequency', 'purpose',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** Columns a file must have: without them no row could make an offer. The rest may be left out. */
export const REQUIRED_COLUMNS: readonly ColumnKey[] = [
  'organisation_kind', 'registered_in_greece', 'legal_name', 'street', 'postcode', 'city', 'contact_name', 'phone', 'email',
  'preferred_language', 'privacy_notice', 'line_kind',
];

/** Columns that belong to the offer (the same on each of its rows); the others describe one line. */
export const OFFER_COLUMNS: ReadonlySet<ColumnKey> = new Set(COLUMN_KEYS.slice(1, COLUMN_KEYS.indexOf('line_kind')));

/** Header of each column in the template, in the staff languages. */
export const COLUMN_HEADERS: Record<ColumnKey, Record<StaffLang, string>> = {
  offer_key: { el: 'Αριθμός προσφοράς', en: 'Offer number' },
  organisation_kind: { el: 'Είδος φορέα', en: 'Kind of organisation' },
  registered_in_greece: { el: 'Ελληνικός ΑΦΜ', en: 'Greek tax number' },
  legal_name: { el: 'Επίσημη επωνυμία ή ονοματεπώνυμο', en: 'Legal name or full name' },
  distinctive_title: { el: 'Διακριτικός τίτλος', en: 'Distinctive title' },
  tax_id: { el: 'ΑΦΜ ή αριθμός ΦΠΑ ή μητρώου', en: 'Tax or registration number' },
  country: { el: 'Χώρα εγγραφής', en: 'Country of registration' },
  registry_number: { el: 'Αριθμός σε δημόσιο μητρώο', en: 'Public registry number' },
  street: { el: 'Οδός και αριθμός', en: 'Street and number' },
  postcode: { el: 'Ταχυδρομικός κώδικας', en: 'Postcode' },
  city: { el: 'Πόλη ή χωριό', en: 'Town or village' },
  organisation_region: { el: 'Περιφέρεια φορέα', en: 'Organisation region' },
  organisation_municipality: { el: 'Δήμος φορέα', en: 'Organisation municipality' },
  website: { el: 'Ιστοσελίδα', en: 'Website' },
  legal_representative: { el: 'Νόμιμος εκπρόσωπος', en: 'Legal representative' },
  contact_name: { el: 'Πρόσωπο επικοινωνίας', en: 'Contact person' },
  contact_role: { el: 'Ρόλος προσώπου επικοινωνίας', en: 'Contact person role' },
  phone: { el: 'Τηλέφωνο', en: 'Phone' },
  email: { el: 'Διεύθυνση email', en: 'Email address' },
  preferred_language: { el: 'Γλώσσα επικοινωνίας', en: 'Preferred language' },
  privacy_notice: { el: 'Αποδοχή ενημέρωσης απορρήτου', en: 'Privacy notice accepted' },
  share_with_partners: { el: 'Συναίνεση κοινοποίησης σε εταίρους', en: 'Consent to share with partners' },
  line_kind: { el: 'Είδος βοήθειας', en: 'Kind of help' },
  category: { el: 'Κατηγορία ή τύπος', en: 'Category or type' },
  description: { el: 'Περιγραφή', en: 'Description' },
  places: { el: 'Θέσεις (άτομα)', en: 'Places (people)' },
  rooms: { el: 'Δωμάτια', en: 'Rooms' },
  line_region: { el: 'Περιφέρεια', en: 'Region' },
  line_municipality: { el: 'Δήμος', en: 'Municipality' },
  address: { el: 'Διεύθυνση καταλύματος', en: 'Accommodation address' },
  available_from: { el: 'Διαθέσιμο από', en: 'Available from' },
  available_until: { el: 'Διαθέσιμο έως', en: 'Available until' },
  cost_basis: { el: 'Κόστος', en: 'Cost' },
  step_free_access: { el: 'Πρόσβαση χωρίς σκαλιά', en: 'Step-free access' },
  suitable_for: { el: 'Κατάλληλο για', en: 'Suitable for' },
  languages: { el: 'Γλώσσες', en: 'Languages' },
  delivery: { el: 'Τρόπος παροχής', en: 'How it is given' },
  capacity_per_week: { el: 'Δυναμικότητα ανά εβδομάδα', en: 'Capacity per week' },
  quantity: { el: 'Ποσότητα', en: 'Quantity' },
  unit: { el: 'Μονάδα', en: 'Unit' },
  condition: { el: 'Κατάσταση ειδών', en: 'Condition of items' },
  can_deliver: { el: 'Δυνατότητα παράδοσης', en: 'Can deliver' },
  delivery_area: { el: 'Περιοχή παράδοσης', en: 'Delivery area' },
  expiry: { el: 'Ημερομηνία λήξης', en: 'Expiry date' },
  amount: { el: 'Ποσό', en: 'Amount' },
  currency: { el: 'Νόμισμα', en: 'Currency' },
  frequency: { el: 'Συχνότητα', en: 'Frequency' },
  purpose: { el: 'Σκοπός', en: 'Purpose' },
};

const YES_NO: Labels = {
  yes: { el: 'Ναι', en: 'Yes', uk: 'Так' },
  no: { el: 'Όχι', en: 'No', uk: 'Ні' },
};

const LANGUAGE_LABELS: Labels = Object.fromEntries(
  (['el', 'en', 'uk'] as const).map((code) => [
    code,
    { el: new Intl.DisplayNames('el', { type: 'language' }).of(code) ?? code, en: new Intl.DisplayNames('en', { type: 'language' }).of(code) ?? code, uk: LANGUAGE_NAMES[code] },
  ]),
);

function languageLabels(codes: readonly string[]): Labels {
  const el = new Intl.DisplayNames('el', { type: 'language' });
  const en = new Intl.DisplayNames('en', { type: 'language' });
  const uk = new Intl.DisplayNames('uk', { type: 'language' });
  return Object.fromEntries(codes.map((c) => [c, { el: el.of(c) ?? c, en: en.of(c) ?? c, uk: uk.of(c) ?? c }]));
}

function countryLabels(codes: readonly string[]): Labels {
  const el = new Intl.DisplayNames('el', { type: 'region' });
  const en = new Intl.DisplayNames('en', { type: 'region' });
  const uk = new Intl.DisplayNames('uk', { type: 'region' });
  return Object.fromEntries(codes.map((c) => [c, { el: el.of(c) ?? c, en: en.of(c) ?? c, uk: uk.of(c) ?? c }]));
}

/** The closed lists a column takes, for the documentation and for reading labels as codes. */
export const COLUMN_VALUES: Partial<Record<ColumnKey, Labels>> = {
  organisation_kind: ORGANISATION_KIND_LABELS,
  registered_in_greece: YES_NO,
  preferred_language: LANGUAGE_LABELS,
  privacy_notice: YES_NO,
  share_with_partners: YES_NO,
  line_kind: LINE_KIND_LABELS,
  cost_basis: COST_BASIS_LABELS,
  step_free_access: YES_NO,
  suitable_for: SUITABLE_FOR_LABELS,
  languages: languageLabels(SERVICE_LANGUAGES),
  delivery: DELIVERY_LABELS,
  unit: UNIT_LABELS,
  condition: CONDITION_LABELS,
  can_deliver: YES_NO,
  frequency: FREQUENCY_LABELS,
};

/** The category column's list depends on the line's kind. */
export const CATEGORY_VALUES: Record<Exclude<LineKind, 'money'>, Labels> = {
  accommodation: ACCOMMODATION_TYPE_LABELS,
  service: SERVICE_CATEGORY_LABELS,
  essential_items: ITEM_CATEGORY_LABELS,
};

const COUNTRY_LABELS = countryLabels(COUNTRIES);

/** Columns whose cells may hold several values, separated by commas, semicolons or line breaks. */
const MULTI_VALUE: ReadonlySet<ColumnKey> = new Set(['suitable_for', 'languages']);
/** Columns holding dates. */
export const DATE_COLUMNS: ReadonlySet<ColumnKey> = new Set(['available_from', 'available_until', 'expiry']);

// --- headers ---------------------------------------------------------------------------------

function foldHeader(text: string): string {
  // «Θέσεις (άτομα) *» and "places_(people)" both read as the header they resemble.
  return foldForSearch(text.replace(/\*/g, '').replace(/_/g, ' '));
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnKey> = new Map(
  COLUMN_KEYS.flatMap((key) => [foldHeader(key), foldHeader(COLUMN_HEADERS[key].el), foldHeader(COLUMN_HEADERS[key].en)].map((h) => [h, key] as const)),
);

export type HeaderMap = {
  /** column index in the file of each template column found */
  index: Partial<Record<ColumnKey, number>>;
  /** required columns the file lacks */
  missing: ColumnKey[];
  /** template columns named twice */
  repeated: ColumnKey[];
  /** headers that are no template column, as written */
  ignored: string[];
};

/**
 * Reads a header row: each header may be the template's Greek or English header or the column's
 * key, in any case and with or without accents. Blank headers are skipped.
 */
export function mapHeaders(headers: readonly string[]): HeaderMap {
  const index: Partial<Record<ColumnKey, number>> = {};
  const repeated: ColumnKey[] = [];
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    if (h.trim() === '') return;
    const key = HEADER_LOOKUP.get(foldHeader(h));
    if (!key) ignored.push(h.trim().slice(0, 100));
    else if (index[key] !== undefined) {
      if (!repeated.includes(key)) repeated.push(key);
    } else index[key] = i;
  });
  return { index, missing: REQUIRED_COLUMNS.filter((k) => index[k] === undefined), repeated, ignored };
}

// --- cells → answers -------------------------------------------------------------------------

/** A cell as read from the file: text, a calendar date from a date-typed XLSX cell, or a marker. */
export type Cell = string | { date: string } | { formula: true } | { number: string };

/** One data row: its spreadsheet row number (header = 1) and cells by file column. */
export type SheetRow = { row: number; cells: Cell[] };

function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if ('number' in cell) return cell.number;
  if ('date' in cell) return cell.date;
  return '';
}

// Folded label → code, per list, made once: folding every label for every cell made checking a
// 50,000-row file take minutes.
const codeIndexes = new WeakMap<Labels, Map<string, string>>();
function codeIndex(labels: Labels): Map<string, string> {
  let index = codeIndexes.get(labels);
  if (!index) {
    index = new Map();
    for (const [code, names] of Object.entries(labels)) {
      for (const name of [names.uk, names.en, names.el, code]) index.set(foldForSearch(name), code);
    }
    codeIndexes.set(labels, index);
  }
  return index;
}

/** A value typed as a label (in any of the three languages) or as the code itself becomes the code. */
function toCode(text: string, labels: Labels | undefined): string {
  const trimmed = text.trim();
  if (!labels || trimmed === '') return trimmed;
  // Left as typed when it is no label: the form's rule refuses it with its own message.
  return codeIndex(labels).get(foldForSearch(trimmed)) ?? trimmed;
}

function toCodes(text: string, labels: Labels): string[] {
  return text
    .split(/[,;|\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => toCode(part, labels));
}

/**
 * A date cell as the form's three boxes. Accepts what spreadsheets hold: an XLSX date, ISO
 * 2026-03-27, and day-first 27/3/2026, 27.3.2026 or 27-3-2026 (the Greek and Ukrainian order);
 * anything else goes to the form's date rule as typed, which refuses it.
 */
function dateParts(cell: Cell | undefined): { day: string; month: string; year: string } {
  const text = cellText(cell).trim();
  if (text === '') return { day: '', month: '', year: '' };
  const iso = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/.exec(text);
  if (iso) return { day: iso[3]!, month: iso[2]!, year: iso[1]! };
  const dayFirst = /^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$/.exec(text);
  if (dayFirst) return { day: dayFirst[1]!, month: dayFirst[2]!, year: dayFirst[3]! };
  return { day: text, month: '', year: '' };
}

/**
 * A region typed as its code (GR-M) or its name in Greek or Latin letters (Κρήτη, Kriti,
 * Περιφέρεια Κρήτης); a municipality as its ELSTAT code or its name.
 */
function placeLookups(gaz: Gazetteer) {
  const regions = new Map<string, string>();
  for (const lang of ['el', 'en'] as const) {
    for (const r of gaz.regions(lang)) {
      regions.set(foldForSearch(r.label), r.code);
      regions.set(foldForSearch(gaz.regionName(r.code, lang)), r.code);
      regions.set(foldForSearch(r.code), r.code);
    }
  }
  const municipalities = new Map<string, string>();
  for (const lang of ['el', 'en'] as const) {
    for (const group of gaz.municipalityGroups(lang)) {
      for (const u of group.units) {
        municipalities.set(foldForSearch(u.label), u.code);
        municipalities.set(foldForSearch(u.code), u.code);
      }
    }
  }
  return {
    region: (text: string) => regions.get(foldForSearch(text)) ?? text.trim(),
    municipality: (text: string) => municipalities.get(foldForSearch(text)) ?? text.trim(),
  };
}

export type Places = ReturnType<typeof placeLookups>;
let cachedPlaces: { gaz: Gazetteer; places: Places } | undefined;
function placesOf(gaz: Gazetteer): Places {
  if (cachedPlaces?.gaz !== gaz) cachedPlaces = { gaz, places: placeLookups(gaz) };
  return cachedPlaces.places;
}

/** A problem found in a row: a rule code or a form message key (as the form reports them), or an import message key. */
export type RowIssue = {
  row: number;
  column: ColumnKey;
  rule?: string;
  key?: string;
  importKey?: 'differs' | 'formula';
  params?: Record<string, string | number>;
};

/** The offer a group of rows makes, before the form's rules have looked at it. */
export type OfferRows = {
  rows: number[];
  answers: DraftAnswers;
  /** the spreadsheet row each line came from, in line order */
  lineRows: number[];
  issues: RowIssue[];
};

type Reader = { cell(row: SheetRow, key: ColumnKey): Cell | undefined; text(row: SheetRow, key: ColumnKey): string };

function reader(map: HeaderMap): Reader {
  return {
    cell: (row, key) => {
      const i = map.index[key];
      return i === undefined ? undefined : row.cells[i];
    },
    text: (row, key) => {
      const i = map.index[key];
      return i === undefined ? '' : cellText(row.cells[i]);
    },
  };
}

/**
 * Groups data rows into offers: rows with the same «offer number» make one offer (in the order
 * its rows appear), a row without one is an offer by itself. The offer's own columns are read
 * from its first row; a later row may leave them blank or repeat them, and a different value
 * there is reported rather than silently dropped.
 * @returns the offers in order of their first row.
 */
export function groupRows(map: HeaderMap, rows: readonly SheetRow[]): { rows: SheetRow[] }[] {
  const r = reader(map);
  const groups: { rows: SheetRow[] }[] = [];
  const byKey = new Map<string, { rows: SheetRow[] }>();
  for (const row of rows) {
    const key = r.text(row, 'offer_key').trim();
    if (key === '') {
      groups.push({ rows: [row] });
      continue;
    }
    let group = byKey.get(key);
    if (!group) {
      group = { rows: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.rows.push(row);
  }
  return groups;
}

const LINE_COLUMN: Record<string, ColumnKey> = {
  accommodation_type: 'category',
  category: 'category',
  region: 'line_region',
  municipality: 'line_municipality',
};

/** The form field a column fills, per line kind (`null`: the column does not apply to the kind). */
function lineFieldOf(kind: LineKind, key: ColumnKey): string | null {
  const field = key === 'category' ? (kind === 'accommodation' ? 'accommodation_type' : 'category') : key === 'line_region' ? 'region' : key === 'line_municipality' ? 'municipality' : key;
  const fields = LINE_FIELDS[kind];
  if (fields.includes(field) || fields.includes(`${field}-day`)) return field;
  return null;
}

const LINE_KEYS = COLUMN_KEYS.slice(COLUMN_KEYS.indexOf('category'));

/**
 * Turns one group of rows into the public form's answers (offers' DraftAnswers), reading labels
 * as codes, «ναι»/«όχι» as yes/no, and date cells as the form's day, month and year. Problems
 * the form cannot see — a formula cell, a kind of help it does not know, an offer column that
 * differs between the offer's rows — are returned as issues.
 */
export function answersOf(map: HeaderMap, group: { rows: SheetRow[] }, gaz: Gazetteer): OfferRows {
  const r = reader(map);
  const places = placesOf(gaz);
  const issues: RowIssue[] = [];
  const first = group.rows[0]!;

  // Formula cells are never evaluated or trusted: the value must be typed.
  for (const row of group.rows) {
    for (const key of COLUMN_KEYS) {
      const c = r.cell(row, key);
      if (c !== undefined && typeof c === 'object' && 'formula' in c) issues.push({ row: row.row, column: key, importKey: 'formula' });
    }
  }

  const offerValue = (key: ColumnKey): string => {
    let value = '';
    let from = 0;
    for (const row of group.rows) {
      const text = r.text(row, key).trim();
      if (text === '') continue;
      if (value === '') {
        value = text;
        from = row.row;
      } else if (text !== value) {
        issues.push({ row: row.row, column: key, importKey: 'differs', params: { row: from } });
      }
    }
    return value;
  };
  const pad = (key: ColumnKey, width: number) => {
    // Excel drops leading zeros of a number cell (ΑΦΜ 012345678 becomes 12345678); a number cell
    // in a column whose values have a fixed width gets them back.
    const c = r.cell(first, key);
    const text = offerValue(key);
    return c !== undefined && typeof c === 'object' && 'number' in c && /^[0-9]+$/.test(text) && text.length < width ? text.padStart(width, '0') : text;
  };

  const registered = toCode(offerValue('registered_in_greece'), YES_NO);
  const greek = registered === 'yes';
  const answers: DraftAnswers = {
    organisation_kind: { kind: toCode(offerValue('organisation_kind'), ORGANISATION_KIND_LABELS), registered_in_greece: registered },
    organisation: {
      legal_name: offerValue('legal_name'),
      distinctive_title: offerValue('distinctive_title'),
      tax_id: greek ? pad('tax_id', 9) : offerValue('tax_id'),
      country: toCode(offerValue('country'), COUNTRY_LABELS).toUpperCase(),
      registry_number: offerValue('registry_number'),
      street: offerValue('street'),
      postcode: greek ? pad('postcode', 5) : offerValue('postcode'),
      city: offerValue('city'),
      region: greek ? places.region(offerValue('organisation_region')) : offerValue('organisation_region'),
      municipality: greek ? places.municipality(offerValue('organisation_municipality')) : offerValue('organisation_municipality'),
      website: offerValue('website'),
      legal_representative: offerValue('legal_representative'),
    },
    contact: {
      contact_name: offerValue('contact_name'),
      contact_role: offerValue('contact_role'),
      phone: offerValue('phone'),
      email: offerValue('email'),
      preferred_language: toCode(offerValue('preferred_language'), LANGUAGE_LABELS),
    },
    consents: {
      privacy_notice: toCode(offerValue('privacy_notice'), YES_NO),
      share_with_partners: toCode(offerValue('share_with_partners'), YES_NO),
    },
    lines: [],
  };

  const lineRows: number[] = [];
  group.rows.forEach((row, n) => {
    const kindText = toCode(r.text(row, 'line_kind'), LINE_KIND_LABELS);
    const kind = parseChoice(kindText, ['accommodation', 'service', 'essential_items', 'money'] as const, { required: true });
    if (!kind.ok) {
      issues.push({ row: row.row, column: 'line_kind', rule: kind.code });
      return;
    }
    const fields: Record<string, string | string[]> = {};
    for (const key of LINE_KEYS) {
      const field = lineFieldOf(kind.value, key);
      if (!field) continue;
      const cell = r.cell(row, key);
      if (DATE_COLUMNS.has(key)) {
        const p = dateParts(cell);
        fields[`${field}-day`] = p.day;
        fields[`${field}-month`] = p.month;
        fields[`${field}-year`] = p.year;
        continue;
      }
      const text = cellText(cell);
      if (MULTI_VALUE.has(key)) fields[field] = toCodes(text, COLUMN_VALUES[key]!);
      else if (key === 'category') fields[field] = toCode(text, kind.value === 'money' ? undefined : CATEGORY_VALUES[kind.value]);
      else if (key === 'line_region') fields[field] = places.region(text);
      else if (key === 'line_municipality') fields[field] = places.municipality(text);
      else fields[field] = toCode(text, COLUMN_VALUES[key]);
    }
    answers.lines!.push({ id: `row${String(row.row).padStart(7, '0')}`.slice(0, 16), kind: kind.value, answers: fields });
    lineRows.push(row.row);
    void n;
  });
  return { rows: group.rows.map((x) => x.row), answers, lineRows, issues };
}

/** Where a form issue lands in the sheet: the column a (section, field) of the form is read from. */
export function columnOfIssue(section: string, field: string): ColumnKey {
  if (section === 'organisation_kind') return field === 'registered_in_greece' ? 'registered_in_greece' : 'organisation_kind';
  if (section === 'organisation') {
    if (field === 'region') return 'organisation_region';
    if (field === 'municipality') return 'organisation_municipality';
  }
  if (section === 'lines') {
    if (field === 'lines') return 'line_kind';
    const mapped = LINE_COLUMN[field];
    if (mapped) return mapped;
  }
  return (COLUMN_KEYS as readonly string[]).includes(field) ? (field as ColumnKey) : 'offer_key';
}
