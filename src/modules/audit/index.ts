// The audit trail (PRODUCT.md, «Audit event»): who did what to which record, when and why.
// It only appends, inside the caller's transaction, so an event exists exactly when its change
// does; the database itself refuses UPDATE, DELETE and TRUNCATE on audit_events (0003).
// Administrators browse it at /staff/audit (auditRoutes); nothing here changes an event.
export { recordAuditEvent, browseAuditTrail, AUDIT_PAGE_SIZE, type AuditEvent, type AuditActor, type AuditEntry, type AuditPage } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
