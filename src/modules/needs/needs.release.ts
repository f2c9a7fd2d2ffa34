// Allocations follow their offer. When an offer stops being live help (withdrawn, expired — by a
// staff member, by its offeror through the self-service link, or by the availability cycle) or
// its offeror withdraws one line, what was promised from it to needs is no longer there: the
// active allocations are released in the caller's transaction, the lines' and needs' allocated
// quantities and the needs' statuses follow (met → partly met or open), and each release is
// audited with its cause, so coordinators see on the need's page why it is short again.
// The offers module's changeOfferStatus calls this when an offer becomes withdrawn or expired (or
// rejected or a duplicate; never completed: that help was given), and the self-service module
// for a withdrawn line; neither this file nor they open a transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { recordAuditEvent } from '../audit/index.js';
import * as repo from './needs.repository.js';

/** What happened to the offer or line (allocations.release_cause, 0014). */
export type ReleaseCause = NonNullable<DB['allocations']['release_cause']>;

/** Who released: a staff member, the offeror (self-service link), or the system (availability cycle). */
export type ReleaseActor = { kind: 'staff'; id: string } | { kind: 'offeror' } | { kind: 'system' };

export type ReleasedAllocation = { id: string; needReference: string; linePosition: number; quantity: string; needStatus: string };

/**
 * Releases the active allocations of `offerId` (only those of `lineId` when given), inside the
 * caller's transaction, which must already hold the offer's row lock (changeOfferStatus's UPDATE,
 * or the self-service SELECT … FOR UPDATE): the lock order offer → allocations → line → need is
 * the one allocate() and releaseAllocation() use. For each: the allocation becomes `released`
 * with `cause`, the actor and `reason` (the withdrawal's reason; null when none was given, e.g.
 * an expiry), its quantity comes off the line and the need (whose status follows; a closed need
 * stays closed), and an `allocation.released` audit event records it.
 * It never changes the offer's status: the caller is changing it (or withdrawing a line of it).
 * @returns the allocations released, in need order (none when there were none).
 */
export async function releaseAllocationsOfOffer(
  trx: Kysely<DB>,
  input: { offerId: string; offerReference: string; lineId?: string | null; cause: ReleaseCause; actor: ReleaseActor; reason: string | null; at: Date },
): Promise<ReleasedAllocation[]> {
  const active = await repo.selectActiveAllocationsOfOffer(trx, input.offerId, input.lineId ?? null);
  const released: ReleasedAllocation[] = [];
  for (const a of active) {
    const row = await repo.releaseAllocationRowFor(trx, a.id, {
      at: input.at,
      byKind: input.actor.kind,
      by: input.actor.kind === 'staff' ? input.actor.id : null,
      reason: input.reason,
      cause: input.cause,
    });
    if (!row) continue; // released a moment ago by someone else, under the same lock order
    const lineAfter = await repo.subtractFromLine(trx, row.offer_line_id, row.quantity);
    const needAfter = await repo.subtractFromNeed(trx, row.need_id, row.quantity, input.at);
    await recordAuditEvent(trx, {
      actor: input.actor.kind === 'system' ? { kind: 'system' } : { kind: input.actor.kind, id: input.actor.kind === 'staff' ? input.actor.id : null },
      action: 'allocation.released',
      entity: { type: 'allocation', id: row.id },
      ...(input.reason ? { reason: input.reason } : {}),
      details: {
        need: a.need_reference,
        offer: input.offerReference,
        line: a.position,
        quantity: row.quantity,
        cause: input.cause,
        line_allocated: lineAfter.allocated_quantity,
        need_allocated: needAfter.allocated_quantity,
        need_status: needAfter.status,
      },
      at: input.at,
    });
    released.push({ id: row.id, needReference: a.need_reference, linePosition: a.position, quantity: row.quantity, needStatus: needAfter.status });
  }
  return released;
}

/** Whether the offer still has an active allocation (in the caller's transaction). */
export function offerHasActiveAllocations(trx: Kysely<DB>, offerId: string): Promise<boolean> {
  return repo.offerHasActiveAllocations(trx, offerId);
}
