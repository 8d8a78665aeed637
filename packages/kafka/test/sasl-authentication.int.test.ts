import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KafkaJSSASLAuthenticationError, type Kafka } from 'kafkajs';
import { createTempDir, startKafkaBroker, type RunningKafkaBroker } from '@atalaia/local-stack';
import { createLogger } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { createKafkaClient, ensureTopics, kafkaSecurityOf, type KafkaSecuritySettings } from '../src';

/**
 * A Strimzi cluster authenticates each service as a KafkaUser over SCRAM-SHA-512,
 * usually on a TLS listener. This starts real brokers of its own, one with a
 * SASL_PLAINTEXT listener and one with SASL_SSL (a keytool certificate), SCRAM
 * credentials stored at format time and PLAIN users in JAAS, and connects the
 * way a service does: its KAFKA_SASL_* and KAFKA_TLS* settings, through
 * kafkaSecurityOf (which reads the CA file), into createKafkaClient.
 */
const logger = createLogger('sasl-test', 'silent');
const USER = { username: 'atalaia-dispatch', password: 'dispatch-s3cret' };

describe.each([
  { listener: 'SASL_PLAINTEXT', tls: false, mechanisms: ['scram-sha-512', 'scram-sha-256', 'plain'] as const },
  { listener: 'SASL_SSL (SCRAM over TLS, as Strimzi)', tls: true, mechanisms: ['scram-sha-512'] as const },
])('services authenticate to a $listener broker with their KAFKA_SASL_* and KAFKA_TLS* settings', ({ tls, mechanisms }) => {
  let dataDir: string;
  let broker: RunningKafkaBroker;

  beforeAll(async () => {
    dataDir = await createTempDir('atalaia-sasl-broker-');
    broker = await startKafkaBroker({ dataDir: join(dataDir, 'kafka'), heapMb: 256, saslUsers: [USER], saslTls: tls });
  }, 90_000);

  afterAll(async () => {
    await broker?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  const settings = (mechanism: KafkaSecuritySettings['KAFKA_SASL_MECHANISM'], password = USER.password): KafkaSecuritySettings => ({
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: USER.username,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_TLS: tls,
    KAFKA_TLS_CA_FILE: broker.tlsCaFile,
  });

  const clientFor = (security: KafkaSecuritySettings): Kafka =>
    createKafkaClient({ clientId: 'sasl-test', brokers: broker.saslBrokers, logger, settings: { topicPartitions: 1 }, security: kafkaSecurityOf(security) });

  /** Creates a topic, produces one record and reads it back, all over the SASL listener. */
  async function roundTrip(kafka: Kafka): Promise<string[]> {
    const topic = `sasl.${randomUUID()}`;
    await ensureTopics(kafka, [topic]);
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `sasl-${randomUUID()}` });
    const seen: string[] = [];
    try {
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'occ-1', value: 'hello over SASL' }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
      await waitFor(async () => seen.length > 0, { timeoutMs: 30_000, description: 'the record back from the SASL listener' });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    return seen;
  }

  it.each(mechanisms)(
    'when a service connects with mechanism %s and its password, then it creates topics, produces and consumes',
    async (mechanism) => {
      expect(await roundTrip(clientFor(settings(mechanism)))).toEqual(['hello over SASL']);
    },
    60_000,
  );

  it.each(mechanisms)('when a service connects with mechanism %s and a wrong password, then the broker refuses it', async (mechanism) => {
    const admin = clientFor(settings(mechanism, 'not-the-password')).admin();
    await expect(admin.connect()).rejects.toBeInstanceOf(KafkaJSSASLAuthenticationError);
    await admin.disconnect();
  });

  it('when a client connects to the SASL listener without credentials, then it cannot list topics', async () => {
    const admin = createKafkaClient({ clientId: 'sasl-test', brokers: broker.saslBrokers, logger, ...(tls ? { security: { ssl: { ca: [readFileSync(broker.tlsCaFile!, 'utf8')] } } } : {}) }).admin();
    // kafkajs retries the refused connection; the broker never answers a request before authentication.
    const answer = admin.connect().then(() => admin.listTopics());
    await expect(answer).rejects.toThrow();
    await admin.disconnect();
  }, 60_000);

  if (tls) {
    it('when a service has the right password but does not trust the listener certificate (no KAFKA_TLS_CA_FILE), then it does not connect', async () => {
      const untrusting = createKafkaClient({ clientId: 'sasl-test', brokers: broker.saslBrokers, logger, security: kafkaSecurityOf({ ...settings('scram-sha-512'), KAFKA_TLS_CA_FILE: undefined }) });
      const admin = untrusting.admin();
      await expect(admin.connect()).rejects.toThrow(/self[- ]signed|certificate/i);
      await admin.disconnect();
    }, 60_000);
  }
});
