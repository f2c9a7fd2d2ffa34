// The realistic offers of test/fixtures/offers (the product's eight fixtures), mapped onto the journey's form fields.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fields } from './client.js';

export const fixturesDir = fileURLToPath(new URL('../fixtures/offers/', import.meta.url));

export type FixtureLine = Record<string, unknown> & { kind: 'accommodation' | 'service' | 'essential_items' | 'money' };
export type Fixture = {
  name: string;
  language: 'el' | 'en' | 'uk';
  organisation: Record<string, unknown> & { kind: string; country: string; address: Record<string, string> };
  contact: Record<string, string>;
  lines: FixtureLine[];
  consents: { privacy_notice: boolean; share_with_partners: boolean };
  expected: { tax_id: string; phone: string; line_count: number; total_places?: number; total_money_eur?: string };
};

export function loadFixtures(): Fixture[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: path.basename(f, '.json'), ...(JSON.parse(readFileSync(path.join(fixturesDir, f), 'utf8')) as Omit<Fixture, 'name'>) }));
}

/** "+7d" → the date 7 days after `today` (ISO), null stays null. */
export function resolveDate(value: unknown, today: Date): string | null {
  if (value === null || value === undefined) return null;
  const m = /^\+(\d+)d$/.exec(String(value));
  if (!m) return String(value);
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + Number(m[1])));
  return d.toISOString().slice(0, 10);
}

function dateFields(name: string, iso: string | null): Fields {
  if (!iso) return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' };
  const [y, m, d] = iso.split('-');
  // typed as a person would: no leading zeros
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
}

const yesNo = (b: unknown) => (b ? 'yes' : 'no');
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function kindFields(f: Fixture): Fields {
  return { kind: f.organisation.kind, registered_in_greece: f.organisation.country === 'GR' ? 'yes' : 'no' };
}

export function organisationFields(f: Fixture): Fields {
  const o = f.organisation;
  const a = o.address;
  return {
    legal_name: s(o.legal_name),
    distinctive_title: s(o.distinctive_title),
    tax_id: s(o.tax_id),
    country: o.country === 'GR' ? undefined : o.country,
    registry_number: s(o.registry_number),
    street: s(a.street),
    postcode: s(a.postcode),
    city: s(a.city),
    region: a.region ?? '',
    municipality: a.municipality_code ?? '',
    website: s(o.website),
    legal_representative: s(o.legal_representative),
  };
}

export function contactFields(f: Fixture): Fields {
  const c = f.contact;
  return { contact_name: c.name, contact_role: s(c.role), phone: c.phone, email: c.email, preferred_language: c.preferred_language };
}

export function lineFields(line: FixtureLine, today: Date): Fields {
  const place = (line.location ?? line.stock_location ?? {}) as Record<string, string>;
  const where = { region: s(place.region), municipality: s(place.municipality_code) };
  switch (line.kind) {
    case 'accommodation':
      return {
        accommodation_type: s(line.accommodation_type),
        places: s(line.places),
        rooms: s(line.rooms),
        ...where,
        address: s(place.address),
        ...dateFields('available_from', resolveDate(line.available_from, today)),
        ...dateFields('available_until', resolveDate(line.available_until, today)),
        cost_basis: s(line.cost_basis),
        step_free_access: yesNo(line.step_free_access),
        suitable_for: (line.suitable_for as string[]) ?? [],
      };
    case 'service':
      return {
        category: s(line.category),
        description: s(line.description),
        languages: (line.languages as string[]) ?? [],
        delivery: s(line.delivery),
        ...where,
        capacity_per_week: s(line.capacity_per_week),
        ...dateFields('available_from', resolveDate(line.available_from, today)),
        ...dateFields('available_until', resolveDate(line.available_until, today)),
        cost_basis: s(line.cost_basis),
      };
    case 'essential_items':
      return {
        category: s(line.category),
        description: s(line.description),
        quantity: s(line.quantity),
        unit: s(line.unit),
        condition: s(line.condition),
        ...where,
        can_deliver: yesNo(line.can_deliver),
        delivery_area: s(line.delivery_area),
        ...dateFields('expiry', resolveDate(line.expiry, today)),
      };
    case 'money':
      return { amount: s(line.amount), currency: s(line.currency), frequency: s(line.frequency), purpose: s(line.purpose) };
  }
}

export function consentFields(f: Fixture): Fields {
  return {
    privacy_notice: f.consents.privacy_notice ? 'yes' : undefined,
    share_with_partners: f.consents.share_with_partners ? 'yes' : undefined,
  };
}

export type JourneyOptions = { lang?: 'el' | 'en' | 'uk'; today: Date };

/**
 * Drives one fixture through the real journey over HTTP, step by step, asserting each step is
 * accepted (303). @returns the confirmation page.
 * @throws Error naming the step and showing the page's error summary when a step is refused.
 */
export async function completeJourney(
  client: import('./client.js').FormClient,
  f: Fixture,
  { lang = f.language, today }: JourneyOptions,
): Promise<import('./client.js').Page> {
  const q = `?lang=${lang}`;
  const expectRedirect = (page: import('./client.js').Page, step: string) => {
    if (page.status !== 303) {
      const summary = /<div class="govgr-error-summary"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? page.body.slice(0, 500);
      throw new Error(`${f.name}: step ${step} answered ${page.status}: ${summary.replace(/<[^>]+>/g, ' ')}`);
    }
    return page;
  };
  await client.get(`/${q}`);
  expectRedirect(await client.post('/offers/new'), 'start');
  await client.get('/offers/new/organisation-kind');
  expectRedirect(await client.post('/offers/new/organisation-kind', kindFields(f)), 'organisation-kind');
  await client.get('/offers/new/organisation');
  expectRedirect(await client.post('/offers/new/organisation', organisationFields(f)), 'organisation');
  await client.get('/offers/new/contact');
  expectRedirect(await client.post('/offers/new/contact', contactFields(f)), 'contact');
  for (const [i, line] of f.lines.entries()) {
    await client.get('/offers/new/lines/add');
    expectRedirect(await client.post('/offers/new/lines/add', { kind: line.kind }), `line ${i + 1} kind`);
    await client.get(`/offers/new/lines/add/${line.kind}`);
    expectRedirect(await client.post(`/offers/new/lines/add/${line.kind}`, lineFields(line, today)), `line ${i + 1}`);
  }
  await client.get('/offers/new/lines');
  expectRedirect(await client.post('/offers/new/lines'), 'lines');
  await client.get('/offers/new/consents');
  expectRedirect(await client.post('/offers/new/consents', consentFields(f)), 'consents');
  await client.get('/offers/new/check');
  const submitted = expectRedirect(await client.post('/offers/new/submit'), 'submit');
  return client.get(String(submitted.headers.location));
}
