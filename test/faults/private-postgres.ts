// A PostgreSQL 15 server of the test's own (initdb + pg_ctl in a temporary folder, on a free
// port), so an outage can be staged by stopping it: the shared server every other test uses is
// never touched. As root the server runs as the `postgres` user (PostgreSQL refuses root).
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './process.js';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

export type PrivatePostgres = {
  /** connection string of `database` on this server */
  url(database: string): string;
  /** pg_ctl stop -m fast: connections are cut, the server is gone until start() */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops it (immediate) and removes its folder */
  destroy(): Promise<void>;
};

async function asPostgres(cmd: string, args: string[]): Promise<void> {
  const root = userInfo().uid === 0;
  try {
    await (root ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(cmd)} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * Makes and starts a fresh cluster, with `database` created in it.
 * @throws Error with initdb's or pg_ctl's output when PostgreSQL 15 cannot be run here.
 */
export async function startPrivatePostgres(database: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prosfero-pg-'));
  if (userInfo().uid === 0) {
    const pwd = (await run('id', ['-u', 'postgres'])).stdout.trim();
    const grp = (await run('id', ['-g', 'postgres'])).stdout.trim();
    chownSync(dir, Number(pwd), Number(grp));
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  await asPostgres(`${BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40`;
  const ctl = (...args: string[]) => asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', ...args]);
  await ctl('-o', options, 'start');
  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
  const client = new pg.Client({ connectionString: url('postgres') });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  let running = true;
  return {
    url,
    async stop() {
      await ctl('-m', 'fast', 'stop');
      running = false;
    },
    async start() {
      await ctl('-o', options, 'start');
      running = true;
    },
    async destroy() {
      if (running) await ctl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
