import { z } from 'zod';
import { configFields, loadConfig, retentionConfigFields } from '@atalaia/config';

export const auditConfigSchema = z.object({
  HOST: configFields.host(),
  PORT: configFields.port(8103),
  DATABASE_URL: configFields.databaseUrl(),
  KAFKA_BROKERS: configFields.kafkaBrokers(),
  KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
  LOG_LEVEL: configFields.logLevel(),
  ...retentionConfigFields,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

export type AuditConfig = z.infer<typeof auditConfigSchema>;

export function loadAuditConfig(env: Record<string, string | undefined> = process.env): AuditConfig {
  return loadConfig(auditConfigSchema, env);
}
