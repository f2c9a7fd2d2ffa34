// The review queue at scale: seeds 1,000,000 offers into a PostgreSQL database of its own, then
// times what a coordinator does most (issue 3: p95 under 50 ms each) and prints p50/p95/p99.
// Run: npm run bench:queue
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test); the bench
//                       creates its own database there and drops it at the end
//   BENCH_OFFERS        offers to seed (default 1000000)
//   BENCH_RUNS          timed runs per query (default 200, after 20 untimed)
//   BENCH_EXPLAIN=1     also print EXPLAIN ANALYZE of each query shape once
//   BENCH_KEEP=1        keep the database afterwards (its name is printed)
//   BENCH_REUSE=<name>  time against a database kept earlier, without seeding (while tuning)
//
// Seeding is set-based SQL (INSERT … SELECT over generate_series), not a million round trips.
// The spread is realistic rather than uniform: regions weighted by population (ELSTAT census
// 2021), a launch spike in the first weeks, most offers from private individuals, most lines
// accommodation or essential items, Greek, Ukrainian and English text, Latin names. The search
// documents are built by the same rules as at submission (offers' searchDocument), per piece of
// vocabulary, and joined per offer, which gives what submission would for these texts.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { prepareDatabase } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import type { StaffMember } from '../src/modules/accounts/index.js';
import { formatReference, newReference, searchDocument } from '../src/modules/offers/index.js';
import { listOffers } from '../src/modules/review/index.js';
import { COUNT_BUDGET_MS } from '../src/modules/review/review.repository.js';
import type { QueueFilters } from '../src/modules/review/review.schemas.js';
import type { AppContext } from '../src/platform/context.js';
import { openDatabase } from '../src/platform/db/database.js';
import type { DB } from '../src/platform/db/schema.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OFFERS = Number(process.env.BENCH_OFFERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM = 20;
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const REUSE = process.env.BENCH_REUSE;
const KEEP = process.env.BENCH_KEEP === '1' || REUSE !== undefined;

const name = REUSE ?? `prosfero_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const urlOf = (database: string) => {
  const u = new URL(SERVER);
  u.pathname = `/${database}`;
  return u.toString();
};
async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
const log = (msg: string) => console.log(`[${(performance.now() / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// --- vocabulary -------------------------------------------------------------------------------

/** Population of each region, ELSTAT census 2021 (thousands): the weight of a line's region. */
const REGION_WEIGHTS: Record<string, number> = {
  'GR-I': 3792, 'GR-B': 1796, 'GR-E': 688, 'GR-G': 648, 'GR-M': 624, 'GR-A': 562, 'GR-J': 540,
  'GR-H': 508, 'GR-L': 328, 'GR-D': 320, 'GR-C': 255, 'GR-F': 205, 'GR-K': 195,
};
const ORGANISATION_KINDS: [string, number][] = [
  ['individual', 55], ['ngo', 12], ['business', 12], ['other', 9], ['religious_body', 4], ['municipality', 3],
  ['public_body', 3], ['international_organisation', 1.5], ['region', 0.5],
];
const STATUSES: [string, number][] = [
  ['submitted', 20], ['in_review', 10], ['verified', 25], ['allocated', 12], ['completed', 10], ['rejected', 5],
  ['withdrawn', 8], ['duplicate', 6], ['expired', 4],
];
const LINE_KINDS: [string, number][] = [['accommodation', 38], ['essential_items', 30], ['service', 22], ['money', 10]];
const CATEGORIES: Record<string, string[]> = {
  accommodation: ['apartment', 'house', 'room_in_shared_home', 'hotel', 'hostel', 'camp_or_facility'],
  service: ['health', 'mental_health_psychosocial_support', 'legal_aid', 'interpretation_translation', 'education_language_classes', 'employment', 'childcare', 'transport', 'other'],
  essential_items: ['food', 'water', 'clothing_footwear', 'hygiene', 'medicines_medical_supplies', 'baby_items', 'bedding', 'household_items', 'other'],
};

const GREEK_MEN = ['Γιώργος', 'Δημήτρης', 'Κωνσταντίνος', 'Νίκος', 'Γιάννης', 'Παναγιώτης', 'Βασίλης', 'Χρήστος', 'Αθανάσιος', 'Μιχάλης', 'Ευάγγελος', 'Σπύρος', 'Αντώνης', 'Ηλίας', 'Θεόδωρος'];
const GREEK_WOMEN = ['Μαρία', 'Ελένη', 'Αικατερίνη', 'Βασιλική', 'Σοφία', 'Αγγελική', 'Γεωργία', 'Δήμητρα', 'Κωνσταντίνα', 'Ευαγγελία', 'Ιωάννα', 'Παναγιώτα', 'Χριστίνα', 'Ειρήνη', 'Αναστασία'];
const GREEK_SURNAMES: [string, string][] = [
  ['Παπαδόπουλος', 'Παπαδοπούλου'], ['Βλάχος', 'Βλάχου'], ['Αγγελόπουλος', 'Αγγελοπούλου'], ['Νικολαΐδης', 'Νικολαΐδου'],
  ['Γεωργίου', 'Γεωργίου'], ['Οικονόμου', 'Οικονόμου'], ['Παπαγεωργίου', 'Παπαγεωργίου'], ['Μακρής', 'Μακρή'],
  ['Καραγιάννης', 'Καραγιάννη'], ['Δημητρίου', 'Δημητρίου'], ['Ιωάννου', 'Ιωάννου'], ['Κωνσταντινίδης', 'Κωνσταντινίδου'],
  ['Μανωλαράκης', 'Μανωλαράκη'], ['Σπυριδάκης', 'Σπυριδάκη'], ['Παπαδάκης', 'Παπαδάκη'], ['Ευαγγέλου', 'Ευαγγέλου'],
  ['Χατζηδάκης', 'Χατζηδάκη'], ['Αντωνίου', 'Αντωνίου'], ['Λαμπράκης', 'Λαμπράκη'], ['Ζαχαρίου', 'Ζαχαρίου'],
  ['Τσακίρης', 'Τσακίρη'], ['Μπακογιάννης', 'Μπακογιάννη'], ['Ντόκος', 'Ντόκου'], ['Γκίκας', 'Γκίκα'], ['Φραγκιαδάκης', 'Φραγκιαδάκη'],
];
const UKRAINIAN_FIRST = ['Олена', 'Оксана', 'Наталія', 'Ірина', 'Тетяна', 'Андрій', 'Олександр', 'Сергій', 'Дмитро', 'Віктор', 'Юлія', 'Марія'];
const UKRAINIAN_SURNAMES = ['Ковальчук', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Мельник', 'Коваленко', 'Бойко', 'Олійник', 'Лисенко', 'Гриценко', 'Савченко'];
const LATIN_FIRST = ['Maria', 'Anna', 'John', 'Peter', 'Sophie', 'Thomas', 'Laura', 'Michael', 'Katarzyna', 'Lukas', 'Zoë', 'Seán'];
const LATIN_SURNAMES = ['Smith', 'Müller', 'Kowalski', 'Rossi', 'Dubois', 'García', 'Jensen', 'Novak', "O'Brien", 'Schmidt', 'Nowak', 'Andersen'];

/** Organisation name templates by kind; {place} is a regional unit's name as ELSTAT writes it (genitive). */
const ORGANISATION_TEMPLATES: Record<string, string[]> = {
  ngo: ['Σύλλογος Αλληλεγγύης {place}', 'Δίκτυο Υποστήριξης Προσφύγων {place}', 'Ένωση Εθελοντών {place}', 'Κοινωνικό Παντοπωλείο {place}', 'Σύλλογος Ουκρανών {place} «Берегиня»'],
  business: ['Ξενοδοχεία {place} Α.Ε.', 'Τρόφιμα {place} Α.Β.Ε.Ε.', 'Μεταφορές {place} Ο.Ε.', 'Φαρμακείο {place}'],
  other: ['Σωματείο Εργαζομένων {place}', 'Πολιτιστικός Σύλλογος {place}', 'Αθλητικός Όμιλος {place}'],
  religious_body: ['Ιερά Μητρόπολη {place}', 'Ενορία Αγίου Νικολάου {place}', 'Καθολική Ενορία {place}'],
  municipality: ['Δήμος {place}'],
  public_body: ['Γενικό Νοσοκομείο {place}', 'Κέντρο Υγείας {place}', 'Διεύθυνση Κοινωνικής Πρόνοιας {place}'],
  international_organisation: ['International Organization for Migration – {place}', 'UNHCR Field Office {place}', 'Médecins du Monde {place}', 'Caritas Hellas {place}'],
  region: ['Περιφερειακή Ενότητα {place}'],
};

const TEXTS: Record<string, string[]> = {
  service: [
    'Δωρεάν μαθήματα ελληνικών για ενήλικες πρόσφυγες, δύο φορές την εβδομάδα',
    'Νομική συμβουλευτική για αιτούντες άσυλο και δικαιούχους προσωρινής προστασίας',
    'Ψυχολογική υποστήριξη για παιδιά και οικογένειες προσφύγων',
    'Μεταφορά από το λιμάνι στη δομή φιλοξενίας με μικρό λεωφορείο',
    'Διερμηνεία ουκρανικά–ελληνικά σε νοσοκομεία και δημόσιες υπηρεσίες',
    'Φύλαξη παιδιών τα απογεύματα στο κέντρο της πόλης',
    'Ιατρική εξέταση και εμβολιασμοί σε συνεργασία με το Κέντρο Υγείας',
    'Βοήθεια στην εύρεση εργασίας και στη σύνταξη βιογραφικού',
    'Φυσικοθεραπεία κατ’ οίκον για ηλικιωμένους',
    'Уроки грецької мови для дорослих і дітей',
    'Усний переклад українська–грецька під час візитів до лікарень',
    'Психологічна підтримка для жінок і дітей',
    'Юридична консультація щодо тимчасового захисту',
    'Free legal advice by phone for people under temporary protection',
    'Weekly English and Greek conversation classes',
  ],
  essential_items: [
    'Κουβέρτες και σεντόνια μονά',
    'Τρόφιμα μακράς διαρκείας: ζυμαρικά, όσπρια, κονσέρβες',
    'Ρούχα και παπούτσια για παιδιά όλων των ηλικιών',
    'Είδη υγιεινής: σαμπουάν, οδοντόκρεμες, πάνες',
    'Βρεφικό γάλα και είδη μωρού',
    'Φάρμακα και υγειονομικό υλικό για το ιατρείο της δομής',
    'Εμφιαλωμένο νερό σε παλέτες',
    'Στρώματα και κλινοσκεπάσματα',
    'Κουζινικά και είδη νοικοκυριού',
    'Дитячий одяг і взуття',
    'Продукти харчування тривалого зберігання',
    'Winter jackets and boots for adults',
    'Hygiene kits for families with small children',
  ],
  money: [
    'Για την ενοικίαση κατοικιών για οικογένειες προσφύγων',
    'Στήριξη του κοινωνικού παντοπωλείου',
    'Rent support for families under temporary protection',
    'Для допомоги переселенцям з України',
  ],
};

// --- helpers ----------------------------------------------------------------------------------

/** Cumulative thresholds for width_bucket: bucket i (1-based) has the i-th weight's share. */
function thresholds(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.slice(0, -1).map((w) => (sum += w) / total);
}
/** SQL: the entry of `values` picked by the random number `r` with these weights. */
function weighted(values: string[], weights: number[], r: string): string {
  const arr = `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;
  const th = thresholds(weights);
  return `(${arr})[width_bucket(${r}, ARRAY[${th.join(',')}]::float8[]) + 1]`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function seed(db: Kysely<DB>): Promise<void> {
  const places = await db
    .selectFrom('admin_units')
    .select(['code', 'name_el', 'parent_code', 'level'])
    .where('level', 'in', ['regional_unit', 'municipality'])
    .execute();
  const regionalUnits = places.filter((p) => p.level === 'regional_unit');
  const unitRegion = new Map(regionalUnits.map((u) => [u.code, u.parent_code!]));
  const municipalitiesByRegion = new Map<string, string[]>();
  for (const m of places.filter((p) => p.level === 'municipality')) {
    const region = unitRegion.get(m.parent_code!)!;
    municipalitiesByRegion.set(region, [...(municipalitiesByRegion.get(region) ?? []), m.code]);
  }

  // Vocabulary with each piece's search words, folded by submission's own rules.
  const people: { name: string; lang: string }[] = [];
  GREEK_MEN.forEach((f, i) => GREEK_SURNAMES.forEach(([m], j) => (i + j) % 2 === 0 && people.push({ name: `${f} ${m}`, lang: 'el' })));
  GREEK_WOMEN.forEach((f, i) => GREEK_SURNAMES.forEach(([, w], j) => (i + j) % 2 === 0 && people.push({ name: `${f} ${w}`, lang: 'el' })));
  for (const f of UKRAINIAN_FIRST) for (const s of UKRAINIAN_SURNAMES) people.push({ name: `${f} ${s}`, lang: 'uk' });
  for (const f of LATIN_FIRST) for (const s of LATIN_SURNAMES) people.push({ name: `${f} ${s}`, lang: 'en' });
  const organisations: { kind: string; name: string }[] = [];
  for (const [kind, templates] of Object.entries(ORGANISATION_TEMPLATES)) {
    for (const tpl of templates) for (const u of regionalUnits) organisations.push({ kind, name: tpl.replace('{place}', u.name_el) });
  }
  const texts: { kind: string; text: string }[] = Object.entries(TEXTS).flatMap(([kind, list]) => list.map((text) => ({ kind, text })));

  await sql`CREATE UNLOGGED TABLE bench_people (id int PRIMARY KEY, name text, lang text, words text, vec tsvector)`.execute(db);
  await sql`CREATE UNLOGGED TABLE bench_organisations (id int PRIMARY KEY, kind text, kind_no int, name text, words text, vec tsvector)`.execute(db);
  await sql`CREATE UNLOGGED TABLE bench_texts (id int PRIMARY KEY, kind text, kind_no int, text text, words text, vec tsvector)`.execute(db);
  const vec = (words: string) => sql`strip(to_tsvector('greek', ${words}) || to_tsvector('simple', ${words}))`;
  for (const [i, p] of people.entries()) {
    const words = searchDocument({ names: [p.name], texts: [] }).names;
    await sql`INSERT INTO bench_people VALUES (${i}, ${p.name}, ${p.lang}, ${words}, ${vec(words)})`.execute(db);
  }
  const kindCounters = new Map<string, number>();
  for (const [i, o] of organisations.entries()) {
    const words = searchDocument({ names: [o.name], texts: [] }).names;
    const no = kindCounters.get(o.kind) ?? 0;
    kindCounters.set(o.kind, no + 1);
    await sql`INSERT INTO bench_organisations VALUES (${i}, ${o.kind}, ${no}, ${o.name}, ${words}, ${vec(words)})`.execute(db);
  }
  const textCounters = new Map<string, number>();
  for (const [i, t] of texts.entries()) {
    const words = searchDocument({ names: [], texts: [t.text] }).words;
    const no = textCounters.get(t.kind) ?? 0;
    textCounters.set(t.kind, no + 1);
    await sql`INSERT INTO bench_texts VALUES (${i}, ${t.kind}, ${no}, ${t.text}, ${words}, ${vec(words)})`.execute(db);
  }
  // The organisation name of an offer: its kind's r_org-th share of that kind's names.
  const orgPick = `o.kind = s.org_kind AND o.kind_no = floor(s.r_org * CASE s.org_kind ${[...kindCounters].map(([k, c]) => `WHEN '${k}' THEN ${c}`).join(' ')} ELSE 1 END)::int`;
  log(`vocabulary: ${people.length} people, ${organisations.length} organisation names, ${texts.length} texts`);

  // Valid references (with their check character), made by the service's own function.
  const refs = new Set<string>();
  while (refs.size < OFFERS) refs.add(newReference());
  await sql`CREATE UNLOGGED TABLE bench_refs (n int PRIMARY KEY, reference text)`.execute(db);
  const all = [...refs];
  for (let i = 0; i < all.length; i += 250_000) {
    const chunk = all.slice(i, i + 250_000);
    await sql`INSERT INTO bench_refs SELECT ${i} + o, r FROM unnest(${chunk}::text[]) WITH ORDINALITY AS u(r, o)`.execute(db);
  }
  log(`${OFFERS} references`);

  // Indexes are built once the rows are in (faster than a million inserts into GIN indexes);
  // the definitions are the migrations' own, read back from the catalogue.
  const indexes = await sql<{ indexname: string; indexdef: string }>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename IN ('offers', 'offer_lines', 'organisations')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db);
  for (const i of indexes.rows) await sql.raw(`DROP INDEX ${i.indexname}`).execute(db);
  // Foreign keys likewise: checked row by row they cost more than the inserts; added back, they
  // check every row again in one pass each.
  const foreignKeys = await sql<{ tbl: string; conname: string; def: string }>`
    SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE contype = 'f' AND conrelid IN ('offers'::regclass, 'offer_lines'::regclass, 'organisations'::regclass)`.execute(db);
  for (const fk of foreignKeys.rows) await sql.raw(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${fk.conname}`).execute(db);
  // The triggers would refresh each offer's queue columns line by line; the seed writes them directly.
  for (const table of ['offers', 'offer_lines', 'organisations']) await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`).execute(db);

  // One row per offer: every random choice, so the tables below agree.
  const regionCodes = Object.keys(REGION_WEIGHTS);
  await sql.raw(`
    CREATE UNLOGGED TABLE bench_seed AS
    SELECT n,
           ${weighted(ORGANISATION_KINDS.map((k) => k[0]), ORGANISATION_KINDS.map((k) => k[1]), 'random()')} AS org_kind,
           ${weighted(STATUSES.map((k) => k[0]), STATUSES.map((k) => k[1]), 'random()')} AS status,
           ${weighted(['el', 'uk', 'en'], [75, 15, 10], 'random()')} AS language,
           ${weighted(['web', 'api', 'import', 'staff'], [90, 4, 4, 2], 'random()')} AS channel,
           -- the launch spike: most offers in the first weeks of two years
           timestamptz '2022-03-01 08:00:00+02' + (power(random(), 3) * interval '730 days') AS submitted_at,
           floor(random() * ${people.length})::int AS person,
           random() AS r_org,
           ${weighted(['1', '2', '3'], [65, 25, 10], 'random()')}::int AS n_lines,
           random() < 0.05 AS possible_duplicate,
           ${weighted(['none', 'reached', 'no_answer', 'wrong_number', 'bounced'], [45, 40, 10, 3, 2], 'random()')} AS contact
    FROM generate_series(1, ${OFFERS}) AS n`).execute(db);
  await sql.raw(`ALTER TABLE bench_seed ADD PRIMARY KEY (n)`).execute(db);
  log('offers planned');

  await sql.raw(`
    CREATE UNLOGGED TABLE bench_lines AS
    SELECT s.n, l.position, l.kind,
           CASE l.kind
             WHEN 'accommodation' THEN (ARRAY[${CATEGORIES.accommodation!.map((c) => `'${c}'`).join(',')}])[1 + floor(random() * ${CATEGORIES.accommodation!.length})::int]
             WHEN 'service' THEN (ARRAY[${CATEGORIES.service!.map((c) => `'${c}'`).join(',')}])[1 + floor(random() * ${CATEGORIES.service!.length})::int]
             WHEN 'essential_items' THEN (ARRAY[${CATEGORIES.essential_items!.map((c) => `'${c}'`).join(',')}])[1 + floor(random() * ${CATEGORIES.essential_items!.length})::int]
           END AS category,
           CASE WHEN l.kind = 'money' OR (l.kind = 'service' AND random() < 0.3) THEN NULL ELSE l.region END AS region_code,
           l.kind_text_no
    FROM bench_seed s
    CROSS JOIN LATERAL (
      SELECT p AS position,
             ${weighted(LINE_KINDS.map((k) => k[0]), LINE_KINDS.map((k) => k[1]), 'random()')} AS kind,
             ${weighted(regionCodes, regionCodes.map((c) => REGION_WEIGHTS[c]!), 'random()')} AS region,
             floor(random() * 1000)::int AS kind_text_no
      FROM generate_series(1, s.n_lines) AS p
    ) l`).execute(db);
  await sql`CREATE UNLOGGED TABLE bench_region_municipalities (region text PRIMARY KEY, codes text[])`.execute(db);
  for (const [region, codes] of municipalitiesByRegion) {
    await sql`INSERT INTO bench_region_municipalities VALUES (${region}, ${codes}::text[])`.execute(db);
  }
  await sql.raw(`
    ALTER TABLE bench_lines ADD COLUMN municipality_code text;
    UPDATE bench_lines l SET municipality_code = m.codes[1 + floor(random() * cardinality(m.codes))::int]
    FROM bench_region_municipalities m WHERE m.region = l.region_code;
    CREATE INDEX ON bench_lines (n)`).execute(db);
  log('lines planned');

  const textCount = (kind: string) => textCounters.get(kind) ?? 1;
  const textPick = `t.kind = l.kind AND t.kind_no = l.kind_text_no % (CASE l.kind WHEN 'service' THEN ${textCount('service')} WHEN 'essential_items' THEN ${textCount('essential_items')} ELSE ${textCount('money')} END)`;
  // tsvector has || but no aggregate; the seed's own, in its own database.
  await sql`CREATE AGGREGATE tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')`.execute(db);
  // Each offer's queue columns, as the triggers would compute them from its lines.
  await sql.raw(`
    CREATE UNLOGGED TABLE bench_agg AS
    SELECT l.n,
           coalesce(array_agg(DISTINCT l.region_code) FILTER (WHERE l.region_code IS NOT NULL), '{}') AS region_codes,
           coalesce(array_agg(DISTINCT u.parent_code) FILTER (WHERE u.parent_code IS NOT NULL), '{}') AS regional_unit_codes,
           coalesce(array_agg(DISTINCT l.municipality_code) FILTER (WHERE l.municipality_code IS NOT NULL), '{}') AS municipality_codes,
           array_agg(DISTINCT l.kind) AS line_kinds,
           coalesce(array_agg(DISTINCT l.kind || ':' || l.category) FILTER (WHERE l.category IS NOT NULL), '{}') AS line_categories,
           coalesce(tsvector_agg(t.vec), ''::tsvector) AS vec
    FROM bench_lines l
    LEFT JOIN admin_units u ON u.code = l.municipality_code
    LEFT JOIN bench_texts t ON ${textPick}
    GROUP BY l.n`).execute(db);
  log('queue columns');
  await sql.raw(`
    INSERT INTO organisations (id, kind, legal_name, country, tax_id, tax_id_kind, contact_name, contact_phone, contact_email, preferred_language, city, created_at, updated_at)
    SELECT md5('organisation' || s.n)::uuid, s.org_kind,
           CASE WHEN s.org_kind = 'individual' THEN p.name ELSE o.name END,
           'GR',
           CASE WHEN s.org_kind = 'individual' THEN NULL ELSE base || ((SELECT sum(substr(base, i, 1)::int * (1 << (9 - i))) FROM generate_series(1, 8) i) % 11 % 10)::text END,
           CASE WHEN s.org_kind = 'individual' THEN NULL ELSE 'afm' END,
           p.name,
           '+3069' || lpad((s.n % 100000000)::text, 8, '0'),
           'offeror' || s.n || '@example.org',
           s.language, NULL, s.submitted_at, s.submitted_at
    FROM bench_seed s
    CROSS JOIN LATERAL (SELECT lpad(((s.n::bigint * 7919) % 100000000)::text, 8, '0') AS base) b
    JOIN bench_people p ON p.id = s.person
    LEFT JOIN bench_organisations o ON ${orgPick}`).execute(db);
  log('organisations');

  await sql.raw(`
    INSERT INTO offers (id, reference, organisation_id, status, language, channel, consent_privacy_notice_at, consent_share_with_partners,
                        idempotency_key, submitted_at, updated_at, organisation_kind, region_codes, regional_unit_codes, municipality_codes,
                        line_kinds, line_categories, search_text, search_vector, last_contact_outcome, reached, possible_duplicate)
    SELECT md5('offer' || s.n)::uuid, r.reference, md5('organisation' || s.n)::uuid, s.status, s.language, s.channel, s.submitted_at, s.n % 3 = 0,
           'bench:' || s.n, s.submitted_at, s.submitted_at, s.org_kind,
           a.region_codes, a.regional_unit_codes, a.municipality_codes, a.line_kinds, a.line_categories,
           CASE WHEN s.org_kind = 'individual' THEN p.words ELSE o.words || ' ' || p.words END,
           CASE WHEN s.org_kind = 'individual' THEN p.vec ELSE o.vec || p.vec END || a.vec,
           nullif(s.contact, 'none'), s.contact = 'reached', s.possible_duplicate
    FROM bench_seed s
    JOIN bench_refs r ON r.n = s.n
    JOIN bench_people p ON p.id = s.person
    LEFT JOIN bench_organisations o ON ${orgPick}
    JOIN bench_agg a ON a.n = s.n`).execute(db);
  log('offers');

  await sql.raw(`
    INSERT INTO offer_lines (offer_id, position, kind, category, description, region_code, municipality_code, places, rooms, cost_basis,
                             delivery, capacity_per_week, quantity, unit, condition, amount, currency, frequency, purpose)
    SELECT md5('offer' || l.n)::uuid, l.position, l.kind, l.category,
           CASE WHEN l.kind IN ('service', 'essential_items') THEN t.text END,
           l.region_code, l.municipality_code,
           CASE WHEN l.kind = 'accommodation' THEN 1 + (l.n % 8) END,
           CASE WHEN l.kind = 'accommodation' THEN 1 + (l.n % 4) END,
           CASE WHEN l.kind = 'accommodation' THEN 'free' END,
           CASE WHEN l.kind = 'service' THEN 'in_person' END,
           CASE WHEN l.kind = 'service' THEN 5 + (l.n % 50) END,
           CASE WHEN l.kind = 'essential_items' THEN 10 + (l.n % 990) END,
           CASE WHEN l.kind = 'essential_items' THEN 'pieces' END,
           CASE WHEN l.kind = 'essential_items' THEN 'new' END,
           CASE WHEN l.kind = 'money' THEN (50 + (l.n % 5000))::numeric END,
           CASE WHEN l.kind = 'money' THEN 'EUR' END,
           CASE WHEN l.kind = 'money' THEN 'one_off' END,
           CASE WHEN l.kind = 'money' THEN t.text END
    FROM bench_lines l
    LEFT JOIN bench_texts t ON ${textPick}`).execute(db);
  log('offer lines');

  for (const table of ['offers', 'offer_lines', 'organisations']) await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`).execute(db);
  for (const i of indexes.rows) {
    await sql.raw(i.indexdef).execute(db);
  }
  log(`${indexes.rows.length} indexes built`);
  for (const fk of foreignKeys.rows) await sql.raw(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${fk.conname} ${fk.def}`).execute(db);
  log(`${foreignKeys.rows.length} foreign keys checked`);
  for (const table of ['bench_seed', 'bench_lines', 'bench_agg', 'bench_refs', 'bench_region_municipalities']) await sql.raw(`DROP TABLE ${table}`).execute(db);
  await sql`VACUUM (ANALYZE) offers`.execute(db);
  await sql`VACUUM (ANALYZE) offer_lines`.execute(db);
  await sql`VACUUM (ANALYZE) organisations`.execute(db);
  // Write out what the load dirtied, so the timed runs do not pay for it (a server would have).
  await sql`CHECKPOINT`.execute(db);
  log('vacuumed, analysed, checkpointed');
}

// --- timing -----------------------------------------------------------------------------------

type Result = { label: string; p50: number; p95: number; p99: number; rows: string; counted: string };
/** What one run found: rows (or the page's total), and whether every count was made within its budget. */
type Run = { n: number; counted?: boolean };

async function time(label: string, run: (i: number) => Promise<Run>): Promise<Result> {
  const times: number[] = [];
  const found: number[] = [];
  let counted = 0;
  let countable = 0;
  for (let i = 0; i < WARM + RUNS; i++) {
    const start = performance.now();
    const r = await run(i);
    const took = performance.now() - start;
    if (i >= WARM) {
      times.push(took);
      found.push(r.n);
      if (r.counted !== undefined) {
        countable++;
        if (r.counted) counted++;
      }
    }
  }
  times.sort((a, b) => a - b);
  found.sort((a, b) => a - b);
  const rows = found[0] === found.at(-1) ? `${found[0]}` : `${found[0]}–${found.at(-1)} (median ${found[Math.floor(found.length / 2)]})`;
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rows, counted: countable ? `${Math.round((100 * counted) / countable)}%` : '' };
}

async function main(): Promise<void> {
  // Ctrl-C: the database is dropped all the same (unless kept).
  process.once('SIGINT', () => {
    void (KEEP ? Promise.resolve() : admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})).then(() => process.exit(130));
  });
  if (!REUSE) {
    log(`creating ${name} on ${new URL(SERVER).host}`);
    await admin(`CREATE DATABASE ${name}`);
  }
  const database = await openDatabase({ engine: 'postgres', url: urlOf(name), poolSize: 4 });
  try {
    const db = database.db;
    if (!REUSE) {
      await prepareDatabase(database);
      // One connection for the whole seed, so its settings hold for every statement.
      await db.connection().execute(async (conn) => {
        await sql`SET maintenance_work_mem = '512MB'`.execute(conn);
        await sql`SET synchronous_commit = off`.execute(conn);
        await seed(conn);
      });
    }
    const counts = await sql<{ offers: string; lines: string }>`SELECT (SELECT count(*) FROM offers) AS offers, (SELECT count(*) FROM offer_lines) AS lines`.execute(db);
    log(`seeded ${counts.rows[0]!.offers} offers with ${counts.rows[0]!.lines} lines`);

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
    const ctx: AppContext = { db, engine: 'postgres', config, clock: { now: () => new Date() } };
    const sample = await sql<{ reference: string; id: string }>`SELECT reference, id FROM offers TABLESAMPLE SYSTEM (1) LIMIT 1000`.execute(db);
    const refs = sample.rows;
    // Regions in turn as often as coordinators would pick them: by population (100 slots).
    const regionByPopulation = Object.entries(REGION_WEIGHTS).flatMap(([code, w]) => Array<string>(Math.max(1, Math.round((w / 10_000) * 100))).fill(code));
    const all = { regions: 'all' as const };
    const page = async (filters: Omit<QueueFilters, 'sort'> & { sort?: QueueFilters['sort'] }, scope: { regions: 'all' | string[] } = all): Promise<Run> => {
      const p = await listOffers(ctx, scope, { filters: { sort: 'newest', ...filters } }, { contact: true });
      return { n: p.items.length, counted: p.total !== null && p.statusCounts.every((c) => c.count !== null) };
    };
    const greek = ['Θεσσαλονίκη', 'προσφυγών', 'Παπαδοπούλου', 'κουβέρτες', 'ΗΡΑΚΛΕΙΟΥ', 'Μανωλαράκης Ελένη', 'μαθήματα ελληνικών', 'φυσικοθεραπεία'];

    const results: Result[] = [];
    results.push(await time('default queue page (newest first, all statuses, with counts)', () => page({})));
    results.push(
      await time('three combined filters (status + region + kind of help)', (i) =>
        page({ status: 'submitted', region: regionByPopulation[i % regionByPopulation.length]!, kind: 'accommodation' }),
      ),
    );
    results.push(await time(`Greek free-text search (${greek.length} queries in turn)`, (i) => page({ q: greek[i % greek.length]! })));
    results.push(await time('reference lookup (formatted, from the search box)', (i) => page({ q: formatReference(refs[i % refs.length]!.reference) })));
    results.push(
      await time('offer page SQL (offer, organisation, lines)', async (i) => {
        const ref = refs[i % refs.length]!.reference;
        const offer = await db
          .selectFrom('offers')
          .innerJoin('organisations', 'organisations.id', 'offers.organisation_id')
          .selectAll('offers')
          .select(['organisations.legal_name', 'organisations.contact_email', 'organisations.contact_phone', 'organisations.tax_id'])
          .where('offers.reference', '=', ref)
          .executeTakeFirstOrThrow();
        const lines = await db.selectFrom('offer_lines').selectAll().where('offer_id', '=', offer.id).orderBy('position').execute();
        return { n: lines.length };
      }),
    );
    // The casework page as it is now, when the module is there: everything it loads and the
    // audit event it writes for a coordinator's view of contact data.
    try {
      const casework = (await import('../src/modules/casework/index.js')) as { openOfferCase?: (ctx: AppContext, m: StaffMember, r: string) => Promise<unknown> };
      if (casework.openOfferCase) {
        const staff = await db
          .insertInto('staff_accounts')
          .values({ email: `bench-${process.pid}@prosfero.test`, name: 'Bench', role: 'coordinator', password_hash: 'x', must_change_password: false })
          .returning('id')
          .executeTakeFirstOrThrow();
        const member = { id: staff.id, email: 'bench@prosfero.test', name: 'Bench', role: 'coordinator', language: 'en', mustChangePassword: false, regions: [] } as unknown as StaffMember;
        const open = casework.openOfferCase;
        results.push(await time('offer page (casework openOfferCase, with its audit event)', async (i) => ({ n: (await open(ctx, member, refs[i % refs.length]!.reference)) ? 1 : 0 })));
      }
    } catch (err) {
      console.log(`(casework's offer page not timed: ${(err as Error).message})`);
    }
    results.push(await time('regional coordinator (Attica) default page', () => page({}, { regions: ['GR-I'] })));
    results.push(await time('Latin transliteration search («Thessaloniki»)', () => page({ q: 'Thessaloniki' })));
    results.push(await time('oldest first, possible duplicates never reached', () => page({ sort: 'oldest', duplicate: 'yes', contact: 'never_reached' })));

    if (EXPLAIN) {
      // The shapes the service runs, once each with its plan (the service's own SQL is printed by
      // running it with Kysely's log option).
      for (const [label, walks, q] of [
        ['page, three filters (index-only walk)', true, sql`SELECT id FROM offers WHERE status = 'submitted' AND region_codes @> ARRAY['GR-B']::text[] AND line_kinds @> ARRAY['accommodation']::text[] ORDER BY submitted_at DESC, id DESC LIMIT 51`],
        ['count of one status, capped', true, sql`SELECT count(*) FROM (SELECT 1 FROM offers WHERE status = 'verified' AND region_codes && ARRAY['GR-I']::text[] LIMIT 1001) m`],
        ['search lookup (GIN, then sort)', false, sql`SELECT id FROM offers WHERE search_vector @@ (to_tsquery('greek', 'θεσσαλονικη') || to_tsquery('simple', 'θεσσαλονικη:*') || to_tsquery('simple', 'thessaloniki:*')) OR search_text LIKE '%θεσσαλονικη%' ORDER BY submitted_at DESC, id DESC LIMIT 51`],
      ] as const) {
        const plan = await db.transaction().execute(async (trx) => {
          if (!walks) await sql`SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off`.execute(trx);
          return sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${q}`.execute(trx);
        });
        console.log(`\n--- ${label}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }

    console.log(`\n${Number(counts.rows[0]!.offers).toLocaleString('en')} offers on ${(await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0]!.v.split(' on ')[0]}; ${RUNS} timed runs each (after ${WARM} untimed), through the review service (every query of the page)`);
    console.log(`(counted: the share of runs whose page had every count, each count having ${COUNT_BUDGET_MS} ms)`);
    console.log(`${'query'.padEnd(66)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}   ${'counted'.padStart(7)}   rows shown`);
    for (const r of results) {
      console.log(`${r.label.padEnd(66)} ${r.p50.toFixed(1).padStart(6)} ms ${r.p95.toFixed(1).padStart(6)} ms ${r.p99.toFixed(1).padStart(6)} ms   ${r.counted.padStart(7)}   ${r.rows}`);
    }
    const slow = results.filter((r) => r.p95 >= 50);
    console.log(slow.length === 0 ? '\nevery p95 is under 50 ms' : `\np95 at or over 50 ms: ${slow.map((r) => r.label).join('; ')}`);
  } finally {
    await database.close();
    if (KEEP) console.log(`kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
