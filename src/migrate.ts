// `npm run migrate`: applies pending migrations and reference data to the configured database.
import { openConfiguredDatabase, prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const database = await openConfiguredDatabase(config);
try {
  const { migrations, adminUnits } = await prepareDatabase(database);
  console.log(migrations.length ? `Applied ${migrations.join(', ')}` : 'No migrations to apply');
  if (adminUnits) console.log(`Loaded ${adminUnits} administrative units`);
} finally {
  await database.close();
}
