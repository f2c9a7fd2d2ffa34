// Offers per day as SVG bars drawn on the server, with the table of the same figures beside it as
// its text alternative (the chart is one image with a name; the table carries the numbers).
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import { dashboardMessages } from '../dashboard.messages.js';
import type { DashboardReport } from '../dashboard.service.js';
import { formatDay, formatNumber } from './format.js';

const WIDTH = 600;
const HEIGHT = 220;
const LEFT = 44;
const BOTTOM = 24;
const TOP = 12;

/** The smallest of 1, 2, 5 × 10^n at or above `n`, so the axis reads in round numbers. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export function OffersPerDay(p: { lang: StaffLang; days: DashboardReport['days'] }) {
  const { lang, days } = p;
  const t = translator(dashboardMessages, lang);
  const max = Math.max(0, ...days.map((d) => d.offers));
  const top = niceCeiling(max);
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - TOP - BOTTOM;
  const step = plotW / days.length;
  const barW = Math.max(1, step * 0.7);
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  const ticks = [0, Math.floor((days.length - 1) / 2), days.length - 1];
  return (
    <div class="prosfero-figure">
      <figure class="prosfero-chart">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          class="prosfero-chart__svg"
          role="img"
          aria-label={t('chart_label', { from: formatDay(lang, first), to: formatDay(lang, last), max: formatNumber(lang, max) })}
          font-family="Roboto, Arial, sans-serif"
          font-size="12"
        >
          <line x1={String(LEFT)} y1={String(TOP)} x2={String(WIDTH - 8)} y2={String(TOP)} stroke="#b1b4b6" stroke-dasharray="3 3" />
          <text x={String(LEFT - 6)} y={String(TOP + 4)} text-anchor="end" fill="#111317" safe>
            {formatNumber(lang, top)}
          </text>
          <text x={String(LEFT - 6)} y={String(TOP + plotH + 4)} text-anchor="end" fill="#111317">
            0
          </text>
          {days.map((d, i) => {
            const h = (d.offers / top) * plotH;
            return (
              <rect x={(LEFT + i * step + (step - barW) / 2).toFixed(1)} y={(TOP + plotH - h).toFixed(1)} width={barW.toFixed(1)} height={h.toFixed(1)} fill="#003375">
                <title safe>{t('chart_bar_title', { day: formatDay(lang, d.day), count: formatNumber(lang, d.offers) })}</title>
              </rect>
            );
          })}
          <line x1={String(LEFT)} y1={String(TOP + plotH)} x2={String(WIDTH - 8)} y2={String(TOP + plotH)} stroke="#111317" />
          {ticks.map((i) => (
            <text x={(LEFT + i * step + step / 2).toFixed(1)} y={String(HEIGHT - 6)} text-anchor="middle" fill="#111317" safe>
              {formatDay(lang, days[i]?.day ?? first, true)}
            </text>
          ))}
        </svg>
      </figure>
      <div class="govgr-table-container prosfero-figure__table">
        <table class="govgr-table govgr-table--dense" id="offers-per-day">
          <caption class="govgr-table__caption" safe>
            {t('chart_caption')}
          </caption>
          <thead class="govgr-table__head">
            <tr class="govgr-table__row">
              <th scope="col" class="govgr-table__header" safe>
                {t('col_day')}
              </th>
              <th scope="col" class="govgr-table__header govgr-table__header--numeric" safe>
                {t('col_offers')}
              </th>
            </tr>
          </thead>
          <tbody class="govgr-table__body">
            {days.map((d) => (
              <tr class="govgr-table__row">
                <th scope="row" class="govgr-table__header">
                  <time datetime={d.day} safe>
                    {formatDay(lang, d.day)}
                  </time>
                </th>
                <td class="govgr-table__cell govgr-table__cell--numeric" safe>
                  {formatNumber(lang, d.offers)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
