// `npm run migrate`: applies pending migrations and reference data to the configured database.
import { openConfiguredDatabase, prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { describeStartupError } from './platform/db/database.js';

try {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const { migrations, adminUnits } = await prepareDatabase(database);
    console.log(migrations.length ? `Applied ${migrations.join(', ')}` : 'No migrations to apply');
    if (adminUnits) console.log(`Loaded ${adminUnits} administrative units`);
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : describeStartupError(err));
  process.exit(1);
}
