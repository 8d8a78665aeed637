import { z } from 'zod';
import { configFields, loadConfig } from '@atalaia/config';
import type { OutboxSource } from '@atalaia/outbox';

/** `name=postgresql://…` pairs, comma-separated: every database whose outbox the relay drains. */
const outboxSourcesSchema = z
  .string()
  .min(1)
  .transform((value, ctx): OutboxSource[] =>
    value.split(',').map((pair) => {
      const [name, ...url] = pair.trim().split('=');
      const databaseUrl = url.join('=');
      if (!name || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=postgresql://…` });
      }
      return { name: name ?? '', databaseUrl };
    }),
  );

export const relayConfigSchema = z.object({
  HOST: configFields.host(),
  PORT: configFields.port(8104),
  OUTBOX_SOURCES: outboxSourcesSchema,
  KAFKA_BROKERS: configFields.kafkaBrokers(),
  KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
  LOG_LEVEL: configFields.logLevel(),
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  RELAY_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;

export function loadRelayConfig(env: Record<string, string | undefined> = process.env): RelayConfig {
  return loadConfig(relayConfigSchema, env);
}
