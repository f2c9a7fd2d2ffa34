// HTTP for availability checks: the page a check email's link opens and its one-button answer
// (public, el/en/uk), and /staff/settings where an administrator switches automatic expiry of
// unconfirmed offers on or off.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import { requireStaff, signedInStaff, staffChrome } from '../accounts/index.js';
import { SELF_SERVICE_COOKIE } from '../self-service/index.js';
import { availabilityMessages } from './availability.messages.js';
import { answerAvailabilityCheck, expireUnconfirmedEnabled, isAvailabilityAnswer, previewAnswer, setExpireUnconfirmed, unconfirmedCount } from './availability.service.js';
import { AnswerPage, AnswerProblemPage, SettingsPage, ThanksPage, type PageContext } from './views/pages.js';

export async function availabilityRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const csrf = { preValidation: app.csrfProtection };
  const page = (req: FastifyRequest, reply: FastifyReply): PageContext => ({ lang: req.lang, url: req.url, contact: ctx.config.contact, csrf: reply.generateCsrf() });
  const statusOf = (state: string) => (state === 'unknown' ? 404 : state === 'expired' ? 410 : 200);

  // A GET never answers: mail scanners open links before people do.
  app.get('/manage/availability/:token', async (req, reply) => {
    const token = (req.params as { token: string }).token;
    const answer = (req.query as Record<string, unknown>).answer;
    reply.header('cache-control', 'no-store');
    const preview = await previewAnswer(ctx, token);
    if (preview.state !== 'open') return sendPage(reply, statusOf(preview.state), <AnswerProblemPage page={page(req, reply)} {...preview} />);
    return sendPage(reply, 200, <AnswerPage page={page(req, reply)} reference={preview.reference} token={token} answer={isAvailabilityAnswer(answer) ? answer : null} />);
  });

  app.post('/manage/availability/:token', csrf, async (req, reply) => {
    const token = (req.params as { token: string }).token;
    const answer = (req.body as Record<string, unknown> | undefined)?.answer;
    if (!isAvailabilityAnswer(answer)) {
      const preview = await previewAnswer(ctx, token);
      if (preview.state !== 'open') return sendPage(reply, statusOf(preview.state), <AnswerProblemPage page={page(req, reply)} {...preview} />);
      return sendPage(reply, 422, <AnswerPage page={page(req, reply)} reference={preview.reference} token={token} answer={null} />);
    }
    const outcome = await answerAvailabilityCheck(ctx, token, answer);
    if ('state' in outcome) return sendPage(reply, statusOf(outcome.state), <AnswerProblemPage page={page(req, reply)} {...outcome} />);
    if (outcome.kind === 'confirmed') return sendPage(reply, 200, <ThanksPage page={page(req, reply)} reference={outcome.reference} days={ctx.config.availability.checkDays} />);
    reply.setCookie(SELF_SERVICE_COOKIE, outcome.sessionToken, {
      path: '/manage',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.env === 'production',
      maxAge: ctx.config.selfService.sessionMinutes * 60,
    });
    return reply.redirect(`/manage/offers/${outcome.reference}${outcome.next === 'withdraw' ? '/withdraw' : ''}`, 303);
  });

  const admin = { preHandler: requireStaff(app, ctx, { action: 'settings.manage' }) };
  app.get('/staff/settings', admin, async (req, reply) => {
    const saved = (req.query as Record<string, unknown>).saved === '1';
    return sendPage(
      reply,
      200,
      <SettingsPage
        chrome={staffChrome(ctx, req, reply)}
        expireUnconfirmed={await expireUnconfirmedEnabled(ctx.db)}
        unconfirmed={await unconfirmedCount(ctx)}
        checkDays={ctx.config.availability.checkDays}
        reminderDays={ctx.config.availability.reminderDays}
        saved={saved}
      />,
    );
  });
  app.post('/staff/settings', { ...admin, ...csrf }, async (req, reply) => {
    const member = signedInStaff(req);
    const value = (req.body as Record<string, unknown> | undefined)?.expire_unconfirmed;
    if (value !== 'yes' && value !== 'no') {
      const t = translator(availabilityMessages, member.language);
      return sendPage(
        reply,
        422,
        <SettingsPage
          chrome={staffChrome(ctx, req, reply)}
          expireUnconfirmed={null}
          unconfirmed={await unconfirmedCount(ctx)}
          checkDays={ctx.config.availability.checkDays}
          reminderDays={ctx.config.availability.reminderDays}
          errors={[{ field: 'expire_unconfirmed', message: t('err_expire_required') }]}
        />,
      );
    }
    await setExpireUnconfirmed(ctx, member.id, value === 'yes');
    return reply.redirect('/staff/settings?saved=1', 303);
  });
}
