import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses a service's environment once, at boot, against its zod schema. Nothing
 * else in a service reads `process.env`; a bad value stops the boot with every
 * offending variable named.
 */
export function loadConfig<TSchema extends z.ZodType>(
  schema: TSchema,
  env: Record<string, string | undefined> = process.env,
): z.infer<TSchema> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`invalid configuration:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Common fragments of service configuration schemas. */
export const configFields = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  host: () => z.string().default('127.0.0.1'),
  databaseUrl: () => z.url({ protocol: /^postgres(ql)?$/ }),
  kafkaBrokers: () =>
    z
      .string()
      .default('127.0.0.1:9092')
      .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean)),
  topicNamespace: () => z.string().regex(/^[a-z0-9_-]*$/).default(''),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The optional development key; empty means unset (docker-compose passes `${API_KEY:-}`). */
  /**
   * The key the gateway signs the access context with and the services check
   * it with (HMAC-SHA256): any secret of 32 characters or more, the same for
   * every service of an installation, e.g. `openssl rand -base64 32`.
   */
  accessContextSigningKey: () => z.string().min(32, 'ACCESS_CONTEXT_SIGNING_KEY must have at least 32 characters (e.g. openssl rand -base64 32)'),
  /** Partitions of the topics a service creates (existing topics keep theirs): the most instances of a consumer group that share the work. */
  kafkaTopicPartitions: () => z.coerce.number().int().min(1).max(1000).default(12),
  /** Partitions one consumer instance handles at once (in order within each). */
  kafkaConsumerConcurrency: () => z.coerce.number().int().min(1).max(64).default(3),
  developmentApiKey: () =>
    z.preprocess((value) => (value === '' ? undefined : value), z.string().min(8, 'API_KEY must have at least 8 characters').optional()),
};

/**
 * How a service authenticates to Kafka: nothing (the local stack), or SASL
 * (SCRAM, as Strimzi's KafkaUsers have, or PLAIN) with its username and
 * password, over TLS when KAFKA_TLS is set (with the cluster's CA from
 * KAFKA_TLS_CA_FILE, e.g. Strimzi's `<cluster>-cluster-ca-cert` Secret).
 */
export const kafkaSecurityConfigFields = {
  KAFKA_SASL_MECHANISM: z.enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512']).default('none'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_TLS: z.stringbool().default(false),
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
};

/** Retention settings every service with an outbox and a consumer inbox reads. */
export const retentionConfigFields = {
  OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(24),
  PROCESSED_MESSAGE_RETENTION_HOURS: z.coerce.number().positive().default(168),
  RETENTION_PURGE_INTERVAL_SECONDS: z.coerce.number().int().positive().default(300),
};

/** What every database-backed service reads: where it listens, its database, Kafka, logs and retention (tracing reads the standard OTEL_* environment itself). */
export function databaseServiceConfigFields(defaultPort: number) {
  return {
    HOST: configFields.host(),
    PORT: configFields.port(defaultPort),
    DATABASE_URL: configFields.databaseUrl(),
    KAFKA_BROKERS: configFields.kafkaBrokers(),
    ...kafkaSecurityConfigFields,
    KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
    KAFKA_TOPIC_PARTITIONS: configFields.kafkaTopicPartitions(),
    KAFKA_CONSUMER_CONCURRENCY: configFields.kafkaConsumerConcurrency(),
    LOG_LEVEL: configFields.logLevel(),
    ACCESS_CONTEXT_SIGNING_KEY: configFields.accessContextSigningKey(),
    ...retentionConfigFields,
  };
}
