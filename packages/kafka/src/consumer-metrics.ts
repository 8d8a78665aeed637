import { Counter, Histogram, metricsRegistry } from '@atalaia/telemetry';

export const consumerMetrics = {
  processed: new Counter({
    name: 'atalaia_consumer_messages_total',
    help: 'Messages a consumer finished with, by outcome (handled or dead_lettered)',
    labelNames: ['consumer', 'outcome'],
    registers: [metricsRegistry],
  }),
  duration: new Histogram({
    name: 'atalaia_consumer_processing_seconds',
    help: 'Time from receiving a message to finishing with it, retries included',
    labelNames: ['consumer'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [metricsRegistry],
  }),
  batchSize: new Histogram({
    name: 'atalaia_consumer_batch_messages',
    help: 'Messages handled together in one go (one transaction for idempotent consumers); 1 when handled alone',
    labelNames: ['consumer'],
    buckets: [1, 2, 5, 10, 25, 50, 100, 250],
    registers: [metricsRegistry],
  }),
  retries: new Counter({
    name: 'atalaia_consumer_retries_total',
    help: 'Handler attempts that failed and were retried, by failure kind (transient or permanent)',
    labelNames: ['consumer', 'kind'],
    registers: [metricsRegistry],
  }),
  deadLetters: new Counter({
    name: 'atalaia_consumer_dead_letters_total',
    help: 'Messages sent to a dead-letter topic, by error code',
    labelNames: ['consumer', 'code'],
    registers: [metricsRegistry],
  }),
};
