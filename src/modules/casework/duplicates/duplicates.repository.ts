// Kysely queries for possible duplicates. Takes `db` or a transaction first; returns rows.
// The matching reads organisations through the indexes of 0002 (tax_id, lower(contact_email),
// contact_phone) and 0006 (trigram index on name_key), so it stays an index look-up per rule.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../platform/db/schema.js';

type Q = Kysely<DB>;

export type SubjectRow = {
  id: string;
  reference: string;
  tax_id: string | null;
  email: string;
  phone: string;
  name_key: string | null;
  municipalities: string[];
  regions: string[];
};

// An offer's places: its organisation's seat and its lines' places. The lines' come from
// offers.municipality_codes and offers.region_codes, which 0005's triggers keep (a line placed
// only by municipality counts in that municipality's region too), so the rule reads one row.
const MUNICIPALITIES = (o: string, org: string) => sql.raw(`array_remove(${o}.municipality_codes || ${org}.municipality_code, NULL)`);
const REGIONS = (o: string, org: string) => sql.raw(`array_remove(${o}.region_codes || ${org}.region_code, NULL)`);

/**
 * The offer being checked: its organisation's keys and every place it names (seat and lines).
 * With `similarityThreshold`, the same statement also sets pg_trgm's threshold for the rest of
 * the transaction (see setSimilarityThreshold): one round trip fewer for every check.
 */
export async function selectSubject(db: Q, offerId: string, similarityThreshold?: number): Promise<SubjectRow | undefined> {
  const threshold = similarityThreshold === undefined ? sql`` : sql`set_config('pg_trgm.similarity_threshold', ${String(similarityThreshold)}, true) AS threshold,`;
  const r = await sql<SubjectRow>`
    SELECT ${threshold} o.id, o.reference, org.tax_id, lower(org.contact_email) AS email, org.contact_phone AS phone, org.name_key,
           ${MUNICIPALITIES('o', 'org')} AS municipalities, ${REGIONS('o', 'org')} AS regions
    FROM offers o JOIN organisations org ON org.id = o.organisation_id
    WHERE o.id = ${offerId}`.execute(db);
  return r.rows[0];
}

export type MatchRow = {
  candidate_offer_id: string;
  /** sorted: email, name, phone, tax_id */
  reasons: string[];
  name_similarity: number | null;
  shared_place: string | null;
};

/**
 * Lets pg_trgm's `%` use `threshold` for the rest of the transaction, so the trigram index itself
 * prunes names below it instead of handing them to the recheck (measured on 300,000 organisations
 * with a small vocabulary: 36,000 index candidates at the default 0.3). Outside a transaction it
 * only lasts one statement; the query's own `similarity() >=` keeps the result right either way.
 */
export async function setSimilarityThreshold(db: Q, threshold: number): Promise<void> {
  await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`.execute(db);
}

/**
 * Offers other than the subject whose organisation shares its tax id, email (any case) or phone,
 * or has a name key at least `threshold` similar (pg_trgm) and a place in common: the same
 * municipality when both name one, else the same region. Each rule is one index look-up; name
 * matches are capped at `nameLimit`, the most similar first, after the place test.
 */
/**
 * The offers of one organisation (`organisation`, an SQL expression) but `except`, looked up by
 * offers_organisation_idx. As a LATERAL subquery kept apart by OFFSET 0, so the planner cannot
 * turn it into a hash join over every offer: it did so on a register filling faster than its
 * statistics (a launch day; measured in bench/launch-day on a database not yet analysed: two full
 * scans of offers per submission, 3.5–5 ms at 6,000 offers and growing with the register, against
 * 0.3 ms by the index).
 */
const offersOf = (organisation: RawBuilder<unknown>, except: string) =>
  sql`SELECT o.id, o.submitted_at, o.municipality_codes, o.region_codes FROM offers o WHERE o.organisation_id = ${organisation} AND o.id <> ${except} OFFSET 0`;

export async function selectMatches(db: Q, s: SubjectRow, options: { threshold: number; limit: number; nameLimit: number }): Promise<MatchRow[]> {
  const ms = sql`${sql.val(s.municipalities)}::text[]`;
  const rs = sql`${sql.val(s.regions)}::text[]`;
  const byTaxId = s.tax_id
    ? sql`SELECT id AS organisation_id, 'tax_id'::text AS reason, NULL::real AS similarity FROM organisations WHERE tax_id = ${s.tax_id} UNION ALL`
    : sql``;
  const byName = s.name_key
    ? sql`UNION ALL SELECT organisation_id, 'name', similarity FROM (
            -- the similar names by their index whatever the statistics say (migration 0017);
            -- similarity() is computed once a candidate, there
            SELECT org.organisation_id, org.similarity
            FROM organisations_with_similar_name(${s.name_key}) org
            CROSS JOIN LATERAL (${offersOf(sql`org.organisation_id`, s.id)}) o
            WHERE org.similarity >= ${options.threshold}
              AND CASE WHEN cardinality(${ms}) > 0 AND cardinality(${MUNICIPALITIES('o', 'org')}) > 0
                       THEN ${MUNICIPALITIES('o', 'org')} && ${ms}
                       ELSE ${REGIONS('o', 'org')} && ${rs} END
            ORDER BY org.similarity DESC LIMIT ${options.nameLimit}) named`
    : sql``;
  const r = await sql<MatchRow>`
    WITH matches AS (
      ${byTaxId}
      SELECT id AS organisation_id, 'email'::text AS reason, NULL::real AS similarity FROM organisations WHERE lower(contact_email) = ${s.email}
      UNION ALL
      SELECT id, 'phone', NULL FROM organisations WHERE contact_phone = ${s.phone}
      ${byName}
    )
    SELECT o.id AS candidate_offer_id,
           array_agg(DISTINCT m.reason ORDER BY m.reason) AS reasons,
           max(m.similarity) AS name_similarity,
           -- where both are, for the page's "why": only when the name is a reason
           CASE WHEN NOT bool_or(m.reason = 'name') THEN NULL
                WHEN cardinality(${ms}) > 0 AND cardinality(${MUNICIPALITIES('o', 'org')}) > 0
                  THEN (SELECT min(x) FROM unnest(${MUNICIPALITIES('o', 'org')}) x WHERE x = ANY (${ms}))
                ELSE (SELECT min(x) FROM unnest(${REGIONS('o', 'org')}) x WHERE x = ANY (${rs}))
           END AS shared_place
    FROM matches m
    CROSS JOIN LATERAL (${offersOf(sql`m.organisation_id`, s.id)}) o
    CROSS JOIN LATERAL (SELECT g.municipality_code, g.region_code FROM organisations g WHERE g.id = m.organisation_id OFFSET 0) org
    GROUP BY o.id, o.submitted_at, o.municipality_codes, o.region_codes, org.municipality_code, org.region_code
    ORDER BY count(DISTINCT m.reason) DESC, max(m.similarity) DESC NULLS LAST, o.submitted_at, o.id
    LIMIT ${options.limit}`.execute(db);
  return r.rows.map((row) => ({ ...row, name_similarity: row.name_similarity === null ? null : Number(row.name_similarity) }));
}

/** The stored pairs among `offerId` and `others`, whichever way round. */
export async function selectPairs(db: Q, offerId: string, others: readonly string[]) {
  if (others.length === 0) return [];
  return db
    .selectFrom('offer_duplicate_candidates')
    .select(['id', 'offer_id', 'candidate_offer_id', 'status'])
    .where((eb) =>
      eb.or([
        eb.and([eb('offer_id', '=', offerId), eb('candidate_offer_id', 'in', others)]),
        eb.and([eb('candidate_offer_id', '=', offerId), eb('offer_id', 'in', others)]),
      ]),
    )
    .execute();
}

export type CandidateInsert = {
  offer_id: string;
  candidate_offer_id: string;
  reasons: string[];
  score: string;
  name_similarity: number | null;
  shared_place: string | null;
  found_by: 'submission' | 'on_demand';
  found_at: Date;
};

/**
 * Stores pairs, once each whichever way round: a pair already stored keeps its direction; while
 * still open it takes the new reasons and score, once decided it is left as decided.
 */
export async function upsertCandidates(db: Q, rows: readonly CandidateInsert[]): Promise<void> {
  for (const r of rows) {
    await sql`
      INSERT INTO offer_duplicate_candidates (offer_id, candidate_offer_id, reasons, score, name_similarity, shared_place, found_by, found_at)
      VALUES (${r.offer_id}, ${r.candidate_offer_id}, ${sql.val(r.reasons)}::text[], ${r.score}, ${r.name_similarity}, ${r.shared_place}, ${r.found_by}, ${r.found_at})
      ON CONFLICT ((LEAST(offer_id, candidate_offer_id)), (GREATEST(offer_id, candidate_offer_id)))
      DO UPDATE SET reasons = EXCLUDED.reasons, score = EXCLUDED.score, name_similarity = EXCLUDED.name_similarity, shared_place = EXCLUDED.shared_place
      WHERE offer_duplicate_candidates.status = 'open'`.execute(db);
  }
}

/**
 * Takes the row locks of these offers, in id order (so two transactions cannot deadlock on
 * them), before their flags are recomputed: a transaction that waited then reads what the other
 * committed, and two decisions at once cannot leave a stale flag.
 */
export async function lockOffers(db: Q, offerIds: readonly string[]): Promise<void> {
  if (offerIds.length === 0) return;
  await db.selectFrom('offers').select('id').where('id', 'in', offerIds).orderBy('id').forUpdate().execute();
}

/** offers.possible_duplicate = whether an open pair names the offer, for these offers. */
export async function refreshPossibleDuplicate(db: Q, offerIds: readonly string[]): Promise<void> {
  if (offerIds.length === 0) return;
  await db
    .updateTable('offers')
    .set({
      possible_duplicate: sql<boolean>`EXISTS (SELECT 1 FROM offer_duplicate_candidates c
        WHERE c.status = 'open' AND (c.offer_id = offers.id OR c.candidate_offer_id = offers.id))`,
    })
    .where('id', 'in', offerIds)
    .execute();
}

export type CandidateRow = {
  id: string;
  offer_id: string;
  candidate_offer_id: string;
  other_offer_id: string;
  other_reference: string;
  other_status: string;
  other_submitted_at: Date;
  other_legal_name: string;
  reasons: string[];
  score: string;
  name_similarity: number | null;
  shared_place: string | null;
  found_by: 'submission' | 'on_demand';
  found_at: Date;
  status: 'open' | 'confirmed' | 'dismissed';
  decided_by: string | null;
  decided_at: Date | null;
};

/**
 * The pairs naming `offerId`, each with the other offer's reference, status and organisation;
 * only those whose other offer is in `regions` ('all', or a non-empty list), open first.
 */
export async function selectCandidates(db: Q, offerId: string, regions: 'all' | readonly string[]): Promise<CandidateRow[]> {
  return db
    .selectFrom('offer_duplicate_candidates as c')
    .innerJoin('offers as other', (join) =>
      join.on(sql<boolean>`other.id = CASE WHEN c.offer_id = ${offerId}::uuid THEN c.candidate_offer_id ELSE c.offer_id END`),
    )
    .innerJoin('organisations as org', 'org.id', 'other.organisation_id')
    .select([
      'c.id',
      'c.offer_id',
      'c.candidate_offer_id',
      'other.id as other_offer_id',
      'other.reference as other_reference',
      'other.status as other_status',
      'other.submitted_at as other_submitted_at',
      'org.legal_name as other_legal_name',
      'c.reasons',
      'c.score',
      'c.name_similarity',
      'c.shared_place',
      'c.found_by',
      'c.found_at',
      'c.status',
      'c.decided_by',
      'c.decided_at',
    ])
    .where((eb) => eb.or([eb('c.offer_id', '=', offerId), eb('c.candidate_offer_id', '=', offerId)]))
    // The same scope test as the queue's (0005 offers.region_codes).
    .$if(regions !== 'all', (qb) => qb.where(sql<boolean>`other.region_codes && ${sql.val([...(regions as readonly string[])])}::text[]`))
    .orderBy(sql`c.status = 'open'`, 'desc')
    .orderBy('c.score', 'desc')
    .orderBy('c.id')
    .execute() as Promise<CandidateRow[]>;
}

/** One pair by id, if it names `offerId`. */
export function selectPair(db: Q, candidateId: string, offerId: string) {
  return db
    .selectFrom('offer_duplicate_candidates')
    .select(['id', 'offer_id', 'candidate_offer_id', 'status', 'reasons'])
    .where('id', '=', candidateId)
    .where((eb) => eb.or([eb('offer_id', '=', offerId), eb('candidate_offer_id', '=', offerId)]))
    .executeTakeFirst();
}

/** Records a decision on an open pair. @returns false when the pair was no longer open. */
export async function decidePair(db: Q, candidateId: string, decision: 'confirmed' | 'dismissed', by: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('offer_duplicate_candidates')
    .set({ status: decision, decided_by: by, decided_at: at })
    .where('id', '=', candidateId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The open pair between two offers, if there is one. */
export function selectOpenPairBetween(db: Q, a: string, b: string) {
  return db
    .selectFrom('offer_duplicate_candidates')
    .select(['id'])
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb.and([eb('offer_id', '=', a), eb('candidate_offer_id', '=', b)]),
        eb.and([eb('offer_id', '=', b), eb('candidate_offer_id', '=', a)]),
      ]),
    )
    .executeTakeFirst();
}
