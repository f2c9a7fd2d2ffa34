// "Nothing lost, nothing half-saved", checked in the database after a load, a crash or an
// outage: every offer whose confirmation page was served is there with everything submission
// writes, and no offer exists without it.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.js';

/** A confirmation page that was served: its reference and how many offer lines were sent. */
export type Confirmed = { reference: string; lines: number };

export type Verification = {
  /** offers in the database */
  offers: number;
  /** confirmed references with no offer */
  lost: string[];
  /** confirmed offers whose number of lines differs from what was sent */
  wrongLines: string[];
  /** offers missing any part submission writes (lines, answers as submitted, first status, audit event) */
  partial: string[];
};

/**
 * Compares what people were told (their confirmation pages) with what the database holds.
 * @param confirmed one entry per confirmation page served
 */
export async function verifyOffers(db: Kysely<DB>, confirmed: readonly Confirmed[]): Promise<Verification> {
  const rows = await sql<{ reference: string; lines: number; answers: number; statuses: number; audits: number }>`
    SELECT o.reference,
           (SELECT count(*)::int FROM offer_lines l WHERE l.offer_id = o.id) AS lines,
           (SELECT count(*)::int FROM offer_answer_versions v WHERE v.offer_id = o.id) AS answers,
           (SELECT count(*)::int FROM offer_status_changes s WHERE s.offer_id = o.id) AS statuses,
           (SELECT count(*)::int FROM audit_events a WHERE a.entity_type = 'offer' AND a.entity_id = o.id::text AND a.action = 'offer.submitted') AS audits
      FROM offers o`.execute(db);
  const byReference = new Map(rows.rows.map((r) => [r.reference, r]));
  const lost: string[] = [];
  const wrongLines: string[] = [];
  for (const c of confirmed) {
    const row = byReference.get(c.reference);
    if (!row) lost.push(c.reference);
    else if (row.lines !== c.lines) wrongLines.push(`${c.reference}: ${row.lines} lines, ${c.lines} sent`);
  }
  const partial = rows.rows
    .filter((r) => r.lines < 1 || r.answers < 1 || r.statuses < 1 || r.audits < 1)
    .map((r) => `${r.reference}: ${r.lines} lines, ${r.answers} answer versions, ${r.statuses} status changes, ${r.audits} audit events`);
  return { offers: rows.rows.length, lost, wrongLines, partial };
}
