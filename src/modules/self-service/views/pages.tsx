// The self-service pages (el/en/uk): ask for a link, follow it, the offeror's offers, one offer,
// the change forms and the withdrawal forms. No script; every action is a POST form.
import type { PropsWithChildren } from '@kitajs/html';
import { translator, type Lang, LANGUAGES, LANGUAGE_NAMES } from '../../../platform/i18n/index.js';
import { ruleMessage } from '../../../platform/validation/rules.messages.js';
import { isoToParts } from '../../../platform/validation/rules.js';
import { DateInput, ErrorSummary, errorFor, Radios, TextArea, TextInput, SummaryList, type FieldError } from '../../../platform/views/components.js';
import { Layout, type Contact } from '../../../platform/views/layout.js';
import { layoutMessages } from '../../../platform/views/layout.messages.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  formatReference,
  ITEM_CATEGORY_LABELS,
  label,
  LINE_KIND_LABELS,
  OFFER_STATUS_LABELS,
  SERVICE_CATEGORY_LABELS,
  UNIT_LABELS,
} from '../../offers/index.js';
import { selfServiceMessages } from '../self-service.messages.js';
import type { Issue } from '../self-service.schemas.js';
import type { OwnLine, OwnOffer } from '../self-service.service.js';

export type PageContext = { lang: Lang; url: string; contact: Contact; csrf: string; today: string };

export const tr = (lang: Lang) => translator(selfServiceMessages, lang);

export function messagesFor(issues: Issue[] | undefined, lang: Lang): FieldError[] {
  const t = tr(lang);
  return (issues ?? []).map((i) => ({
    field: i.field,
    message: i.key ? t(i.key, i.params) : ruleMessage(lang, i.rule ?? 'invalid', i.params),
    // a date's first box carries the field's id
  }));
}

const prefix = (lang: Lang) => translator(layoutMessages, lang)('error_prefix');

function Page(p: PropsWithChildren<{ page: PageContext; title: string; errors?: FieldError[]; back?: string }>) {
  const l = translator(layoutMessages, p.page.lang);
  return (
    <Layout lang={p.page.lang} title={p.title} url={p.page.url} contact={p.page.contact} hasErrors={Boolean(p.errors?.length)}>
      {p.back ? (
        <a href={p.back} class="govgr-back-link" safe>
          {tr(p.page.lang)('back')}
        </a>
      ) : (
        ''
      )}
      <div class="prosfero-narrow">
        <ErrorSummary errors={p.errors} title={l('error_summary_title')} />
        {p.children}
      </div>
    </Layout>
  );
}

function Notice({ text }: { text?: string | undefined }) {
  if (!text) return '';
  return (
    <div class="govgr-panel govgr-panel--success prosfero-notice" role="status">
      <p class="govgr-body" safe>
        {text}
      </p>
    </div>
  );
}

function PostForm(p: PropsWithChildren<{ action: string; csrf: string }>) {
  return (
    <form method="post" action={p.action} novalidate class="govgr-form">
      <input type="hidden" name="_csrf" value={p.csrf} />
      {p.children}
    </form>
  );
}

function Submit({ text, warning, secondary }: { text: string; warning?: boolean; secondary?: boolean }) {
  return (
    <button type="submit" class={warning ? 'govgr-btn govgr-btn-warning' : secondary ? 'govgr-btn govgr-btn-secondary' : 'govgr-btn govgr-btn-primary'} safe>
      {text}
    </button>
  );
}

export function formatDate(lang: Lang, iso: string | Date | null): string {
  if (iso === null) return '';
  const d = typeof iso === 'string' ? new Date(`${iso}T12:00:00Z`) : iso;
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Athens' }).format(d);
}

/** "Apartment, 4 places, from 1 March 2026 until 30 June 2026" in the page's language. */
export function lineSummary(lang: Lang, l: OwnLine): string {
  const t = tr(lang);
  const parts: string[] = [];
  const dates = () => {
    if (l.available_from) parts.push(`${t('field_available_from')}: ${formatDate(lang, l.available_from)}`);
    parts.push(`${t('field_available_until')}: ${l.available_until ? formatDate(lang, l.available_until) : t('open_ended')}`);
  };
  switch (l.kind) {
    case 'accommodation':
      parts.push(label(ACCOMMODATION_TYPE_LABELS, l.category ?? '', lang), `${t('field_places')}: ${l.places}`);
      if (l.rooms !== null) parts.push(`${t('field_rooms')}: ${l.rooms}`);
      dates();
      break;
    case 'service':
      parts.push(label(SERVICE_CATEGORY_LABELS, l.category ?? '', lang), `${t('field_capacity_per_week')}: ${l.capacity_per_week}`);
      dates();
      break;
    case 'essential_items':
      parts.push(label(ITEM_CATEGORY_LABELS, l.category ?? '', lang), `${t('field_quantity')}: ${l.quantity} ${label(UNIT_LABELS, l.unit ?? '', lang)}`);
      if (l.expiry) parts.push(`${t('field_expiry')}: ${formatDate(lang, l.expiry)}`);
      break;
    case 'money':
      parts.push(`${t('field_amount')}: ${l.amount} ${l.currency}`);
      break;
  }
  return parts.join('\n');
}

export function RequestLinkPage({ page, errors, email, notice }: { page: PageContext; errors?: FieldError[]; email?: string; notice?: string }) {
  const t = tr(page.lang);
  return (
    <Page page={page} title={t('manage_title')} errors={errors}>
      <Notice text={notice} />
      <h1 class="govgr-heading-xl" safe>
        {t('manage_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('manage_lead')}
      </p>
      <PostForm action="/manage" csrf={page.csrf}>
        <TextInput name="email" type="email" label={t('email_label')} hint={t('email_hint')} value={email} autocomplete="email" spellcheck={false} error={errorFor(errors, 'email')} errorPrefix={prefix(page.lang)} maxlength={254} />
        <Submit text={t('send_link')} />
      </PostForm>
    </Page>
  );
}

export function LinkSentPage({ page, email, hours }: { page: PageContext; email: string; hours: number }) {
  const t = tr(page.lang);
  return (
    <Page page={page} title={t('sent_title')}>
      <h1 class="govgr-heading-xl" safe>
        {t('sent_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('sent_body', { email, hours })}
      </p>
      <p class="govgr-body" safe>
        {t('sent_not_received')}
      </p>
      <p class="govgr-body">
        <a class="govgr-link" href="/manage" safe>
          {t('ask_again')}
        </a>
      </p>
    </Page>
  );
}

/** A link that is spent, expired or unknown: say which, and offer a new one. */
export function LinkProblemPage({ page, reason }: { page: PageContext; reason: 'spent' | 'expired' | 'unknown' }) {
  const t = tr(page.lang);
  const title = t(reason === 'spent' ? 'link_spent_title' : reason === 'expired' ? 'link_expired_title' : 'link_unknown_title');
  return (
    <Page page={page} title={title}>
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      <p class="govgr-body" safe>
        {t('link_problem_body')}
      </p>
      <p class="govgr-body">
        <a class="govgr-btn govgr-btn-primary" href="/manage" safe>
          {t('ask_again')}
        </a>
      </p>
    </Page>
  );
}

/** The page a link opens: one button, so a mail scanner's prefetch does not spend the link. */
export function FollowLinkPage({ page, action }: { page: PageContext; action: string }) {
  const t = tr(page.lang);
  return (
    <Page page={page} title={t('manage_title')}>
      <h1 class="govgr-heading-xl" safe>
        {t('manage_title')}
      </h1>
      <PostForm action={action} csrf={page.csrf}>
        <Submit text={t('email_link_action')} />
      </PostForm>
    </Page>
  );
}

function SignOut({ page }: { page: PageContext }) {
  return (
    <PostForm action="/manage/sign-out" csrf={page.csrf}>
      <Submit text={tr(page.lang)('sign_out')} secondary />
    </PostForm>
  );
}

export function OffersPage({ page, email, offers, notice }: { page: PageContext; email: string; offers: OwnOffer[]; notice?: string }) {
  const t = tr(page.lang);
  const lang = page.lang;
  return (
    <Page page={page} title={t('offers_title')}>
      <Notice text={notice} />
      <h1 class="govgr-heading-xl" safe>
        {t('offers_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('offers_lead', { email })}
      </p>
      {offers.length === 0 ? (
        <p class="govgr-body" safe>
          {t('no_offers')}
        </p>
      ) : (
        <table class="govgr-table">
          <caption class="govgr-visually-hidden" safe>
            {t('offers_title')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('reference')}</th>
              <th scope="col" safe>{t('status')}</th>
              <th scope="col" safe>{t('lines')}</th>
              <th scope="col" safe>{t('submitted_on')}</th>
            </tr>
          </thead>
          <tbody>
            {offers.map((o) => (
              <tr>
                <td>
                  <a class="govgr-link" href={`/manage/offers/${o.reference}`}>
                    <span safe>{formatReference(o.reference)}</span>
                    <span class="govgr-visually-hidden" safe>{` – ${t('view_offer')}`}</span>
                  </a>
                </td>
                <td safe>{label(OFFER_STATUS_LABELS, o.status, lang)}</td>
                <td safe>{o.lines.map((l) => label(LINE_KIND_LABELS, l.kind, lang)).join(', ')}</td>
                <td safe>{formatDate(lang, o.submittedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SignOut page={page} />
    </Page>
  );
}

export function OfferPage({ page, offer, notice }: { page: PageContext; offer: OwnOffer; notice?: string }) {
  const t = tr(page.lang);
  const lang = page.lang;
  const ref = formatReference(offer.reference);
  const base = `/manage/offers/${offer.reference}`;
  return (
    <Page page={page} title={t('offer_title', { reference: ref })} back="/manage/offers">
      <Notice text={notice} />
      <h1 class="govgr-heading-xl" safe>
        {t('offer_title', { reference: ref })}
      </h1>
      <p class="govgr-body">
        <span safe>{`${t('status')}: `}</span>
        <strong class="govgr-tag" safe>
          {label(OFFER_STATUS_LABELS, offer.status, lang)}
        </strong>
      </p>
      {offer.status === 'allocated' ? (
        <p class="govgr-body" safe>
          {t('not_editable_allocated')}
        </p>
      ) : !offer.withdrawable ? (
        <p class="govgr-body" safe>
          {t('closed', { status: label(OFFER_STATUS_LABELS, offer.status, lang) })}
        </p>
      ) : (
        ''
      )}
      {offer.lines.map((l) => (
        <section aria-labelledby={`line-${l.position}`}>
          <h2 class="govgr-heading-m" id={`line-${l.position}`} safe>
            {t('line_heading', { position: l.position, kind: label(LINE_KIND_LABELS, l.kind, lang) })}
          </h2>
          <p class="govgr-body prosfero-pre-line" safe>
            {lineSummary(lang, l)}
          </p>
          {l.withdrawn_at ? (
            <p class="govgr-body" safe>
              {t('line_withdrawn', { date: formatDate(lang, l.withdrawn_at), reason: l.withdrawn_reason ?? '' })}
            </p>
          ) : (
            <ul class="prosfero-inline-list">
              {offer.editable ? (
                <li>
                  <a class="govgr-link" href={`${base}/lines/${l.position}`}>
                    <span safe>{t('change')}</span>
                    <span class="govgr-visually-hidden" safe>{` ${t('line_heading', { position: l.position, kind: label(LINE_KIND_LABELS, l.kind, lang) })}`}</span>
                  </a>
                </li>
              ) : (
                ''
              )}
              {offer.withdrawable && offer.lines.filter((x) => !x.withdrawn_at).length > 1 ? (
                <li>
                  <a class="govgr-link" href={`${base}/lines/${l.position}/withdraw`}>
                    <span safe>{t('withdraw_line')}</span>
                    <span class="govgr-visually-hidden" safe>{` ${l.position}`}</span>
                  </a>
                </li>
              ) : (
                ''
              )}
            </ul>
          )}
        </section>
      ))}
      <h2 class="govgr-heading-m" safe>
        {t('contact_heading')}
      </h2>
      <SummaryList
        rows={[
          { key: t('contact_name'), value: offer.contact.name },
          ...(offer.contact.role ? [{ key: t('field_contact_role'), value: offer.contact.role }] : []),
          { key: t('phone'), value: offer.contact.phone },
          { key: t('email'), value: offer.contact.email },
          { key: t('preferred_language'), value: LANGUAGE_NAMES[offer.contact.preferredLanguage] },
        ].map((r) => (offer.editable ? { ...r, href: `${base}/contact`, changeLabel: t('change') } : r))}
      />
      {offer.withdrawable ? (
        <p class="govgr-body">
          <a class="govgr-btn govgr-btn-warning" href={`${base}/withdraw`} safe>
            {t('withdraw_offer')}
          </a>
        </p>
      ) : (
        ''
      )}
      <p class="govgr-body">
        <a class="govgr-link" href="/manage/offers" safe>
          {t('all_offers')}
        </a>
      </p>
    </Page>
  );
}

export function ContactFormPage({ page, offer, answers, errors }: { page: PageContext; offer: OwnOffer; answers: Record<string, string | string[] | undefined>; errors?: FieldError[] }) {
  const t = tr(page.lang);
  const p = prefix(page.lang);
  const v = (k: string) => (typeof answers[k] === 'string' ? (answers[k] as string) : '');
  const base = `/manage/offers/${offer.reference}`;
  return (
    <Page page={page} title={t('contact_title')} errors={errors} back={base}>
      <h1 class="govgr-heading-xl" safe>
        {t('contact_title')}
      </h1>
      <p class="govgr-body" safe>
        {t('offer_title', { reference: formatReference(offer.reference) })}
      </p>
      <PostForm action={`${base}/contact`} csrf={page.csrf}>
        <input type="hidden" name="version" value={String(offer.version)} />
        <TextInput name="contact_name" label={t('contact_name')} value={v('contact_name')} autocomplete="name" error={errorFor(errors, 'contact_name')} errorPrefix={p} maxlength={200} spellcheck={false} />
        <TextInput name="contact_role" label={t('contact_role')} value={v('contact_role')} autocomplete="organization-title" error={errorFor(errors, 'contact_role')} errorPrefix={p} maxlength={200} />
        <TextInput name="phone" type="tel" label={t('phone')} hint={t('phone_hint')} value={v('phone')} autocomplete="tel" error={errorFor(errors, 'phone')} errorPrefix={p} width="20" />
        <TextInput name="email" type="email" label={t('email')} value={v('email')} autocomplete="email" error={errorFor(errors, 'email')} errorPrefix={p} spellcheck={false} maxlength={254} />
        <Radios
          name="preferred_language"
          legend={t('preferred_language')}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
          value={v('preferred_language')}
          error={errorFor(errors, 'preferred_language')}
          errorPrefix={p}
        />
        <Submit text={t('save')} />
      </PostForm>
    </Page>
  );
}

/** The line's current values as the form's raw answers. */
export function lineAnswers(l: OwnLine): Record<string, string> {
  const out: Record<string, string> = {};
  const date = (name: string, iso: string | null) => {
    const d = isoToParts(iso);
    out[`${name}-day`] = d.day;
    out[`${name}-month`] = d.month;
    out[`${name}-year`] = d.year;
  };
  if (l.places !== null) out.places = String(l.places);
  if (l.rooms !== null) out.rooms = String(l.rooms);
  if (l.capacity_per_week !== null) out.capacity_per_week = String(l.capacity_per_week);
  if (l.quantity !== null) out.quantity = String(l.quantity);
  if (l.amount !== null) out.amount = String(l.amount);
  date('available_from', l.available_from);
  date('available_until', l.available_until);
  date('expiry', l.expiry);
  return out;
}

export function LineFormPage({ page, offer, line, answers, errors }: { page: PageContext; offer: OwnOffer; line: OwnLine; answers: Record<string, string | string[] | undefined>; errors?: FieldError[] }) {
  const t = tr(page.lang);
  const p = prefix(page.lang);
  const lang = page.lang;
  const v = (k: string) => (typeof answers[k] === 'string' ? (answers[k] as string) : '');
  const date = (name: string) => ({ day: v(`${name}-day`), month: v(`${name}-month`), year: v(`${name}-year`) });
  const labels = { day: t('day'), month: t('month'), year: t('year') };
  const base = `/manage/offers/${offer.reference}`;
  const title = t('line_title', { kind: label(LINE_KIND_LABELS, line.kind, lang), position: line.position });
  const dates = (
    <>
      <DateInput name="available_from" legend={t('available_from')} value={date('available_from')} labels={labels} error={errorFor(errors, 'available_from')} errorPrefix={p} />
      <DateInput name="available_until" legend={t('available_until')} hint={t('until_hint')} value={date('available_until')} labels={labels} error={errorFor(errors, 'available_until')} errorPrefix={p} />
    </>
  );
  return (
    <Page page={page} title={title} errors={errors} back={base}>
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      <p class="govgr-body" safe>
        {t('offer_title', { reference: formatReference(offer.reference) })}
      </p>
      <PostForm action={`${base}/lines/${line.position}`} csrf={page.csrf}>
        <input type="hidden" name="version" value={String(offer.version)} />
        {line.kind === 'accommodation' ? (
          <>
            <TextInput name="places" label={t('places')} value={v('places')} inputmode="numeric" width="5" error={errorFor(errors, 'places')} errorPrefix={p} />
            <TextInput name="rooms" label={t('rooms')} value={v('rooms')} inputmode="numeric" width="5" error={errorFor(errors, 'rooms')} errorPrefix={p} />
            {dates}
          </>
        ) : line.kind === 'service' ? (
          <>
            <TextInput name="capacity_per_week" label={t('capacity_per_week')} value={v('capacity_per_week')} inputmode="numeric" width="5" error={errorFor(errors, 'capacity_per_week')} errorPrefix={p} />
            {dates}
          </>
        ) : line.kind === 'essential_items' ? (
          <>
            <TextInput name="quantity" label={t('quantity', { unit: label(UNIT_LABELS, line.unit ?? '', lang) })} value={v('quantity')} inputmode="numeric" width="10" error={errorFor(errors, 'quantity')} errorPrefix={p} />
            <DateInput name="expiry" legend={t('expiry')} value={date('expiry')} labels={labels} error={errorFor(errors, 'expiry')} errorPrefix={p} />
          </>
        ) : (
          <TextInput name="amount" label={t('amount', { currency: line.currency ?? 'EUR' })} value={v('amount')} inputmode="decimal" width="10" error={errorFor(errors, 'amount')} errorPrefix={p} />
        )}
        <Submit text={t('save')} />
      </PostForm>
    </Page>
  );
}

export function WithdrawPage({ page, offer, line, reason, errors }: { page: PageContext; offer: OwnOffer; line?: OwnLine; reason?: string; errors?: FieldError[] }) {
  const t = tr(page.lang);
  const ref = formatReference(offer.reference);
  const base = `/manage/offers/${offer.reference}`;
  const title = line ? t('withdraw_line_title', { position: line.position, reference: ref }) : t('withdraw_title', { reference: ref });
  return (
    <Page page={page} title={title} errors={errors} back={base}>
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      {line ? (
        <p class="govgr-body prosfero-pre-line" safe>
          {lineSummary(page.lang, line)}
        </p>
      ) : (
        ''
      )}
      <p class="govgr-body" safe>
        {t('withdraw_lead')}
      </p>
      <PostForm action={line ? `${base}/lines/${line.position}/withdraw` : `${base}/withdraw`} csrf={page.csrf}>
        <input type="hidden" name="version" value={String(offer.version)} />
        <TextArea name="reason" label={t('reason')} value={reason} error={errorFor(errors, 'reason')} errorPrefix={prefix(page.lang)} maxlength={2000} rows={4} />
        <Submit text={line ? t('confirm_withdraw_line') : t('confirm_withdraw')} warning />
      </PostForm>
      <p class="govgr-body">
        <a class="govgr-link" href={base} safe>
          {t('cancel')}
        </a>
      </p>
    </Page>
  );
}
