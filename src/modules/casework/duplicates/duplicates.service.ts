// Possible duplicates: finding them (on submission and on demand), storing them as pairs with the
// reasons they match, and recording staff decisions on them. Every function works inside the
// caller's transaction and writes its audit event there, so a pair exists exactly when the
// offer (or the decision) that produced it does.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/http/errors.js';
import { recordAuditEvent, type AuditActor } from '../../audit/index.js';
import * as repo from './duplicates.repository.js';

/** Why two offers may be the same: issue 3 «Possible duplicates are found … ». */
export const DUPLICATE_REASONS = ['tax_id', 'email', 'phone', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/**
 * pg_trgm similarity of two name keys from which names count as "very similar". Measured on our
 * fixtures: «ΜΚΟ Αλληλεγγύη Κρήτης» / «Μ.Κ.Ο. Αλληλεγγυη Κρητης» 0.73, «Δήμος Αρχανών-Αστερουσίων» /
 * «Δ. Αρχανών Αστερουσίων» 0.76, while two municipalities «Δήμος Ηρακλείου» / «Δήμος Χανίων» are 0.26.
 */
export const NAME_SIMILARITY_THRESHOLD = 0.6;

/**
 * At most this many pairs are stored per check, the likeliest first: an organisation that sent
 * hundreds of offers from one address must not make each new one write hundreds of rows.
 */
export const MAX_CANDIDATES = 20;

/**
 * How much each reason alone suggests the same offeror. A tax id is an organisation's identity;
 * an email is usually one body's, a phone often a switchboard shared by several. Combined as
 * independent evidence: score = 1 − Π(1 − wᵢ); a name counts in proportion to its similarity.
 */
const WEIGHTS: Record<Exclude<DuplicateReason, 'name'>, number> = { tax_id: 0.9, email: 0.8, phone: 0.7 };
const NAME_WEIGHT = 0.8;

/**
 * The score of a match, 0–1 with three decimals (numeric(4,3) in the table).
 * @param nameSimilarity pg_trgm similarity, when `name` is among the reasons
 */
export function duplicateScore(reasons: readonly string[], nameSimilarity: number | null): number {
  let none = 1;
  for (const r of reasons) {
    const w = r === 'name' ? NAME_WEIGHT * (nameSimilarity ?? 0) : (WEIGHTS[r as keyof typeof WEIGHTS] ?? 0);
    none *= 1 - w;
  }
  return Math.max(0.001, Math.round((1 - none) * 1000) / 1000);
}

export type DuplicateMatch = {
  candidateOfferId: string;
  reasons: DuplicateReason[];
  score: number;
  nameSimilarity: number | null;
  /** municipality or region code both offers name, when `name` is a reason */
  sharedPlace: string | null;
};

/**
 * The offers that may be the same as `offerId`, likeliest first, without storing anything.
 * Rules (issue 3): same ΑΦΜ or foreign tax id; same contact email in any case; same contact phone
 * (stored as E.164, so however it was typed); or organisation names whose keys (accents, case
 * and punctuation removed; 0006 organisation_name_key) are at least NAME_SIMILARITY_THRESHOLD
 * similar, when both offers name the same municipality (their seat or a line's), or, where
 * either names none, the same region. Call it inside a transaction: it sets pg_trgm's threshold
 * for that transaction (see setSimilarityThreshold).
 * @returns [] when the offer does not exist.
 */
export async function findDuplicates(db: Kysely<DB>, offerId: string): Promise<DuplicateMatch[]> {
  // The threshold is set by the same statement that reads the subject (one round trip).
  const subject = await repo.selectSubject(db, offerId, NAME_SIMILARITY_THRESHOLD);
  if (!subject) return [];
  // More rows than are kept, so the score (not only the number of reasons) picks the best.
  const rows = await repo.selectMatches(db, subject, { threshold: NAME_SIMILARITY_THRESHOLD, limit: MAX_CANDIDATES * 5, nameLimit: MAX_CANDIDATES * 5 });
  return rows
    .map((r) => ({
      candidateOfferId: r.candidate_offer_id,
      reasons: r.reasons as DuplicateReason[],
      score: duplicateScore(r.reasons, r.name_similarity),
      nameSimilarity: r.name_similarity,
      sharedPlace: r.shared_place,
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CANDIDATES);
}

export type DetectResult = { found: DuplicateMatch[]; added: number };

/**
 * Finds the possible duplicates of `offerId` and stores each as an open pair (a pair already
 * decided stays decided; one still open takes the new reasons), then keeps
 * offers.possible_duplicate current for every offer involved, and writes the audit event:
 * 'offer.possible_duplicates_found' on submission (only when something was found; actor: the
 * system), 'offer.duplicates_searched' on demand (always; actor: the staff member).
 * Call it in the transaction that created the offer, or that the staff member's request opened.
 * @returns what was found and how many pairs are new.
 */
export async function detectDuplicates(
  trx: Kysely<DB>,
  input: { offerId: string; reference: string; foundBy: 'submission' | 'on_demand'; actor: AuditActor; at: Date },
): Promise<DetectResult> {
  const found = await findDuplicates(trx, input.offerId);
  // A new offer with no match changes nobody's flag: no other transaction can see it yet, so no
  // pair names it, and its own possible_duplicate is already false. Two statements fewer on
  // nearly every submission (bench/launch-day/cost.ts).
  if (input.foundBy === 'submission' && found.length === 0) return { found, added: 0 };
  const others = found.map((f) => f.candidateOfferId);
  const known = new Set((await repo.selectPairs(trx, input.offerId, others)).map((p) => (p.offer_id === input.offerId ? p.candidate_offer_id : p.offer_id)));
  await repo.upsertCandidates(
    trx,
    found.map((f) => ({
      offer_id: input.offerId,
      candidate_offer_id: f.candidateOfferId,
      reasons: f.reasons,
      score: f.score.toFixed(3),
      name_similarity: f.nameSimilarity,
      shared_place: f.sharedPlace,
      found_by: input.foundBy,
      found_at: input.at,
    })),
  );
  const involved = [input.offerId, ...others];
  await repo.lockOffers(trx, involved);
  await repo.refreshPossibleDuplicate(trx, involved);
  const added = others.filter((id) => !known.has(id)).length;
  if (input.foundBy === 'on_demand' || found.length > 0) {
    await recordAuditEvent(trx, {
      actor: input.actor,
      action: input.foundBy === 'submission' ? 'offer.possible_duplicates_found' : 'offer.duplicates_searched',
      entity: { type: 'offer', id: input.offerId },
      details: { reference: input.reference, found: found.length, added, reasons: [...new Set(found.flatMap((f) => f.reasons))].sort() },
      at: input.at,
    });
  }
  return { found, added };
}

/**
 * Records a staff decision on an open pair naming `offerId` and refreshes both offers' flags.
 * 'confirmed' is recorded by the caller's mark_duplicate transition in the same transaction;
 * 'dismissed' says the two are different offers.
 * @throws AppError('not_found') when the pair does not name the offer;
 *   AppError('conflict') when it is no longer open (someone decided first; nothing is changed).
 */
export async function decideDuplicate(
  trx: Kysely<DB>,
  input: { candidateId: string; offerId: string; reference: string; decision: 'confirmed' | 'dismissed'; staffId: string; at: Date; reason?: string | null },
): Promise<{ otherOfferId: string }> {
  const pair = await repo.selectPair(trx, input.candidateId, input.offerId);
  if (!pair) throw new AppError('not_found', 'no such duplicate candidate');
  if (!(await repo.decidePair(trx, pair.id, input.decision, input.staffId, input.at))) throw new AppError('conflict', 'duplicate candidate already decided');
  const otherOfferId = pair.offer_id === input.offerId ? pair.candidate_offer_id : pair.offer_id;
  await repo.lockOffers(trx, [pair.offer_id, pair.candidate_offer_id]);
  await repo.refreshPossibleDuplicate(trx, [pair.offer_id, pair.candidate_offer_id]);
  await recordAuditEvent(trx, {
    actor: { kind: 'staff', id: input.staffId },
    action: input.decision === 'confirmed' ? 'offer.duplicate_confirmed' : 'offer.duplicate_dismissed',
    entity: { type: 'offer', id: input.offerId },
    ...(input.reason ? { reason: input.reason } : {}),
    details: { reference: input.reference, candidate: pair.id, other_offer: otherOfferId, reasons: pair.reasons },
    at: input.at,
  });
  return { otherOfferId };
}

/** The open pair between two offers, if any (a mark_duplicate naming a found candidate confirms it). */
export async function openPairBetween(db: Kysely<DB>, a: string, b: string): Promise<string | null> {
  return (await repo.selectOpenPairBetween(db, a, b))?.id ?? null;
}

export type DuplicateCandidate = {
  id: string;
  /** true when this offer was the one being checked; false when it was found as the other's match */
  foundForThisOffer: boolean;
  other: { id: string; reference: string; status: string; submittedAt: Date; legalName: string };
  reasons: DuplicateReason[];
  score: number;
  nameSimilarity: number | null;
  sharedPlace: string | null;
  foundBy: 'submission' | 'on_demand';
  foundAt: Date;
  status: 'open' | 'confirmed' | 'dismissed';
  decidedBy: string | null;
  decidedAt: Date | null;
};

/**
 * The pairs naming `offerId` whose other offer is within `regions` ('all' or a list; an empty
 * list gives none), open ones first then by score.
 */
export async function listDuplicateCandidates(db: Kysely<DB>, offerId: string, regions: 'all' | readonly string[]): Promise<DuplicateCandidate[]> {
  if (regions !== 'all' && regions.length === 0) return [];
  const rows = await repo.selectCandidates(db, offerId, regions);
  return rows.map((r) => ({
    id: String(r.id),
    foundForThisOffer: r.offer_id === offerId,
    other: { id: r.other_offer_id, reference: r.other_reference, status: r.other_status, submittedAt: r.other_submitted_at, legalName: r.other_legal_name },
    reasons: r.reasons as DuplicateReason[],
    score: Number(r.score),
    nameSimilarity: r.name_similarity === null ? null : Number(r.name_similarity),
    sharedPlace: r.shared_place,
    foundBy: r.found_by,
    foundAt: r.found_at,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}
