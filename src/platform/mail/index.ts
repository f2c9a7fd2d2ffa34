// Mail plumbing that knows no domain: the outbox (an email is a row written in the caller's
// transaction), the worker that delivers it over SMTP with retries, the HTML/text layout, and the
// development mailbox used when no SMTP server is configured. It must never decide what to send:
// modules/notifications does that.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';

export type Email = {
  /** what the email is about, e.g. 'offer_submitted', 'offer_verified' (for the mailbox and logs) */
  kind: string;
  /** one address */
  to: string;
  lang: Lang;
  subject: string;
  text: string;
  html: string;
  /** the offer the email is about: a permanent failure is recorded on it as a `bounced` contact attempt */
  offerId?: string | null;
};

export { queueEmail } from './mail.outbox.js';
export { renderEmail } from './mail.render.js';
export { createOutboxWorker, backoffSeconds, type OutboxWorker, type OutboxWorkerOptions, type ClaimedEmail, type DrainResult } from './mail.worker.js';
export { smtpTransport, mailboxTransport, configuredTransport, devMailboxEnabled, classifyFailure, type MailTransport, type OutgoingMessage } from './mail.transport.js';
export { escapeHtml, type RenderEmailInput } from './mail.render.js';
export { InvalidEmailError, purgeOutbox } from './mail.outbox.js';
export { devMailboxRoutes } from './mail.routes.js';
