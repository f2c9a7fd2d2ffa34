// The email outbox under a launch burst: 10,000 submissions' emails queued the way submission
// queues them (queueSubmissionEmail, one transaction per offer, several at once), drained by the
// outbox worker to a local SMTP server in a separate process. Prints the queueing rate, emails
// delivered per second, and the time until the outbox is empty.
// Run: npm run bench:outbox
//   BENCH_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test); the bench
//                       creates its own database there and drops it at the end
//   BENCH_EMAILS        submissions in the burst (default 10000)
//   BENCH_CLIENTS       transactions queueing at once (default 8)
//   OUTBOX_CONCURRENCY, OUTBOX_BATCH_SIZE  the worker's settings (defaults as in production)
//   BENCH_WORKERS       outbox workers draining at once (default 1; more = more processes' worth)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { queueSubmissionEmail } from '../src/modules/notifications/index.js';
import type { AppContext } from '../src/platform/context.js';
import { systemClock } from '../src/platform/context.js';
import { createOutboxWorker, smtpTransport } from '../src/platform/mail/index.js';
import { log, openSeededDatabase } from './support/seed.js';

// The SMTP sink runs in its own process (this file, forked with "sink"), as a real relay would,
// so receiving does not take the worker's event loop.
if (process.argv[2] === 'sink') {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as { port: number }).port }));
  process.on('message', (m: string) => {
    if (m === 'count') process.send!({ received });
    if (m === 'exit') server.close(() => process.exit(0));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
  const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
  const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);

  const sink = fork(fileURLToPath(import.meta.url), ['sink'], { stdio: 'inherit' });
  const [{ port }] = (await once(sink, 'message')) as [{ port: number }];
  const received = async () => {
    sink.send('count');
    const [m] = (await once(sink, 'message')) as [{ received: number }];
    return m.received;
  };

  const bench = await openSeededDatabase('outbox', EMAILS, CLIENTS + 2 * WORKERS + 2);
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', SMTP_URL: `smtp://127.0.0.1:${port}` });
    const ctx: AppContext = { db: bench.db, engine: 'postgres', config, clock: systemClock };
    const offers = (await bench.db.selectFrom('offers').select('id').orderBy('submitted_at').execute()).map((o) => o.id);
    log(`${offers.length} offers seeded; SMTP sink on port ${port}; worker: batch ${config.mail.batchSize}, ${config.mail.concurrency} SMTP connections, ${WORKERS} worker(s)`);

    const count = async (status: 'pending' | 'sent') =>
      Number((await bench.db.selectFrom('email_outbox').select((eb) => eb.fn.countAll().as('n')).where('status', '=', status).executeTakeFirstOrThrow()).n);
    const startWorkers = () => {
      const workers = Array.from({ length: WORKERS }, () =>
        createOutboxWorker({ db: bench.db, transport: smtpTransport(config.mail.smtpUrl!, config.mail.concurrency), clock: systemClock, settings: { ...config.mail, pollMs: 100 } }),
      );
      for (const w of workers) w.start();
      return workers;
    };
    // The burst: CLIENTS transactions at a time, each one submission's email (with its
    // confirmation and self-service link rows), as submitOffer writes it.
    const burst = async () => {
      const began = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < offers.length) {
            const offerId = offers[next++]!;
            await bench.db.transaction().execute((trx) => queueSubmissionEmail(trx, ctx, { offerId, at: new Date() }));
          }
        }),
      );
      return performance.now() - began;
    };
    const untilEmpty = async () => {
      while ((await count('pending')) > 0) await new Promise((r) => setTimeout(r, 50));
    };
    const figures: string[] = [];

    // 1. A backlog: the burst is queued while no worker runs (a restart, an SMTP outage), then
    //    drained: the worker's delivery rate on its own.
    const queuedMs = await burst();
    log(`backlog: queued ${offers.length} emails in ${(queuedMs / 1000).toFixed(1)} s (${Math.round(offers.length / (queuedMs / 1000))} per second, ${CLIENTS} transactions at once)`);
    const sentBefore = await count('sent');
    const drainStart = performance.now();
    let workers = startWorkers();
    await untilEmpty();
    const drainMs = performance.now() - drainStart;
    for (const w of workers) await w.stop();
    const drained = (await count('sent')) - sentBefore;
    log(`backlog: ${drained} delivered in ${(drainMs / 1000).toFixed(1)} s`);
    figures.push(`queueing rate            ${Math.round(offers.length / (queuedMs / 1000))} emails/s (${CLIENTS} transactions at once, each as submission writes it)`);
    figures.push(`backlog delivery rate    ${Math.round(drained / (drainMs / 1000))} emails/s (${drained} emails, outbox empty ${(drainMs / 1000).toFixed(1)} s after the worker started)`);

    // 2. Live: the same burst again with the worker running, as on a launch day.
    const sentBeforeLive = await count('sent');
    workers = startWorkers();
    const liveStart = performance.now();
    const liveQueuedMs = await burst();
    const pendingAtEnd = await count('pending');
    await untilEmpty();
    const liveMs = performance.now() - liveStart;
    for (const w of workers) await w.stop();
    const live = (await count('sent')) - sentBeforeLive;
    log(`live: queued in ${(liveQueuedMs / 1000).toFixed(1)} s, ${pendingAtEnd} pending then, empty ${(liveMs / 1000).toFixed(1)} s after the burst began`);
    figures.push(`live burst               ${live} emails delivered at ${Math.round(live / (liveMs / 1000))} emails/s; outbox empty ${(liveMs / 1000).toFixed(1)} s after the first submission, ${((liveMs - liveQueuedMs) / 1000).toFixed(1)} s after the last (${pendingAtEnd} still pending then)`);

    const got = await received();
    console.log('');
    console.log(`SMTP server received     ${got} of ${2 * offers.length} emails (${WORKERS} worker(s), batch ${config.mail.batchSize}, ${config.mail.concurrency} SMTP connections each)`);
    for (const f of figures) console.log(f);
    if (drained !== offers.length || live !== offers.length || got !== 2 * offers.length) process.exitCode = 1;
  } finally {
    sink.send('exit');
    await bench.drop();
  }
}
