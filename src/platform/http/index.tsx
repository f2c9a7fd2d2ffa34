// HTTP plumbing that knows no domain: security headers, cookies, form bodies, CSRF, rate
// limits, static assets, the page language, and one error handler that maps every failure to
// a status and a page in the person's language (never a stack trace).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { pickLanguage, translator, type Lang } from '../i18n/index.js';
import { Layout } from '../views/layout.js';
import { classify, errorTable, type ErrorCode } from './errors.js';
import { registerFonts } from './fonts.js';
import { httpMessages } from './http.messages.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the page language: ?lang=, then the `lang` cookie, then Accept-Language, then Greek */
    lang: Lang;
  }
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Form posts above this are refused with 413 before they are parsed. Generous on purpose: a
 * valid page is a few kilobytes, and a too-long answer should come back as a field error with
 * everything else kept, not as a 413 that loses the page.
 */
export const FORM_BODY_LIMIT = 256 * 1024;

/**
 * The access log: one line per request ("request completed", with the request's method, URL and
 * address, the status and the time) instead of Fastify's two. Each line is a synchronous write,
 * so no line is lost when the process dies; at one line instead of two the info level costs half
 * (bench/launch-day: log writes were ~7 % of the service's CPU time on the journey).
 * Fastify's other log lines (errors, not found) are its own.
 */
export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function registerHttp(app: FastifyInstance, config: Config): Promise<void> {
  const production = config.env === 'production';
  // Pages, CSS and JSON go out compressed (brotli, else gzip) to clients that ask for it: the
  // first page must stay light on a slow phone. Fonts are woff2, already compressed, and skipped.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(csrf, {
    cookieKey: '_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: production, signed: true },
    getToken: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  await app.register(rateLimit, { global: false });

  await app.register(fastifyStatic, {
    root: path.join(root, 'public'),
    prefix: '/assets/',
    maxAge: production ? '7d' : 0,
    decorateReply: false,
  });
  await registerFonts(app);

  app.decorateRequest('lang', 'el');
  app.addHook('onRequest', async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    req.lang = pickLanguage(query.lang, req.cookies.lang, req.headers['accept-language']);
    if (typeof query.lang === 'string' && query.lang === req.lang && req.cookies.lang !== req.lang) {
      reply.setCookie('lang', req.lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600, secure: production });
    }
  });

  app.setErrorHandler(async (err, req, reply) => {
    const code = classify(err);
    const { status } = errorTable[code];
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code, reason: (err as Error).message }, 'request refused');
    if (code === 'rate_limited') reply.header('retry-after', '60');
    return sendErrorPage(req, reply, code);
  });
  app.setNotFoundHandler(async (req, reply) => sendErrorPage(req, reply, 'not_found'));
}

/** Sends an HTML page built by a view. */
export async function sendPage(reply: FastifyReply, status: number, page: JSX.Element): Promise<FastifyReply> {
  const html = await page;
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function contactOf(config: Config) {
  return config.contact;
}

let configForErrors: Config | undefined;
export function setErrorPageConfig(config: Config): void {
  configForErrors = config;
}

/** The error page for `code`, in the request's language, with the status from errorTable. */
export async function sendErrorPage(req: FastifyRequest, reply: FastifyReply, code: ErrorCode): Promise<FastifyReply> {
  const lang = req.lang ?? 'el';
  const t = translator(httpMessages, lang);
  const { status } = errorTable[code];
  const isStaff = req.url.startsWith('/staff');
  const action =
    code === 'draft_expired' ? (
      <form method="get" action="/">
        <button class="govgr-btn govgr-btn-primary" type="submit" safe>
          {t('start_again')}
        </button>
      </form>
    ) : (
      <p class="govgr-body">
        <a class="govgr-link" href={isStaff ? '/staff' : '/'} safe>
          {t('go_home')}
        </a>
      </p>
    );
  return sendPage(
    reply,
    status,
    <Layout lang={lang} title={t(`${code}_title`)} url={pageUrl(req)} contact={configForErrors?.contact ?? { web: '/', phones: [], email: '', viber: '/' }}>
      <h1 class="govgr-heading-xl" safe>
        {t(`${code}_title`)}
      </h1>
      <p class="govgr-body" safe>
        {t(`${code}_body`)}
      </p>
      {action}
    </Layout>,
  );
}

/**
 * Where the error page's language links lead: the page itself for a GET; for a refused POST,
 * the page the form was on (same-origin Referer), since the POST's URL has no page; else `/`.
 */
function pageUrl(req: FastifyRequest): string {
  try {
    if (req.method === 'GET' || req.method === 'HEAD') {
      new URL(req.url, 'http://x');
      return req.url;
    }
    const referer = req.headers.referer;
    if (referer) {
      const r = new URL(referer);
      if (r.host === req.headers.host) return `${r.pathname}${r.search}`;
    }
  } catch {
    // hostile or broken URLs reach the error page too
  }
  return '/';
}
