// Issuing a self-service link: the one function other modules (notifications) call.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Lang } from '../../platform/i18n/index.js';
import { hashToken, isTokenShaped, newToken } from './self-service.tokens.js';

/**
 * Makes a single-use link to the offers of `email` and returns it as an absolute URL
 * (`<PUBLIC_URL>/manage/link/<token>?lang=<lang>`). Call it in the caller's transaction (the row
 * commits or rolls back with the email that carries it). The token is 32 random bytes; only its
 * SHA-256 is stored. The link lasts `config.selfService.linkHours` hours from `ctx.clock.now()`
 * and is spent when followed; following it opens a self-service session for that email.
 * `offerId`, when given, is the offer the link opens first.
 * @param input.email any case; stored lower-cased
 * @throws the database error if the row cannot be written (the caller's transaction then fails)
 */
export async function issueSelfServiceLink(db: Kysely<DB>, ctx: AppContext, input: { email: string; lang: Lang; offerId?: string }): Promise<string> {
  const token = newToken();
  const now = ctx.clock.now();
  await db
    .insertInto('self_service_links')
    .values({
      token_hash: hashToken(token),
      email: input.email.trim().toLowerCase(),
      language: input.lang,
      offer_id: input.offerId ?? null,
      created_at: now,
      expires_at: new Date(now.getTime() + ctx.config.selfService.linkHours * 3600_000),
    })
    .execute();
  return `${ctx.config.publicUrl}/manage/link/${token}?lang=${input.lang}`;
}

/**
 * Whether a link can still be followed, without spending it (the page a GET shows).
 * @returns 'valid', 'spent' (followed already), 'expired', or 'unknown' (no such token).
 */
export async function checkSelfServiceLink(ctx: AppContext, token: unknown): Promise<'valid' | 'spent' | 'expired' | 'unknown'> {
  if (!isTokenShaped(token)) return 'unknown';
  const link = await ctx.db.selectFrom('self_service_links').select(['used_at', 'expires_at']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!link) return 'unknown';
  if (link.used_at) return 'spent';
  return link.expires_at.getTime() <= ctx.clock.now().getTime() ? 'expired' : 'valid';
}
