// What the self-service forms accept. The rules are the public form's (platform/validation/rules.ts
// and the offers schemas), so a value refused there is refused here with the same message.
import type { RuleCode } from '../../platform/validation/rules.js';
import { checkAvailability, cleanText, isBlank, parseDateParts, parseEmail, parseMoney, parseQuantity } from '../../platform/validation/rules.js';
import { LIMITS, parseContact, rawAnswers, CONTACT_FIELDS } from '../offers/index.js';
import type { ContactUpdate, LineUpdate, OwnLine } from './self-service.service.js';
import type { SelfServiceMessageKey } from './self-service.messages.js';

export type FormBody = Record<string, unknown>;
/** A refused field: a rule code (platform messages) or a key of this module's catalogue. */
export type Issue = { field: string; rule?: RuleCode; key?: SelfServiceMessageKey; params?: Record<string, string | number> };
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export const REASON_MAX = 2000;

export function parseLinkRequest(body: FormBody): Parsed<{ email: string }> {
  if (isBlank(body.email)) return { ok: false, issues: [{ field: 'email', key: 'err_email_required' }] };
  const r = parseEmail(body.email);
  return r.ok ? { ok: true, value: { email: r.value } } : { ok: false, issues: [{ field: 'email', rule: r.code, ...(r.params ? { params: r.params } : {}) }] };
}

export function parseReason(body: FormBody): Parsed<string> {
  const r = cleanText(body.reason, { max: REASON_MAX, required: true, multiline: true });
  if (r.ok) return { ok: true, value: r.value };
  return { ok: false, issues: [r.code === 'required' ? { field: 'reason', key: 'err_reason_required' } : { field: 'reason', rule: r.code, ...(r.params ? { params: r.params } : {}) }] };
}

/** The contact form's fields, named as on the public form. */
export const CONTACT_FORM_FIELDS = CONTACT_FIELDS;

const CONTACT_REQUIRED_KEYS: Record<string, SelfServiceMessageKey> = {
  contact_name: 'err_contact_name_required',
  phone: 'err_phone_required',
  email: 'err_contact_email_required',
  preferred_language: 'err_preferred_language_required',
};

/** The contact details through the public form's own schema (offers `parseContact`). */
export function parseContactUpdate(body: FormBody): Parsed<ContactUpdate> {
  const parsed = parseContact(body);
  if (parsed.ok) return { ok: true, value: parsed.value };
  return {
    ok: false,
    // The public form's "enter X" messages live in its catalogue; ours has the same for these fields.
    issues: parsed.issues.map((i) => (i.key ? { field: i.field, key: CONTACT_REQUIRED_KEYS[i.field] ?? 'err_contact_name_required' } : { field: i.field, rule: i.rule ?? 'invalid', ...(i.params ? { params: i.params } : {}) })),
  };
}

/** The editable fields of a line of each kind. */
export function lineFormFields(kind: OwnLine['kind']): string[] {
  const date = (n: string) => [`${n}-day`, `${n}-month`, `${n}-year`];
  switch (kind) {
    case 'accommodation':
      return ['places', 'rooms', ...date('available_from'), ...date('available_until')];
    case 'service':
      return ['capacity_per_week', ...date('available_from'), ...date('available_until')];
    case 'essential_items':
      return ['quantity', ...date('expiry')];
    case 'money':
      return ['amount'];
  }
}

export function keepAnswers(body: FormBody, fields: readonly string[]) {
  return rawAnswers(body, fields);
}

/**
 * The figures and dates of one line. `today` is the ISO date in Athens. A start date already in
 * the past may stay as it is (the offer started then); a new one may not be before today, as on
 * the public form. An end date before the start is refused.
 */
export function parseLineUpdate(line: OwnLine, body: FormBody, today: string): Parsed<LineUpdate> {
  const issues: Issue[] = [];
  const fail = (field: string, r: { code: RuleCode; params?: Record<string, string | number> }, requiredKey?: SelfServiceMessageKey) =>
    issues.push(r.code === 'required' && requiredKey ? { field, key: requiredKey } : { field, rule: r.code, ...(r.params ? { params: r.params } : {}) });
  const dateOf = (name: string, required: boolean) => parseDateParts({ day: body[`${name}-day`], month: body[`${name}-month`], year: body[`${name}-year`] }, { required });
  const quantity = (name: string, max: number, min = 1) => {
    if (isBlank(body[name])) {
      fail(name, { code: 'required' }, 'err_value_required');
      return undefined;
    }
    const r = parseQuantity(body[name], { min, max });
    if (!r.ok) return void fail(name, r);
    return r.value;
  };
  const update: LineUpdate = {};

  const dates = () => {
    const from = dateOf('available_from', true);
    const until = dateOf('available_until', false);
    if (!from.ok) fail('available_from', from, 'err_value_required');
    if (!until.ok) fail('available_until', until);
    if (from.ok && until.ok && from.value !== null) {
      const kept = line.available_from !== null && from.value === line.available_from;
      const r = checkAvailability({ from: from.value, until: until.value }, kept && from.value < today ? from.value : today);
      if (!r.ok) fail(r.code === 'date.from_in_past' ? 'available_from' : 'available_until', r);
      else {
        update.availableFrom = from.value;
        update.availableUntil = until.value;
      }
    }
  };

  switch (line.kind) {
    case 'accommodation': {
      const places = quantity('places', LIMITS.places);
      let rooms: number | null | undefined = null;
      if (!isBlank(body.rooms)) {
        const r = parseQuantity(body.rooms, { min: 0, max: LIMITS.rooms });
        if (!r.ok) fail('rooms', r);
        rooms = r.ok ? r.value : undefined;
      }
      if (places !== undefined && typeof rooms === 'number' && rooms > places) issues.push({ field: 'rooms', key: 'err_rooms_more_than_places' });
      if (places !== undefined) update.places = places;
      if (rooms !== undefined) update.rooms = rooms;
      dates();
      break;
    }
    case 'service': {
      const capacity = quantity('capacity_per_week', LIMITS.capacityPerWeek);
      if (capacity !== undefined) update.capacityPerWeek = capacity;
      dates();
      break;
    }
    case 'essential_items': {
      const q = quantity('quantity', LIMITS.quantity);
      if (q !== undefined) update.quantity = q;
      const expiry = dateOf('expiry', false);
      if (!expiry.ok) fail('expiry', expiry);
      else if (expiry.value !== null && expiry.value < today && expiry.value !== line.expiry) issues.push({ field: 'expiry', key: 'err_expiry_in_past' });
      else update.expiry = expiry.value;
      break;
    }
    case 'money': {
      if (isBlank(body.amount)) issues.push({ field: 'amount', key: 'err_value_required' });
      else {
        const r = parseMoney(body.amount, { max: LIMITS.money });
        if (!r.ok) fail('amount', r);
        else update.amount = r.value;
      }
      break;
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: update };
}
