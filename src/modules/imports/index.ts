// Bulk import of offers from CSV or XLSX files (/staff/imports): the template, reading and
// checking a file by the public form's rules, and importing the valid offers or none. It owns
// import_batches and import_batch_offers; the offers themselves are written by the offers module
// (insertImportedOffers), never here.
export { importRoutes } from './imports.routes.js';
export { purgeExpiredImports, settleImportJobs, uploadImport, importBatch, discardBatch, openBatch, checkOffer, type ImportBatch } from './imports.service.js';
export { readSheet, FileProblem, type FileProblemCode } from './imports.files.js';
export { mapHeaders, groupRows, COLUMN_KEYS, COLUMN_HEADERS, REQUIRED_COLUMNS } from './imports.columns.js';
export { buildTemplate, templateHeaders } from './imports.template.js';
