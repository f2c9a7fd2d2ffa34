// The offer form's schemas: one per step, each turning a form body (strings, arrays, anything a
// client sends) into a typed, normalised value or a list of field errors. The same schemas
// validate the whole offer again at submission (and, later, the API and imports).
import { getCountries } from 'libphonenumber-js/max';
import { z } from 'zod';

// zod 4's JIT compiles each schema on first use: a loss for schemas built per call, as these
// were and some elsewhere still are. The schemas below are now built once, and validateDraft
// takes the same 0.1 ms per fixture draft with or without it (bench/launch-day), so it stays off.
// This is zod's process-wide setting.
z.config({ jitless: true });
import type { Gazetteer } from '../geography/index.js';
import { LANGUAGES, type Lang } from '../../platform/i18n/index.js';
import {
  checkAvailability,
  cleanText,
  isBlank,
  parseAfm,
  parseBoolean,
  parseChoice,
  parseChoices,
  parseCurrency,
  parseDateParts,
  parseEmail,
  parseForeignTaxId,
  parseMoney,
  parseOrganisationName,
  parsePersonName,
  parsePhone,
  parsePostcode,
  parseQuantity,
  parseWebsite,
  type RuleCode,
  type RuleResult,
} from '../../platform/validation/rules.js';
import type { OfferMessageKey } from './offers.messages.js';
import {
  ACCOMMODATION_TYPES,
  COST_BASES,
  DELIVERY_MODES,
  ITEM_CATEGORIES,
  ITEM_CONDITIONS,
  ITEM_UNITS,
  LIMITS,
  LINE_KINDS,
  MONEY_FREQUENCIES,
  ORGANISATION_KINDS,
  SERVICE_CATEGORIES,
  SERVICE_LANGUAGES,
  SUITABLE_FOR,
  type LineKind,
  type OrganisationKind,
} from './offers.options.js';

/** Version of the answers' JSON shape stored in offer_answer_versions.schema_version. */
export const ANSWERS_SCHEMA_VERSION = 1;

/** ISO 3166-1 alpha-2 codes offered for a foreign organisation's country (libphonenumber's list). */
export const COUNTRIES = getCountries().filter((c) => c !== 'GR');

/** A form body as the parser hands it over: each field a string or, when repeated, an array. */
export type FormBody = Record<string, unknown>;
/** What a step stores in the draft: the answers as typed, for re-display and re-validation. */
export type RawAnswers = Record<string, string | string[]>;

/** One field's problem: a rule code (messages in rules.messages.ts) or a journey message key. */
export type Issue = { field: string; rule?: RuleCode; key?: OfferMessageKey; params?: Record<string, string | number> };
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

// --- domain shapes -------------------------------------------------------------------------

export type OrganisationKindAnswer = { kind: OrganisationKind; registeredInGreece: boolean };

export type OrganisationDetails = {
  legalName: string;
  distinctiveTitle: string | null;
  country: string;
  taxId: string | null;
  taxIdKind: 'afm' | 'foreign' | null;
  registryNumber: string | null;
  street: string;
  postcode: string;
  city: string;
  regionCode: string | null;
  municipalityCode: string | null;
  website: string | null;
  legalRepresentative: string | null;
};

export type ContactDetails = {
  name: string;
  role: string | null;
  phone: string;
  email: string;
  preferredLanguage: Lang;
};

type Place = { regionCode: string | null; municipalityCode: string | null };

export type AccommodationLine = Place & {
  kind: 'accommodation';
  accommodationType: (typeof ACCOMMODATION_TYPES)[number];
  places: number;
  rooms: number | null;
  address: string | null;
  availableFrom: string;
  availableUntil: string | null;
  costBasis: (typeof COST_BASES)[number];
  stepFreeAccess: boolean;
  suitableFor: (typeof SUITABLE_FOR)[number][];
};
export type ServiceLine = Place & {
  kind: 'service';
  category: (typeof SERVICE_CATEGORIES)[number];
  description: string;
  languages: (typeof SERVICE_LANGUAGES)[number][];
  delivery: (typeof DELIVERY_MODES)[number];
  capacityPerWeek: number;
  availableFrom: string;
  availableUntil: string | null;
  costBasis: (typeof COST_BASES)[number];
};
export type EssentialItemsLine = Place & {
  kind: 'essential_items';
  category: (typeof ITEM_CATEGORIES)[number];
  description: string;
  quantity: number;
  unit: (typeof ITEM_UNITS)[number];
  condition: (typeof ITEM_CONDITIONS)[number];
  canDeliver: boolean;
  deliveryArea: string | null;
  expiry: string | null;
};
export type MoneyLine = {
  kind: 'money';
  /** a decimal string with two places, e.g. "250000.00" */
  amount: string;
  currency: string;
  frequency: (typeof MONEY_FREQUENCIES)[number];
  purpose: string | null;
};
export type OfferLineInput = AccommodationLine | ServiceLine | EssentialItemsLine | MoneyLine;

export type Consents = { privacyNotice: true; shareWithPartners: boolean };

export type OfferInput = {
  organisationKind: OrganisationKindAnswer;
  organisation: OrganisationDetails;
  contact: ContactDetails;
  lines: OfferLineInput[];
  consents: Consents;
};

// --- zod plumbing --------------------------------------------------------------------------

type IssueParams = { rule?: RuleCode; key?: OfferMessageKey; params?: Record<string, string | number> };

/** A zod field from a rule; `requiredKey` gives the field's own "enter X" message. */
function rule<T>(parse: (raw: unknown) => RuleResult<T>, requiredKey?: OfferMessageKey) {
  return z.unknown().optional().transform((raw, ctx): T => {
    const r = parse(raw);
    if (r.ok) return r.value;
    const params: IssueParams =
      r.code === 'required' && requiredKey ? { key: requiredKey } : { rule: r.code, ...(r.params ? { params: r.params } : {}) };
    ctx.addIssue({ code: 'custom', message: r.code, params });
    return z.NEVER;
  });
}

function run<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues: Issue[] = [];
  for (const i of result.error.issues) {
    const field = String(i.path[0] ?? 'form');
    if (issues.some((x) => x.field === field)) continue; // one message per field
    const p = ((i as { params?: IssueParams }).params ?? {}) as IssueParams;
    issues.push({ field, ...(p.key ? { key: p.key } : { rule: p.rule ?? 'invalid' }), ...(p.params ? { params: p.params } : {}) });
  }
  return { ok: false, issues };
}

/**
 * What a schema reads besides the field it checks: the whole form (a municipality must lie in the
 * chosen region, a postcode follows the chosen country), today's date in Athens, the gazetteer.
 * The schemas are built once, at first use, instead of on every call (building them was most of
 * a whole draft's ~1.4 ms check, bench/launch-day), so these come from `scope`, set only while
 * runIn parses: zod's safeParse is synchronous, so no other parse can run in between.
 */
type Scope = { body: FormBody; gaz?: Gazetteer; today?: string };
let scope: Scope = { body: {} };

function runIn<T>(schema: z.ZodType<T>, input: unknown, s: Scope): Parsed<T> {
  const outer = scope;
  scope = s;
  try {
    return run(schema, input);
  } finally {
    scope = outer;
  }
}

/** `build()` once per `key`, on first use. */
function once<K, V>(build: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let v = made.get(key);
    if (v === undefined) made.set(key, (v = build(key)));
    return v;
  };
}

function addIssue(ctx: z.RefinementCtx, field: string, p: IssueParams) {
  ctx.addIssue({ code: 'custom', path: [field], message: p.rule ?? p.key ?? 'invalid', params: p });
}

const text = (max: number, requiredKey?: OfferMessageKey, multiline = false) =>
  rule((raw) => cleanText(raw, { max, required: Boolean(requiredKey), multiline }), requiredKey);
const requiredText = (max: number, requiredKey: OfferMessageKey, multiline = false) =>
  rule((raw) => cleanText(raw, { max, required: true, multiline }) as RuleResult<string>, requiredKey);
const choice = <T extends string>(allowed: readonly T[], requiredKey: OfferMessageKey) =>
  rule((raw) => parseChoice(raw, allowed, { required: true }) as RuleResult<T>, requiredKey);
const yesNo = (requiredKey: OfferMessageKey) =>
  rule((raw) => parseChoice(raw, ['yes', 'no'] as const, { required: true }) as RuleResult<'yes' | 'no'>, requiredKey).transform(
    (v) => v === 'yes',
  );
const date = (required: boolean, requiredKey?: OfferMessageKey) =>
  rule((raw) => parseDateParts(raw as { day: unknown; month: unknown; year: unknown }, { required }), requiredKey);

/** Folds `name-day`, `name-month`, `name-year` fields into `{ day, month, year }` under `name`. */
function withDates(body: FormBody, names: string[]): FormBody {
  const out: FormBody = { ...body };
  for (const n of names) out[n] = { day: body[`${n}-day`], month: body[`${n}-month`], year: body[`${n}-year`] };
  return out;
}

/**
 * Keeps the answers as typed (strings and string arrays only) for the draft and re-display.
 * NUL and lone surrogates become U+FFFD: JSON in PostgreSQL cannot hold them, and the rules
 * refuse U+FFFD, so such an answer is still shown as wrong, never silently accepted.
 */
export function rawAnswers(body: FormBody, fields: readonly string[]): RawAnswers {
  const keep = (x: string) => x.slice(0, 10_000).replace(/\u0000/g, '\uFFFD').toWellFormed();
  const out: RawAnswers = {};
  for (const f of fields) {
    const v = body[f];
    if (typeof v === 'string') out[f] = keep(v);
    else if (Array.isArray(v)) out[f] = v.filter((x): x is string => typeof x === 'string').slice(0, 50).map(keep);
  }
  return out;
}

// --- steps ----------------------------------------------------------------------------------

export const ORGANISATION_KIND_FIELDS = ['kind', 'registered_in_greece'] as const;

const organisationKindSchema = once(() =>
  z.object({ kind: choice(ORGANISATION_KINDS, 'err_kind_required'), registered_in_greece: yesNo('err_registered_required') }).transform(
    (v) => ({ kind: v.kind, registeredInGreece: v.registered_in_greece }),
  ),
);

export function parseOrganisationKind(body: FormBody): Parsed<OrganisationKindAnswer> {
  return runIn(organisationKindSchema(null), body, { body });
}

export const ORGANISATION_FIELDS = [
  'legal_name', 'distinctive_title', 'tax_id', 'country', 'registry_number', 'street', 'postcode', 'city', 'region',
  'municipality', 'website', 'legal_representative',
] as const;

/**
 * Region and municipality as field rules, so their messages appear with every other field's:
 * the region (ISO 3166-2:GR code) required or not; the municipality (ELSTAT code) optional and
 * inside the chosen region.
 */
function placeFields(regionRequired: boolean) {
  const region = rule((raw): RuleResult<string | null> => {
    const gaz = scope.gaz!;
    const r = cleanText(raw, { max: 10 });
    if (!r.ok) return r;
    if (!r.value) return regionRequired ? { ok: false, code: 'required' } : { ok: true, value: null };
    return gaz.isRegion(r.value) ? { ok: true, value: r.value } : { ok: false, code: 'choice.invalid' };
  }, 'err_region_required');
  const municipality = z
    .unknown()
    .optional()
    .transform((raw, ctx): string | null => {
      const r = cleanText(raw, { max: 10 });
      if (!r.ok || !r.value) return null;
      const gaz = scope.gaz!;
      const chosenRegion = typeof scope.body.region === 'string' ? scope.body.region : '';
      if (!gaz.isMunicipality(r.value)) addIssue(ctx, 'municipality', { key: 'err_municipality_invalid' });
      else if (gaz.isRegion(chosenRegion) && gaz.regionOf(r.value) !== chosenRegion) {
        addIssue(ctx, 'municipality', { key: 'err_municipality_not_in_region' });
      }
      return r.value;
    });
  return { region, municipality };
}


/**
 * The organisation's official details; which fields apply follows its kind: an individual is not
 * asked for a legal representative, title, registry number or website; a Greek body gives its
 * ΑΦΜ, region and municipality; a foreign one its country and VAT or registration number.
 */
export function parseOrganisation(body: FormBody, kind: OrganisationKindAnswer, gaz: Gazetteer): Parsed<OrganisationDetails> {
  return runIn(organisationSchema(`${kind.kind === 'individual'}/${kind.registeredInGreece}`), body, { body, gaz });
}

// One schema per (individual, registered in Greece): the fields that apply follow the kind.
const organisationSchema = once((variant: string) => {
  const [individual, greek] = variant.split('/').map((x) => x === 'true') as [boolean, boolean];
  const taxRequired = !individual;
  return z
    .object({
      legal_name: rule(
        (raw) => (individual ? parsePersonName(raw, { max: 200 }) : parseOrganisationName(raw, { max: 300 })),
        individual ? 'err_legal_name_individual_required' : 'err_legal_name_required',
      ),
      distinctive_title: individual ? z.unknown().optional().transform(() => null) : rule((raw) => parseOrganisationName(raw, { max: 300, required: false })),
      tax_id: rule((raw): RuleResult<string | null> => {
        if (isBlank(raw)) return taxRequired ? { ok: false, code: 'required' } : { ok: true, value: null };
        return greek ? parseAfm(raw) : parseForeignTaxId(raw);
      }, greek ? 'err_afm_required' : 'err_foreign_tax_id_required'),
      country: greek
        ? z.unknown().optional().transform(() => 'GR')
        : rule((raw) => parseChoice(raw, COUNTRIES, { required: true }) as RuleResult<string>, 'err_country_required'),
      registry_number: individual ? z.unknown().optional().transform(() => null) : text(100),
      street: requiredText(LIMITS.shortText, 'err_street_required'),
      postcode: rule((raw) => {
        if (isBlank(raw)) return { ok: false, code: 'required' };
        const country = greek ? 'GR' : typeof scope.body.country === 'string' ? scope.body.country : '';
        return parsePostcode(raw, country);
      }, 'err_postcode_required'),
      city: requiredText(100, 'err_city_required'),
      ...(greek
        ? placeFields(true)
        : { region: z.unknown().optional().transform(() => null), municipality: z.unknown().optional().transform(() => null) }),
      website: individual ? z.unknown().optional().transform(() => null) : rule((raw) => parseWebsite(raw, { required: false })),
      legal_representative: individual ? z.unknown().optional().transform(() => null) : rule((raw) => parsePersonName(raw, { max: 200, required: false })),
    })
    .transform((v) => {
      const country = v.country as string;
      return {
        legalName: v.legal_name as string,
        distinctiveTitle: v.distinctive_title as string | null,
        country,
        taxId: v.tax_id,
        taxIdKind: v.tax_id === null ? null : greek ? ('afm' as const) : ('foreign' as const),
        registryNumber: v.registry_number as string | null,
        street: v.street,
        postcode: v.postcode,
        city: v.city,
        regionCode: (v.region as string | null) ?? null,
        municipalityCode: (v.municipality as string | null) ?? null,
        website: v.website as string | null,
        legalRepresentative: v.legal_representative as string | null,
      };
    });
});

export const CONTACT_FIELDS = ['contact_name', 'contact_role', 'phone', 'email', 'preferred_language'] as const;

export function parseContact(body: FormBody): Parsed<ContactDetails> {
  return runIn(contactSchema(null), body, { body });
}

const contactSchema = once(() =>
    z
      .object({
        contact_name: rule((raw) => parsePersonName(raw, { max: 200 }), 'err_contact_name_required'),
        contact_role: text(LIMITS.shortText),
        phone: rule((raw) => (isBlank(raw) ? { ok: false, code: 'required' } : parsePhone(raw)), 'err_phone_required'),
        email: rule((raw) => (isBlank(raw) ? { ok: false, code: 'required' } : parseEmail(raw)), 'err_email_required'),
        preferred_language: choice(LANGUAGES, 'err_preferred_language_required'),
      })
      .transform((v) => ({ name: v.contact_name, role: v.contact_role, phone: v.phone, email: v.email, preferredLanguage: v.preferred_language })),
);

export const LINE_FIELDS: Record<LineKind, readonly string[]> = {
  accommodation: [
    'accommodation_type', 'places', 'rooms', 'region', 'municipality', 'address', ...dateFields('available_from'),
    ...dateFields('available_until'), 'cost_basis', 'step_free_access', 'suitable_for',
  ],
  service: [
    'category', 'description', 'languages', 'delivery', 'region', 'municipality', 'capacity_per_week',
    ...dateFields('available_from'), ...dateFields('available_until'), 'cost_basis',
  ],
  essential_items: [
    'category', 'description', 'quantity', 'unit', 'condition', 'region', 'municipality', 'can_deliver', 'delivery_area',
    ...dateFields('expiry'),
  ],
  money: ['amount', 'currency', 'frequency', 'purpose'],
};

function dateFields(name: string): string[] {
  return [`${name}-day`, `${name}-month`, `${name}-year`];
}

function refineAvailability(v: { available_from: string; available_until: string | null }, ctx: z.RefinementCtx, today: string) {
  const r = checkAvailability({ from: v.available_from, until: v.available_until }, today);
  if (!r.ok) addIssue(ctx, r.code === 'date.from_in_past' ? 'available_from' : 'available_until', { rule: r.code });
}

const quantity = (max: number, requiredKey: OfferMessageKey, min = 1) =>
  rule((raw) => (isBlank(raw) ? { ok: false, code: 'required' } : parseQuantity(raw, { min, max })), requiredKey);
const optionalQuantity = (max: number, min = 0) =>
  rule((raw): RuleResult<number | null> => (isBlank(raw) ? { ok: true, value: null } : parseQuantity(raw, { min, max })));

/**
 * One offer line of the given kind (PRODUCT.md, «Offer line»).
 * @param today the ISO date in Athens: `from` may not be before it, nor an expiry date.
 */
export function parseLine(kind: LineKind, body: FormBody, today: string, gaz: Gazetteer): Parsed<OfferLineInput> {
  const s: Scope = { body, gaz, today };
  switch (kind) {
    case 'accommodation':
      return runIn(lineSchema('accommodation'), withDates(body, ['available_from', 'available_until']), s);
    case 'service':
      // Where the service is given is asked for unless it is given remotely only.
      return runIn(lineSchema(body.delivery !== 'remote' ? 'service' : 'service/remote'), withDates(body, ['available_from', 'available_until']), s);
    case 'essential_items':
      return runIn(lineSchema('essential_items'), withDates(body, ['expiry']), s);
    case 'money':
      return runIn(lineSchema('money'), body, s);
  }
}

const lineSchema = once((variant: LineKind | 'service/remote'): z.ZodType<OfferLineInput> => {
  switch (variant) {
    case 'accommodation':
      return (
        z
          .object({
            accommodation_type: choice(ACCOMMODATION_TYPES, 'err_accommodation_type_required'),
            places: quantity(LIMITS.places, 'err_places_required'),
            rooms: optionalQuantity(LIMITS.rooms),
            ...placeFields(true),
            address: text(LIMITS.shortText),
            available_from: date(true, 'err_available_from_required'),
            available_until: date(false),
            cost_basis: choice(COST_BASES, 'err_cost_basis_required'),
            step_free_access: yesNo('err_step_free_access_required'),
            suitable_for: rule((raw) => parseChoices(raw, SUITABLE_FOR)),
          })
          .superRefine((v, ctx) => {
            refineAvailability(v as { available_from: string; available_until: string | null }, ctx, scope.today!);
            if (v.rooms !== null && v.rooms > v.places) addIssue(ctx, 'rooms', { key: 'err_rooms_more_than_places' });
          })
          .transform(
            (v): AccommodationLine => ({
              kind: 'accommodation',
              accommodationType: v.accommodation_type,
              places: v.places,
              rooms: v.rooms,
              regionCode: v.region,
              municipalityCode: v.municipality,
              address: v.address,
              availableFrom: v.available_from as string,
              availableUntil: v.available_until,
              costBasis: v.cost_basis,
              stepFreeAccess: v.step_free_access,
              suitableFor: v.suitable_for,
            }),
          )
      );
    case 'service':
    case 'service/remote':
      return (
        z
          .object({
            category: choice(SERVICE_CATEGORIES, 'err_service_category_required'),
            description: requiredText(LIMITS.longText, 'err_description_required', true),
            languages: rule((raw) => {
              const r = parseChoices(raw, SERVICE_LANGUAGES);
              return r.ok && r.value.length === 0 ? { ok: false, code: 'required' } : r;
            }, 'err_languages_required'),
            delivery: choice(DELIVERY_MODES, 'err_delivery_required'),
            ...placeFields(variant === 'service'),
            capacity_per_week: quantity(LIMITS.capacityPerWeek, 'err_capacity_required'),
            available_from: date(true, 'err_available_from_required'),
            available_until: date(false),
            cost_basis: choice(COST_BASES, 'err_cost_basis_required'),
          })
          .superRefine((v, ctx) => {
            refineAvailability(v as { available_from: string; available_until: string | null }, ctx, scope.today!);
          })
          .transform(
            (v): ServiceLine => ({
              kind: 'service',
              category: v.category,
              description: v.description,
              languages: v.languages,
              delivery: v.delivery,
              regionCode: v.region,
              municipalityCode: v.municipality,
              capacityPerWeek: v.capacity_per_week,
              availableFrom: v.available_from as string,
              availableUntil: v.available_until,
              costBasis: v.cost_basis,
            }),
          )
      );
    case 'essential_items':
      return (
        z
          .object({
            category: choice(ITEM_CATEGORIES, 'err_item_category_required'),
            description: requiredText(LIMITS.longText, 'err_description_required', true),
            quantity: quantity(LIMITS.quantity, 'err_quantity_required'),
            unit: choice(ITEM_UNITS, 'err_unit_required'),
            condition: choice(ITEM_CONDITIONS, 'err_condition_required'),
            ...placeFields(true),
            can_deliver: yesNo('err_can_deliver_required'),
            delivery_area: rule(
              (raw) => cleanText(raw, { max: LIMITS.shortText, required: scope.body.can_deliver === 'yes' }),
              'err_delivery_area_required',
            ),
            expiry: date(false).transform((v, ctx) => {
              if (v !== null && v < scope.today!) addIssue(ctx, 'expiry', { key: 'err_expiry_in_past' });
              return v;
            }),
          })
          .transform(
            (v): EssentialItemsLine => ({
              kind: 'essential_items',
              category: v.category,
              description: v.description,
              quantity: v.quantity,
              unit: v.unit,
              condition: v.condition,
              regionCode: v.region,
              municipalityCode: v.municipality,
              canDeliver: v.can_deliver,
              deliveryArea: v.can_deliver ? v.delivery_area : null,
              expiry: v.expiry,
            }),
          )
      );
    case 'money':
      return (
        z
          .object({
            amount: rule((raw) => (isBlank(raw) ? { ok: false, code: 'required' } : parseMoney(raw, { max: LIMITS.money })), 'err_amount_required'),
            currency: rule((raw) => (isBlank(raw) ? { ok: true, value: 'EUR' } : parseCurrency(raw))),
            frequency: choice(MONEY_FREQUENCIES, 'err_frequency_required'),
            purpose: text(LIMITS.longText, undefined, true),
          })
          .transform((v): MoneyLine => ({ kind: 'money', amount: v.amount, currency: v.currency, frequency: v.frequency, purpose: v.purpose }))
      );
  }
});

export function isLineKind(v: unknown): v is LineKind {
  return typeof v === 'string' && (LINE_KINDS as readonly string[]).includes(v);
}

export const CONSENT_FIELDS = ['privacy_notice', 'share_with_partners'] as const;

export function parseConsents(body: FormBody): Parsed<Consents> {
  return runIn(consentsSchema(null), body, { body });
}

const consentsSchema = once(() =>
    z
      .object({ privacy_notice: rule((raw) => parseBoolean(raw)), share_with_partners: rule((raw) => parseBoolean(raw)) })
      .superRefine((v, ctx) => {
        if (!v.privacy_notice) addIssue(ctx, 'privacy_notice', { key: 'err_privacy_notice_required' });
      })
      .transform((v): Consents => ({ privacyNotice: true, shareWithPartners: v.share_with_partners })),
);
