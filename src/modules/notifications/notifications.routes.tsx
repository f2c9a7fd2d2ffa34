// HTTP for notifications: the page an offeror lands on from the confirmation link in the
// submission email. Public, in Greek, English and Ukrainian.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import { Layout } from '../../platform/views/layout.js';
import { confirmEmailAddress, type ConfirmResult } from './notifications.confirm.js';
import { messages } from './notifications.messages.js';

const STATUS: Record<ConfirmResult['outcome'], number> = { confirmed: 200, used: 410, expired: 410, unknown: 404 };

export async function notificationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  // A GET confirms: the link proves the email reached this mailbox, which is all it claims, and a
  // mail scanner that follows it first proves the same. It is single-use and changes nothing else.
  app.get<{ Params: { token: string } }>('/confirm-email/:token', async (req, reply) => {
    const result = await confirmEmailAddress(ctx, req.params.token);
    const t = translator(messages, req.lang);
    const [title, body] =
      result.outcome === 'confirmed'
        ? [t('confirm_done_title'), t('confirm_done_body', { reference: result.reference })]
        : result.outcome === 'used'
          ? [t('confirm_used_title'), t('confirm_used_body')]
          : result.outcome === 'expired'
            ? [t('confirm_expired_title'), t('confirm_expired_body')]
            : [t('confirm_unknown_title'), t('confirm_unknown_body')];
    // The language links must not carry the token a second time into history; the page itself is enough.
    const url = `/confirm-email/${req.params.token}`;
    return sendPage(
      reply,
      STATUS[result.outcome],
      <Layout lang={req.lang} title={title} url={url} contact={ctx.config.contact}>
        <div class="prosfero-narrow">
          {result.outcome === 'confirmed' ? (
            <div class="govgr-panel govgr-panel--confirmation">
              <h1 class="govgr-panel__title" safe>
                {title}
              </h1>
              <div class="govgr-panel__body">
                <strong class="prosfero-reference" safe>
                  {result.reference}
                </strong>
              </div>
            </div>
          ) : (
            <h1 class="govgr-heading-xl" safe>
              {title}
            </h1>
          )}
          <p class="govgr-body" safe>
            {body}
          </p>
          <p class="govgr-body" safe>
            {t('confirm_help', { phones: ctx.config.contact.phones.join(', '), email: ctx.config.contact.email })}
          </p>
        </div>
      </Layout>,
    );
  });
}
