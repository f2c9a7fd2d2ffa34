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

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(purgeTimer);
    app.log.info({ signal }, 'shutting down');
    await app.close();
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
