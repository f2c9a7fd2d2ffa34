// Needs, matching and allocation (issue 6): coordinators record what is needed where, see the
// verified offer lines that fit, ranked and explained, and allocate part or all of a line's
// capacity to a need. It owns `needs` and `allocations`, keeps offer_lines.allocated_quantity and
// needs.allocated_quantity/status in step with the active allocations, and changes an offer's
// status only through the offers module's changeOfferStatus.
export { needsRoutes } from './needs.routes.js';
export {
  allocate,
  allocationsOfOffer,
  closeNeed,
  createNeed,
  listNeeds,
  matchNeed,
  needsForLine,
  openNeed,
  releaseAllocation,
  reopenNeed,
  updateNeed,
  MATCH_LIMIT,
  type Allocation,
  type Match,
  type Need,
  type NeedPage,
  type OfferAllocation,
} from './needs.service.js';
export { findMatches, explainMatch, placeTier, PLACE_TIERS, type PlaceTier, type MatchableNeed, type MatchableLine } from './needs.matching.js';
export { neighboursOf, regionNeighbours } from './needs.neighbours.js';
// Withdrawal and expiry release what was allocated (offers.lifecycle, self-service).
export { releaseAllocationsOfOffer, offerHasActiveAllocations, type ReleaseCause, type ReleaseActor, type ReleasedAllocation } from './needs.release.js';
export { NEED_STATUSES, NEED_PRIORITIES } from './needs.schemas.js';
// The offer's casework page shows each line's allocations and links to the needs it could serve.
export { LineAllocations } from './views/line-allocations.js';
