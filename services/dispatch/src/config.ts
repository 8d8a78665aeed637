import { z } from 'zod';
import { configFields, loadConfig, retentionConfigFields } from '@atalaia/config';

export const dispatchConfigSchema = z.object({
  HOST: configFields.host(),
  PORT: configFields.port(8102),
  DATABASE_URL: configFields.databaseUrl(),
  KAFKA_BROKERS: configFields.kafkaBrokers(),
  KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
  LOG_LEVEL: configFields.logLevel(),
  /** A dispatch to an occurrence this service has not heard of is retried this long before it fails. */
  OCCURRENCE_VIEW_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  ...retentionConfigFields,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

export type DispatchConfig = z.infer<typeof dispatchConfigSchema>;

export function loadDispatchConfig(env: Record<string, string | undefined> = process.env): DispatchConfig {
  return loadConfig(dispatchConfigSchema, env);
}
