import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Lang } from '../../platform/i18n/index.js';
import { listAdminUnits } from './geography.service.js';
import type { AdminUnit } from './geography.types.js';

export const regionsGeojson = fileURLToPath(new URL('../../../db/reference/greece-regions.geojson', import.meta.url));

export type UnitGroup = { code: string; label: string; units: { code: string; label: string }[] };

/** Read-only look-ups over the administrative units, loaded once per process (420 rows). */
export type Gazetteer = {
  get(code: string): AdminUnit | undefined;
  /** every unit's code: regions, regional units, municipalities (420) */
  codes(): string[];
  /** the 13 regions, ordered by their name in `lang` */
  regions(lang: Lang): { code: string; label: string }[];
  /** municipalities grouped by regional unit, groups ordered by region then name */
  municipalityGroups(lang: Lang, regionCode?: string): UnitGroup[];
  /** a region's everyday name: «Κρήτη» / «Kriti» (GISCO NUTS names, nominative) */
  regionName(code: string, lang: Lang): string;
  /** a municipality's or regional unit's name as ELSTAT writes it (Greek) or its ELOT 743 transcription */
  unitName(code: string, lang: Lang): string;
  isRegion(code: string): boolean;
  isMunicipality(code: string): boolean;
  regionOf(code: string): string | null;
};

export async function loadGazetteer(db: Kysely<DB>): Promise<Gazetteer> {
  const units = await listAdminUnits(db);
  const geo = JSON.parse(readFileSync(regionsGeojson, 'utf8')) as {
    features: { properties: { iso_code: string; nuts_name: string; nuts_name_latn: string } }[];
  };
  const nominative = new Map(geo.features.map((f) => [f.properties.iso_code, f.properties]));
  const collator = { el: new Intl.Collator('el'), en: new Intl.Collator('en'), uk: new Intl.Collator('en') };

  const regionName = (code: string, lang: Lang): string => {
    const n = nominative.get(code);
    const u = units.get(code);
    if (n) return lang === 'el' ? n.nuts_name : n.nuts_name_latn;
    return u ? (lang === 'el' ? u.nameEl : u.nameEn) : code;
  };
  const unitName = (code: string, lang: Lang): string => {
    const u = units.get(code);
    if (!u) return code;
    if (u.level === 'region') return regionName(code, lang);
    return lang === 'el' ? u.nameEl : u.nameEn;
  };
  const all = [...units.values()];
  const regions = all.filter((u) => u.level === 'region');
  const regionalUnits = all.filter((u) => u.level === 'regional_unit');
  const municipalitiesByParent = new Map<string, AdminUnit[]>();
  for (const u of all) {
    if (u.level !== 'municipality' || !u.parentCode) continue;
    const list = municipalitiesByParent.get(u.parentCode) ?? [];
    list.push(u);
    municipalitiesByParent.set(u.parentCode, list);
  }

  return {
    get: (code) => units.get(code),
    codes: () => [...units.keys()],
    regions: (lang) =>
      regions
        .map((r) => ({ code: r.code, label: regionName(r.code, lang) }))
        .sort((a, b) => collator[lang].compare(a.label, b.label)),
    municipalityGroups(lang, regionCode) {
      return regionalUnits
        .filter((ru) => !regionCode || ru.parentCode === regionCode)
        .map((ru) => ({
          code: ru.code,
          label: `${unitName(ru.code, lang)} (${regionName(ru.parentCode ?? '', lang)})`,
          region: regionName(ru.parentCode ?? '', lang),
          units: (municipalitiesByParent.get(ru.code) ?? [])
            .map((m) => ({ code: m.code, label: unitName(m.code, lang) }))
            .sort((a, b) => collator[lang].compare(a.label, b.label)),
        }))
        .sort((a, b) => collator[lang].compare(a.region, b.region) || collator[lang].compare(a.label, b.label))
        .map(({ region: _region, ...g }) => g);
    },
    regionName,
    unitName,
    isRegion: (code) => units.get(code)?.level === 'region',
    isMunicipality: (code) => units.get(code)?.level === 'municipality',
    regionOf: (code) => units.get(code)?.regionCode ?? null,
  };
}
