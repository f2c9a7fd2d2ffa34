export type AdminUnitLevel = 'region' | 'regional_unit' | 'municipality' | 'self_governed';

export type AdminUnitRow = {
  code: string;
  level: AdminUnitLevel;
  parent_code: string | null;
  name_el: string;
  name_en: string;
  nuts_code: string | null;
};

/** A region, regional unit or municipality, with its region (ISO 3166-2:GR) resolved. */
export type AdminUnit = {
  code: string;
  level: AdminUnitLevel;
  parentCode: string | null;
  regionCode: string | null;
  nameEl: string;
  nameEn: string;
  nutsCode: string | null;
};
