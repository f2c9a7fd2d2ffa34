// What the import routes take from outside besides the file: a batch id in the URL and the
// page's `refresh` switch. The file itself is read by imports.files.ts and its rows by the
// public form's schemas.
import { z } from 'zod';

const batchId = z.string().uuid();

/** The batch id of a URL, or null when it is not a UUID (the route then answers 404, as for a missing batch). */
export function parseBatchId(raw: unknown): string | null {
  const r = batchId.safeParse(raw);
  return r.success ? r.data.toLowerCase() : null;
}

/** Whether a running batch's page should refresh itself: yes unless `?refresh=off`. */
export function parseRefresh(query: unknown): boolean {
  const r = z.object({ refresh: z.enum(['on', 'off']).optional() }).safeParse(query);
  return !(r.success && r.data.refresh === 'off');
}
