// The audit trail (PRODUCT.md, «Audit event»): who did what to which record, when and why.
// It only appends, inside the caller's transaction, so an event exists exactly when its change
// does; the database itself refuses UPDATE, DELETE and TRUNCATE on audit_events (0003).
export { recordAuditEvent, type AuditEvent, type AuditActor } from './audit.service.js';
