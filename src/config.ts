// The only reader of process.env. Every setting has a local default so `npm start` works on a
// laptop with nothing configured; secrets are required when NODE_ENV=production.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  SUBMIT_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  SUBMIT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  START_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  STEP_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  DRAFT_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  ADMIN_EMAIL: z.string().email().default('admin@prosfero.localhost'),
  ADMIN_NAME: z.string().min(1).default('Administrator'),
  CONTACT_WEB: z.string().min(1).default('https://prosfero.example.org'),
  CONTACT_PHONES: z.string().min(1).default('+30 213 000 0000, +30 213 000 0001'),
  CONTACT_EMAIL: z.string().email().default('help@prosfero.example.org'),
  CONTACT_VIBER: z.string().url().default('https://invite.viber.com/?g2=prosfero-example'),
  AUTHORITY_NAME_EL: z.string().min(1).default('Υπουργείο Μετανάστευσης και Ασύλου'),
  AUTHORITY_NAME_EN: z.string().min(1).default('Ministry of Migration and Asylum'),
  AUTHORITY_NAME_UK: z.string().min(1).default('Міністерство міграції та притулку'),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(32 * 1024 * 1024),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  IMPORT_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  QUEUE_COUNT_BUDGET_MS: z.coerce.number().int().min(1).max(60_000).default(20),
  EXPORT_INLINE_MAX_ROWS: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
  EXPORT_DIR: z.string().min(1).optional(),
  EXPORT_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24),
  AVAILABILITY_CHECK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  AVAILABILITY_REMINDER_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  AVAILABILITY_CYCLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  SELF_SERVICE_LINK_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  SELF_SERVICE_SESSION_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  SELF_SERVICE_LINKS_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).max(100).default(3),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Prosfero <no-reply@prosfero.localhost>'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  OUTBOX_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  OUTBOX_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3600),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  EMAIL_CONFIRMATION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  /** Signs cookies and encrypts TOTP secrets. Outside production it defaults to one kept in DATA_DIR. */
  sessionSecret: string;
  logLevel: string;
  trustProxy: boolean;
  submitRateLimit: { max: number; windowSeconds: number };
  /** new drafts a client address may start per minute (each holds up to ~1 MB of answers) */
  startRateLimit: number;
  /** journey pages a client address may save per minute */
  stepRateLimit: number;
  draftTtlHours: number;
  staffSessionIdleMinutes: number;
  admin: { email: string; name: string };
  contact: { web: string; phones: string[]; email: string; viber: string };
  authorityName: { el: string; en: string; uk: string };
  /** Bulk import of offers: files up to `maxBytes` and `maxRows` data rows; a checked file waits
   * `ttlHours` for a staff member's decision, then its rows (personal data) are deleted. */
  imports: { maxBytes: number; maxRows: number; ttlHours: number };
  /**
   * Exports of the review queue: up to `inlineMaxRows` offer lines stream straight to the browser,
   * more run as a background job writing to a file in `dir` (default `<DATA_DIR>/exports`), kept
   * `retentionHours` after it is ready and then deleted (the files hold personal data).
   */
  /** The review queue: its counts are given up after `countBudgetMs` (the page never waits longer for them). */
  queue: { countBudgetMs: number };
  exports: { inlineMaxRows: number; dir: string; retentionHours: number };
  /** Availability checks (issue 4): ask each open offer's contact every `checkDays` days; remind
   * every `reminderDays` days (twice, then the offer is flagged unconfirmed); the server runs the
   * cycle every `cycleMinutes` minutes. */
  availability: { checkDays: number; reminderDays: number; cycleMinutes: number };
  /** Self-service links: a link lasts `linkHours`, the session it opens `sessionMinutes` of
   * inactivity at most; "Manage my offer" sends at most `linksPerEmailPerHour` links to one address. */
  selfService: { linkHours: number; sessionMinutes: number; linksPerEmailPerHour: number };
  /** Email (issue 4): `smtpUrl` absent = emails are kept for the development mailbox (/dev/mailbox,
   * never in production: there they wait in the outbox until SMTP is configured). The outbox worker
   * polls every `pollMs`, claims `batchSize` emails at a time, sends over `concurrency` SMTP
   * connections, retries a temporary failure after retrySeconds·2^(attempt−1) capped at
   * `retryMaxSeconds`, gives up after `maxAttempts`, and takes back an email whose worker held it
   * past `leaseSeconds` (it crashed). A confirmation link lasts `confirmationDays`. */
  mail: {
    smtpUrl: string | undefined;
    from: string;
    pollMs: number;
    batchSize: number;
    concurrency: number;
    maxAttempts: number;
    retrySeconds: number;
    retryMaxSeconds: number;
    leaseSeconds: number;
    confirmationDays: number;
    /** delivered and given-up emails are deleted this many days after they were queued */
    retentionDays: number;
  };
};

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

/**
 * Outside production, a secret kept in `<DATA_DIR>/session-secret` (made on first use, mode 600),
 * so cookies and TOTP secrets encrypted with it stay readable across restarts on a laptop.
 * Production must set SESSION_SECRET instead (loadConfig refuses to start without it).
 */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // not made yet
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Reads configuration from an environment map (process.env by default).
 * @throws ConfigError listing every invalid or missing variable; in production SESSION_SECRET
 *   is required.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production (32+ characters)');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sessionSecret: e.SESSION_SECRET ?? localSecret(path.resolve(e.DATA_DIR)),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    submitRateLimit: { max: e.SUBMIT_RATE_LIMIT, windowSeconds: e.SUBMIT_RATE_WINDOW_SECONDS },
    startRateLimit: e.START_RATE_LIMIT,
    stepRateLimit: e.STEP_RATE_LIMIT,
    draftTtlHours: e.DRAFT_TTL_HOURS,
    staffSessionIdleMinutes: e.STAFF_SESSION_IDLE_MINUTES,
    admin: { email: e.ADMIN_EMAIL.toLowerCase(), name: e.ADMIN_NAME },
    contact: {
      web: e.CONTACT_WEB,
      phones: e.CONTACT_PHONES.split(',').map((p) => p.trim()).filter(Boolean),
      email: e.CONTACT_EMAIL,
      viber: e.CONTACT_VIBER,
    },
    authorityName: { el: e.AUTHORITY_NAME_EL, en: e.AUTHORITY_NAME_EN, uk: e.AUTHORITY_NAME_UK },
    imports: { maxBytes: e.IMPORT_MAX_BYTES, maxRows: e.IMPORT_MAX_ROWS, ttlHours: e.IMPORT_TTL_HOURS },
    queue: { countBudgetMs: e.QUEUE_COUNT_BUDGET_MS },
    exports: {
      inlineMaxRows: e.EXPORT_INLINE_MAX_ROWS,
      dir: path.resolve(e.EXPORT_DIR ?? path.join(e.DATA_DIR, 'exports')),
      retentionHours: e.EXPORT_RETENTION_HOURS,
    },
    availability: { checkDays: e.AVAILABILITY_CHECK_DAYS, reminderDays: e.AVAILABILITY_REMINDER_DAYS, cycleMinutes: e.AVAILABILITY_CYCLE_MINUTES },
    selfService: { linkHours: e.SELF_SERVICE_LINK_HOURS, sessionMinutes: e.SELF_SERVICE_SESSION_MINUTES, linksPerEmailPerHour: e.SELF_SERVICE_LINKS_PER_EMAIL_PER_HOUR },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      pollMs: e.OUTBOX_POLL_MS,
      batchSize: e.OUTBOX_BATCH_SIZE,
      concurrency: e.OUTBOX_CONCURRENCY,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retrySeconds: e.OUTBOX_RETRY_SECONDS,
      retryMaxSeconds: e.OUTBOX_RETRY_MAX_SECONDS,
      leaseSeconds: e.OUTBOX_LEASE_SECONDS,
      confirmationDays: e.EMAIL_CONFIRMATION_DAYS,
      retentionDays: e.OUTBOX_RETENTION_DAYS,
    },
  };
}
