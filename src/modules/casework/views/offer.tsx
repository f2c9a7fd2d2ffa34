// An offer's page in the back office: what was offered and by whom, what staff have done about it
// (history, contact attempts, notes, possible duplicates), and the forms of the actions this
// member may take. Contact data arrives only when the member may see it (the service decides).
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { Button, ErrorSummary, Form, Radios, SummaryList, TextArea, TextInput, type FieldError, type SummaryRow } from '../../../platform/views/components.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import {
  ACCOMMODATION_TYPE_LABELS,
  CONDITION_LABELS,
  consentRows,
  contactRows,
  COST_BASIS_LABELS,
  countryName,
  DELIVERY_LABELS,
  formatReference,
  FREQUENCY_LABELS,
  ITEM_CATEGORY_LABELS,
  label,
  languageName,
  LINE_KIND_LABELS,
  lineRows,
  organisationRows,
  ORGANISATION_KIND_LABELS,
  SERVICE_CATEGORY_LABELS,
  SUITABLE_FOR_LABELS,
  UNIT_LABELS,
  type LineKind,
} from '../../offers/index.js';
import { OfferorChangesSection } from '../../self-service/index.js';
import { UnconfirmedFlag } from '../../availability/index.js';
import { caseworkMessages, type CaseworkMessageKey } from '../casework.messages.js';
import { LineAllocations, type OfferAllocation } from '../../needs/index.js';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, confirmReasonField, NOTE_MAX, REASON_MAX, type Done, type Issue } from '../casework.schemas.js';
import type { ActionFailure, CaseLine, OfferCase, OfferLink } from '../casework.service.js';
import { codeLabel, formatDate, formatMoney, formatNumber, formatTime } from './format.js';

type Ctx = { lang: StaffLang; t: (key: CaseworkMessageKey, params?: Record<string, string | number>) => string; gazetteer: Gazetteer };

/** The page's own address for a reference: the plain 9 characters. */
export function offerPath(reference: string): string {
  return `/staff/offers/${reference}`;
}

function place(c: Ctx, municipality: string | null, region: string | null): string {
  return [municipality ? c.gazetteer.unitName(municipality, c.lang) : '', region ? c.gazetteer.regionName(region, c.lang) : ''].filter(Boolean).join(', ');
}

function OfferRef({ link, c }: { link: OfferLink; c: Ctx }) {
  return link.visible ? (
    <a class="govgr-link" href={offerPath(link.reference)} safe>
      {formatReference(link.reference)}
    </a>
  ) : (
    <span safe>{c.t('duplicate_of_hidden')}</span>
  );
}

function Time({ at, lang }: { at: Date; lang: StaffLang }) {
  return (
    <time datetime={at.toISOString()} safe>
      {formatTime(lang, at)}
    </time>
  );
}

function Summary({ offer, c }: { offer: OfferCase; c: Ctx }) {
  const { t, lang } = c;
  const never = !offer.reached;
  return (
    <section aria-labelledby="summary-heading">
      <h2 class="govgr-heading-m" id="summary-heading" safe>
        {t('summary_heading')}
      </h2>
      <dl class="govgr-summary-list">
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {t('status')}
          </dt>
          <dd class="govgr-summary-list__value" id="offer-status">
            <strong safe>{codeLabel(lang, 'status', offer.status)}</strong>
          </dd>
        </div>
        {offer.duplicateOf ? (
          <div class="govgr-summary-list__row">
            <dt class="govgr-summary-list__key" safe>
              {t('duplicate_of')}
            </dt>
            <dd class="govgr-summary-list__value" id="duplicate-of">
              <OfferRef link={offer.duplicateOf} c={c} />
            </dd>
          </div>
        ) : (
          ''
        )}
        {offer.duplicatesOfThis.length > 0 ? (
          <div class="govgr-summary-list__row">
            <dt class="govgr-summary-list__key" safe>
              {t('duplicates_of_this')}
            </dt>
            <dd class="govgr-summary-list__value">
              <ul class="govgr-list">
                {offer.duplicatesOfThis.map((d) => (
                  <li>
                    <a class="govgr-link" href={offerPath(d.reference)} safe>
                      {formatReference(d.reference)}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : (
          ''
        )}
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {t('submitted')}
          </dt>
          <dd class="govgr-summary-list__value">
            <Time at={offer.submittedAt} lang={lang} />
          </dd>
        </div>
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {t('channel')}
          </dt>
          <dd class="govgr-summary-list__value" safe>
            {codeLabel(lang, 'channel', offer.channel)}
          </dd>
        </div>
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {t('language')}
          </dt>
          <dd class="govgr-summary-list__value" safe>
            {codeLabel(lang, 'language', offer.language)}
          </dd>
        </div>
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {t('last_contact')}
          </dt>
          <dd class="govgr-summary-list__value" id="last-contact" safe>
            {offer.lastContactOutcome ? codeLabel(lang, 'outcome', offer.lastContactOutcome) : t('no_contact_yet')}
          </dd>
        </div>
        <div class="govgr-summary-list__row">
          <dt class="govgr-summary-list__key" safe>
            {t('email_confirmed')}
          </dt>
          <dd class="govgr-summary-list__value" id="email-confirmed">
            {offer.emailConfirmedAt ? (
              <>
                <span safe>{t('email_confirmed_yes')}</span> <Time at={offer.emailConfirmedAt} lang={lang} />
              </>
            ) : (
              <span safe>{t('email_confirmed_no')}</span>
            )}
          </dd>
        </div>
        {offer.attempts.length > 0 ? (
          <div class="govgr-summary-list__row">
            <dt class="govgr-summary-list__key" safe>
              {t('reached')}
            </dt>
            <dd class="govgr-summary-list__value" id="reached" safe>
              {never ? t('reached_never') : t('reached_yes')}
            </dd>
          </div>
        ) : (
          ''
        )}
        {offer.possibleDuplicate ? (
          <div class="govgr-summary-list__row">
            <dt class="govgr-summary-list__key" safe>
              {t('possible_duplicate')}
            </dt>
            <dd class="govgr-summary-list__value" id="possible-duplicate">
              <a class="govgr-link" href="#duplicates-heading" safe>
                {t('possible_duplicate_yes')}
              </a>
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>
    </section>
  );
}

type FormProps = { offer: OfferCase; c: Ctx; csrf: string; failure: ActionFailure | null; errors: (form: string) => FieldError[] };

function fieldError(errors: FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

function StatusForm({ offer, c, csrf, failure, errors }: FormProps) {
  const { t, lang } = c;
  const transitions = offer.abilities.transitions;
  if (!offer.abilities.changeStatus) return '';
  if (transitions.length === 0) {
    return (
      <section aria-labelledby="status-heading">
        <h2 class="govgr-heading-m" id="status-heading" safe>
          {t('status_heading')}
        </h2>
        <p class="govgr-body" safe>
          {t('no_transitions')}
        </p>
      </section>
    );
  }
  const own = errors('status');
  const values = failure?.form === 'status' ? failure.values : {};
  const prefix = t('error_prefix');
  return (
    <section aria-labelledby="status-heading">
      <h2 class="govgr-heading-m" id="status-heading" safe>
        {t('status_heading')}
      </h2>
      <p class="govgr-body" safe>
        {t('status_current', { status: codeLabel(lang, 'status', offer.status) })}
      </p>
      {offer.status === 'allocated' ? (
        <p class="govgr-hint" safe>
          {t('status_allocated_release')}
        </p>
      ) : (
        ''
      )}
      <Form action={`${offerPath(offer.reference)}/status`} csrf={csrf}>
        <input type="hidden" name="version" value={String(offer.version)} />
        <Radios
          name="event"
          legend={t('event_legend')}
          errorPrefix={prefix}
          error={fieldError(own, 'event')}
          value={values.event ?? null}
          options={transitions.map((tr) => ({
            value: tr.event,
            label: codeLabel(lang, 'event', tr.event),
            ...(tr.reasonRequired ? { hint: t('reason_needed') } : {}),
          }))}
        />
        <TextArea name="reason" label={t('reason_label')} hint={t('reason_hint')} errorPrefix={prefix} error={fieldError(own, 'reason')} value={values.reason ?? ''} maxlength={REASON_MAX} rows={3} />
        {transitions.some((tr) => tr.event === 'mark_duplicate') ? (
          <TextInput
            name="duplicate_of"
            label={t('duplicate_of_label')}
            hint={t('duplicate_of_hint')}
            errorPrefix={prefix}
            error={fieldError(own, 'duplicate_of')}
            value={values.duplicate_of ?? ''}
            width="10"
            maxlength={40}
            spellcheck={false}
          />
        ) : (
          ''
        )}
        <Button text={t('change_status_button')} />
      </Form>
    </section>
  );
}

function OrganisationSection({ offer, c }: { offer: OfferCase; c: Ctx }) {
  const { t, lang } = c;
  const o = offer.organisation;
  const none = t('not_provided');
  const rows: SummaryRow[] = [
    { key: t('org_kind'), value: label(ORGANISATION_KIND_LABELS, o.kind, lang) },
    { key: t('org_legal_name'), value: o.legalName },
    { key: t('org_distinctive_title'), value: o.distinctiveTitle ?? none },
    { key: t('org_country'), value: countryName(o.country, lang) },
    { key: o.taxIdKind === 'afm' ? t('org_afm') : t('org_foreign_tax_id'), value: o.taxId ?? none },
    { key: t('org_registry_number'), value: o.registryNumber ?? none },
    { key: t('org_place'), value: place(c, o.municipalityCode, o.regionCode) || none },
    { key: t('org_website'), value: o.website ?? none },
    { key: t('org_legal_representative'), value: o.legalRepresentative ?? none },
    { key: t('preferred_language'), value: languageName(o.preferredLanguage, lang) },
  ];
  return (
    <section aria-labelledby="organisation-heading">
      <h2 class="govgr-heading-m" id="organisation-heading" safe>
        {t('organisation_heading')}
      </h2>
      <SummaryList rows={rows} />
    </section>
  );
}

function ContactSection({ offer, c }: { offer: OfferCase; c: Ctx }) {
  const { t } = c;
  const k = offer.contact;
  return (
    <section aria-labelledby="contact-heading">
      <h2 class="govgr-heading-m" id="contact-heading" safe>
        {t('contact_heading')}
      </h2>
      {k ? (
        <>
          <p class="govgr-hint" safe>
            {t('contact_logged')}
          </p>
          <div id="contact-details">
            <SummaryList
              rows={[
                { key: t('contact_name'), value: k.name },
                { key: t('contact_role'), value: k.role ?? t('not_provided') },
                { key: t('contact_phone'), value: k.phone },
                { key: t('contact_email'), value: k.email },
                { key: t('postal_address'), value: [k.street, [k.postcode, k.city].filter(Boolean).join(' ')].filter(Boolean).join('\n') || t('not_provided') },
              ]}
            />
          </div>
        </>
      ) : (
        <p class="govgr-body" id="contact-hidden" safe>
          {t('contact_hidden')}
        </p>
      )}
    </section>
  );
}

function lineSummaryRows(line: CaseLine, c: Ctx): SummaryRow[] {
  const { t, lang } = c;
  const rows: SummaryRow[] = [];
  const add = (key: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') rows.push({ key, value });
  };
  const yesNo = (b: boolean | null) => (b === null ? null : b ? t('yes') : t('no'));
  const availability =
    line.availableFrom !== null
      ? line.availableUntil !== null
        ? t('available_range', { from: formatDate(line.availableFrom), until: formatDate(line.availableUntil) })
        : t('available_open', { from: formatDate(line.availableFrom) })
      : null;
  const where = place(c, line.municipalityCode, line.regionCode);
  const address = line.addressHidden ? t('address_hidden') : line.address;
  switch (line.kind) {
    case 'accommodation':
      add(t('line_type'), line.category ? label(ACCOMMODATION_TYPE_LABELS, line.category, lang) : null);
      add(t('places'), line.places === null ? null : formatNumber(lang, line.places));
      add(t('rooms'), line.rooms === null ? null : formatNumber(lang, line.rooms));
      add(t('line_place'), where);
      add(t('address'), address);
      add(t('available'), availability);
      add(t('cost_basis'), line.costBasis ? label(COST_BASIS_LABELS, line.costBasis, lang) : null);
      add(t('step_free'), yesNo(line.stepFreeAccess));
      add(t('suitable_for'), line.suitableFor.map((s) => label(SUITABLE_FOR_LABELS, s, lang)).join(', '));
      break;
    case 'service':
      add(t('line_category'), line.category ? label(SERVICE_CATEGORY_LABELS, line.category, lang) : null);
      add(t('description'), line.description);
      add(t('languages'), line.languages.map((l) => languageName(l, lang)).join(', '));
      add(t('delivery'), line.delivery ? label(DELIVERY_LABELS, line.delivery, lang) : null);
      add(t('line_place'), where);
      add(t('capacity'), line.capacityPerWeek === null ? null : formatNumber(lang, line.capacityPerWeek));
      add(t('available'), availability);
      add(t('cost_basis'), line.costBasis ? label(COST_BASIS_LABELS, line.costBasis, lang) : null);
      break;
    case 'essential_items':
      add(t('line_category'), line.category ? label(ITEM_CATEGORY_LABELS, line.category, lang) : null);
      add(t('description'), line.description);
      add(t('quantity'), line.quantity === null ? null : [formatNumber(lang, line.quantity), line.unit ? label(UNIT_LABELS, line.unit, lang) : ''].filter(Boolean).join(' '));
      add(t('condition'), line.condition ? label(CONDITION_LABELS, line.condition, lang) : null);
      add(t('line_place'), where);
      add(t('can_deliver'), line.canDeliver === null ? null : line.canDeliver ? [t('yes'), line.deliveryArea].filter(Boolean).join(': ') : t('no'));
      add(t('expiry'), line.expiry ? formatDate(line.expiry) : null);
      break;
    case 'money':
      add(t('amount'), line.amount !== null && line.currency !== null ? formatMoney(lang, line.amount, line.currency) : null);
      add(t('frequency'), line.frequency ? label(FREQUENCY_LABELS, line.frequency, lang) : null);
      add(t('purpose'), line.purpose);
      break;
    default:
      add(t('line_category'), line.category);
      add(t('description'), line.description);
      add(t('line_place'), where);
  }
  return rows;
}

function LinesSection({ offer, c, allocations }: { offer: OfferCase; c: Ctx; allocations: readonly OfferAllocation[] }) {
  const { t, lang } = c;
  return (
    <section aria-labelledby="lines-heading">
      <h2 class="govgr-heading-m" id="lines-heading" safe>
        {t('lines_heading')}
      </h2>
      {offer.lines.map((line) => (
        <div class="prosfero-line">
          <h3 class="govgr-heading-s" safe>
            {t('line_heading', { n: line.position, kind: label(LINE_KIND_LABELS, line.kind, lang) })}
          </h3>
          <SummaryList rows={lineSummaryRows(line, c)} />
          <LineAllocations lang={lang} gazetteer={c.gazetteer} offerReference={offer.reference} position={line.position} allocations={allocations} />
        </div>
      ))}
    </section>
  );
}

function ConsentsSection({ offer, c }: { offer: OfferCase; c: Ctx }) {
  const { t, lang } = c;
  return (
    <section aria-labelledby="consents-heading">
      <h2 class="govgr-heading-m" id="consents-heading" safe>
        {t('consents_heading')}
      </h2>
      <SummaryList
        rows={[
          { key: t('consent_privacy'), value: `${t('yes')} (${formatTime(lang, offer.consents.privacyNoticeAt)})` },
          { key: t('consent_share'), value: offer.consents.shareWithPartners ? t('yes') : t('no') },
        ]}
      />
    </section>
  );
}

function AttemptsSection(p: FormProps) {
  const { offer, c, csrf, failure, errors } = p;
  const { t, lang } = c;
  const own = errors('contact_attempt');
  const values = failure?.form === 'contact_attempt' ? failure.values : {};
  const prefix = t('error_prefix');
  const count = offer.attempts.length;
  const plural = new Intl.PluralRules(lang === 'el' ? 'el-GR' : 'en-GB').select(count) === 'one' ? 'attempts_never_reached_one' : 'attempts_never_reached_other';
  return (
    <section aria-labelledby="attempts-heading">
      <h2 class="govgr-heading-m" id="attempts-heading" safe>
        {t('attempts_heading')}
      </h2>
      {count === 0 ? (
        <p class="govgr-body" safe>
          {t('attempts_none')}
        </p>
      ) : (
        <>
          {!offer.reached ? (
            <p class="govgr-body" id="never-reached">
              <strong safe>{t(plural, { count: formatNumber(lang, count) })}</strong>
            </p>
          ) : (
            ''
          )}
          <div class="govgr-table-container">
            <table class="govgr-table govgr-table--dense" id="contact-attempts">
              <caption class="govgr-table__caption govgr-visually-hidden" safe>
                {t('attempts_caption')}
              </caption>
              <thead class="govgr-table__head">
                <tr class="govgr-table__row">
                  {(['col_when', 'col_who', 'col_outcome', 'col_channel', 'col_note'] as const).map((k) => (
                    <th scope="col" class="govgr-table__header" safe>
                      {t(k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="govgr-table__body">
                {offer.attempts.map((a) => (
                  <tr class="govgr-table__row">
                    <td class="govgr-table__cell">
                      <Time at={a.at} lang={lang} />
                    </td>
                    <td class="govgr-table__cell" safe>
                      {a.by ?? (a.bySystem ? t('actor_system') : t('actor_staff'))}
                    </td>
                    <td class="govgr-table__cell" safe>
                      {codeLabel(lang, 'outcome', a.outcome)}
                    </td>
                    <td class="govgr-table__cell" safe>
                      {codeLabel(lang, 'via', a.channel)}
                    </td>
                    <td class="govgr-table__cell prosfero-pre-line" safe>
                      {a.noteHidden ? t('note_hidden') : (a.note ?? '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {offer.abilities.recordContact ? (
        <>
          <h3 class="govgr-heading-s" safe>
            {t('record_attempt_heading')}
          </h3>
          <Form action={`${offerPath(offer.reference)}/contact-attempts`} csrf={csrf}>
            <Radios
              name="outcome"
              legend={t('outcome_legend')}
              errorPrefix={prefix}
              error={fieldError(own, 'outcome')}
              value={values.outcome ?? null}
              options={CONTACT_OUTCOMES.map((o) => ({ value: o, label: codeLabel(lang, 'outcome', o) }))}
            />
            <Radios
              name="channel"
              legend={t('channel_legend')}
              errorPrefix={prefix}
              error={fieldError(own, 'channel')}
              value={values.channel ?? null}
              inline
              options={CONTACT_CHANNELS.map((ch) => ({ value: ch, label: codeLabel(lang, 'via', ch) }))}
            />
            <TextArea
              name="attempt_note"
              label={t('attempt_note_label')}
              hint={t('attempt_note_hint')}
              errorPrefix={prefix}
              error={fieldError(own, 'attempt_note')}
              value={values.attempt_note ?? ''}
              maxlength={REASON_MAX}
              rows={2}
            />
            <Button text={t('record_attempt_button')} />
          </Form>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

function NotesSection(p: FormProps) {
  const { offer, c, csrf, failure, errors } = p;
  const { t, lang } = c;
  const own = errors('note');
  const values = failure?.form === 'note' ? failure.values : {};
  return (
    <section aria-labelledby="notes-heading">
      <h2 class="govgr-heading-m" id="notes-heading" safe>
        {t('notes_heading')}
      </h2>
      {offer.notes.length === 0 ? (
        <p class="govgr-body" safe>
          {t('notes_none')}
        </p>
      ) : (
        <ul class="govgr-list govgr-list--spaced" id="notes">
          {offer.notes.map((n) => (
            <li>
              <p class="govgr-body prosfero-pre-line" safe>
                {n.body}
              </p>
              <p class="govgr-hint">
                <span safe>{n.by ?? t('actor_staff')}</span>
                {', '}
                <Time at={n.at} lang={lang} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {offer.abilities.addNote ? (
        <Form action={`${offerPath(offer.reference)}/notes`} csrf={csrf}>
          <TextArea
            name="note_body"
            label={t('note_label')}
            hint={t('note_hint')}
            errorPrefix={t('error_prefix')}
            error={fieldError(own, 'note_body')}
            value={values.note_body ?? ''}
            maxlength={NOTE_MAX}
            rows={3}
          />
          <Button text={t('add_note_button')} secondary />
        </Form>
      ) : (
        ''
      )}
    </section>
  );
}

function reasonText(c: Ctx, reason: string, candidate: OfferCase['candidates'][number]): string {
  if (reason === 'name') {
    const similarity = Math.round((candidate.nameSimilarity ?? 0) * 100);
    const where = candidate.sharedPlace ? c.gazetteer.unitName(candidate.sharedPlace, c.lang) : '';
    return c.t('reason_name', { similarity, place: where });
  }
  return codeLabel(c.lang, 'reason', reason);
}

function DuplicatesSection(p: FormProps) {
  const { offer, c, csrf, failure, errors } = p;
  const { t, lang } = c;
  const a = offer.abilities;
  return (
    <section aria-labelledby="duplicates-heading">
      <h2 class="govgr-heading-m" id="duplicates-heading" safe>
        {t('duplicates_heading')}
      </h2>
      {offer.candidates.length === 0 ? (
        <p class="govgr-body" id="duplicates-none" safe>
          {t('duplicates_none')}
        </p>
      ) : (
        <div class="govgr-table-container">
          <table class="govgr-table govgr-table--dense" id="duplicates">
            <caption class="govgr-table__caption govgr-visually-hidden" safe>
              {t('duplicates_caption')}
            </caption>
            <thead class="govgr-table__head">
              <tr class="govgr-table__row">
                {(['col_other_offer', 'col_why', 'col_score', 'col_decision'] as const).map((k) => (
                  <th scope="col" class="govgr-table__header" safe>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govgr-table__body">
              {offer.candidates.map((cand) => {
                const field = confirmReasonField(cand.id);
                const own = errors(`confirm_${cand.id}`);
                const typed = failure?.form === `confirm_${cand.id}` ? (failure.values[field] ?? '') : '';
                return (
                  <tr class="govgr-table__row" id={`candidate-${cand.id}`}>
                    <td class="govgr-table__cell">
                      <a class="govgr-link" href={offerPath(cand.other.reference)} safe>
                        {formatReference(cand.other.reference)}
                      </a>
                      <br />
                      <span safe>{cand.other.legalName}</span>
                      <br />
                      <span class="govgr-hint" safe>
                        {`${codeLabel(lang, 'status', cand.other.status)} · ${formatTime(lang, cand.other.submittedAt)}`}
                      </span>
                    </td>
                    <td class="govgr-table__cell">
                      <ul class="govgr-list">
                        {cand.reasons.map((r) => (
                          <li safe>{reasonText(c, r, cand)}</li>
                        ))}
                      </ul>
                      <span class="govgr-hint" safe>
                        {cand.foundBy === 'submission' ? t('found_on_submission') : t('found_on_demand')}
                      </span>
                    </td>
                    <td class="govgr-table__cell" safe>
                      {`${Math.round(cand.score * 100)}%`}
                    </td>
                    <td class="govgr-table__cell">
                      {cand.status === 'open' ? (
                        <>
                          <p class="govgr-body" safe>
                            {t('candidate_open')}
                          </p>
                          {a.confirmDuplicate && cand.other.status !== 'duplicate' ? (
                            <Form action={`${offerPath(offer.reference)}/duplicates/${cand.id}/confirm`} csrf={csrf}>
                              <input type="hidden" name="version" value={String(offer.version)} />
                              <TextArea
                                name={field}
                                label={t('confirm_reason_label')}
                                errorPrefix={t('error_prefix')}
                                error={fieldError(own, field)}
                                value={typed}
                                maxlength={REASON_MAX}
                                rows={2}
                              />
                              <Button text={t('confirm_button', { reference: formatReference(cand.other.reference) })} warning />
                            </Form>
                          ) : (
                            ''
                          )}
                          {a.manageDuplicates ? (
                            <Form action={`${offerPath(offer.reference)}/duplicates/${cand.id}/dismiss`} csrf={csrf}>
                              <Button text={t('dismiss_button')} secondary />
                            </Form>
                          ) : (
                            ''
                          )}
                        </>
                      ) : (
                        <p class="govgr-body" safe>
                          {t(cand.status === 'confirmed' ? 'candidate_confirmed' : 'candidate_dismissed', {
                            who: cand.decidedByName ?? t('actor_staff'),
                            when: cand.decidedAt ? formatTime(lang, cand.decidedAt) : '',
                          })}
                        </p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {a.manageDuplicates ? (
        <Form action={`${offerPath(offer.reference)}/duplicates/search`} csrf={csrf}>
          <p class="govgr-hint" safe>
            {t('find_duplicates_hint')}
          </p>
          <Button text={t('find_duplicates_button')} secondary />
        </Form>
      ) : (
        ''
      )}
    </section>
  );
}

function actorName(c: Ctx, h: OfferCase['history'][number]): string {
  switch (h.actorKind) {
    case 'staff':
      return h.actorName ?? c.t('actor_staff');
    case 'offeror':
      return c.t('actor_offeror');
    case 'partner':
      return c.t('actor_partner');
    case 'system':
      return c.t('actor_system');
  }
}

function HistorySection({ offer, c }: { offer: OfferCase; c: Ctx }) {
  const { t, lang } = c;
  return (
    <section aria-labelledby="history-heading">
      <h2 class="govgr-heading-m" id="history-heading" safe>
        {t('history_heading')}
      </h2>
      <div class="govgr-table-container">
        <table class="govgr-table govgr-table--dense" id="history">
          <caption class="govgr-table__caption govgr-visually-hidden" safe>
            {t('history_caption')}
          </caption>
          <thead class="govgr-table__head">
            <tr class="govgr-table__row">
              {(['col_when', 'col_who', 'col_change', 'col_reason'] as const).map((k) => (
                <th scope="col" class="govgr-table__header" safe>
                  {t(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="govgr-table__body">
            {offer.history.map((h) => (
              <tr class="govgr-table__row">
                <td class="govgr-table__cell">
                  <Time at={h.at} lang={lang} />
                </td>
                <td class="govgr-table__cell" safe>
                  {actorName(c, h)}
                </td>
                <td class="govgr-table__cell">
                  <span safe>{h.from === null ? t('history_created') : `${codeLabel(lang, 'status', h.from)} → ${codeLabel(lang, 'status', h.to)}`}</span>
                  {h.from !== null ? (
                    <>
                      <br />
                      <span class="govgr-hint" safe>
                        {codeLabel(lang, 'event', h.event)}
                      </span>
                    </>
                  ) : (
                    ''
                  )}
                  {h.duplicateOf ? (
                    <>
                      <br />
                      {h.duplicateOf.visible ? (
                        <a class="govgr-link" href={offerPath(h.duplicateOf.reference)} safe>
                          {t('history_duplicate_of', { reference: formatReference(h.duplicateOf.reference) })}
                        </a>
                      ) : (
                        <span safe>{`${t('duplicate_of')} ${t('duplicate_of_hidden')}`}</span>
                      )}
                    </>
                  ) : (
                    ''
                  )}
                </td>
                <td class="govgr-table__cell prosfero-pre-line" safe>
                  {h.reason ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type RawAnswers = Record<string, string | string[]>;
const asRaw = (v: unknown): RawAnswers | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as RawAnswers) : undefined);
const plain = (rows: SummaryRow[]): SummaryRow[] => rows.map(({ key, value }) => ({ key, value }));

/** One version of the answers in the words of the form the person filled in (offers' check-your-answers rows). */
function AnswerVersion({ version, c }: { version: NonNullable<OfferCase['answers']>[number]; c: Ctx }) {
  const { t, lang } = c;
  const a = version.answers;
  const rowCtx = { lang, gazetteer: c.gazetteer };
  const lines = Array.isArray(a.lines) ? (a.lines as { kind?: unknown; answers?: unknown }[]) : [];
  const KINDS = ['accommodation', 'service', 'essential_items', 'money'];
  return (
    <div class="prosfero-line">
      <h3 class="govgr-heading-s" safe>
        {t('answers_version', { version: version.version, source: codeLabel(lang, 'source', version.source), when: formatTime(lang, version.createdAt) })}
      </h3>
      <h4 class="govgr-heading-s" safe>
        {t('answers_organisation')}
      </h4>
      <SummaryList rows={plain(organisationRows(asRaw(a.organisation_kind), asRaw(a.organisation), rowCtx, '', ''))} />
      <h4 class="govgr-heading-s" safe>
        {t('answers_contact')}
      </h4>
      <SummaryList rows={plain(contactRows(asRaw(a.contact), rowCtx, ''))} />
      {lines.map((l, i) => (
        <>
          <h4 class="govgr-heading-s" safe>
            {`${t('answers_line', { n: i + 1 })}: ${typeof l.kind === 'string' ? label(LINE_KIND_LABELS, l.kind, lang) : ''}`}
          </h4>
          {typeof l.kind === 'string' && KINDS.includes(l.kind) ? <SummaryList rows={plain(lineRows(l.kind as LineKind, asRaw(l.answers) ?? {}, rowCtx, ''))} /> : ''}
        </>
      ))}
      <h4 class="govgr-heading-s" safe>
        {t('answers_consents')}
      </h4>
      <SummaryList rows={plain(consentRows(asRaw(a.consents), lang, ''))} />
      <details class="govgr-details">
        <summary class="govgr-details__summary">
          <span class="govgr-details__summary-text" safe>
            {t('answers_raw')}
          </span>
        </summary>
        <pre class="govgr-body-s" safe>
          {JSON.stringify(a, null, 2)}
        </pre>
      </details>
    </div>
  );
}

function AnswersSection({ offer, c }: { offer: OfferCase; c: Ctx }) {
  const { t } = c;
  return (
    <section aria-labelledby="answers-heading">
      <h2 class="govgr-heading-m" id="answers-heading" safe>
        {t('answers_heading')}
      </h2>
      {offer.answers === null ? (
        <p class="govgr-body" id="answers-hidden" safe>
          {t('answers_hidden')}
        </p>
      ) : offer.answers.length === 0 ? (
        <p class="govgr-body" safe>
          {t('answers_none')}
        </p>
      ) : (
        offer.answers.map((v) => <AnswerVersion version={v} c={c} />)
      )}
    </section>
  );
}

const DONE_KEYS: Record<Done, CaseworkMessageKey> = {
  status: 'done_status',
  contact_attempt: 'done_contact_attempt',
  note: 'done_note',
  duplicates_searched: 'done_duplicates_searched',
  duplicate_confirmed: 'done_duplicate_confirmed',
  duplicate_dismissed: 'done_duplicate_dismissed',
};

/**
 * The offer's page. `failure` is the form that was refused (422), shown with its errors and
 * what was typed; `done` the action that just succeeded.
 */
export function OfferCasePage(p: { chrome: StaffChrome; offer: OfferCase; gazetteer: Gazetteer; done: Done | null; failure: ActionFailure | null; allocations?: readonly OfferAllocation[] }) {
  const lang = p.chrome.lang;
  const t = translator(caseworkMessages, lang);
  const c: Ctx = { lang, t, gazetteer: p.gazetteer };
  const { offer } = p;
  const message = (i: Issue) => t(i.key, { ...(i.params ?? {}), ...(i.params?.event ? { event: codeLabel(lang, 'event', String(i.params.event)) } : {}), ...(i.params?.status ? { status: codeLabel(lang, 'status', String(i.params.status)) } : {}) });
  const allErrors: FieldError[] = (p.failure?.issues ?? []).map((i) => ({ field: i.field, message: message(i) }));
  const errors = (form: string): FieldError[] => (p.failure?.form === form ? allErrors : []);
  const formProps: FormProps = { offer, c, csrf: p.chrome.csrf, failure: p.failure, errors };
  const title = t('page_title', { reference: formatReference(offer.reference) });
  return (
    <StaffLayout chrome={p.chrome} title={title} hasErrors={allErrors.length > 0}>
      <a class="govgr-back-link" href="/staff/offers" safe>
        {t('back_to_offers')}
      </a>
      <ErrorSummary errors={allErrors} title={t('error_summary_title')} />
      {p.done ? (
        <div class="govgr-notification-banner govgr-notification-banner--success" role="alert" aria-labelledby="done-title" id="done">
          <div class="govgr-notification-banner__header">
            <h2 class="govgr-notification-banner__title" id="done-title" safe>
              {t('done_title')}
            </h2>
          </div>
          <div class="govgr-notification-banner__content">
            <p class="govgr-notification-banner__heading" safe>
              {t(DONE_KEYS[p.done])}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      <span class="govgr-caption-l" safe>
        {offer.organisation.legalName}
      </span>
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      <UnconfirmedFlag lang={lang} unconfirmedAt={offer.unconfirmedAt} />
      <Summary offer={offer} c={c} />
      <OfferorChangesSection lang={lang} changes={offer.offerorChanges} showContact={offer.contact !== null} />
      <StatusForm {...formProps} />
      <OrganisationSection offer={offer} c={c} />
      <ContactSection offer={offer} c={c} />
      <LinesSection offer={offer} c={c} allocations={p.allocations ?? []} />
      <ConsentsSection offer={offer} c={c} />
      <AttemptsSection {...formProps} />
      <NotesSection {...formProps} />
      <DuplicatesSection {...formProps} />
      <HistorySection offer={offer} c={c} />
      <AnswersSection offer={offer} c={c} />
    </StaffLayout>
  );
}
