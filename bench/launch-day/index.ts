// Launch day on one small machine: the real service (src/server.ts, its own process or a cluster
// of them) on a PostgreSQL database of the bench's own, and a crowd of offerors walking the
// whole journey over HTTP with the fixture mix. Then the final-submit rate alone, against the
// ceiling of the machine: a bare route running the same transaction (ceiling.ts). Prints
// journeys/s, submissions/s, p50/p95/p99 per step, errors, memory, and the ratio; checks in the
// database that no confirmed offer is lost or partial.
// Run: npm run bench:launch-day
// Environment (all optional):
//   BENCH_DATABASE_URL   server to create the database on (default the local test server)
//   BENCH_SECONDS        length of the journey phase, s (default 20)
//   BENCH_CONCURRENCY    offerors walking at once (default 64)
//   BENCH_SUBMISSIONS    drafts submitted in each final-submit phase (default 6000)
//   BENCH_SUBMIT_CONCURRENCY  final submissions in flight at once (default 64)
//   BENCH_WORKERS        service processes (node:cluster; default 1)
//   BENCH_POOL_SIZE      DATABASE_POOL_SIZE of each process (default 10)
//   BENCH_LOG_LEVEL      the service's LOG_LEVEL (default info, as in production; logs go to a file)
//   BENCH_CPU_PROF=1     write the service's CPU profile (node --cpu-prof) to the printed folder
//   BENCH_KEEP=1         keep the bench's database afterwards (its name is printed)
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { prepareDatabase } from '../../src/bootstrap.js';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { loadFixtures } from '../../test/support/fixtures.js';
import { admin, log, percentile, urlOf } from '../support/seed.js';
import { HttpOfferor, JourneyError, anotherOfferor, draftAnswersOf, offerorAddress, walkJourney, weightedPicker } from './journey.js';
import { verifyOffers, type Confirmed } from './verify.js';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 64);
const SUBMISSIONS = Number(env.BENCH_SUBMISSIONS ?? 6000);
const SUBMIT_CONCURRENCY = Number(env.BENCH_SUBMIT_CONCURRENCY ?? 64);
const WORKERS = Number(env.BENCH_WORKERS ?? 1);
const POOL_SIZE = Number(env.BENCH_POOL_SIZE ?? 10);
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'info';
const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'prosfero-launch-day-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess, seconds = 120): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { method: url.includes('/submit/') ? 'POST' : 'GET' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > seconds * 1000) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resident memory (MB) of a process and its children (a cluster's workers), from /proc. */
function rssOf(pid: number): number {
  const parents = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parents) if (pp === tree[i]) tree.push(p);
  let kb = 0;
  for (const p of tree) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

function memoryWatch(pid: number) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 250);
  return { stop: () => (clearInterval(timer), { peak, now: rssOf(pid) }) };
}

type Timings = Map<string, number[]>;
const record = (t: Timings) => (step: string, ms: number) => {
  let list = t.get(step);
  if (!list) t.set(step, (list = []));
  list.push(ms);
};

function printTimings(t: Timings): void {
  const rows = [...t].map(([step, list]) => {
    list.sort((a, b) => a - b);
    return [step, String(list.length), ...[50, 95, 99].map((p) => percentile(list, p).toFixed(1))];
  });
  const width = Math.max(...rows.map((r) => r[0]!.length));
  console.log(`  ${'step'.padEnd(width)}  ${'count'.padStart(7)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}  ${'p99 ms'.padStart(8)}`);
  for (const r of rows) console.log(`  ${r[0]!.padEnd(width)}  ${r[1]!.padStart(7)}  ${r[2]!.padStart(8)}  ${r[3]!.padStart(8)}  ${r[4]!.padStart(8)}`);
}

const name = `prosfero_launch_${process.pid}_${randomBytes(3).toString('hex')}`;
const url = urlOf(name);
const children: ChildProcess[] = [];
const cleanUp = async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (env.BENCH_KEEP === '1') log(`kept database ${name}`);
  else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
};
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

function startService(port: number): ChildProcess {
  const profile = env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(work, 'profiles')}`] : [];
  const entry = WORKERS > 1 ? ['bench/launch-day/cluster.ts', String(WORKERS)] : ['src/server.ts'];
  const out = openSync(path.join(work, 'service.log'), 'a');
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...entry], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      HOST: '127.0.0.1',
      PORT: String(port),
      TRUST_PROXY: 'true',
      LOG_LEVEL,
      DATA_DIR: work,
    },
    stdio: ['ignore', out, out],
  });
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

try {
  log(`creating ${name}; service: ${WORKERS} process(es), pool ${POOL_SIZE} each, LOG_LEVEL=${LOG_LEVEL}; work folder ${work}`);
  await admin(`CREATE DATABASE ${name}`);
  const database = await openDatabase({ engine: 'postgres', url, poolSize: 4 });
  await prepareDatabase(database);
  const db = database.db;

  const port = await freePort();
  const service = startService(port);
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/health/ready`, service);
  log(`service ready on ${origin}`);

  const fixtures = loadFixtures();
  const pick = weightedPicker(fixtures);
  const today = new Date(`${todayInAthens(new Date())}T00:00:00Z`);
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  let offerors = 0;

  // --- journeys ------------------------------------------------------------------------------
  async function journeys(seconds: number, timings: Timings) {
    const confirmed: Confirmed[] = [];
    const errors = new Map<string, number>();
    let requests = 0;
    const deadline = performance.now() + seconds * 1000;
    const rec = record(timings);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          const f = anotherOfferor(pick());
          const o = new HttpOfferor(pool, offerorAddress(offerors++), (step, ms) => (requests++, rec(step, ms)));
          try {
            confirmed.push({ reference: (await walkJourney(o, f, today))!, lines: f.lines.length });
          } catch (err) {
            const key = err instanceof JourneyError ? `${err.step} → ${err.status}` : String((err as Error).message).slice(0, 120);
            errors.set(key, (errors.get(key) ?? 0) + 1);
          }
        }
      }),
    );
    return { confirmed, errors, requests, elapsed: (performance.now() - started) / 1000 };
  }

  log('warming up (5 s of journeys)');
  await journeys(5, new Map());

  log(`journeys: ${CONCURRENCY} offerors at once for ${SECONDS} s`);
  const journeyTimings: Timings = new Map();
  const mem = memoryWatch(service.pid!);
  const j = await journeys(SECONDS, journeyTimings);
  const journeyMemory = mem.stop();

  // --- final submissions: ceiling, then the service --------------------------------------------
  /** Drafts ready to submit, as the pages would have saved them; @returns their cookie tokens. */
  async function makeDrafts(n: number): Promise<{ token: string; lines: number }[]> {
    const made: { token: string; lines: number }[] = [];
    const expires = new Date(Date.now() + 24 * 3600_000);
    for (let i = 0; i < n; i += 500) {
      const batch = Array.from({ length: Math.min(500, n - i) }, () => {
        const f = anotherOfferor(pick());
        const token = randomBytes(32).toString('base64url');
        made.push({ token, lines: f.lines.length });
        return { token_hash: createHash('sha256').update(token).digest('hex'), language: f.language, expires_at: expires, answers: JSON.stringify(draftAnswersOf(f, today)) };
      });
      await db.insertInto('drafts').values(batch).execute();
    }
    return made;
  }

  async function fire(n: number, send: (i: number) => Promise<number>) {
    const times: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SUBMIT_CONCURRENCY }, async () => {
        for (let i = next++; i < n; i = next++) {
          const t0 = performance.now();
          let status = 0;
          try {
            status = await send(i);
          } catch {
            status = -1;
          }
          times.push(performance.now() - t0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return { rate: n / elapsed, elapsed, statuses, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
  }

  log(`ceiling: ${SUBMISSIONS} drafts through a bare route with the same transaction`);
  const ceilingDrafts = await makeDrafts(SUBMISSIONS);
  const ceilingPort = await freePort();
  const ceilingEntry = WORKERS > 1 ? ['bench/launch-day/cluster.ts', String(WORKERS), 'ceiling'] : ['bench/launch-day/ceiling.ts'];
  const ceilingProcess = spawn(process.execPath, ['--import', 'tsx', ...ceilingEntry], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), DATA_DIR: work, DATABASE_URL: url, DATABASE_POOL_SIZE: String(POOL_SIZE), PORT: String(ceilingPort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(ceilingProcess);
  await waitFor(`http://127.0.0.1:${ceilingPort}/submit/none`, ceilingProcess);
  const ceilingPool = new Pool(`http://127.0.0.1:${ceilingPort}`, { connections: SUBMIT_CONCURRENCY });
  const ceiling = await fire(SUBMISSIONS, async (i) => {
    const res = await ceilingPool.request({ method: 'POST', path: `/submit/${ceilingDrafts[i]!.token}` });
    await res.body.dump();
    return res.statusCode;
  });
  await ceilingPool.close();
  await stop(ceilingProcess);

  log(`final submissions: ${SUBMISSIONS} drafts through POST /offers/new/submit`);
  const submitDrafts = await makeDrafts(SUBMISSIONS);
  // One browser's CSRF secret and token serve every submission: a token is checked against the
  // secret in the _csrf cookie, not spent.
  const browser = new HttpOfferor(pool, offerorAddress(offerors++));
  await browser.get('/');
  const csrfCookie = `_csrf=${browser.cookies.get('_csrf')}`;
  const body = `_csrf=${encodeURIComponent(browser.csrf!)}`;
  const mem2 = memoryWatch(service.pid!);
  const submit = await fire(SUBMISSIONS, async (i) => {
    const res = await pool.request({
      method: 'POST',
      path: '/offers/new/submit',
      headers: {
        cookie: `${csrfCookie}; offer_draft=${submitDrafts[i]!.token}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': offerorAddress(offerors++),
      },
      body,
    });
    await res.body.dump();
    return res.statusCode;
  });
  const submitMemory = mem2.stop();
  await pool.close();

  // --- nothing lost -------------------------------------------------------------------------
  const submittedDrafts = await db
    .selectFrom('drafts')
    .innerJoin('offers', 'offers.id', 'drafts.offer_id')
    .select(['offers.reference'])
    .where('drafts.token_hash', 'in', submitDrafts.map((d) => createHash('sha256').update(d.token).digest('hex')))
    .execute();
  const v = await verifyOffers(db, j.confirmed);

  // --- figures ------------------------------------------------------------------------------
  console.log('');
  console.log(`Launch day on ${(await import('node:os')).cpus().length} cores, service: ${WORKERS} process(es), pool ${POOL_SIZE}, LOG_LEVEL=${LOG_LEVEL}`);
  console.log(`journeys (${CONCURRENCY} offerors at once, ${j.elapsed.toFixed(1)} s, ${j.requests} requests, ${(j.requests / j.elapsed).toFixed(0)} requests/s):`);
  console.log(`  complete journeys:      ${j.confirmed.length} = ${(j.confirmed.length / j.elapsed).toFixed(1)} per second (target ≥ 300)`);
  console.log(`  final submissions/s in the journeys: ${(j.confirmed.length / j.elapsed).toFixed(1)}`);
  console.log(`  failed journeys:        ${[...j.errors.values()].reduce((a, b) => a + b, 0)}${j.errors.size ? ` — ${[...j.errors].map(([k, n]) => `${k} ×${n}`).join('; ')}` : ''}`);
  printTimings(journeyTimings);
  console.log(`  service memory (RSS):   peak ${journeyMemory.peak.toFixed(0)} MB, at the end ${journeyMemory.now.toFixed(0)} MB`);
  const show = (label: string, r: typeof submit) =>
    console.log(`  ${label.padEnd(34)} ${r.rate.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  statuses ${[...r.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(`final submissions (${SUBMISSIONS} each, ${SUBMIT_CONCURRENCY} in flight):`);
  show('ceiling (bare route, same transaction)', ceiling);
  show('POST /offers/new/submit', submit);
  console.log(`  ratio to the ceiling:   ${(submit.rate / ceiling.rate).toFixed(2)} (target ≥ 0.6; target ≥ 1,000/s with p99 < 200 ms)`);
  console.log(`  service memory (RSS):   peak ${submitMemory.peak.toFixed(0)} MB`);
  console.log('nothing lost:');
  console.log(`  confirmation pages served: ${j.confirmed.length}; lost ${v.lost.length}; wrong number of lines ${v.wrongLines.length}; partial offers ${v.partial.length} of ${v.offers}`);
  console.log(`  final-submit phase: ${submit.statuses.get(303) ?? 0} answered 303, ${submittedDrafts.length} drafts became offers`);
  for (const problem of [...v.lost, ...v.wrongLines, ...v.partial].slice(0, 10)) console.log(`  ! ${problem}`);
  if (env.BENCH_CPU_PROF === '1') console.log(`CPU profiles: ${path.join(work, 'profiles')} (written when the service stops)`);

  await stop(service);
  await database.close();
} finally {
  await cleanUp();
}
