// Confirming an offeror's email address: the link in the submission email, single-use and
// expiring; the first use sets offers.email_confirmed_at, which staff see on the offer's page.
import type { AppContext } from '../../platform/context.js';
import { recordAuditEvent } from '../audit/index.js';
import { formatReference } from '../offers/index.js';
import * as repo from './notifications.repository.js';
import { hashToken } from './notifications.service.js';

export type ConfirmResult =
  | { outcome: 'confirmed'; reference: string }
  /** the link was followed before: nothing changes */
  | { outcome: 'used'; reference: string }
  | { outcome: 'expired'; reference: string }
  | { outcome: 'unknown' };

/** The shape of a token from queueSubmissionEmail: 32 random bytes, base64url (43 characters). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Follows a confirmation link: marks the link used and the offer's email confirmed (the first
 * confirmation's time is kept), with an audit event, in one transaction. Two clicks at once are
 * serialised on the link's row, so only one confirms.
 * @param token as it appears in the link
 * @returns confirmed, used (followed before), expired (past expires_at by ctx.clock) or unknown
 *   (no such link, or not a token's shape).
 */
export async function confirmEmailAddress(ctx: AppContext, token: string): Promise<ConfirmResult> {
  if (!TOKEN.test(token)) return { outcome: 'unknown' };
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const link = await repo.lockConfirmation(trx, hashToken(token));
    if (!link) return { outcome: 'unknown' as const };
    const reference = formatReference(link.reference);
    if (link.used_at) return { outcome: 'used' as const, reference };
    if (link.expires_at.getTime() <= at.getTime()) return { outcome: 'expired' as const, reference };
    await repo.markConfirmationUsed(trx, link.token_hash, at);
    await repo.setEmailConfirmed(trx, link.offer_id, at);
    await recordAuditEvent(trx, {
      actor: { kind: 'offeror', id: null },
      action: 'offer.email_confirmed',
      entity: { type: 'offer', id: link.offer_id },
      details: { reference: link.reference },
      at,
    });
    return { outcome: 'confirmed' as const, reference };
  });
}
