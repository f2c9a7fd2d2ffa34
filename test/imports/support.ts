// Files and uploads for the import tests: rows written under the template's headers, as CSV
// (any separator, with or without BOM) or as a real XLSX, posted as a browser posts a file.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { templateHeaders, COLUMN_KEYS } from '../../src/modules/imports/index.js';
import { csrfToken } from '../support/agent.js';
import type { StaffAgent } from '../support/staff.js';
import type { FastifyInstance } from 'fastify';

export type Row = Partial<Record<(typeof COLUMN_KEYS)[number], string | number | Date | { formula: string }>>;

/** A date `days` from today in Athens, as a Greek spreadsheet user types it: 27/3/2026. */
export function dayFirst(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const [y, m, dd] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d).split('-');
  return `${Number(dd)}/${Number(m)}/${y}`;
}

export function iso(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

export function csvOf(rows: Row[], options: { lang?: 'el' | 'en'; delimiter?: ';' | ','; bom?: boolean } = {}): Buffer {
  const headers = templateHeaders(options.lang ?? 'el');
  const records = rows.map((r) => COLUMN_KEYS.map((k) => {
    const v = r[k];
    return v === undefined ? '' : typeof v === 'object' && !(v instanceof Date) ? `=${v.formula}` : String(v);
  }));
  const text = stringify([headers, ...records], { delimiter: options.delimiter ?? ';', record_delimiter: '\r\n' });
  return Buffer.from(`${options.bom === false ? '' : '\uFEFF'}${text}`, 'utf8');
}

export async function xlsxOf(rows: Row[], options: { lang?: 'el' | 'en' } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Offers');
  sheet.addRow(templateHeaders(options.lang ?? 'en'));
  for (const r of rows) {
    sheet.addRow(COLUMN_KEYS.map((k) => {
      const v = r[k];
      if (v === undefined) return null;
      if (typeof v === 'object' && !(v instanceof Date)) return { formula: v.formula, result: 1 };
      return v;
    }));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Posts `file` to /staff/imports as multipart/form-data, with the page's CSRF token first. */
export async function upload(app: FastifyInstance, agent: StaffAgent, file: { name: string; data: Buffer; type?: string }): Promise<LightMyRequestResponse> {
  const token = csrfToken((await agent.get('/staff/imports')).body);
  const boundary = `----prosfero${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/staff/imports',
    remoteAddress: agent.remoteAddress,
    headers: { cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

/** A Greek municipality's offer of two lines (grouped by offer number), its ΑΦΜ with a leading zero. */
export function municipalityRows(key = 'M1'): Row[] {
  const offer: Row = {
    offer_key: key,
    organisation_kind: 'Δήμος',
    registered_in_greece: 'Ναι',
    legal_name: 'Δήμος Αρχανών-Αστερουσίων',
    tax_id: '099776546',
    street: 'Πλατεία Ελευθερίας 1',
    postcode: '70100',
    city: 'Αρχάνες',
    organisation_region: 'Κρήτη',
    contact_name: 'Γιώργος Σπυριδάκης',
    phone: '2810 752 100',
    email: 'koinoniki@archanes.example.org',
    preferred_language: 'Ελληνικά',
    privacy_notice: 'Ναι',
    share_with_partners: 'Όχι',
  };
  return [
    {
      ...offer,
      line_kind: 'Στέγαση',
      category: 'Κατασκήνωση ή δομή φιλοξενίας',
      places: '60',
      rooms: '15',
      line_region: 'GR-M',
      line_municipality: '7102',
      available_from: dayFirst(7),
      cost_basis: 'Δωρεάν',
      step_free_access: 'Ναι',
      suitable_for: 'Οικογένειες, Παιδιά',
    },
    {
      offer_key: key,
      line_kind: 'essential_items',
      category: 'bedding',
      description: 'Κουβέρτες και σεντόνια\nγια 60 άτομα',
      quantity: '120',
      unit: 'τεμάχια',
      condition: 'Καινούργια',
      line_region: 'GR-M',
      can_deliver: 'Όχι',
    },
  ];
}

/** A Ukrainian private individual abroad offering interpretation, postcode with a leading zero. */
export function ukrainianRow(): Row {
  return {
    organisation_kind: 'individual',
    registered_in_greece: 'Ні',
    legal_name: 'Олена Коваленко',
    country: 'UA',
    street: 'вул. Хрещатик, 1',
    postcode: '01001',
    city: 'Київ',
    contact_name: 'Олена Коваленко',
    phone: '+380501234567',
    email: 'olena@example.com.ua',
    preferred_language: 'Українська',
    privacy_notice: 'Так',
    line_kind: 'Послуга',
    category: 'interpretation_translation',
    description: 'Усний переклад українська — грецька',
    languages: 'uk, Ελληνικά',
    delivery: 'remote',
    capacity_per_week: '10',
    available_from: iso(3),
    cost_basis: 'free',
  };
}

/** An NGO's pledge of money. */
export function moneyRow(email = 'donations@ngo.example.org'): Row {
  return {
    organisation_kind: 'ngo',
    registered_in_greece: 'yes',
    legal_name: 'Αλληλεγγύη Χωρίς Σύνορα',
    tax_id: '997654320',
    street: 'Σόλωνος 10',
    postcode: '10673',
    city: 'Αθήνα',
    organisation_region: 'GR-I',
    contact_name: 'Μαρία Νικολάου',
    phone: '2101234567',
    email,
    preferred_language: 'el',
    privacy_notice: 'yes',
    share_with_partners: 'yes',
    line_kind: 'money',
    amount: '1.000,50',
    frequency: 'Κάθε μήνα',
    purpose: 'Ενοίκια οικογενειών',
  };
}
