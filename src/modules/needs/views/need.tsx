// A need's page: the need, its allocations (each active one with a release form), the offer lines
// that fit it, ranked, each saying why it fits and what does not, with an allocate form, and the
// forms to close or reopen it. Forms appear only for roles that may use them; the routes check again.
import { Button, ErrorSummary, Form, SummaryList, TextArea, TextInput, type FieldError, type SummaryRow } from '../../../platform/views/components.js';
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { formatReference, languageName } from '../../offers/index.js';
import { REASON_MAX, type Issue } from '../needs.schemas.js';
import type { Failure, Match, NeedPage as NeedData } from '../needs.service.js';
import { categoryLabel, dateText, kindLabel, needPath, placeText, quantityText, reasonText, releaseText, statusTag, timeText, viewContext, type V } from './format.js';

export const DONE = ['created', 'updated', 'closed', 'reopened', 'allocated', 'released'] as const;
export type Done = (typeof DONE)[number];

function MatchItem({ m, v, data, csrf, canAllocate, errors, values }: { m: Match; v: V; data: NeedData; csrf: string; canAllocate: boolean; errors: FieldError[]; values: Record<string, string> }) {
  const { t } = v;
  const n = data.need;
  const field = `quantity-${m.lineId}`;
  const error = errors.find((e) => e.field === field)?.message;
  const outstanding = Math.max(0, Number(n.quantity) - Number(n.allocatedQuantity));
  const suggested = String(Math.min(m.remaining, outstanding));
  return (
    <li class="prosfero-match">
      <h3 class="govgr-heading-s">
        <a class="govgr-link" href={`/staff/offers/${m.offerReference}`} safe>
          {t('match_heading', { reference: formatReference(m.offerReference), n: m.linePosition, organisation: m.organisationName })}
        </a>
      </h3>
      <p class="govgr-body" safe>
        {`${m.kind !== 'money' ? `${categoryLabel(v, m.kind, m.category)} · ` : ''}${placeText(v, m.regionCode, null, m.municipalityCode) || '—'} · ${t('match_left', {
          remaining: quantityText(v, m.kind, m.remaining, m.unit, m.currency),
          capacity: quantityText(v, m.kind, m.capacity, m.unit, m.currency),
        })}`}
      </p>
      {m.description ? (
        <p class="govgr-hint" safe>
          {m.description.length > 200 ? `${m.description.slice(0, 200)}…` : m.description}
        </p>
      ) : (
        ''
      )}
      <div class="govgr-grid-row">
        <div class="govgr-grid-column-one-half">
          <h4 class="govgr-heading-s" safe>
            {t('fits_heading')}
          </h4>
          <ul class="govgr-list govgr-list--bullet">
            {m.explanation.fits.map((r) => (
              <li safe>{reasonText(v, r, m.kind, m.unit, m.currency)}</li>
            ))}
          </ul>
        </div>
        <div class="govgr-grid-column-one-half">
          <h4 class="govgr-heading-s" safe>
            {t('misses_heading')}
          </h4>
          {m.explanation.misses.length === 0 ? (
            <p class="govgr-body" safe>
              {t('none')}
            </p>
          ) : (
            <ul class="govgr-list govgr-list--bullet">
              {m.explanation.misses.map((r) => (
                <li safe>{reasonText(v, r, m.kind, m.unit, m.currency)}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {canAllocate ? (
        <Form action={`${needPath(n.reference)}/allocations`} csrf={csrf}>
          <input type="hidden" name="line" value={m.lineId} />
          <TextInput name={field} label={t('allocate_quantity')} value={values.line === m.lineId ? (values.quantity ?? '') : suggested} error={error} errorPrefix={t('error_prefix')} inputmode="decimal" width="5" />
          <Button text={t('allocate')} />
        </Form>
      ) : (
        ''
      )}
    </li>
  );
}

export function NeedPageView(p: {
  chrome: StaffChrome;
  gazetteer: Gazetteer;
  data: NeedData;
  done: Done | null;
  failure: Failure | null;
  abilities: { manage: boolean; allocate: boolean };
}) {
  const v = viewContext(p.chrome.lang, p.gazetteer);
  const { t, lang } = v;
  const { need, allocations, matches } = p.data;
  const message = (i: Issue) => t(i.key, i.params ? { ...i.params, ...(i.params.remaining !== undefined ? { remaining: quantityText(v, need.kind, i.params.remaining, need.unit, need.currency) } : {}), ...(i.params.outstanding !== undefined ? { outstanding: quantityText(v, need.kind, i.params.outstanding, need.unit, need.currency) } : {}) } : undefined);
  const errors: FieldError[] = (p.failure?.issues ?? []).map((i) => ({ field: i.field, message: message(i) }));
  const formErrors = (form: string) => (p.failure?.form === form ? errors : []);
  const values = p.failure?.values ?? {};
  const title = t('need_title', { reference: need.reference });
  const outstanding = Math.max(0, Number(need.quantity) - Number(need.allocatedQuantity));
  const circumstances = [
    need.familiesWithChildren ? t('circumstance_families_with_children') : '',
    need.stepFreeAccessNeeded ? t('circumstance_step_free_access_needed') : '',
    need.elderly ? t('circumstance_elderly') : '',
    need.pets ? t('circumstance_pets') : '',
  ].filter(Boolean);
  const rows: SummaryRow[] = [
    { key: t('row_kind'), value: kindLabel(v, need.kind) },
    ...(need.kind !== 'money' ? [{ key: t('row_category'), value: categoryLabel(v, need.kind, need.category) }] : []),
    { key: t('row_quantity'), value: quantityText(v, need.kind, need.quantity, need.unit, need.currency) },
    { key: t('row_allocated'), value: quantityText(v, need.kind, need.allocatedQuantity, need.unit, need.currency) },
    { key: t('row_outstanding'), value: quantityText(v, need.kind, outstanding, need.unit, need.currency) },
    { key: t('row_place'), value: placeText(v, need.regionCode, need.regionalUnitCode, need.municipalityCode) },
    { key: t('row_dates'), value: need.endsOn ? t('dates_range', { from: dateText(need.startsOn), until: dateText(need.endsOn) }) : t('dates_open', { from: dateText(need.startsOn) }) },
    { key: t('row_priority'), value: t(`priority_${need.priority}`) },
    { key: t('row_status'), value: t(`status_${need.status}`) },
    ...(need.peopleCount !== null ? [{ key: t('row_people'), value: String(need.peopleCount) }] : []),
    ...(need.householdCount !== null ? [{ key: t('row_households'), value: String(need.householdCount) }] : []),
    { key: t('row_circumstances'), value: circumstances.length ? circumstances.join(', ') : t('none') },
    ...(need.languages.length ? [{ key: t('row_languages'), value: need.languages.map((l) => languageName(l, lang)).join(', ') }] : []),
    ...(need.notes ? [{ key: t('row_notes'), value: need.notes }] : []),
    ...(need.closedAt && need.closedReason ? [{ key: t('row_closed'), value: t('closed_because', { at: timeText(v, need.closedAt), reason: need.closedReason }) }] : []),
  ];
  const conflict = p.failure?.status === 409;
  return (
    <StaffLayout chrome={p.chrome} title={title} hasErrors={errors.length > 0}>
      <a class="govgr-back-link" href="/staff/needs" safe>
        {t('back_to_needs')}
      </a>
      <ErrorSummary errors={errors} title={conflict ? t('conflict_title') : t('error_summary_title')} />
      {p.done ? (
        <div class="govgr-notification-banner govgr-notification-banner--success" role="alert" aria-labelledby="done-title" id="done">
          <div class="govgr-notification-banner__header">
            <h2 class="govgr-notification-banner__title" id="done-title" safe>
              {t('done_title')}
            </h2>
          </div>
          <div class="govgr-notification-banner__content">
            <p class="govgr-notification-banner__heading" safe>
              {t(`done_${p.done}`)}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      <p class="govgr-body">{statusTag(v, need.status)}</p>
      {p.abilities.manage ? (
        <p class="govgr-body">
          <a class="govgr-link" href={`${needPath(need.reference)}/edit`} safe>
            {t('edit_need')}
          </a>
        </p>
      ) : (
        ''
      )}
      <section aria-labelledby="summary-heading">
        <h2 class="govgr-heading-m" id="summary-heading" safe>
          {t('summary_heading')}
        </h2>
        <SummaryList rows={rows} />
      </section>

      <section aria-labelledby="allocations-heading">
        <h2 class="govgr-heading-m" id="allocations-heading" safe>
          {t('allocations_heading')}
        </h2>
        {allocations.length === 0 ? (
          <p class="govgr-body" safe>
            {t('allocations_none')}
          </p>
        ) : (
          <ul class="govgr-list">
            {allocations.map((a) => {
              const releaseErrors = formErrors(`release_${a.id}`);
              return (
                <li class="prosfero-allocation">
                  <p class="govgr-body">
                    {a.offerVisible ? (
                      <a class="govgr-link" href={`/staff/offers/${a.offerReference}`} safe>
                        {`${formatReference(a.offerReference)}, ${t('offer_line', { n: a.linePosition })}: ${a.organisationName}`}
                      </a>
                    ) : (
                      <span safe>{t('offer_outside_scope')}</span>
                    )}
                    <span safe>{` — ${quantityText(v, a.lineKind, a.quantity, a.unit, a.currency)} · ${timeText(v, a.createdAt)}${a.createdByName ? ` · ${a.createdByName}` : ''}`}</span>
                  </p>
                  {a.status === 'released' ? (
                    <p class="govgr-hint" safe>
                      {`${releaseText(v, a)}${a.releasedByName ? ` · ${a.releasedByName}` : ''}`}
                    </p>
                  ) : p.abilities.allocate && a.offerVisible ? (
                    <Form action={`${needPath(need.reference)}/allocations/${a.id}/release`} csrf={p.chrome.csrf}>
                      <TextArea
                        name={`reason-${a.id}`}
                        label={t('release_reason')}
                        value={p.failure?.form === `release_${a.id}` ? (values.reason ?? '') : ''}
                        error={releaseErrors[0]?.message}
                        errorPrefix={t('error_prefix')}
                        maxlength={REASON_MAX}
                        rows={2}
                      />
                      <Button text={t('release')} secondary />
                    </Form>
                  ) : (
                    ''
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="matches-heading">
        <h2 class="govgr-heading-m" id="matches-heading" safe>
          {t('matches_heading')}
        </h2>
        {need.status === 'met' || need.status === 'closed' ? (
          <p class="govgr-body" safe>
            {t('matches_closed', { status: t(`status_${need.status}`) })}
          </p>
        ) : matches.length === 0 ? (
          <p class="govgr-body" safe>
            {t('matches_none')}
          </p>
        ) : (
          <>
            <p class="govgr-body" safe>
              {t('matches_intro')}
            </p>
            <p class="govgr-hint" safe>
              {t('matches_shown', { count: matches.length })}
            </p>
            <ol class="govgr-list prosfero-matches">
              {matches.map((m) => (
                <MatchItem m={m} v={v} data={p.data} csrf={p.chrome.csrf} canAllocate={p.abilities.allocate} errors={formErrors('allocate').concat(formErrors('conflict'))} values={p.failure?.form === 'allocate' ? values : {}} />
              ))}
            </ol>
          </>
        )}
      </section>

      {p.abilities.manage ? (
        need.status === 'closed' ? (
          <section aria-labelledby="reopen-heading">
            <h2 class="govgr-heading-m" id="reopen-heading" safe>
              {t('reopen_heading')}
            </h2>
            <Form action={`${needPath(need.reference)}/reopen`} csrf={p.chrome.csrf}>
              <Button text={t('reopen')} secondary />
            </Form>
          </section>
        ) : (
          <section aria-labelledby="close-heading">
            <h2 class="govgr-heading-m" id="close-heading" safe>
              {t('close_heading')}
            </h2>
            <Form action={`${needPath(need.reference)}/close`} csrf={p.chrome.csrf}>
              <TextArea name="reason" label={t('close_reason')} value={p.failure?.form === 'close' ? (values.reason ?? '') : ''} error={formErrors('close')[0]?.message} errorPrefix={t('error_prefix')} maxlength={REASON_MAX} rows={2} />
              <Button text={t('close')} warning />
            </Form>
          </section>
        )
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
