// One offeror's whole journey over real HTTP (undici): every GET and POST a browser without
// JavaScript makes, with the cookies and the CSRF token each page carries. Shared by the
// launch-day benchmark and the bounded load and fault tests, so both drive the same requests.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { consentFields, contactFields, kindFields, lineFields, organisationFields, type Fixture } from '../../test/support/fixtures.js';
import { encodeForm, type Fields } from '../../test/support/client.js';
import { CONSENT_FIELDS, CONTACT_FIELDS, LINE_FIELDS, ORGANISATION_FIELDS, ORGANISATION_KIND_FIELDS, rawAnswers } from '../../src/modules/offers/offers.schemas.js';

export type Answer = { status: number; location: string | undefined; body: string; headers: Record<string, string | string[] | undefined> };

/** Called once per request with a step name ("POST /offers/new/organisation") and its time in ms. */
export type Recorder = (step: string, ms: number, status: number) => void;

/**
 * A browser without JavaScript, on its own client address (sent as X-Forwarded-For, which the
 * service reads when TRUST_PROXY=true), so per-address rate limits apply per offeror as they
 * would on launch day.
 */
export class HttpOfferor {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly dispatcher: Dispatcher,
    readonly address: string,
    private readonly record: Recorder = () => {},
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { 'x-forwarded-for': this.address, ...extra };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return h;
  }

  private keep(setCookie: string | string[] | undefined): void {
    for (const c of [setCookie ?? []].flat()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1);
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: 'GET' | 'POST', path: string, body?: string, step = `${method} ${path}`): Promise<Answer> {
    const started = performance.now();
    const res = await this.dispatcher.request({
      method,
      path,
      headers: this.headers(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      body,
    });
    const text = await res.body.text();
    this.record(step, performance.now() - started, res.statusCode);
    const headers = res.headers as Answer['headers'];
    this.keep(headers['set-cookie']);
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    const location = headers.location;
    return { status: res.statusCode, location: typeof location === 'string' ? location : undefined, body: text, headers };
  }

  get(path: string, step?: string): Promise<Answer> {
    return this.request('GET', path, undefined, step);
  }

  /** Posts a form with the token of the last page shown. */
  post(path: string, fields: Fields = {}, step?: string): Promise<Answer> {
    return this.request('POST', path, encodeForm({ _csrf: this.csrf, ...fields }), step);
  }
}

/** A step that did not answer as a working journey should. */
export class JourneyError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${step} answered ${status}${detail ? `: ${detail}` : ''}`);
  }
}

function expect(answer: Answer, status: number, step: string): Answer {
  if (answer.status !== status) {
    const summary = /<div class="govgr-error-summary"[\s\S]*?<\/div>/.exec(answer.body)?.[0] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(answer.body)?.[1] ?? '';
    throw new JourneyError(step, answer.status, summary.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300));
  }
  return answer;
}

/**
 * Walks one offer through every page: start page, start, who is offering, official details,
 * contact person, each offer line (kind, then its form), the lines list, consents, check your
 * answers, submit, confirmation. Each page is fetched before its form is posted, as a person
 * would. Stops before submitting when `submit` is false (the draft stays ready to submit).
 * @returns the reference printed on the confirmation page (e.g. "7KQ-4M9-TXR"), or null when
 *   `submit` is false.
 * @throws JourneyError naming the first step that answered otherwise than a working journey.
 */
export async function walkJourney(o: HttpOfferor, f: Fixture, today: Date, options: { submit?: boolean } = {}): Promise<string | null> {
  const q = `?lang=${f.language}`;
  const step = async (path: string, fields: Fields, name: string, stepName = path) => {
    expect(await o.get(path, `GET ${stepName}`), 200, `GET ${stepName}`);
    return expect(await o.post(path, fields, `POST ${stepName}`), 303, `POST ${stepName}`);
  };
  expect(await o.get(`/${q}`, 'GET /'), 200, 'GET /');
  expect(await o.post('/offers/new', {}, 'POST /offers/new'), 303, 'POST /offers/new');
  await step('/offers/new/organisation-kind', kindFields(f), 'who is offering');
  await step('/offers/new/organisation', organisationFields(f), 'official details');
  await step('/offers/new/contact', contactFields(f), 'contact person');
  for (const line of f.lines) {
    await step('/offers/new/lines/add', { kind: line.kind }, 'kind of help');
    await step(`/offers/new/lines/add/${line.kind}`, lineFields(line, today), 'offer line', '/offers/new/lines/add/:kind');
  }
  await step('/offers/new/lines', {}, 'offer lines');
  await step('/offers/new/consents', consentFields(f), 'consents');
  expect(await o.get('/offers/new/check', 'GET /offers/new/check'), 200, 'GET /offers/new/check');
  if (options.submit === false) return null;
  const submitted = expect(await o.post('/offers/new/submit', {}, 'POST /offers/new/submit'), 303, 'POST /offers/new/submit');
  const confirmation = expect(await o.get(submitted.location ?? '/offers/new/confirmation', 'GET /offers/new/confirmation'), 200, 'GET /offers/new/confirmation');
  return referenceOn(confirmation.body);
}

/**
 * The reference a confirmation page shows, as stored (9 characters, no dashes: "7KQ4M9TXR").
 * @throws Error when the page carries none (a confirmation without a reference is a lost offer).
 */
export function referenceOn(html: string): string {
  const m = /data-reference="([0-9A-Z]{9})"/.exec(html);
  if (!m?.[1]) throw new Error('the confirmation page shows no reference');
  return m[1];
}

// --- a realistic crowd ----------------------------------------------------------------------

/**
 * How often each fixture's kind of offeror comes, per 100 journeys: most offers on launch day
 * came from private individuals (see bench/support/seed.ts ORGANISATION_KINDS: individuals 55 %),
 * the rest from NGOs, businesses, religious bodies and public bodies.
 */
export const FIXTURE_WEIGHTS: Record<string, number> = {
  '01-municipality-camp': 4,
  '02-ngo-legal-aid': 10,
  '03-international-organisation-money-hygiene': 2,
  '04-hotel-rooms': 12,
  '05-individual-room': 55,
  '06-diaspora-association-uk': 6,
  '07-religious-body-food-clothing': 6,
  '08-region-transport': 5,
};

/** A fixture picker with FIXTURE_WEIGHTS (unknown fixtures weigh 1). */
export function weightedPicker(fixtures: Fixture[], random: () => number = Math.random): () => Fixture {
  const weights = fixtures.map((f) => FIXTURE_WEIGHTS[f.name] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let r = random() * total;
    for (const [i, w] of weights.entries()) if ((r -= w) < 0) return fixtures[i]!;
    return fixtures[fixtures.length - 1]!;
  };
}

const GIVEN = ['Γιώργος', 'Μαρία', 'Ελένη', 'Νίκος', 'Σοφία', 'Δημήτρης', 'Olena', 'Andrii', 'Ιωάννα', 'Κώστας', 'Anna', 'Thomas'];
const LETTERS = 'αβγδεζηθικλμνξοπρστυφχψω';

function word(length: number): string {
  let w = '';
  for (const b of randomBytes(length)) w += LETTERS[b % LETTERS.length];
  return w[0]!.toUpperCase() + w.slice(1);
}

/** A valid ΑΦΜ (9 digits, AADE check digit) starting with 9, unique enough for a load run. */
export function randomAfm(): string {
  for (;;) {
    const body = `9${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(body[i]) * 2 ** (8 - i);
    const check = (sum % 11) % 10;
    const afm = `${body}${check}`;
    if (afm !== '000000000') return afm;
  }
}

/**
 * The fixture as sent by another offeror of the same kind: its own name, ΑΦΜ (or foreign tax id),
 * phone and email, so duplicate detection sees a crowd of distinct offerors rather than one
 * offeror submitting the same offer thousands of times. Everything else (lines, places, dates,
 * languages, scripts) is the fixture's.
 */
export function anotherOfferor(f: Fixture): Fixture {
  const id = randomBytes(5).toString('hex');
  const name = f.organisation.kind === 'individual' ? `${GIVEN[randomBytes(1)[0]! % GIVEN.length]} ${word(9)}` : `${word(8)} ${word(7)} ${word(6)}`;
  const mobile = `69${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
  const taxId = f.organisation.country === 'GR' ? randomAfm() : `CHE-${String(randomBytes(4).readUInt32BE() % 1_000_000_000).padStart(9, '0')}`;
  return {
    ...f,
    organisation: { ...f.organisation, legal_name: name, distinctive_title: f.organisation.distinctive_title ? word(10) : undefined, tax_id: taxId },
    contact: { ...f.contact, name: f.organisation.kind === 'individual' ? name : `${GIVEN[randomBytes(1)[0]! % GIVEN.length]} ${word(8)}`, phone: mobile, email: `o${id}@example.org` },
  };
}

/** A client address per simulated offeror, from the documentation range 198.18.0.0/15 (RFC 2544). */
export function offerorAddress(n: number): string {
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * The draft answers the journey's pages would have saved for `f` (as offers.routes stores them:
 * each step's fields through rawAnswers, one line per offer line with its id), so a benchmark
 * can make thousands of drafts ready to submit without walking each one.
 */
export function draftAnswersOf(f: Fixture, today: Date): Record<string, unknown> {
  // A browser sends a one-item list as a single field, and the form body parser gives a string.
  const posted = (fields: Fields): Record<string, unknown> =>
    Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) && v.length === 1 ? v[0] : v]])));
  return {
    organisation_kind: rawAnswers(posted(kindFields(f)), ORGANISATION_KIND_FIELDS),
    organisation: rawAnswers(posted(organisationFields(f)), ORGANISATION_FIELDS),
    contact: rawAnswers(posted(contactFields(f)), CONTACT_FIELDS),
    lines: f.lines.map((line) => ({ id: randomBytes(6).toString('hex'), kind: line.kind, answers: rawAnswers(posted(lineFields(line, today)), LINE_FIELDS[line.kind]) })),
    consents: rawAnswers(posted(consentFields(f)), CONSENT_FIELDS),
  };
}
