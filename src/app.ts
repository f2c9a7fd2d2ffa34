// Builds the Fastify application from its parts: HTTP plumbing, then each module's routes.
// It never listens and never opens the database: server.ts and the tests do that.
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from './platform/context.js';
import { AccessLog, registerHttp, sendErrorPage, setErrorPageConfig } from './platform/http/index.js';
import { loadGazetteer } from './modules/geography/index.js';
import { offerRoutes } from './modules/offers/index.js';
import { accountRoutes } from './modules/accounts/index.js';
import { reviewRoutes } from './modules/review/index.js';
import { caseworkRoutes } from './modules/casework/index.js';
import { needsRoutes } from './modules/needs/index.js';
import { dashboardRoutes } from './modules/dashboard/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { selfServiceRoutes } from './modules/self-service/index.js';
import { availabilityRoutes } from './modules/availability/index.js';
import { exportRoutes } from './modules/exports/index.js';
import { importRoutes } from './modules/imports/index.js';
import { notificationRoutes, useNotificationContext } from './modules/notifications/index.js';
import { devMailboxEnabled, devMailboxRoutes } from './platform/mail/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** every method and URL pattern registered, in registration order */
    routeList: readonly { method: string; url: string }[];
  }
}

export type BuildOptions = {
  ctx: AppContext;
  /** pino options, or false for silence (tests) */
  logger?: boolean | { level: string };
};

export async function buildApp({ ctx, logger = false }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === true ? { level: ctx.config.logLevel } : logger,
    // One access-log line per request instead of Fastify's two (platform/http AccessLog).
    logController: new AccessLog(),
    trustProxy: ctx.config.trustProxy,
    // Hostile clients: bound what one request may hold before any handler runs.
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // A URL Fastify cannot even route (broken percent-encoding) still gets the HTML 400 page.
    frameworkErrors: (_err, req, reply) => void sendErrorPage(req, reply, 'bad_request'),
  });
  setErrorPageConfig(ctx.config);
  // Every route the app serves, so a test can walk all of them (the staff access matrix).
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.decorate('routeList', routes);
  await registerHttp(app, ctx.config);
  const gazetteer = await loadGazetteer(ctx.db);

  // Liveness: the process answers. Readiness: it can reach its database.
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
      return { status: 'ok', database: ctx.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: ctx.engine });
    }
  });

  await app.register(offerRoutes, { ctx, gazetteer });
  await app.register(accountRoutes, { ctx, gazetteer });
  await app.register(reviewRoutes, { ctx, gazetteer });
  await app.register(caseworkRoutes, { ctx, gazetteer });
  await app.register(needsRoutes, { ctx, gazetteer });
  await app.register(dashboardRoutes, { ctx, gazetteer });
  await app.register(auditRoutes, { ctx });
  // The offeror's self-service link (/manage) and the availability checks' answers and settings.
  await app.register(selfServiceRoutes, { ctx });
  await app.register(availabilityRoutes, { ctx });
  await app.register(exportRoutes, { ctx, gazetteer });
  await app.register(importRoutes, { ctx, gazetteer });
  // Emails: the confirmation link's page, and the development mailbox when no SMTP server is set.
  useNotificationContext(ctx);
  await app.register(notificationRoutes, { ctx });
  if (devMailboxEnabled(ctx.config)) await app.register(devMailboxRoutes, { db: ctx.db, contact: ctx.config.contact });
  return app;
}
