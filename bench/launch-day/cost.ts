// What one journey and one final submission cost the service, in figures that do not depend on
// how busy the machine is: SQL statements (each one a round trip to PostgreSQL; BEGIN and COMMIT
// included) and the service's own CPU time. The service runs in a child process with the pg
// client counting every query; the crowd walks one journey at a time, so nothing waits on
// anything else and CPU time per journey is the work itself.
// Run: npm run bench:launch-day:cost   (tsx bench/launch-day/cost.ts)
// Environment (optional): BENCH_DATABASE_URL (server), BENCH_JOURNEYS (default 100),
//   BENCH_SUBMISSIONS (default 300), BENCH_LOG_LEVEL (the service's, default info; logs to a file),
//   BENCH_CPU_PROF=1 (the service's CPU profile, in the printed work folder's profiles/).
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import pg from 'pg';
import { todayInAthens } from '../../src/modules/offers/index.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { loadFixtures } from '../../test/support/fixtures.js';
import { admin, log, urlOf } from '../support/seed.js';
import { HttpOfferor, anotherOfferor, draftAnswersOf, offerorAddress, walkJourney, weightedPicker } from './journey.js';

type Sample = { queries: number; cpu: NodeJS.CpuUsage; verbs: Record<string, number> };

// --- the service, in the child --------------------------------------------------------------
async function serve(): Promise<void> {
  let queries = 0;
  const verbs: Record<string, number> = {};
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queries++;
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
    const verb = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)(?:\s+(?:into|from)?\s*"?(\w+))?/i.exec(text);
    const key = verb ? `${verb[1]!.toLowerCase()}${verb[2] ? ` ${verb[2]}` : ''}` : '?';
    verbs[key] = (verbs[key] ?? 0) + 1;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const { buildApp } = await import('../../src/app.js');
  const { loadConfig } = await import('../../src/config.js');
  const { prepareDatabase } = await import('../../src/bootstrap.js');
  const config = loadConfig();
  const database = await openDatabase({ engine: 'postgres', url: process.env.DATABASE_URL!, poolSize: 4 });
  await prepareDatabase(database);
  const logger = { level: config.logLevel, file: path.join(process.env.DATA_DIR!, 'service.log') };
  const app = await buildApp({ ctx: { db: database.db, engine: 'postgres', config, clock: { now: () => new Date() } }, logger });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.on('message', (m) => {
    if (m === 'sample') process.send!({ queries, cpu: process.cpuUsage(), verbs: { ...verbs } } satisfies Sample);
    if (m === 'stop') void app.close().then(() => database.close()).then(() => process.exit(0));
  });
  process.send!({ address });
}

// --- the crowd, in the parent ---------------------------------------------------------------
async function measure(): Promise<void> {
  const JOURNEYS = Number(process.env.BENCH_JOURNEYS ?? 100);
  const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 300);
  const work = mkdtempSync(path.join(tmpdir(), 'prosfero-cost-'));
  const name = `prosfero_cost_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = urlOf(name);
  await admin(`CREATE DATABASE ${name}`);
  const child = fork(import.meta.filename, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(work, 'profiles')}`] : [])],
    env: {
      ...process.env,
      COST_SERVICE: '1',
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: url,
      TRUST_PROXY: 'true',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      DATA_DIR: work,
    },
  });
  const replies: ((m: unknown) => void)[] = [];
  child.on('message', (m) => replies.shift()?.(m));
  const next = <T>() => new Promise<T>((r) => replies.push(r as (m: unknown) => void));
  const sample = () => {
    const p = next<Sample>();
    child.send('sample');
    return p;
  };
  try {
    const { address } = await next<{ address: string }>();
    log(`service ready; work folder ${work}`);
    const pool = new Pool(address, { connections: 1 });
    const pick = weightedPicker(loadFixtures());
    const today = new Date(`${todayInAthens(new Date())}T00:00:00Z`);
    let n = 0;
    const walk = () => walkJourney(new HttpOfferor(pool, offerorAddress(n++)), anotherOfferor(pick()), today);

    log('warming up: 30 journeys');
    for (let i = 0; i < 30; i++) await walk();

    log(`statements: ${JOURNEYS} journeys`);
    const perStep = new Map<string, number[]>();
    let last = (await sample()).queries;
    const j0 = await sample();
    for (let i = 0; i < JOURNEYS; i++) await walk();
    const j1 = await sample();
    // Per step: walk again, sampling after each request (sequential, so the delta is that request's).
    for (let i = 0; i < Math.min(JOURNEYS, 40); i++) {
      const o = new HttpOfferor(pool, offerorAddress(n++));
      const original = o.request.bind(o);
      o.request = async (method, p, body, step = `${method} ${p}`) => {
        const a = await original(method, p, body, step);
        const now = (await sample()).queries;
        const list = perStep.get(step) ?? [];
        list.push(now - last);
        perStep.set(step, list);
        last = now;
        return a;
      };
      last = (await sample()).queries;
      await walkJourney(o, anotherOfferor(pick()), today);
    }

    // CPU per journey: no sampling in between.
    log(`CPU: ${JOURNEYS} journeys`);
    const c0 = await sample();
    for (let i = 0; i < JOURNEYS; i++) await walk();
    const c1 = await sample();

    // Final submissions alone, on drafts ready to submit.
    log(`final submissions: ${SUBMISSIONS}`);
    const database = await openDatabase({ engine: 'postgres', url, poolSize: 2 });
    const tokens: string[] = [];
    const rows = Array.from({ length: SUBMISSIONS }, () => {
      const f = anotherOfferor(pick());
      const token = randomBytes(32).toString('base64url');
      tokens.push(token);
      return { token_hash: createHash('sha256').update(token).digest('hex'), language: f.language, expires_at: new Date(Date.now() + 86_400_000), answers: JSON.stringify(draftAnswersOf(f, today)) };
    });
    for (let i = 0; i < rows.length; i += 500) await database.db.insertInto('drafts').values(rows.slice(i, i + 500)).execute();
    const browser = new HttpOfferor(pool, offerorAddress(n++));
    await browser.get('/');
    const cookie = `_csrf=${browser.cookies.get('_csrf')}`;
    const body = `_csrf=${encodeURIComponent(browser.csrf!)}`;
    const s0 = await sample();
    for (const token of tokens) {
      const res = await pool.request({
        method: 'POST',
        path: '/offers/new/submit',
        headers: { cookie: `${cookie}; offer_draft=${token}`, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': offerorAddress(n++) },
        body,
      });
      await res.body.dump();
      if (res.statusCode !== 303) throw new Error(`submit answered ${res.statusCode}`);
    }
    const s1 = await sample();
    await database.close();
    await pool.close();

    const cpuMs = (a: Sample, b: Sample) => (b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system) / 1000;
    console.log('');
    console.log(`Cost of one journey and one final submission (LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'info'}; one at a time):`);
    console.log(`  statements per journey:          ${((j1.queries - j0.queries) / JOURNEYS).toFixed(1)}`);
    console.log(`  service CPU per journey:         ${(cpuMs(c0, c1) / JOURNEYS).toFixed(2)} ms`);
    console.log(`  statements per final submission: ${((s1.queries - s0.queries) / SUBMISSIONS).toFixed(2)}`);
    console.log(`  service CPU per final submission: ${(cpuMs(s0, s1) / SUBMISSIONS).toFixed(2)} ms`);
    console.log('  statements of the final submissions, by kind (per submission):');
    for (const [k, v] of Object.entries(s1.verbs).map(([k, v]) => [k, (v - (s0.verbs[k] ?? 0)) / SUBMISSIONS] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])) {
      console.log(`    ${k.padEnd(40)} ${v.toFixed(2)}`);
    }
    console.log('  statements per request, by step (median):');
    for (const [step, list] of perStep) {
      list.sort((a, b) => a - b);
      console.log(`    ${step.padEnd(44)} ${list[Math.floor(list.length / 2)]}`);
    }
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
}

if (process.env.COST_SERVICE === '1') await serve();
else await measure();
