// The service as a real child process (src/server.ts), so a test can kill it with SIGKILL the
// way a power cut or the kernel's OOM killer would, and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type ServiceProcess = {
  origin: string;
  child: ChildProcess;
  /** ms from spawning to the first 200 from /health/ready */
  readyInMs: number;
  /** what the process printed (stdout and stderr) */
  output(): string;
  /** SIGKILL, and wait for the exit */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), and wait for the exit */
  stop(): Promise<void>;
};

/**
 * Starts `node --import tsx src/server.ts` with `env` (on top of a quiet test configuration with
 * TRUST_PROXY=true) and waits until /health/ready answers 200.
 * @throws Error with the process's output when it exits or is not ready within `timeoutMs`.
 */
export async function startService(env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      SESSION_SECRET: 'fault-secret-fault-secret-fault-secret-0123',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      TRUST_PROXY: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    try {
      const res = await fetch(`${origin}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyInMs = performance.now() - started;
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { origin, child, readyInMs, output: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
