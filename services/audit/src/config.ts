import { z } from 'zod';
import { databaseServiceConfigFields, loadConfig } from '@atalaia/config';

export const auditConfigSchema = z.object({
  ...databaseServiceConfigFields(8103),
});

export type AuditConfig = z.infer<typeof auditConfigSchema>;

export function loadAuditConfig(env: Record<string, string | undefined> = process.env): AuditConfig {
  return loadConfig(auditConfigSchema, env);
}
