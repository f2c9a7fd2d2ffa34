// The map of free places against places needed: inline SVG drawn on the server (no script),
// each region a link to the queue filtered to it, named in words (aria-label and <title>) and
// labelled with its percentage, so colour is never the only cue; a key and the boundaries'
// attribution follow it, and the table of the same figures comes after (views/dashboard.tsx).
import { translator, type StaffLang } from '../../../platform/i18n/index.js';
import type { Gazetteer } from '../../geography/index.js';
import type { GreeceMap } from '../dashboard.map.js';
import { dashboardMessages } from '../dashboard.messages.js';
import { COVERAGE_CLASSES, type CoverageClass, type DashboardReport } from '../dashboard.service.js';
import { attr, formatNumber, percentText, queueHref } from './format.js';

/**
 * ColorBrewer's PuOr diverging scheme, 4 classes (colour-blind safe, print friendly): orange for
 * a shortfall, purple for enough; a near-white grey for neither. Text on each keeps 4.5:1 or more.
 */
export const COVERAGE_COLOURS: Record<CoverageClass, { fill: string; text: string }> = {
  short: { fill: '#e66101', text: '#111317' },
  partly: { fill: '#fdb863', text: '#111317' },
  covered: { fill: '#b2abd2', text: '#111317' },
  ample: { fill: '#5e3c99', text: '#ffffff' },
  none: { fill: '#f7f7f7', text: '#111317' },
};

/** The viewBox around `regions` (all of Greece when they are the 13), with a margin. */
function viewBox(map: GreeceMap, codes: readonly string[]): string {
  const shapes = map.regions.filter((r) => codes.includes(r.code));
  if (shapes.length === 0 || shapes.length === map.regions.length) return `0 0 ${map.width} ${map.height}`;
  const x0 = Math.min(...shapes.map((s) => s.box[0])) - 12;
  const y0 = Math.min(...shapes.map((s) => s.box[1])) - 12;
  const x1 = Math.max(...shapes.map((s) => s.box[2])) + 12;
  const y1 = Math.max(...shapes.map((s) => s.box[3])) + 12;
  return `${Math.round(x0)} ${Math.round(y0)} ${Math.round(x1 - x0)} ${Math.round(y1 - y0)}`;
}

export function RegionsMap(p: { lang: StaffLang; map: GreeceMap; report: DashboardReport; gazetteer: Gazetteer }) {
  const { lang, map, report } = p;
  const t = translator(dashboardMessages, lang);
  const shown = report.map;
  const shapes = new Map(map.regions.map((r) => [r.code, r]));
  const kind = report.kind;
  const name = (code: string) => p.gazetteer.regionName(code, lang);
  const title = (r: DashboardReport['map'][number]) =>
    r.needed > 0
      ? t('map_region_title', { region: name(r.code), free: formatNumber(lang, r.free), needed: formatNumber(lang, r.needed), percent: percentText(lang, r.free, r.needed) })
      : t('map_region_title_no_need', { region: name(r.code), free: formatNumber(lang, r.free) });
  return (
    <figure class="prosfero-map" aria-labelledby="map-caption">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={viewBox(map, shown.map((r) => r.code))}
        class="prosfero-map__svg"
        role="group"
        aria-label={t('map_label')}
      >
        {shown.map((r) => {
          const shape = shapes.get(r.code);
          if (!shape) return '';
          const label = title(r);
          return (
            <a href={attr(queueHref({ region: r.code, kind: kind ?? undefined }))} aria-label={label} class="prosfero-map__region">
              <title safe>{label}</title>
              <path d={shape.d} fill={COVERAGE_COLOURS[r.coverage].fill} fill-rule="evenodd" stroke="#505a5f" stroke-width="0.6" stroke-linejoin="round" />
            </a>
          );
        })}
        <g aria-hidden="true" pointer-events="none" font-size="12" font-weight="700" text-anchor="middle" font-family="Roboto, Arial, sans-serif">
          {shown.map((r) => {
            const shape = shapes.get(r.code);
            if (!shape) return '';
            const text = r.needed > 0 ? percentText(lang, r.free, r.needed) : '–';
            // A halo in the region's own colour's opposite keeps the figure legible across borders.
            const colours = COVERAGE_COLOURS[r.coverage];
            return (
              <text
                x={String(shape.label.x)}
                y={String(shape.label.y + 4)}
                fill={colours.text}
                stroke={colours.text === '#ffffff' ? '#5e3c99' : '#ffffff'}
                stroke-width="2.5"
                paint-order="stroke"
                safe
              >
                {text}
              </text>
            );
          })}
        </g>
      </svg>
      <figcaption id="map-caption" class="govgr-body">
        <span class="govgr-visually-hidden" safe>
          {t('map_label')}
        </span>
        <span class="govgr-hint" safe>
          {t('map_attribution')}
        </span>
      </figcaption>
      <h3 class="govgr-heading-s" safe>
        {t('map_legend')}
      </h3>
      <ul class="prosfero-legend">
        {COVERAGE_CLASSES.map((c) => (
          <li>
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
              <rect x="0.5" y="0.5" width="19" height="19" fill={COVERAGE_COLOURS[c].fill} stroke="#505a5f" />
            </svg>
            <span safe>{t(`coverage_${c}`)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
