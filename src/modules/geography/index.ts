// Greece's administrative units as reference data: loading them, and a read-only gazetteer
// (regions, regional units, municipalities, names in Greek and Latin) held in memory.
// It owns the admin_units table; it never changes units from a request.
export { loadAdminUnits, parseAdminUnitsCsv, adminUnitsCsv } from './geography.service.js';
export { loadGazetteer, type Gazetteer } from './geography.gazetteer.js';
export type { AdminUnit, AdminUnitLevel } from './geography.types.js';
