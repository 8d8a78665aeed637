export { auditConfigSchema, loadAuditConfig, type AuditConfig } from './config';
export { startAuditService, type RunningAuditService } from './audit-service';
