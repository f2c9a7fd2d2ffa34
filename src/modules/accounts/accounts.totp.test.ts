import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSync } from 'otplib';
import { decryptSecret, encryptSecret, SecretUnreadableError } from './accounts.crypto.js';
import { checkTotp, groupSecret, newTotpSecret, qrCodeSvg, totpCode, totpStep, totpUri } from './accounts.totp.js';

const AT = new Date('2026-03-27T08:00:10Z');
const STEP = 30_000;

describe('TOTP codes (RFC 6238)', () => {
  test('match the RFC 6238 appendix B test vector for SHA-1 (last 6 of 8 digits)', () => {
    // RFC 6238 B: secret "12345678901234567890" (ASCII), T = 59 s → 94287082.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    assert.equal(totpCode(secret, new Date(59_000)), '287082');
    assert.equal(totpCode(secret, new Date(1_111_111_109_000)), '081804');
  });

  test('a code from the current step or one step either side is accepted, two steps away is not', () => {
    const secret = newTotpSecret();
    const step = totpStep(AT);
    assert.equal(checkTotp(secret, totpCode(secret, AT), AT, null), step);
    assert.equal(checkTotp(secret, totpCode(secret, new Date(AT.getTime() - STEP)), AT, null), step - 1);
    assert.equal(checkTotp(secret, totpCode(secret, new Date(AT.getTime() + STEP)), AT, null), step + 1);
    assert.equal(checkTotp(secret, totpCode(secret, new Date(AT.getTime() - 2 * STEP)), AT, null), null);
    assert.equal(checkTotp(secret, totpCode(secret, new Date(AT.getTime() + 2 * STEP)), AT, null), null);
  });

  test('a code from the last used step or an earlier one is refused, a later one is accepted', () => {
    const secret = newTotpSecret();
    const step = totpStep(AT);
    const code = totpCode(secret, AT);
    assert.equal(checkTotp(secret, code, AT, step), null, 'the same code again');
    assert.equal(checkTotp(secret, totpCode(secret, new Date(AT.getTime() - STEP)), AT, step), null, 'an earlier step');
    assert.equal(checkTotp(secret, totpCode(secret, new Date(AT.getTime() + STEP)), AT, step), step + 1, 'the next step');
  });

  test('codes made by otplib directly are accepted, with spaces; anything but 6 digits is refused', () => {
    const secret = newTotpSecret();
    const code = generateSync({ secret, epoch: Math.floor(AT.getTime() / 1000) });
    assert.equal(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, AT, null), totpStep(AT));
    assert.equal(checkTotp(secret, code.slice(0, 5), AT, null), null);
    assert.equal(checkTotp(secret, 'abcdef', AT, null), null);
  });

  test('a new secret is 160 bits of base32, shown in groups of four', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.notEqual(newTotpSecret(), secret);
    assert.equal(groupSecret('ABCDEFGHIJKLMNOP'), 'ABCD EFGH IJKL MNOP');
  });

  test('the otpauth URI names the issuer and account and the QR code is an accessible inline SVG', async () => {
    const uri = totpUri('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'maria@example.gr');
    assert.match(uri, /^otpauth:\/\/totp\/Prosfero:maria%40example\.gr\?/);
    assert.match(uri, /secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP/);
    assert.match(uri, /issuer=Prosfero/);
    const svg = await qrCodeSvg(uri, 'QR "code" <for> you');
    assert.match(svg, /^<svg role="img" aria-label="QR &quot;code&quot; &lt;for&gt; you" width="220" height="220" class="prosfero-qr" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.doesNotMatch(svg, /<script|<image|href=/, 'nothing to load, nothing to run');
  });
});

describe('TOTP secrets at rest (AES-256-GCM)', () => {
  const key = 'a-session-secret-of-at-least-32-characters';

  test('round-trip under the same key and context, and differ every time they are sealed', () => {
    const a = encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'staff_account:1');
    const b = encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'staff_account:1');
    assert.notEqual(a, b);
    assert.ok(!a.includes('JBSWY3DPEHPK3PXP'));
    assert.match(a, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(decryptSecret(key, a, 'staff_account:1'), 'JBSWY3DPEHPK3PXP');
  });

  test('cannot be read with another key, on another account, or after tampering', () => {
    const sealed = encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'staff_account:1');
    assert.throws(() => decryptSecret('another-session-secret-of-32-characters!', sealed, 'staff_account:1'), SecretUnreadableError);
    assert.throws(() => decryptSecret(key, sealed, 'staff_account:2'), SecretUnreadableError);
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = `${body![0] === 'A' ? 'B' : 'A'}${body!.slice(1)}`;
    assert.throws(() => decryptSecret(key, [v, iv, flipped, tag].join('.'), 'staff_account:1'), SecretUnreadableError);
    assert.throws(() => decryptSecret(key, 'JBSWY3DPEHPK3PXP', 'staff_account:1'), SecretUnreadableError);
  });
});
