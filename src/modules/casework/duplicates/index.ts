// Possible duplicates of an offer: the matching rules, the offer_duplicate_candidates pairs and
// offers.possible_duplicate. A leaf: it reads tables and imports nothing from the offers module
// or the rest of casework, so offers' submitOffer can run detection in its own transaction and
// casework's pages can show and decide pairs, with no import cycle between the two.
export {
  detectDuplicates,
  decideDuplicate,
  findDuplicates,
  listDuplicateCandidates,
  openPairBetween,
  duplicateScore,
  DUPLICATE_REASONS,
  MAX_CANDIDATES,
  NAME_SIMILARITY_THRESHOLD,
  type DetectResult,
  type DuplicateCandidate,
  type DuplicateMatch,
  type DuplicateReason,
} from './duplicates.service.js';
