// Time from starting the service to its first answered request, on a fresh embedded data folder
// and on the same folder again (migrations and reference data already in place).
// Run: npm run bench:startup
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

async function timeToFirstAnswer(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 120_000) throw new Error('the service did not answer within 120 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-bench-'));
try {
  const fresh = await timeToFirstAnswer(dir, 3901);
  const existing = [];
  for (let i = 0; i < 3; i++) existing.push(await timeToFirstAnswer(dir, 3901));
  existing.sort((a, b) => a - b);
  const median = existing[1]!;
  console.log(`start → first answered request, fresh data folder:    ${Math.round(fresh)} ms`);
  console.log(`start → first answered request, existing data folder: ${Math.round(median)} ms (median of 3)`);
  console.log(`ratio existing / fresh: ${(median / fresh).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
