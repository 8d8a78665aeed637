import { z } from 'zod';
import { configFields, loadConfig, retentionConfigFields } from '@atalaia/config';

export const occurrenceConfigSchema = z.object({
  HOST: configFields.host(),
  PORT: configFields.port(8101),
  DATABASE_URL: configFields.databaseUrl(),
  KAFKA_BROKERS: configFields.kafkaBrokers(),
  KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
  LOG_LEVEL: configFields.logLevel(),
  ...retentionConfigFields,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

export type OccurrenceConfig = z.infer<typeof occurrenceConfigSchema>;

export function loadOccurrenceConfig(env: Record<string, string | undefined> = process.env): OccurrenceConfig {
  return loadConfig(occurrenceConfigSchema, env);
}
