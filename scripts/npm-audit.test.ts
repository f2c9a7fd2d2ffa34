// `npm audit --omit=dev`: no dependency the service runs with may have a known vulnerability
// rated high or critical. It asks the registry's advisory endpoint (POST
// /-/npm/v1/security/advisories/bulk), so it needs the network; when the registry refuses or
// cannot be reached, the test fails and says so — an audit that could not run is not a pass.
// It is run by `npm run audit:prod`, not by `npm test`: the test suite runs without the network
// (and the registry some build machines reach is read-only, answering the advisory endpoint with
// 405), while this check is only meaningful against the public registry.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));

type AuditReport = {
  error?: { summary?: string; detail?: string };
  message?: string;
  statusCode?: number;
  vulnerabilities?: Record<string, { name: string; severity: 'info' | 'low' | 'moderate' | 'high' | 'critical'; via: unknown[]; fixAvailable: unknown }>;
  metadata?: { vulnerabilities: Record<string, number>; dependencies: { prod: number } };
};

test('no production dependency has a high or critical known vulnerability (npm audit --omit=dev)', { timeout: 120_000 }, async () => {
  // npm audit exits non-zero when it finds anything at all; the JSON on stdout says what.
  const out = await promisify(execFile)('npm', ['audit', '--omit=dev', '--json'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
    (r) => r.stdout,
    (err: { stdout?: string; stderr?: string }) => err.stdout || err.stderr || '',
  );
  let report: AuditReport;
  try {
    report = JSON.parse(out) as AuditReport;
  } catch {
    assert.fail(`npm audit printed no report:\n${out.slice(0, 1000)}`);
  }
  assert.ok(report.metadata, `npm audit could not run: ${report.message ?? report.error?.summary ?? JSON.stringify(report).slice(0, 500)}`);
  const serious = Object.values(report.vulnerabilities ?? {})
    .filter((v) => v.severity === 'high' || v.severity === 'critical')
    .map((v) => `${v.name} (${v.severity})`);
  assert.deepEqual(serious, []);
  assert.ok(report.metadata.dependencies.prod > 20, 'the audit saw the production dependencies');
});
