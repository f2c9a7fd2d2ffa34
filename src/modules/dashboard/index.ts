// The dashboard (/staff/dashboard): the totals coordinators report upwards, a map of free against
// needed places by region, and offers per day, within the member's regions. It owns the
// dashboard_* tables of 0012 and offer_lines.scope_region_codes (kept by triggers); it never
// changes offers, lines or needs.
export { dashboardRoutes } from './dashboard.routes.js';
export {
  showDashboard,
  rebuildDashboardTotals,
  foldDashboardChanges,
  coverageOf,
  CHART_DAYS,
  COVERAGE_CLASSES,
  OFFERED_STATUSES,
  VERIFIED_STATUSES,
  AVAILABLE_STATUSES,
  NEED_STATUSES,
  type Capacity,
  type CoverageClass,
  type DashboardReport,
  type NeedStatus,
} from './dashboard.service.js';
export { greeceMap, buildGreeceMap, type GreeceMap, type RegionShape } from './dashboard.map.js';
