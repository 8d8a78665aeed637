import { randomUUID } from 'node:crypto';
import { allTopics, createEnvelope } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient, deadLetterHeaders, readDeadLetters } from '@atalaia/kafka';
import { createLogger, startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem } from '../src';

/** Chaos 5: poison on every topic the system consumes. */
describe('chaos: poison messages on every consumed topic', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('poison');
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  it('when invalid JSON and wrong-schema messages are published, then each lands in its dead-letter topic and valid traffic is still processed', async () => {
    const kafka = createKafkaClient({ clientId: 'poisoner', brokers: system.kafkaBrokers, logger: createLogger('poisoner', 'silent') });
    const producer = await connectIdempotentProducer(kafka);
    const consumed = [system.topics.occurrenceCommands, system.topics.dispatchCommands, system.topics.occurrenceEvents, system.topics.auditEvents, system.topics.commandResults];
    const wrongSchema = createEnvelope({ type: 'occurrence.created', source: 'poisoner', aggregateType: 'occurrence', subject: 'x', data: { occurrence: { id: 'nope' } } });
    for (const topic of consumed) {
      await producer.send({ topic, messages: [{ key: 'poison', value: '{"this is": not json' }, { key: 'poison', value: JSON.stringify(wrongSchema) }] });
    }
    await producer.disconnect();

    const occurrenceId = await api.createOccurrence({ externalId: `POISON-${randomUUID()}` });
    const dispatch = await api.dispatchUnit(occurrenceId, 'ABT-99');
    expect(dispatch.status).toBe('processed');
    await waitFor(async () => (await api.auditTrail('occurrence', occurrenceId)).length === 1 || undefined, { description: 'the audit entry' });

    for (const topic of consumed) {
      const letters = await waitFor(async () => {
        const found = await readDeadLetters(kafka, topic);
        return found.length === 2 && found;
      }, { description: `two dead letters for ${topic}` });
      expect(letters.map((letter) => letter.headers[deadLetterHeaders.errorCode])).toEqual(['INVALID_JSON', 'INVALID_MESSAGE_DATA']);
      expect(letters.every((letter) => letter.headers[deadLetterHeaders.originalTopic] === topic)).toBe(true);
    }
    expect(allTopics(system.topics).filter((topic) => !consumed.includes(topic))).toEqual([system.topics.dispatchEvents]);
  });
});
