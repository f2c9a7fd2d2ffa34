// The downloadable template, in Greek or English, as CSV (UTF-8 with BOM, `;`: what Greek Excel
// opens correctly) or XLSX (every column typed as text, so ΑΦΜ and postcodes keep their leading
// zeros; a frozen header; a second sheet documenting the columns).
import { stringify } from 'csv-stringify/sync';
import type { StaffLang } from '../../platform/i18n/index.js';
import { CATEGORY_VALUES, COLUMN_HEADERS, COLUMN_KEYS, COLUMN_VALUES, OFFER_COLUMNS, REQUIRED_COLUMNS, type ColumnKey } from './imports.columns.js';
import { COLUMN_HELP, importMessages } from './imports.messages.js';
import { loadExcelJS } from './imports.files.js';

export const TEMPLATE_NAMES = ['prosfero-offers-el.csv', 'prosfero-offers-en.csv', 'prosfero-offers-el.xlsx', 'prosfero-offers-en.xlsx'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export function isTemplateName(v: string): v is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(v);
}

/** The values a column takes, as the member reads them: «Ναι, Όχι»; for the category column, per kind of help. */
export function columnValues(key: ColumnKey, lang: StaffLang): string {
  if (key === 'category') {
    return Object.values(CATEGORY_VALUES)
      .map((labels) => Object.values(labels).map((l) => l[lang]).join(', '))
      .join(' | ');
  }
  const labels = COLUMN_VALUES[key];
  return labels ? Object.values(labels).map((l) => l[lang]).join(', ') : '';
}

export function templateHeaders(lang: StaffLang): string[] {
  return COLUMN_KEYS.map((k) => COLUMN_HEADERS[k][lang]);
}

/** The template file's bytes and content type. */
export async function buildTemplate(name: TemplateName): Promise<{ body: Buffer; contentType: string }> {
  const lang: StaffLang = name.includes('-el.') ? 'el' : 'en';
  if (name.endsWith('.csv')) {
    const text = stringify([templateHeaders(lang)], { delimiter: ';', record_delimiter: '\r\n' });
    return { body: Buffer.from(`\uFEFF${text}`, 'utf8'), contentType: 'text/csv; charset=utf-8' };
  }
  const t = importMessages[lang];
  const excel = await loadExcelJS();
  const workbook = new excel.Workbook();
  const offers = workbook.addWorksheet(lang === 'el' ? 'Προσφορές' : 'Offers', { views: [{ state: 'frozen', ySplit: 1 }] });
  offers.columns = COLUMN_KEYS.map((k) => ({ header: COLUMN_HEADERS[k][lang], key: k, width: Math.max(14, COLUMN_HEADERS[k][lang].length + 2), style: { numFmt: '@' } }));
  offers.getRow(1).font = { bold: true };
  const columns = workbook.addWorksheet(lang === 'el' ? 'Στήλες' : 'Columns');
  columns.columns = [
    { header: t.col_column, key: 'column', width: 34 },
    { header: '', key: 'scope', width: 22 },
    { header: t.col_meaning, key: 'meaning', width: 70 },
    { header: t.col_values, key: 'values', width: 70 },
  ];
  columns.getRow(1).font = { bold: true };
  for (const k of COLUMN_KEYS) {
    columns.addRow({
      column: COLUMN_HEADERS[k][lang],
      scope: [OFFER_COLUMNS.has(k) ? t.column_offer : k === 'offer_key' ? '' : t.column_line, REQUIRED_COLUMNS.includes(k) ? t.column_required : ''].filter(Boolean).join(', '),
      meaning: COLUMN_HELP[k][lang],
      values: columnValues(k, lang),
    });
  }
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
