import { z } from 'zod';
import { configFields, kafkaSecurityConfigFields, loadConfig } from '@atalaia/config';
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
  ...kafkaSecurityConfigFields,
  KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
  KAFKA_TOPIC_PARTITIONS: configFields.kafkaTopicPartitions(),
  LOG_LEVEL: configFields.logLevel(),
  /** Most rows claimed per transaction (and per send). */
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Most bytes per send, before compression: well under the broker's message.max.bytes (1,048,588 by default). */
  RELAY_MAX_BATCH_BYTES: z.coerce.number().int().min(1024).default(512 * 1024),
  /** The largest record the broker accepts; a larger outbox row is set aside unsent. */
  RELAY_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  RELAY_COMPRESSION: z.enum(['none', 'gzip']).default('none'),
  /** After a batch that was not full, wait this long before the next claim, so one Produce carries more rows (0: none). */
  RELAY_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /** The wait between empty polls while the outbox was busy a moment ago; a full batch is followed at once. */
  RELAY_POLL_MIN_INTERVAL_MS: z.coerce.number().int().min(1).default(2),
  /** Longest wait between polls of an empty outbox (after the busy window, each empty poll doubles the wait up to this). */
  RELAY_POLL_INTERVAL_MS: z.coerce.number().int().min(1).default(100),
  /** For this long after a poll that found rows, empty polls keep the shortest wait. */
  RELAY_POLL_BUSY_WINDOW_MS: z.coerce.number().int().min(0).max(60_000).default(250),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;

export function loadRelayConfig(env: Record<string, string | undefined> = process.env): RelayConfig {
  return loadConfig(relayConfigSchema, env);
}
