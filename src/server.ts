// Reads configuration, opens and prepares the database, builds the app and listens.
import { performance } from 'node:perf_hooks';
import { buildApp } from './app.js';
import { openConfiguredDatabase, prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { describeStartupError } from './platform/db/database.js';
import { systemClock } from './platform/context.js';
import { ensureFirstAdministrator } from './modules/accounts/index.js';
import { purgeExpiredDrafts } from './modules/offers/index.js';
import { purgeExpiredImports } from './modules/imports/index.js';
import { startAvailabilityCycle } from './modules/availability/index.js';
import { startMailWorker } from './modules/notifications/index.js';
import { purgeOutbox } from './platform/mail/index.js';
import { startExportWorker } from './modules/exports/index.js';

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  const prepared = await prepareDatabase(database);
  const ctx = { db: database.db, engine: database.engine, config, clock: systemClock };
  const app = await buildApp({ ctx, logger: { level: config.logLevel } });
  if (prepared.migrations.length) app.log.info({ migrations: prepared.migrations }, 'migrations applied');
  await ensureFirstAdministrator(ctx, (line: string) => console.log(line));

  // Unsubmitted answers are personal data: drop them once their draft has expired.
  const purge = () =>
    purgeExpiredDrafts(ctx).then(
      (n) => n && app.log.info({ drafts: n }, 'expired drafts deleted'),
      (err: unknown) => app.log.warn({ err }, 'could not delete expired drafts'),
    );
  void purge();
  const purgeTimer = setInterval(purge, 3600_000);
  purgeTimer.unref();
  // Rows of imported files nobody decided on are personal data too: deleted at their expiry.
  const purgeImports = () =>
    purgeExpiredImports(ctx).then(
      (n) => n && app.log.info({ imports: n }, 'expired imports deleted'),
      (err: unknown) => app.log.warn({ err }, 'could not delete expired imports'),
    );
  void purgeImports();
  setInterval(purgeImports, 3600_000).unref();

  // Delivers the email outbox (SMTP, or the development mailbox without SMTP_URL).
  const mailWorker = startMailWorker(ctx, app.log);
  // Sent emails hold names and addresses: keep them OUTBOX_RETENTION_DAYS, then delete them.
  const purgeMail = () =>
    purgeOutbox(ctx.db, new Date(ctx.clock.now().getTime() - config.mail.retentionDays * 86_400_000)).then(
      (n) => n && app.log.info({ emails: n }, 'old emails deleted from the outbox'),
      (err: unknown) => app.log.warn({ err }, 'could not delete old emails from the outbox'),
    );
  void purgeMail();
  const mailPurgeTimer = setInterval(purgeMail, 3600_000);
  mailPurgeTimer.unref();
  // Large exports run here; a job left running by a stopped process is taken up again.
  const exportWorker = startExportWorker(ctx, { log: app.log });

  // Asks offerors whether their offers still stand, flags and expires (config.availability).
  const availabilityCycle = startAvailabilityCycle(ctx, app.log);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(purgeTimer);
    clearInterval(mailPurgeTimer);
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await availabilityCycle.stop();
    // After the app: no request can queue more; the batch in flight is recorded before the pool closes.
    await mailWorker.stop();
    // The export in hand goes back to the queue for the next start.
    await exportWorker.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ host: config.host, port: config.port });
  const engine = database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Prosfero is listening on ${address.replace('127.0.0.1', 'localhost')} (${engine}); ready in ${Math.round(performance.now() - started)} ms`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else if ((err as { code?: string }).code && !(err instanceof TypeError)) {
    console.error(describeStartupError(err));
  } else {
    console.error(err);
  }
  process.exit(1);
});
