// The dashboard's query string: `kind`, one of the four kinds of help, or blank for all. Other
// parameters are ignored (`lang` is the staff language switch).
import { z } from 'zod';
import { LINE_KINDS, type LineKind } from '../offers/index.js';

const shape = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional());

export type DashboardQuery =
  | { ok: true; kind: LineKind | null; value: string }
  /** a kind that is not one of the four (or given twice): the page comes back with 422 and the value as given */
  | { ok: false; value: string };

/** Reads `?kind=`; blank means every kind. */
export function parseDashboardQuery(raw: unknown): DashboardQuery {
  const parsed = shape.safeParse(raw ?? {});
  const given = parsed.success ? parsed.data.kind : undefined;
  if (Array.isArray(given)) return { ok: false, value: '' };
  const value = (given ?? '').trim().slice(0, 100);
  if (value === '') return { ok: true, kind: null, value };
  return (LINE_KINDS as readonly string[]).includes(value) ? { ok: true, kind: value as LineKind, value } : { ok: false, value };
}
