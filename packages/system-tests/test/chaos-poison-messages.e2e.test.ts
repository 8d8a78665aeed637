import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { allTopics, createEnvelope } from '@atalaia/contracts';
import { atalaiaConsumerGroups, connectIdempotentProducer, createKafkaClient, deadLetterHeaders, readDeadLetters } from '@atalaia/kafka';
import { createLogger, startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem } from '../src';

const execFileAsync = promisify(execFile);

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
    // Every topic some consumer group reads, and how many groups read it: each group dead-letters its own copy of a poison message.
    const readers = new Map<string, number>();
    for (const { topics } of atalaiaConsumerGroups(system.topics.occurrenceCommands.replace(/\.atalaia\..*$/, ''), system.topics)) for (const topic of topics) readers.set(topic, (readers.get(topic) ?? 0) + 1);
    const consumed = [...readers.keys()];
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
      const groups = readers.get(topic)!;
      const letters = await waitFor(async () => {
        const found = await readDeadLetters(kafka, topic);
        return found.length === 2 * groups && found;
      }, { description: `two dead letters for ${topic} from each of its ${groups} group(s)` });
      const codes = letters.map((letter) => letter.headers[deadLetterHeaders.errorCode]).sort();
      expect(codes).toEqual([...Array(groups).fill('INVALID_JSON'), ...Array(groups).fill('INVALID_MESSAGE_DATA')]);
      expect(letters.every((letter) => letter.headers[deadLetterHeaders.originalTopic] === topic)).toBe(true);
    }
    // Unit events feed only the gateway's live stream, which drops what it cannot read rather than dead-lettering it.
    expect(allTopics(system.topics).filter((topic) => !consumed.includes(topic))).toEqual([system.topics.unitEvents]);
    expect(readers.get(system.topics.occurrenceEvents)).toBe(2);
  });

  it('when an operator lists and re-drives with the dlq CLI, then it shows each letter and re-publishes it', async () => {
    const dlq = (...args: string[]) =>
      execFileAsync(process.execPath, ['--import', 'tsx', 'src/cli/dead-letters.ts', ...args], {
        cwd: path.resolve(__dirname, '../../../services/relay'),
        env: { ...process.env, KAFKA_BROKERS: system.kafkaBrokers.join(',') },
      });
    const topic = system.topics.auditEvents;

    const listing = (await dlq('list', topic)).stdout.trim().split('\n');
    const shown = JSON.parse((await dlq('show', topic, '0')).stdout);
    const redriven = (await dlq('redrive', topic, '1')).stdout;

    expect(listing).toHaveLength(2);
    expect(listing[0]).toMatch(new RegExp(`^0  \\S+  INVALID_JSON  attempts=1  from ${topic.replaceAll('.', '\\.')}\\[\\d\\]@\\d+`));
    expect(shown).toMatchObject({ offset: '0', key: 'poison', value: '{"this is": not json' });
    expect(redriven).toContain(`re-published 1 message(s) to ${topic}`);
    // The re-driven letter is still poison: it comes back as a third letter.
    await waitFor(async () => (await dlq('list', topic)).stdout.trim().split('\n').length === 3 || undefined, { description: 'the letter back in the DLQ' });
  });
});
