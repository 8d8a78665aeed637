import type { FastifyInstance } from 'fastify';
import { allTopics, topicNames } from '@atalaia/contracts';
import { createServiceApp } from '@atalaia/http';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, KafkaReadinessCheck } from '@atalaia/kafka';
import { OutboxRelay, watchOutboxBacklog } from '@atalaia/outbox';
import { createLogger } from '@atalaia/telemetry';
import type { RelayConfig } from './config';

export interface RunningRelay {
  app: FastifyInstance;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/** Starts the relay: one idempotent producer draining every configured outbox. */
export async function startRelay(config: RelayConfig): Promise<RunningRelay> {
  const logger = createLogger('relay', config.LOG_LEVEL);
  const kafka = createKafkaClient({ clientId: 'atalaia-relay', brokers: config.KAFKA_BROKERS, logger });
  await ensureTopics(kafka, allTopics(topicNames(config.KAFKA_TOPIC_NAMESPACE)));
  const producer = await connectIdempotentProducer(kafka);
  const relay = new OutboxRelay({
    sources: config.OUTBOX_SOURCES,
    producer,
    logger,
    batchSize: config.RELAY_BATCH_SIZE,
    pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
  });
  relay.start();
  const unwatchBacklog = watchOutboxBacklog(config.OUTBOX_SOURCES);

  const kafkaReadiness = new KafkaReadinessCheck(kafka);
  const app = await createServiceApp({ name: 'relay', logger, healthChecks: { kafka: kafkaReadiness.isReachable } });
  await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ sources: config.OUTBOX_SOURCES.map((source) => source.name) }, 'relay started');

  return {
    app,
    relay,
    stop: async () => {
      await app.close();
      await kafkaReadiness.close();
      await relay.stop();
      await unwatchBacklog();
      await producer.disconnect();
    },
  };
}
