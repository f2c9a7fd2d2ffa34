// The development mailbox: with no SMTP server configured (and never in production), the emails
// the service would have sent are read here, so the whole flow — submission, confirmation link,
// self-service link — can be followed on a laptop. app.ts registers it only then; otherwise the
// paths do not exist (404).
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sendPage } from '../http/index.js';
import { translator, type Catalogue, type StaffLang } from '../i18n/index.js';
import { Layout } from '../views/layout.js';
import type { DB } from '../db/schema.js';

type Key = 'title' | 'intro' | 'empty' | 'when' | 'to' | 'subject' | 'kind' | 'status' | 'back' | 'text_part' | 'html_part' | 'links' | 'attempts' | 'error';
const messages: Catalogue<Key> = {
  el: {
    title: 'Γραμματοκιβώτιο ανάπτυξης',
    intro: 'Δεν έχει οριστεί διακομιστής SMTP (SMTP_URL): τα email που θα έστελνε η υπηρεσία φυλάσσονται εδώ. Η σελίδα δεν υπάρχει σε παραγωγή.',
    empty: 'Δεν υπάρχουν ακόμη email.',
    when: 'Πότε',
    to: 'Προς',
    subject: 'Θέμα',
    kind: 'Είδος',
    status: 'Κατάσταση',
    back: 'Όλα τα email',
    text_part: 'Απλό κείμενο',
    html_part: 'Άνοιγμα της έκδοσης HTML',
    links: 'Σύνδεσμοι του email',
    attempts: 'Προσπάθειες',
    error: 'Τελευταίο σφάλμα',
  },
  en: {
    title: 'Development mailbox',
    intro: 'No SMTP server is configured (SMTP_URL): the emails the service would send are kept here. This page does not exist in production.',
    empty: 'No emails yet.',
    when: 'When',
    to: 'To',
    subject: 'Subject',
    kind: 'Kind',
    status: 'Status',
    back: 'All emails',
    text_part: 'Plain text',
    html_part: 'Open the HTML version',
    links: 'Links in this email',
    attempts: 'Attempts',
    error: 'Last error',
  },
  // The page is for developers; Ukrainian readers get the English words.
  uk: {} as Record<Key, string>,
};
messages.uk = messages.en;

const LIMIT = 200;

export async function devMailboxRoutes(app: FastifyInstance, opts: { db: Kysely<DB>; contact: { web: string; phones: string[]; email: string; viber: string } }): Promise<void> {
  const { db, contact } = opts;
  const langOf = (l: string): StaffLang => (l === 'el' ? 'el' : 'en');
  const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

  app.get('/dev/mailbox', async (req, reply) => {
    const lang = langOf(req.lang);
    const t = translator(messages, lang);
    const rows = await db
      .selectFrom('email_outbox')
      .select(['id', 'kind', 'recipient', 'subject', 'status', 'created_at'])
      .orderBy('id', 'desc')
      .limit(LIMIT)
      .execute();
    return sendPage(
      reply,
      200,
      <Layout lang={lang} title={t('title')} url={req.url} contact={contact} languages={['el', 'en']}>
        <h1 class="govgr-heading-xl" safe>
          {t('title')}
        </h1>
        <p class="govgr-body" safe>
          {t('intro')}
        </p>
        {rows.length === 0 ? (
          <p class="govgr-body" safe>
            {t('empty')}
          </p>
        ) : (
          <table class="govgr-table">
            <caption class="govgr-table__caption govgr-visually-hidden" safe>
              {t('title')}
            </caption>
            <thead class="govgr-table__head">
              <tr class="govgr-table__row">
                <th scope="col" class="govgr-table__header" safe>
                  {t('when')}
                </th>
                <th scope="col" class="govgr-table__header" safe>
                  {t('to')}
                </th>
                <th scope="col" class="govgr-table__header" safe>
                  {t('subject')}
                </th>
                <th scope="col" class="govgr-table__header" safe>
                  {t('kind')}
                </th>
                <th scope="col" class="govgr-table__header" safe>
                  {t('status')}
                </th>
              </tr>
            </thead>
            <tbody class="govgr-table__body">
              {rows.map((r) => (
                <tr class="govgr-table__row">
                  <td class="govgr-table__cell" safe>
                    {when(r.created_at)}
                  </td>
                  <td class="govgr-table__cell" safe>
                    {r.recipient}
                  </td>
                  <td class="govgr-table__cell">
                    <a class="govgr-link" href={`/dev/mailbox/${r.id}`} safe>
                      {r.subject}
                    </a>
                  </td>
                  <td class="govgr-table__cell" safe>
                    {r.kind}
                  </td>
                  <td class="govgr-table__cell">{r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  const find = (id: string) =>
    /^\d{1,18}$/.test(id) ? db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined);

  app.get<{ Params: { id: string } }>('/dev/mailbox/:id', async (req, reply) => {
    const email = await find(req.params.id);
    if (!email) return reply.callNotFound();
    const lang = langOf(req.lang);
    const t = translator(messages, lang);
    const links = [...new Set(email.body_text.match(/https?:\/\/\S+/g) ?? [])];
    return sendPage(
      reply,
      200,
      <Layout lang={lang} title={email.subject} url={req.url} contact={contact} languages={['el', 'en']}>
        <a href="/dev/mailbox" class="govgr-back-link" safe>
          {t('back')}
        </a>
        <h1 class="govgr-heading-l" lang={email.language} safe>
          {email.subject}
        </h1>
        <dl class="govgr-summary-list">
          {(
            [
              [t('to'), email.recipient],
              [t('when'), when(email.created_at)],
              [t('kind'), email.kind],
              [t('status'), email.status],
              [t('attempts'), String(email.attempts)],
              ...(email.last_error ? [[t('error'), email.last_error]] : []),
            ] as [string, string][]
          ).map(([k, v]) => (
            <div class="govgr-summary-list__row">
              <dt class="govgr-summary-list__key" safe>
                {k}
              </dt>
              <dd class="govgr-summary-list__value" safe>
                {v}
              </dd>
            </div>
          ))}
        </dl>
        <p class="govgr-body">
          <a class="govgr-link" href={`/dev/mailbox/${email.id}/html`} safe>
            {t('html_part')}
          </a>
        </p>
        {links.length ? (
          <>
            <h2 class="govgr-heading-m" safe>
              {t('links')}
            </h2>
            <ul class="govgr-list govgr-list--bullet">
              {links.map((url) => (
                <li>
                  <a class="govgr-link" href={url} safe>
                    {url}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        <h2 class="govgr-heading-m" safe>
          {t('text_part')}
        </h2>
        <pre class="prosfero-email-text" lang={email.language} style="white-space:pre-wrap" safe>
          {email.body_text}
        </pre>
      </Layout>,
    );
  });

  // The HTML part exactly as it would be sent.
  app.get<{ Params: { id: string } }>('/dev/mailbox/:id/html', async (req, reply) => {
    const email = await find(req.params.id);
    if (!email) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(email.body_html);
  });
}
