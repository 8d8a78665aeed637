import type { FastifyInstance } from 'fastify';
import { allTopics, topicNames } from '@atalaia/contracts';
import { createServiceApp } from '@atalaia/http';
import {
  atalaiaConsumerGroups,
  connectIdempotentProducer,
  createKafkaClient,
  kafkaSecurityOf,
  ensureTopics,
  KafkaReadinessCheck,
  KeptAdminConnection,
  readConsumerLag,
} from '@atalaia/kafka';
import { OutboxRelay, watchOutboxBacklog } from '@atalaia/outbox';
import { createLogger } from '@atalaia/telemetry';
import type { RelayConfig } from './config';
import { registerOutboxStatusRoutes } from './http/outbox-status-routes';
import { watchConsumerLag } from './metrics/consumer-lag-metrics';

export interface RunningRelay {
  app: FastifyInstance;
  /** Where its HTTP server (health, /metrics, /outbox/status) listens. */
  url: string;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/** Starts the relay: an idempotent producer per configured outbox, replaced whenever it fails a send. */
export async function startRelay(config: RelayConfig): Promise<RunningRelay> {
  const logger = createLogger('relay', config.LOG_LEVEL);
  const kafka = createKafkaClient({ clientId: 'atalaia-relay', brokers: config.KAFKA_BROKERS, security: kafkaSecurityOf(config), logger, settings: { topicPartitions: config.KAFKA_TOPIC_PARTITIONS } });
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  await ensureTopics(kafka, allTopics(topics));
  const relay = new OutboxRelay({
    sources: config.OUTBOX_SOURCES,
    connectProducer: () => connectIdempotentProducer(kafka),
    commandResultsTopic: topics.commandResults,
    logger,
    batchSize: config.RELAY_BATCH_SIZE,
    maxBatchBytes: config.RELAY_MAX_BATCH_BYTES,
    maxMessageBytes: config.RELAY_MAX_MESSAGE_BYTES,
    compression: config.RELAY_COMPRESSION,
    minPollIntervalMs: config.RELAY_POLL_MIN_INTERVAL_MS,
    busyWindowMs: config.RELAY_POLL_BUSY_WINDOW_MS,
    pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
    lingerMs: config.RELAY_LINGER_MS,
  });
  relay.start();
  const unwatchBacklog = watchOutboxBacklog(config.OUTBOX_SOURCES);
  // Few retries: a scrape must not wait on a broker that is away; the last figures stay.
  const lagAdmin = new KeptAdminConnection(kafka, { retry: { retries: 1 } });
  const consumerGroups = atalaiaConsumerGroups(config.KAFKA_TOPIC_NAMESPACE, topics);
  const unwatchLag = watchConsumerLag({
    read: () => lagAdmin.use((admin) => readConsumerLag(admin, consumerGroups)),
    onFailure: (error) => logger.warn({ err: error }, 'consumer lag could not be read'),
  });

  const kafkaReadiness = new KafkaReadinessCheck(kafka);
  const app = await createServiceApp({ name: 'relay', logger, healthChecks: { kafka: kafkaReadiness.isReachable } });
  const sourceNames = config.OUTBOX_SOURCES.map((source) => source.name);
  await registerOutboxStatusRoutes(app, { leadingSources: () => sourceNames.filter((name) => relay.isLeading(name)) });
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ sources: config.OUTBOX_SOURCES.map((source) => source.name) }, 'relay started');

  return {
    app,
    url,
    relay,
    stop: async () => {
      await app.close();
      await kafkaReadiness.close();
      await relay.stop();
      await unwatchBacklog();
      unwatchLag();
      await lagAdmin.close();
    },
  };
}
