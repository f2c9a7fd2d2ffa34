// An offer line's allocations and the link to the needs it could serve, for the offer's casework
// page (the casework module places it under each line).
import type { StaffLang } from '../../../platform/i18n/index.js';
import type { Gazetteer } from '../../geography/index.js';
import type { OfferAllocation } from '../needs.service.js';
import { needPath, quantityText, releaseText, timeText, viewContext } from './format.js';

export function LineAllocations(p: { lang: StaffLang; gazetteer: Gazetteer; offerReference: string; position: number; allocations: readonly OfferAllocation[] }) {
  const v = viewContext(p.lang, p.gazetteer);
  const { t } = v;
  const mine = p.allocations.filter((a) => a.position === p.position);
  return (
    <div class="prosfero-line-allocations">
      {mine.length > 0 ? (
        <>
          <h4 class="govgr-heading-s" safe>
            {t('line_allocations')}
          </h4>
          <ul class="govgr-list">
            {mine.map((a) => {
              const quantity = quantityText(v, a.kind, a.quantity, a.unit, a.currency);
              return (
                <li>
                  {a.needVisible ? (
                    <a class="govgr-link" href={needPath(a.needReference)} safe>
                      {t('allocation_to', { quantity, need: a.needReference })}
                    </a>
                  ) : (
                    <span safe>{t('allocation_to', { quantity, need: t('need_outside_scope') })}</span>
                  )}
                  <span safe>{` · ${timeText(v, a.createdAt)}`}</span>
                  {a.status === 'released' ? (
                    <span class="govgr-hint" safe>
                      {` · ${releaseText(v, a)}`}
                    </span>
                  ) : (
                    ''
                  )}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        ''
      )}
      <p class="govgr-body">
        <a class="govgr-link" href={`/staff/offers/${p.offerReference}/lines/${p.position}/needs`} safe>
          {t('line_needs_link')}
        </a>
      </p>
    </div>
  );
}
