// Random tokens for links and sessions. Only the SHA-256 of a token is stored, so a copy of the
// database yields no link that works; 32 random bytes make guessing hopeless.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token from a URL or cookie: base64url of 32 bytes (43 characters), anything else is no token. */
export function isTokenShaped(raw: unknown): raw is string {
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{43}$/.test(raw);
}
