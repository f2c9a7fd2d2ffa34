// Availability that stays true (issue 4): the periodic check cycle that asks each open offer's
// contact whether it still stands, reminders, the `unconfirmed` flag, expiry (dates passed, or
// unconfirmed when an administrator chose so), the answer pages and /staff/settings.
// Statuses change only through the offers module's transition table (actor system or offeror).
export { availabilityRoutes } from './availability.routes.js';
export {
  runAvailabilityCycle,
  startAvailabilityCycle,
  resetAvailabilityCycle,
  answerAvailabilityCheck,
  expireUnconfirmedEnabled,
  setExpireUnconfirmed,
  AVAILABILITY_ANSWERS,
  type AvailabilityAnswer,
  type CycleReport,
} from './availability.service.js';
export { availabilityMessages } from './availability.messages.js';
export { UnconfirmedFlag } from './views/flag.js';
