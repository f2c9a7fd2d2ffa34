// What every module's routes and services are given: the database, configuration, the
// reference geography and a clock (tests move time without touching the system clock).
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Engine } from './db/database.js';
import type { DB } from './db/schema.js';

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

export type AppContext = {
  db: Kysely<DB>;
  engine: Engine;
  config: Config;
  clock: Clock;
};
