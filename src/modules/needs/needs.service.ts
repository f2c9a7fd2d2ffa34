// Use cases of needs, matching and allocation: list, open, record, edit, close and reopen a need;
// rank the offer lines that fit it; allocate part of a line's capacity to it and release an
// allocation; find the needs a line could serve. Each change opens one transaction, finds the need
// (and the offer) within the member's scope first — outside it they do not exist — and writes its
// audit event inside that transaction.
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { can, offerScope, type StaffAction, type StaffMember } from '../accounts/index.js';
import { recordAuditEvent } from '../audit/index.js';
import { queueAllocationEmail } from '../notifications/index.js';
import { changeOfferStatus } from '../offers/index.js';
import { explainMatch, findMatches, lineOf, placeTier, type Explanation, type MatchableLine, type MatchableNeed, type MatchRow, type PlaceTier } from './needs.matching.js';
import { neighboursOf } from './needs.neighbours.js';
import * as repo from './needs.repository.js';
import type { ReleaseCause } from './needs.release.js';
import {
  normaliseNeedReference,
  parseAllocateForm,
  parseNeedForm,
  parseReason,
  parseVersion,
  type FormValues,
  type Issue,
  type NeedInput,
  type NeedKind,
  type NeedPriority,
  type NeedStatus,
} from './needs.schemas.js';
import type { Gazetteer } from '../geography/index.js';

/** How many matches a need's page shows: the best ones; the rest are further down the same order. */
export const MATCH_LIMIT = 50;
export const NEEDS_PAGE_SIZE = 50;

export type Need = NeedInput & {
  id: string;
  reference: string;
  status: NeedStatus;
  allocatedQuantity: string;
  closedReason: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};

export type Allocation = {
  id: string;
  quantity: string;
  status: 'active' | 'released';
  createdAt: Date;
  createdByName: string | null;
  releasedAt: Date | null;
  releasedByName: string | null;
  releaseReason: string | null;
  /** who released it (0014): a staff member (releasedByName), the offeror, the system */
  releasedByKind: 'staff' | 'offeror' | 'system' | null;
  /** null when released by hand; else what happened to the offer or line (0014) */
  releaseCause: ReleaseCause | null;
  offerReference: string;
  /** the member may open the offer's page */
  offerVisible: boolean;
  organisationName: string;
  linePosition: number;
  lineKind: string;
  unit: string | null;
  currency: string | null;
};

export type Match = {
  lineId: string;
  offerReference: string;
  offerStatus: string;
  organisationName: string;
  linePosition: number;
  kind: string;
  category: string | null;
  description: string | null;
  regionCode: string | null;
  municipalityCode: string | null;
  capacity: string;
  allocatedQuantity: string;
  remaining: number;
  unit: string | null;
  currency: string | null;
  explanation: Explanation;
};

export type Failure = { ok: false; status: 422 | 409; form: string; issues: Issue[]; values: Record<string, string> };

function regionFilter(member: StaffMember): repo.RegionFilter {
  const scope = offerScope(member);
  return scope.regions === 'all' ? 'all' : scope.regions;
}

function assertCan(member: StaffMember, action: StaffAction): void {
  if (!can(member.role, action)) throw new AppError('forbidden', `${member.role} may not ${action}`);
}

// Two transactions waiting on each other (40P01) or a serialisation failure (40001): someone
// else's change got there first; theirs stands and this one is answered as a conflict.
const CONCURRENT_CHANGE = new Set(['40P01', '40001']);
/** A CHECK that refused a write: the database's own guard against over-allocation (0011). */
const CHECK_VIOLATION = '23514';

class Refused extends Error {
  constructor(readonly failure: Failure) {
    super('refused');
  }
}

async function inTransaction<T>(ctx: AppContext, work: (trx: Transaction<DB>) => Promise<T>): Promise<T | Failure> {
  try {
    return await ctx.db.transaction().execute(work);
  } catch (err) {
    if (err instanceof Refused) return err.failure;
    const code = (err as { code?: string }).code ?? '';
    if (CONCURRENT_CHANGE.has(code)) return { ok: false, status: 409, form: 'conflict', issues: [{ field: 'conflict', key: 'err_concurrent' }], values: {} };
    if (code === CHECK_VIOLATION) return { ok: false, status: 409, form: 'conflict', issues: [{ field: 'conflict', key: 'err_capacity_taken' }], values: {} };
    throw err;
  }
}

function needOf(row: NonNullable<Awaited<ReturnType<typeof repo.selectNeed>>>): Need {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    category: row.category,
    quantity: row.quantity,
    unit: row.unit,
    currency: row.currency,
    regionCode: row.region_code,
    regionalUnitCode: row.regional_unit_code,
    municipalityCode: row.municipality_code,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    priority: row.priority as NeedPriority,
    status: row.status as NeedStatus,
    allocatedQuantity: row.allocated_quantity,
    peopleCount: row.people_count,
    householdCount: row.household_count,
    familiesWithChildren: row.families_with_children,
    stepFreeAccessNeeded: row.step_free_access_needed,
    elderly: row.elderly,
    pets: row.pets,
    languages: row.languages,
    notes: row.notes,
    closedReason: row.closed_reason,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** What matching needs of a need: its quantity still to be found, wishes and place. */
export function matchableOf(n: Need): MatchableNeed {
  return {
    kind: n.kind,
    category: n.category,
    unit: n.unit,
    currency: n.currency,
    regionCode: n.regionCode,
    regionalUnitCode: n.regionalUnitCode,
    municipalityCode: n.municipalityCode,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    outstanding: Math.max(0, Number(n.quantity) - Number(n.allocatedQuantity)),
    familiesWithChildren: n.familiesWithChildren,
    stepFreeAccessNeeded: n.stepFreeAccessNeeded,
    elderly: n.elderly,
    pets: n.pets,
    languages: n.languages,
  };
}

async function needInScope(db: Kysely<DB>, member: StaffMember, referenceInput: string, forUpdate = false) {
  const regions = regionFilter(member);
  const reference = normaliseNeedReference(referenceInput);
  const row = reference && (regions === 'all' || regions.length > 0) ? await repo.selectNeed(db, reference, regions, { forUpdate }) : undefined;
  if (!row) throw new AppError('not_found', 'no such need in scope');
  return needOf(row);
}

function inScope(member: StaffMember, offerRegions: readonly string[]): boolean {
  const regions = regionFilter(member);
  return regions === 'all' || offerRegions.some((r) => regions.includes(r));
}

// --- reading ---------------------------------------------------------------------------------

/**
 * A page of the needs in the member's scope, open ones first (urgent first), then the newest.
 * @returns the needs and whether there is a next page.
 */
export async function listNeeds(ctx: AppContext, member: StaffMember, filters: repo.NeedFilters & { page: number }): Promise<{ needs: Need[]; more: boolean }> {
  assertCan(member, 'needs.view');
  const regions = regionFilter(member);
  if (regions !== 'all' && regions.length === 0) return { needs: [], more: false };
  const { rows, more } = await repo.selectNeeds(ctx.db, regions, filters, { offset: (filters.page - 1) * NEEDS_PAGE_SIZE, size: NEEDS_PAGE_SIZE });
  return { needs: rows.map(needOf), more };
}

/**
 * Ranks the offer lines that fit `need` (needs.matching `findMatches`), each with why it fits and
 * what does not, limited to the offers in the member's scope. A met or closed need has none.
 */
export async function matchNeed(ctx: AppContext, member: StaffMember, need: Need, limit = MATCH_LIMIT): Promise<Match[]> {
  if (need.status === 'met' || need.status === 'closed') return [];
  const m = matchableOf(need);
  const rows = await findMatches(ctx.db, m, { limit, regions: regionFilter(member) });
  return rows.map((r) => matchOf(m, r, r.tier));
}

function matchOf(need: MatchableNeed, r: MatchRow, tier: PlaceTier): Match {
  const line = lineOf(r);
  return {
    lineId: r.line_id,
    offerReference: r.offer_reference,
    offerStatus: r.offer_status,
    organisationName: r.organisation_name,
    linePosition: r.position,
    kind: r.kind,
    category: r.category,
    description: r.description,
    regionCode: r.region_code,
    municipalityCode: r.municipality_code,
    capacity: r.capacity,
    allocatedQuantity: r.allocated_quantity,
    remaining: line.remaining,
    unit: r.unit,
    currency: r.currency,
    explanation: explainMatch(need, line, tier),
  };
}

export type NeedPage = { need: Need; allocations: Allocation[]; matches: Match[] };

/**
 * A need's page: the need, its allocations (active and released) and its ranked matches.
 * @throws AppError('not_found') when there is no such need or it is outside the member's scope.
 */
export async function openNeed(ctx: AppContext, member: StaffMember, reference: string): Promise<NeedPage> {
  assertCan(member, 'needs.view');
  const need = await needInScope(ctx.db, member, reference);
  const [rows, matches] = await Promise.all([repo.selectAllocationsOfNeed(ctx.db, need.id), matchNeed(ctx, member, need)]);
  const allocations: Allocation[] = rows.map((a) => ({
    id: a.id,
    quantity: a.quantity,
    status: a.status,
    createdAt: a.created_at,
    createdByName: a.created_by_name,
    releasedAt: a.released_at,
    releasedByName: a.released_by_name,
    releaseReason: a.release_reason,
    releasedByKind: a.released_by_kind,
    releaseCause: a.release_cause,
    offerReference: a.offer_reference,
    offerVisible: inScope(member, a.offer_region_codes),
    organisationName: inScope(member, a.offer_region_codes) ? a.organisation_name : '',
    linePosition: a.position,
    lineKind: a.kind,
    unit: a.unit,
    currency: a.currency,
  }));
  return { need, allocations, matches };
}

// --- recording and editing -------------------------------------------------------------------

export type SaveResult = { ok: true; reference: string } | (Failure & { formValues?: FormValues });

function refused(issues: Issue[], values: Record<string, string> = {}, form = 'need'): Refused {
  return new Refused({ ok: false, status: 422, form, issues, values });
}

/** A regional coordinator records needs only in their regions. */
function regionAllowed(member: StaffMember, region: string): boolean {
  const regions = regionFilter(member);
  return regions === 'all' || regions.includes(region);
}

function columnsOf(input: NeedInput) {
  return {
    kind: input.kind,
    category: input.category,
    quantity: input.quantity,
    unit: input.unit,
    currency: input.currency,
    region_code: input.regionCode,
    regional_unit_code: input.regionalUnitCode,
    municipality_code: input.municipalityCode,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    priority: input.priority,
    people_count: input.peopleCount,
    household_count: input.householdCount,
    families_with_children: input.familiesWithChildren,
    step_free_access_needed: input.stepFreeAccessNeeded,
    elderly: input.elderly,
    pets: input.pets,
    languages: input.languages,
    notes: input.notes,
  };
}

/**
 * Records a need from the form (needs.schemas `parseNeedForm`), with its audit event.
 * @returns the new need's reference, or the form's issues (422) with what was typed.
 */
export async function createNeed(ctx: AppContext, member: StaffMember, gazetteer: Gazetteer, body: unknown): Promise<SaveResult> {
  assertCan(member, 'needs.manage');
  const { parsed, values } = parseNeedForm(body, gazetteer);
  if (!parsed.ok) return { ok: false, status: 422, form: 'need', issues: parsed.issues, values: {}, formValues: values };
  const input = parsed.value;
  if (!regionAllowed(member, input.regionCode)) return { ok: false, status: 422, form: 'need', issues: [{ field: 'region', key: 'err_region_scope' }], values: {}, formValues: values };
  const at = ctx.clock.now();
  const result = await inTransaction(ctx, async (trx) => {
    const row = await repo.insertNeed(trx, { ...columnsOf(input), created_by: member.id, created_at: at, updated_at: at });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'need.created',
      entity: { type: 'need', id: row.id },
      details: { reference: row.reference, kind: input.kind, category: input.category, quantity: input.quantity, region: input.regionCode },
      at,
    });
    return { ok: true as const, reference: row.reference };
  });
  return result;
}

/**
 * Saves the edited need if it is still at the version the form was made from. The quantity may
 * not go below what is already allocated; kind, unit and currency may not change once something
 * is allocated (the allocations are in those units). The status follows the new quantity.
 * @throws AppError('not_found') outside scope; AppError('bad_request') for a form without a version.
 */
export async function updateNeed(ctx: AppContext, member: StaffMember, gazetteer: Gazetteer, reference: string, body: unknown): Promise<SaveResult> {
  assertCan(member, 'needs.manage');
  // Scope first: outside it the need does not exist, whatever the form says.
  await needInScope(ctx.db, member, reference);
  const version = parseVersion(body);
  if (version === null) throw new AppError('bad_request', 'need form without a version');
  const { parsed, values } = parseNeedForm(body, gazetteer);
  if (!parsed.ok) return { ok: false, status: 422, form: 'need', issues: parsed.issues, values: {}, formValues: values };
  const input = parsed.value;
  if (!regionAllowed(member, input.regionCode)) return { ok: false, status: 422, form: 'need', issues: [{ field: 'region', key: 'err_region_scope' }], values: {}, formValues: values };
  const at = ctx.clock.now();
  const result = await inTransaction(ctx, async (trx) => {
    const need = await needInScope(trx, member, reference, true);
    if (need.version !== version) throw new Refused({ ok: false, status: 409, form: 'need', issues: [{ field: 'conflict', key: 'err_need_changed' }], values: {} });
    const allocated = Number(need.allocatedQuantity);
    if (allocated > 0 && (input.kind !== need.kind || input.unit !== need.unit || input.currency !== need.currency)) {
      throw refused([{ field: 'kind', key: 'err_kind_locked' }]);
    }
    if (Number(input.quantity) < allocated) throw refused([{ field: 'quantity', key: 'err_quantity_below_allocated', params: { allocated } }]);
    const status: NeedStatus = need.status === 'closed' ? 'closed' : allocated <= 0 ? 'open' : allocated >= Number(input.quantity) ? 'met' : 'partly_met';
    const updated = await repo.updateNeed(trx, need.id, version, { ...columnsOf(input), status, updated_at: at });
    if (!updated) throw new Refused({ ok: false, status: 409, form: 'need', issues: [{ field: 'conflict', key: 'err_need_changed' }], values: {} });
    const changed = Object.entries(columnsOf(input))
      .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((columnsOf(need) as Record<string, unknown>)[k]))
      .map(([k]) => k);
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'need.updated',
      entity: { type: 'need', id: need.id },
      details: { reference: need.reference, changed, status },
      at,
    });
    return { ok: true as const, reference: need.reference };
  });
  if (!result.ok) return { ...result, formValues: values };
  return result;
}

/** Closes a need by hand with a reason (whatever its allocations), or reopens a closed one. */
export async function closeNeed(ctx: AppContext, member: StaffMember, reference: string, body: unknown): Promise<SaveResult> {
  assertCan(member, 'needs.manage');
  const reason = parseReason(body, 'reason');
  await needInScope(ctx.db, member, reference);
  if (!reason.ok) return { ok: false, status: 422, form: 'close', issues: reason.issues, values: { reason: reason.raw } };
  const at = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const need = await needInScope(trx, member, reference, true);
    if (need.status === 'closed') throw refused([{ field: 'reason', key: 'err_already_closed' }], { reason: reason.raw }, 'close');
    await repo.updateNeed(trx, need.id, need.version, { status: 'closed', closed_reason: reason.value!, closed_at: at, closed_by: member.id, updated_at: at });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'need.closed',
      entity: { type: 'need', id: need.id },
      reason: reason.value!,
      details: { reference: need.reference, from: need.status },
      at,
    });
    return { ok: true as const, reference: need.reference };
  });
}

/** Reopens a closed need: its status follows its allocations again (open, partly met or met). */
export async function reopenNeed(ctx: AppContext, member: StaffMember, reference: string): Promise<SaveResult> {
  assertCan(member, 'needs.manage');
  await needInScope(ctx.db, member, reference);
  const at = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const need = await needInScope(trx, member, reference, true);
    if (need.status !== 'closed') throw refused([{ field: 'reopen', key: 'err_not_closed' }], {}, 'reopen');
    const allocated = Number(need.allocatedQuantity);
    const status: NeedStatus = allocated <= 0 ? 'open' : allocated >= Number(need.quantity) ? 'met' : 'partly_met';
    await repo.updateNeed(trx, need.id, need.version, { status, closed_reason: null, closed_at: null, closed_by: null, updated_at: at });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'need.reopened',
      entity: { type: 'need', id: need.id },
      details: { reference: need.reference, to: status },
      at,
    });
    return { ok: true as const, reference: need.reference };
  });
}

// --- allocation ------------------------------------------------------------------------------

/** A need in a few words, for the offeror's email and the audit trail: "N-00042: 40 places, Kriti". */
export function needSummary(need: Need, gazetteer: Gazetteer): string {
  const place = need.municipalityCode ? gazetteer.unitName(need.municipalityCode, 'en') : gazetteer.regionName(need.regionCode, 'en');
  return `${need.reference}, ${place}`;
}

/**
 * Allocates `quantity` of an offer line's remaining capacity to the need, in one transaction:
 * locks the offer, adds to the line's allocated quantity within its capacity (the database refuses
 * more, even to two coordinators at the same instant), adds to the need's (its status becomes
 * partly met or met), records the allocation, moves a verified offer to allocated through the
 * transition table, queues the offeror's allocation email and writes the audit event.
 * Refusals (422): the need is closed or met, the line does not fit the need (kind, category, unit,
 * currency), its offer is not verified or allocated, the quantity is more than the line has left
 * or than the need still lacks. Conflicts (409): someone else took the capacity first.
 * @throws AppError('not_found') when the need or the line's offer is outside the member's scope.
 */
export async function allocate(ctx: AppContext, member: StaffMember, gazetteer: Gazetteer, reference: string, body: unknown): Promise<SaveResult> {
  assertCan(member, 'allocations.manage');
  await needInScope(ctx.db, member, reference);
  const lineKinds = new Map<string, string>();
  const lineId0 = typeof (body as Record<string, unknown> | null)?.line === 'string' ? String((body as Record<string, unknown>).line) : '';
  const line0 = /^[0-9a-f-]{36}$/i.test(lineId0) ? await repo.selectLine(ctx.db, lineId0) : undefined;
  if (line0) lineKinds.set(line0.id, line0.kind);
  // A line outside the member's scope is answered as one that does not exist.
  if (line0 && !inScope(member, line0.offer_region_codes)) throw new AppError('not_found', 'no such offer line in scope');
  const form = parseAllocateForm(body, (id) => lineKinds.get(id) === 'money');
  if (!form.ok) return { ok: false, status: 422, form: 'allocate', issues: form.issues, values: form.values };
  if (!line0) throw new AppError('not_found', 'no such offer line');
  const { lineId, quantity } = form.value;
  const field = `quantity-${lineId}`;
  const values = form.values;
  if (line0.kind !== 'money' && !Number.isInteger(Number(quantity))) return { ok: false, status: 422, form: 'allocate', issues: [{ field, key: 'err_quantity' }], values };
  const at = ctx.clock.now();

  return inTransaction(ctx, async (trx) => {
    // Lock order offer → line → need, the same in release, so two allocations never deadlock.
    const offer = await repo.lockOffer(trx, line0.offer_id);
    const line = await repo.selectLine(trx, lineId);
    const need = await needInScope(trx, member, reference);
    if (!line) throw new AppError('not_found', 'no such offer line');
    if (need.status === 'closed') throw refused([{ field, key: 'err_need_closed' }], values, 'allocate');
    if (need.status === 'met') throw refused([{ field, key: 'err_need_met' }], values, 'allocate');
    if (offer.status !== 'verified' && offer.status !== 'allocated') throw refused([{ field, key: 'err_offer_not_verified' }], values, 'allocate');
    if (line.withdrawn_at !== null) throw refused([{ field, key: 'err_line_withdrawn' }], values, 'allocate');
    const fits =
      line.kind === need.kind &&
      (need.category === null || line.category === need.category) &&
      (need.kind !== 'essential_items' || line.unit === need.unit) &&
      (need.kind !== 'money' || line.currency === need.currency);
    if (!fits) throw refused([{ field, key: 'err_line_does_not_fit' }], values, 'allocate');
    const remaining = Number(line.capacity ?? 0) - Number(line.allocated_quantity);
    const outstanding = Number(need.quantity) - Number(need.allocatedQuantity);
    if (Number(quantity) > outstanding) throw refused([{ field, key: 'err_more_than_needed', params: { outstanding } }], values, 'allocate');
    if (Number(quantity) > remaining) {
      // Someone else's allocation may have taken what the page showed as free.
      throw new Refused({ ok: false, status: 409, form: 'allocate', issues: [{ field, key: 'err_capacity_taken', params: { remaining } }], values });
    }
    const lineAfter = await repo.addToLine(trx, lineId, quantity);
    if (!lineAfter) throw new Refused({ ok: false, status: 409, form: 'allocate', issues: [{ field, key: 'err_capacity_taken', params: { remaining } }], values });
    const needAfter = await repo.addToNeed(trx, need.id, quantity, at);
    if (!needAfter) throw new Refused({ ok: false, status: 409, form: 'allocate', issues: [{ field, key: 'err_more_than_needed', params: { outstanding } }], values });
    const allocation = await repo.insertAllocation(trx, {
      need_id: need.id,
      offer_id: offer.id,
      offer_line_id: lineId,
      quantity,
      created_by: member.id,
      created_at: at,
    });
    if (offer.status === 'verified') {
      await changeOfferStatus(trx, {
        offerId: offer.id,
        event: 'allocate',
        expectedVersion: offer.version,
        actor: { kind: 'staff', id: member.id, role: member.role },
        reason: null,
        at,
      });
    }
    const summary = needSummary(need, gazetteer);
    await queueAllocationEmail(trx, ctx, { offerId: offer.id, offerLineId: lineId, quantity, unit: line.kind === 'money' ? line.currency : line.kind === 'accommodation' ? 'places' : line.unit, needSummary: summary });
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'allocation.created',
      entity: { type: 'allocation', id: allocation.id },
      details: {
        need: need.reference,
        offer: offer.reference,
        line: line.position,
        quantity,
        line_allocated: lineAfter.allocated_quantity,
        line_capacity: lineAfter.capacity,
        need_allocated: needAfter.allocated_quantity,
        need_status: needAfter.status,
      },
      at,
    });
    return { ok: true as const, reference: need.reference };
  });
}

/**
 * Releases an active allocation with a reason: its quantity goes back to the line and comes off
 * the need (whose status follows; a closed need stays closed); when the offer has no active
 * allocation left it goes back from allocated to verified through the transition table.
 * @throws AppError('not_found') when the need, the allocation (of this need) or its offer is outside scope.
 */
export async function releaseAllocation(ctx: AppContext, member: StaffMember, reference: string, allocationId: string, body: unknown): Promise<SaveResult> {
  assertCan(member, 'allocations.manage');
  const need0 = await needInScope(ctx.db, member, reference);
  const existing = /^[0-9a-f-]{36}$/i.test(allocationId) ? await repo.selectAllocation(ctx.db, allocationId) : undefined;
  if (!existing || existing.need_id !== need0.id) throw new AppError('not_found', 'no such allocation');
  const line0 = await repo.selectLine(ctx.db, existing.offer_line_id);
  if (!line0 || !inScope(member, line0.offer_region_codes)) throw new AppError('not_found', 'no such allocation in scope');
  const field = `reason-${allocationId}`;
  const reason = parseReason(body, field);
  if (!reason.ok) return { ok: false, status: 422, form: `release_${allocationId}`, issues: reason.issues, values: { reason: reason.raw } };
  const at = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    const offer = await repo.lockOffer(trx, existing.offer_id);
    const released = await repo.releaseAllocationRow(trx, allocationId, { at, by: member.id, reason: reason.value! });
    if (!released) throw new Refused({ ok: false, status: 409, form: `release_${allocationId}`, issues: [{ field, key: 'err_already_released' }], values: { reason: reason.raw } });
    const lineAfter = await repo.subtractFromLine(trx, released.offer_line_id, released.quantity);
    const needAfter = await repo.subtractFromNeed(trx, released.need_id, released.quantity, at);
    if (offer.status === 'allocated' && !(await repo.offerHasActiveAllocations(trx, offer.id))) {
      await changeOfferStatus(trx, {
        offerId: offer.id,
        event: 'release_allocations',
        expectedVersion: offer.version,
        actor: { kind: 'staff', id: member.id, role: member.role },
        reason: reason.value!,
        at,
      });
    }
    await recordAuditEvent(trx, {
      actor: { kind: 'staff', id: member.id },
      action: 'allocation.released',
      entity: { type: 'allocation', id: allocationId },
      reason: reason.value!,
      details: {
        need: need0.reference,
        offer: offer.reference,
        line: line0.position,
        quantity: released.quantity,
        line_allocated: lineAfter.allocated_quantity,
        need_allocated: needAfter.allocated_quantity,
        need_status: needAfter.status,
      },
      at,
    });
    return { ok: true as const, reference: need0.reference };
  });
}

// --- from an offer line ------------------------------------------------------------------------

export type LineNeeds = {
  offerReference: string;
  line: { position: number; kind: string; category: string | null; regionCode: string | null; municipalityCode: string | null; remaining: number; unit: string | null; currency: string | null };
  needs: { need: Need; explanation: Explanation }[];
};

/**
 * The open and partly met needs an offer line could serve, nearest first (the same tiers and
 * explanations as matching, seen from the line), then the most urgent, then the earliest.
 * @throws AppError('not_found') when the offer is outside scope or has no such line.
 */
export async function needsForLine(ctx: AppContext, member: StaffMember, offerReference: string, position: number, limit = MATCH_LIMIT): Promise<LineNeeds> {
  assertCan(member, 'needs.view');
  const regions = regionFilter(member);
  if (regions !== 'all' && regions.length === 0) throw new AppError('not_found', 'no offer in scope');
  const offer = await repo.selectOfferInScope(ctx.db, offerReference, regions);
  if (!offer) throw new AppError('not_found', 'no such offer in scope');
  const idRow = await repo.selectLineIdAt(ctx.db, offer.id, position);
  const row = idRow ? await repo.selectLine(ctx.db, idRow.id) : undefined;
  if (!row) throw new AppError('not_found', 'no such line');
  const line: MatchableLine = {
    kind: row.kind,
    category: row.category,
    regionCode: row.region_code,
    municipalityCode: row.municipality_code,
    regionalUnitCode: row.regional_unit_code,
    availableFrom: row.available_from,
    availableUntil: row.available_until,
    stepFreeAccess: row.step_free_access,
    suitableFor: row.suitable_for ?? [],
    languages: row.languages ?? [],
    delivery: row.delivery,
    unit: row.unit,
    currency: row.currency,
    remaining: Number(row.capacity ?? 0) - Number(row.allocated_quantity),
  };
  const anywhere = row.kind === 'money' || (row.kind === 'service' && (row.delivery === 'remote' || row.delivery === 'in_person_and_remote'));
  const reach: 'all' | string[] = anywhere || !row.region_code ? 'all' : [row.region_code, ...neighboursOf(row.region_code)];
  const live = row.withdrawn_at === null && (row.offer_status === 'verified' || row.offer_status === 'allocated') && line.remaining > 0;
  const rows = live && (anywhere || row.region_code) ? await repo.selectCandidateNeeds(ctx.db, line, reach, regions, 1000) : [];
  const PRIORITY = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
  const ranked = rows
    .map(needOf)
    .map((need) => {
      const m = matchableOf(need);
      const tier = placeTier(m, line);
      return tier ? { need, explanation: explainMatch(m, line, tier), tier } : null;
    })
    .filter((x): x is { need: Need; explanation: Explanation; tier: PlaceTier } => x !== null)
    .sort(
      (a, b) =>
        TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
        a.explanation.misses.length - b.explanation.misses.length ||
        PRIORITY[a.need.priority] - PRIORITY[b.need.priority] ||
        a.need.startsOn.localeCompare(b.need.startsOn) ||
        a.need.reference.localeCompare(b.need.reference),
    )
    .slice(0, limit);
  return {
    offerReference: offer.reference,
    line: { position: row.position, kind: row.kind, category: row.category, regionCode: row.region_code, municipalityCode: row.municipality_code, remaining: line.remaining, unit: row.unit, currency: row.currency },
    needs: ranked.map(({ need, explanation }) => ({ need, explanation })),
  };
}

const TIER_ORDER: Record<PlaceTier, number> = { municipality: 0, regional_unit: 1, region: 2, neighbouring_region: 3, anywhere: 4 };

export type OfferAllocation = { id: string; position: number; quantity: string; status: 'active' | 'released'; createdAt: Date; releasedAt: Date | null; releaseReason: string | null; releasedByKind: 'staff' | 'offeror' | 'system' | null; releaseCause: ReleaseCause | null; needReference: string; needVisible: boolean; unit: string | null; currency: string | null; kind: string };

/**
 * The allocations of an offer's lines, for the offer's casework page. A need outside the
 * member's scope is named but not linked. The caller has already found the offer in scope.
 */
export async function allocationsOfOffer(ctx: AppContext, member: StaffMember, offerId: string): Promise<OfferAllocation[]> {
  const regions = regionFilter(member);
  const rows = await repo.selectAllocationsOfOffer(ctx.db, offerId);
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    quantity: r.quantity,
    status: r.status,
    createdAt: r.created_at,
    releasedAt: r.released_at,
    releaseReason: r.release_reason,
    releasedByKind: r.released_by_kind,
    releaseCause: r.release_cause,
    needReference: r.need_reference,
    needVisible: regions === 'all' || regions.includes(r.need_region_code),
    unit: r.unit,
    currency: r.currency,
    kind: r.kind,
  }));
}

export type { NeedKind };
