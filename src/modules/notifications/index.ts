// Notifications: what Prosfero tells offerors by email and when — on submission (with the link
// that confirms their address), on the status changes that matter to them, on allocation — and
// the email-address confirmation itself. It decides content and language; delivery is the mail
// platform's (platform/mail). It never changes an offer's status.
export {
  queueSubmissionEmail,
  queueStatusEmail,
  queueAllocationEmail,
  useNotificationContext,
  STATUS_EMAIL_EVENTS,
} from './notifications.service.js';
export { confirmEmailAddress, type ConfirmResult } from './notifications.confirm.js';
export { recordBounce, startMailWorker } from './notifications.bounces.js';
export { notificationRoutes } from './notifications.routes.js';
