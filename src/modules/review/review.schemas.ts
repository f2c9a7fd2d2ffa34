// The offer list's query string: an opaque keyset cursor in `after` (older offers) or `before`
// (newer offers), never both. A cursor is a position, not a page number, so offers arriving
// while someone pages cause neither duplicates nor gaps.
import { z } from 'zod';

/**
 * A place in the list's order (submitted_at DESC, id DESC). `at` is the timestamp in UTC with
 * microseconds, as PostgreSQL stores it: a JS Date keeps only milliseconds, and a cursor rounded
 * to them would skip or repeat offers submitted within the same millisecond.
 */
export type KeysetPosition = { at: string; id: string };

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** base64url of `<at>|<id>`. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/** The position in a cursor, or null when it is not one this service made. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !AT.test(at) || !UUID.test(id)) return null;
  // A real calendar instant: PostgreSQL would refuse 2026-02-30 with an error, not an empty page.
  const parsed = new Date(at);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== at.slice(0, 19)) return null;
  return { at, id };
}

const cursor = z
  .string()
  .transform((v, ctx) => {
    const position = decodeCursor(v);
    if (!position) {
      ctx.addIssue({ code: 'custom', message: 'cursor_invalid' });
      return z.NEVER;
    }
    return position;
  })
  .optional();

export const offersQuery = z
  .object({ after: cursor, before: cursor })
  .refine((q) => !(q.after && q.before), { message: 'cursor_conflict' });
export type OffersQuery = z.infer<typeof offersQuery>;
