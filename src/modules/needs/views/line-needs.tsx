// The needs an offer line could serve (from the offer's casework page): open and partly met needs
// of the same kind, nearest first, each saying why it fits and what does not, linking to the
// need's page where the allocation is made.
import { StaffLayout, type StaffChrome } from '../../accounts/index.js';
import type { Gazetteer } from '../../geography/index.js';
import { formatReference } from '../../offers/index.js';
import type { LineNeeds } from '../needs.service.js';
import { categoryLabel, dateText, kindLabel, needPath, placeText, quantityText, reasonText, viewContext } from './format.js';

export function LineNeedsPage(p: { chrome: StaffChrome; gazetteer: Gazetteer; data: LineNeeds }) {
  const v = viewContext(p.chrome.lang, p.gazetteer);
  const { t } = v;
  const { line } = p.data;
  const title = t('line_needs_title', { reference: formatReference(p.data.offerReference), n: line.position });
  return (
    <StaffLayout chrome={p.chrome} title={title}>
      <a class="govgr-back-link" href={`/staff/offers/${p.data.offerReference}`} safe>
        {t('back_to_offer')}
      </a>
      <h1 class="govgr-heading-xl" safe>
        {title}
      </h1>
      <p class="govgr-body" safe>
        {`${kindLabel(v, line.kind)}${line.kind !== 'money' ? ` · ${categoryLabel(v, line.kind, line.category)}` : ''} · ${placeText(v, line.regionCode, null, line.municipalityCode) || '—'} · ${quantityText(v, line.kind, line.remaining, line.unit, line.currency)}`}
      </p>
      {p.data.needs.length === 0 ? (
        <p class="govgr-body" safe>
          {line.remaining > 0 ? t('line_needs_none') : t('line_not_live')}
        </p>
      ) : (
        <>
          <p class="govgr-body" safe>
            {t('line_needs_intro')}
          </p>
          <ol class="govgr-list">
            {p.data.needs.map(({ need, explanation }) => (
              <li>
                <h2 class="govgr-heading-s">
                  <a class="govgr-link" href={needPath(need.reference)} safe>
                    {`${need.reference}: ${quantityText(v, need.kind, Math.max(0, Number(need.quantity) - Number(need.allocatedQuantity)), need.unit, need.currency)} · ${placeText(v, need.regionCode, need.regionalUnitCode, need.municipalityCode)} · ${dateText(need.startsOn)} · ${t(`priority_${need.priority}`)}`}
                  </a>
                </h2>
                <p class="govgr-body" safe>
                  {`${t('fits_heading')}: ${explanation.fits.map((r) => reasonText(v, r, line.kind, line.unit, line.currency)).join('; ')}`}
                </p>
                <p class="govgr-body" safe>
                  {`${t('misses_heading')}: ${explanation.misses.length ? explanation.misses.map((r) => reasonText(v, r, line.kind, line.unit, line.currency)).join('; ') : t('none')}`}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </StaffLayout>
  );
}
