// Exports of the review queue (issue 5): CSV for Excel, XLSX, JSON Lines and HXL 3W, with the
// queue's filters and the member's scope, streamed with bounded memory; large ones as background
// jobs (export_jobs, 0009) run by the export worker. It reads offers through the review module's
// predicate and never changes them; its files are deleted after EXPORT_RETENTION_HOURS.
export { exportRoutes } from './exports.routes.js';
export { startExportWorker, runExportJobs, deleteExpiredExports, writeSelection, exporterOf, type Exporter, type ExportWorker } from './exports.service.js';
export { EXPORT_FORMATS, type ExportFormat } from './exports.formats.js';
export { ExportLinks } from './views/export-links.js';
