// Real failures as error classes with a stable `code`; `errorTable` maps each code to an HTTP
// status and the message shown, in one place. A 5xx never shows internals.

export class AppError extends Error {
  constructor(readonly code: ErrorCode, message?: string) {
    super(message ?? code);
  }
}

export type ErrorCode =
  | 'not_found'
  | 'csrf_invalid'
  | 'body_too_large'
  | 'bad_request'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'draft_expired'
  | 'unauthorised'
  | 'forbidden'
  | 'conflict'
  | 'service_unavailable'
  | 'internal';

export const errorTable: Record<ErrorCode, { status: number }> = {
  bad_request: { status: 400 },
  unauthorised: { status: 401 },
  forbidden: { status: 403 },
  csrf_invalid: { status: 403 },
  not_found: { status: 404 },
  conflict: { status: 409 },
  draft_expired: { status: 410 },
  body_too_large: { status: 413 },
  unsupported_media_type: { status: 415 },
  rate_limited: { status: 429 },
  internal: { status: 500 },
  service_unavailable: { status: 503 },
};

/** Maps any thrown value (ours, Fastify's, a plugin's, the database's) to an ErrorCode. */
export function classify(err: unknown): ErrorCode {
  if (err instanceof AppError) return err.code;
  const e = err as { code?: string; statusCode?: number } | null;
  const code = e?.code ?? '';
  if (code.startsWith('FST_CSRF')) return 'csrf_invalid';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'body_too_large';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported_media_type';
  if (code === 'FST_ERR_NOT_FOUND') return 'not_found';
  // Connection refused, reset, or the server shutting down / not accepting connections.
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code)) {
    return 'service_unavailable';
  }
  if (e?.statusCode === 429) return 'rate_limited';
  if (e?.statusCode === 413) return 'body_too_large';
  if (e?.statusCode === 415) return 'unsupported_media_type';
  if (e?.statusCode === 404) return 'not_found';
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return 'bad_request';
  if (err instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(err.message)) {
    return 'service_unavailable';
  }
  return 'internal';
}
