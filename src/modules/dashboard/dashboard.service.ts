// The dashboard's use case: the totals coordinators report upwards, within the staff member's
// regions and for one kind of help or all. Reads only; the totals are kept by the triggers of
// migration 0012 and folded here before reading (dashboard.repository `foldChanges`).
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { OfferScope } from '../accounts/index.js';
import { LINE_KINDS, OFFER_STATUSES, todayInAthens, type LineKind, type OfferStatus } from '../offers/index.js';
import * as repo from './dashboard.repository.js';

/** Offers whose capacity is on offer: not rejected, withdrawn, marked duplicate or expired. */
export const OFFERED_STATUSES: readonly OfferStatus[] = ['submitted', 'in_review', 'verified', 'allocated', 'completed'];
/** Offers staff have verified (and kept since: allocated, completed). */
export const VERIFIED_STATUSES: readonly OfferStatus[] = ['verified', 'allocated', 'completed'];
/** Offers whose unallocated capacity can still be allocated: the matching rule of 0011's offer_lines_matching_idx. */
export const AVAILABLE_STATUSES: readonly OfferStatus[] = ['verified', 'allocated'];

/** Need statuses (0011 needs.status). */
export const NEED_STATUSES = ['open', 'partly_met', 'met', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Days shown in the chart of offers per day, ending today (Greece). */
export const CHART_DAYS = 30;

/**
 * Capacity in a kind's unit (places, sessions a week, items, an amount), counting only lines
 * not withdrawn by the offeror: `offered` on offers in OFFERED_STATUSES, `verified` on
 * VERIFIED_STATUSES, `allocated` the active allocations on those, `free` capacity not allocated
 * on AVAILABLE_STATUSES.
 */
export type Capacity = { offered: number; verified: number; allocated: number; free: number };

/**
 * How the free places of a region compare with the places needed there (open and partly met
 * accommodation needs, what is not yet allocated):
 * `short` under half, `partly` half or more but not all, `covered` all and up to twice,
 * `ample` twice or more (or free places where no need is recorded), `none` neither free places
 * nor needs.
 */
export const COVERAGE_CLASSES = ['short', 'partly', 'covered', 'ample', 'none'] as const;
export type CoverageClass = (typeof COVERAGE_CLASSES)[number];

export function coverageOf(free: number, needed: number): CoverageClass {
  if (needed <= 0) return free > 0 ? 'ample' : 'none';
  const ratio = free / needed;
  return ratio < 0.5 ? 'short' : ratio < 1 ? 'partly' : ratio < 2 ? 'covered' : 'ample';
}

export type CountsByKind = { total: number; byKind: Record<LineKind, number> };

export type DashboardReport = {
  /** the kind of help the figures are limited to, or null for all */
  kind: LineKind | null;
  /** the regions counted: all, or the regional coordinator's */
  regions: 'all' | readonly string[];
  /** offers per status, in OFFER_STATUSES order; an offer with lines of two kinds counts under each kind once, and once in `total` */
  offers: { statuses: ({ status: OfferStatus } & CountsByKind)[]; all: CountsByKind };
  /** accommodation places; `needed` = places asked for by open and partly met needs, not yet allocated */
  places: Capacity & { needed: number };
  /** essential items by category and unit (largest offered first) */
  items: ({ category: string; unit: string } & Capacity)[];
  /** services by category, in sessions a week */
  services: ({ category: string } & Capacity)[];
  /** money pledged by currency and frequency (one-off, monthly) */
  money: ({ currency: string; frequency: string } & Capacity)[];
  /** needs per status, in NEED_STATUSES order, by the kind of help asked for */
  needs: { statuses: ({ status: NeedStatus } & CountsByKind)[]; all: CountsByKind };
  /** each region counted (the 13, or the member's), with its free and needed places */
  map: { code: string; free: number; needed: number; coverage: CoverageClass }[];
  /** the last CHART_DAYS days, oldest first, each with the offers submitted that day */
  days: { day: string; offers: number }[];
};

const emptyByKind = (): Record<LineKind, number> => ({ accommodation: 0, service: 0, essential_items: 0, money: 0 });
const emptyCapacity = (): Capacity => ({ offered: 0, verified: 0, allocated: 0, free: 0 });

/** Adds one totals row (lines of one key) to `c` by the rules of Capacity. */
function addCapacity(c: Capacity, row: repo.LineTotalRow): void {
  if (row.withdrawn) return;
  const status = row.offer_status as OfferStatus;
  const capacity = Number(row.capacity);
  const allocated = Number(row.allocated);
  if (OFFERED_STATUSES.includes(status)) c.offered += capacity;
  if (VERIFIED_STATUSES.includes(status)) {
    c.verified += capacity;
    c.allocated += allocated;
  }
  if (AVAILABLE_STATUSES.includes(status)) c.free += capacity - allocated;
}

/** YYYY-MM-DD `n` days after `day` (negative: before). */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** All 13 regions (ISO 3166-2:GR), for the national scope. */
export type RegionList = readonly string[];

/**
 * The dashboard for a staff member's `scope`, limited to `kind` when given.
 * A regional coordinator's figures count only their regions: offers seen in them (offers.region_codes,
 * as the review queue), lines placed in them (a line placed nowhere, like money, counts where its
 * offer is seen), needs recorded for them; a scope without regions yields zeros.
 * Folds the change log first (unless another request is folding), then reads every figure in one
 * REPEATABLE READ snapshot, so the sections agree with each other.
 * @param allRegions the 13 region codes, for the national map
 */
export async function showDashboard(ctx: AppContext, scope: OfferScope, kind: LineKind | null, allRegions: RegionList): Promise<DashboardReport> {
  const today = todayInAthens(ctx.clock.now());
  const firstDay = addDays(today, -(CHART_DAYS - 1));
  const mapRegions = scope.regions === 'all' ? [...allRegions] : allRegions.filter((r) => scope.regions.includes(r));
  const report: DashboardReport = {
    kind,
    regions: scope.regions,
    offers: { statuses: OFFER_STATUSES.map((status) => ({ status, total: 0, byKind: emptyByKind() })), all: { total: 0, byKind: emptyByKind() } },
    places: { ...emptyCapacity(), needed: 0 },
    items: [],
    services: [],
    money: [],
    needs: { statuses: NEED_STATUSES.map((status) => ({ status, total: 0, byKind: emptyByKind() })), all: { total: 0, byKind: emptyByKind() } },
    map: mapRegions.map((code) => ({ code, free: 0, needed: 0, coverage: 'none' as CoverageClass })),
    days: Array.from({ length: CHART_DAYS }, (_, i) => ({ day: addDays(firstDay, i), offers: 0 })),
  };
  // Fail closed: a regional coordinator without regions sees nothing (accounts.policy offerScope).
  if (scope.regions !== 'all' && scope.regions.length === 0) return report;
  const regions: repo.RegionFilter = scope.regions === 'all' ? 'all' : (scope.regions as [string, ...string[]]);
  const where: repo.TotalsWhere = kind ? { regions, kind } : { regions };

  if (await repo.hasChanges(ctx.db)) await repo.foldChanges(ctx.db);
  const { lines, places, offers, days, needs } = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SET TRANSACTION READ ONLY`.execute(trx);
      return {
        lines: await repo.lineTotals(trx, where),
        places: kind === null || kind === 'accommodation' ? await repo.placesByRegion(trx, regions) : [],
        offers: await repo.offerTotals(trx, where),
        days: await repo.offerDays(trx, where, firstDay, today),
        needs: await repo.needTotals(trx, where),
      };
    });

  const statusIndex = new Map(report.offers.statuses.map((s) => [s.status as string, s]));
  for (const row of offers) {
    const n = Number(row.offers);
    const entry = statusIndex.get(row.status);
    if (!entry || n === 0) continue;
    entry.total += n;
    report.offers.all.total += n;
    for (const k of row.line_kinds) {
      if (!(LINE_KINDS as readonly string[]).includes(k)) continue;
      entry.byKind[k as LineKind] += n;
      report.offers.all.byKind[k as LineKind] += n;
    }
  }

  const items = new Map<string, { category: string; unit: string } & Capacity>();
  const services = new Map<string, { category: string } & Capacity>();
  const money = new Map<string, { currency: string; frequency: string } & Capacity>();
  const regionPlaces = new Map(report.map.map((r) => [r.code, r]));
  for (const row of lines) {
    switch (row.kind) {
      case 'accommodation':
        addCapacity(report.places, row);
        break;
      case 'essential_items': {
        const key = `${row.category}|${row.unit}`;
        const entry = items.get(key) ?? { category: row.category, unit: row.unit, ...emptyCapacity() };
        addCapacity(entry, row);
        items.set(key, entry);
        break;
      }
      case 'service': {
        const entry = services.get(row.category) ?? { category: row.category, ...emptyCapacity() };
        addCapacity(entry, row);
        services.set(row.category, entry);
        break;
      }
      case 'money': {
        const key = `${row.unit}|${row.frequency}`;
        const entry = money.get(key) ?? { currency: row.unit, frequency: row.frequency, ...emptyCapacity() };
        addCapacity(entry, row);
        money.set(key, entry);
        break;
      }
    }
  }
  for (const row of places) {
    // An accommodation line always has its own region (0002 CHECK), so its scope is that one region.
    const region = row.region_codes.length === 1 ? regionPlaces.get(row.region_codes[0]!.replace(/^\*/, '')) : undefined;
    if (region && !row.withdrawn && AVAILABLE_STATUSES.includes(row.offer_status as OfferStatus)) region.free += Number(row.capacity) - Number(row.allocated);
  }
  const nonEmpty = (c: Capacity) => c.offered !== 0 || c.verified !== 0 || c.allocated !== 0 || c.free !== 0;
  const biggestFirst = (a: Capacity & { category?: string }, b: Capacity & { category?: string }) => b.offered - a.offered || (a.category ?? '').localeCompare(b.category ?? '');
  report.items = [...items.values()].filter(nonEmpty).sort(biggestFirst);
  report.services = [...services.values()].filter(nonEmpty).sort(biggestFirst);
  report.money = [...money.values()].filter(nonEmpty).sort((a, b) => a.currency.localeCompare(b.currency) || a.frequency.localeCompare(b.frequency));

  const needIndex = new Map(report.needs.statuses.map((s) => [s.status as string, s]));
  for (const row of needs) {
    const n = Number(row.needs);
    const entry = needIndex.get(row.status);
    if (entry) {
      entry.total += n;
      report.needs.all.total += n;
      if ((LINE_KINDS as readonly string[]).includes(row.kind)) {
        entry.byKind[row.kind as LineKind] += n;
        report.needs.all.byKind[row.kind as LineKind] += n;
      }
    }
    if (row.kind === 'accommodation' && (row.status === 'open' || row.status === 'partly_met')) {
      const needed = Number(row.quantity) - Number(row.allocated);
      report.places.needed += needed;
      const region = regionPlaces.get(row.region_code);
      if (region) region.needed += needed;
    }
  }
  for (const r of report.map) r.coverage = coverageOf(r.free, r.needed);

  const dayIndex = new Map(report.days.map((d) => [d.day, d]));
  for (const row of days) {
    const d = dayIndex.get(row.day);
    if (d) d.offers = Number(row.offers);
  }
  return report;
}

/** See dashboard.repository `rebuildTotals`. */
export async function rebuildDashboardTotals(ctx: Pick<AppContext, 'db'>): Promise<void> {
  await repo.rebuildTotals(ctx.db);
}

/** See dashboard.repository `foldChanges`. */
export async function foldDashboardChanges(ctx: Pick<AppContext, 'db'>): Promise<number | null> {
  return repo.foldChanges(ctx.db);
}
