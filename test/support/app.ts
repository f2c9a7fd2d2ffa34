// buildTestApp(): the real application on a real test database, driven with app.inject.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppContext, Clock } from '../../src/platform/context.js';
import type { Engine } from '../../src/platform/db/database.js';
import { testDatabase, type TestDatabase } from './database.js';

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext;
  database: TestDatabase;
  close(): Promise<void>;
};

/** A clock tests can set and move. */
export function testClock(start = new Date()): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d) => void (now = d.getTime()),
    advance: (ms) => void (now += ms),
  };
}

export async function buildTestApp(
  engine: Engine,
  options: { env?: Record<string, string>; clock?: Clock; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = await testDatabase(engine);
  const config = {
    ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent', ...options.env }),
    ...options.config,
  };
  const ctx: AppContext = { db: database.db, engine: database.engine, config, clock: options.clock ?? { now: () => new Date() } };
  const app = await buildApp({ ctx, logger: false });
  await app.ready();
  return {
    app,
    ctx,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
