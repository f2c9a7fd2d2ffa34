// Time-based one-time passwords (RFC 6238) with the parameters every authenticator app reads
// from a QR code: HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch. otplib 13 does the
// arithmetic; this file fixes the parameters and the replay rule, and draws the QR code.
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

/** RFC 6238 §4.1 defaults, which Google Authenticator and its peers assume. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/**
 * Codes from one step before or after the server's are accepted (RFC 6238 §5.2 recommends at most
 * one step of network delay and allows for clock drift), so a window of three codes in all.
 */
export const TOTP_WINDOW_STEPS = 1;
/** The issuer authenticator apps show beside the account name. */
export const TOTP_ISSUER = 'Prosfero';

/** A new shared secret: 20 random bytes (160 bits, RFC 4226 §4's recommended length), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The base32 secret in groups of four, for typing into an app by hand: `ABCD EFGH …`. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The `otpauth://totp/…` URI (Google Authenticator's Key Uri Format) that the QR code carries. */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/**
 * The QR code for `uri` as an SVG element, drawn on the server: the page needs no script and no
 * image request, which the CSP would refuse. Error correction M (15 %) survives a smudged screen
 * without making the code needlessly dense.
 * @returns SVG markup made by the qrcode package from the URI alone (no user-controlled markup).
 */
export async function qrCodeSvg(uri: string, title: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  // An accessible name for the image; the title is escaped here because it goes into markup.
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" width="220" height="220" class="prosfero-qr" `);
}

/** The RFC 6238 time step `at` falls in: floor(unix seconds / 30). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for `secret` at `at` (tests and the enrolment check use it). */
export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, algorithm: 'sha1' });
}

/**
 * Checks `code` against `secret` at `at`, within ±TOTP_WINDOW_STEPS steps.
 * @param lastStep the step of the last code this account used; a code from that step or an
 *   earlier one is refused even when it is right, so an overheard code cannot be used again
 *   (RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the OTP").
 * @returns the matched step (to store as the new last step), or null when the code is refused.
 */
export function checkTotp(secret: string, code: string, at: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    algorithm: 'sha1',
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
