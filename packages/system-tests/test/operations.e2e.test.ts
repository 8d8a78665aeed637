import { Kafka } from 'kafkajs';
import { allTopics } from '@atalaia/contracts';
import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { atalaiaConsumerGroups, connectIdempotentProducer, createKafkaClient, deadLetterTopic, defaultKafkaSettings } from '@atalaia/kafka';
import { createLogger, startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

/**
 * The operations API through the gateway, on the whole system: the pipeline's
 * health (outbox from the relay, consumer lag and dead letters from Kafka) and
 * the re-drive of a dead letter, for clients holding `operations` only.
 */
describe('operations API', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let operator: GatewayClient;
  let agency: GatewayClient;
  let kafka: Kafka;
  let namespace: string;

  beforeAll(async () => {
    system = await startInProcessSystem('operations');
    namespace = system.topics.occurrenceCommands.replace(/\.atalaia\..*$/, '');
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string, scopes: ApiScope[]) =>
      new GatewayClient(system.gatewayUrl, (await clients.create({ name: agencyId, agencyId, scopes, rateLimitPerMinute: null })).key);
    operator = await client('cbm-ops', ['read', 'operations']);
    agency = await client('agency-a', ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read', 'agencies:all']);
    kafka = createKafkaClient({ clientId: 'operations-test', brokers: system.kafkaBrokers, logger: createLogger('operations-test', 'silent') });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await system.stop();
    await telemetry.shutdown();
  });

  const occurrenceCommandsDlq = () => deadLetterTopic(system.topics.occurrenceCommands);
  const overview = async () => {
    const answer = await operator.get('/api/operations/overview');
    expect(answer.status).toBe(200);
    return answer.body as Json;
  };
  const post = (client: GatewayClient, body: unknown) => client.request('POST', '/api/operations/dead-letters/redrive', { body });

  it('when a client without the operations scope asks, then every operations route is 403 INSUFFICIENT_SCOPE, cross-agency operators and the development key included', async () => {
    const developmentKey = new GatewayClient(system.gatewayUrl, system.apiKey);
    for (const caller of [agency, developmentKey]) {
      const answers = [
        await caller.get('/api/operations/overview'),
        await caller.get(`/api/operations/dead-letters?topic=${occurrenceCommandsDlq()}`),
        await post(caller, { topic: occurrenceCommandsDlq(), offsets: ['0'] }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.code).toBe('INSUFFICIENT_SCOPE');
      }
    }
  });

  it('when traffic has flowed, then the overview shows every outbox drained, each known consumer group caught up on every partition, and no dead letters', async () => {
    await agency.createOccurrence();

    const settled = await waitFor(async () => {
      const body = await overview();
      const drained = body.outbox.every((row: Json) => row.backlog === 0);
      const caughtUp = body.consumers.length > 0 && body.consumers.every((row: Json) => row.lag === 0);
      return drained && caughtUp && body;
    }, { description: 'a drained, caught-up pipeline' });

    expect(settled.outbox.map((row: Json) => row.source).sort()).toEqual(['dispatch', 'gateway', 'occurrence']);
    expect(settled.outbox.every((row: Json) => row.oldestAgeSeconds === null && row.setAside === 0)).toBe(true);
    const groups = atalaiaConsumerGroups(namespace, system.topics);
    for (const { group, topics } of groups) {
      const rows = settled.consumers.filter((row: Json) => row.group === group);
      expect({ group, partitions: rows.map((row: Json) => `${row.topic}[${row.partition}]`).sort() }).toEqual({
        group,
        partitions: topics.flatMap((topic) => [...Array(defaultKafkaSettings.topicPartitions).keys()].map((partition) => `${topic}[${partition}]`)).sort(),
      });
    }
    expect(settled.deadLetters).toEqual(allTopics(system.topics).map((topic) => ({ topic: deadLetterTopic(topic), count: 0 })));
    expect(Date.parse(settled.checkedAt)).not.toBeNaN();
  });

  it('when the system runs, then the consumer groups the overview watches are the ones its services joined', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const joined = (await admin.listGroups()).groups.map(({ groupId }) => groupId);
      for (const { group } of atalaiaConsumerGroups(namespace, system.topics)) expect(joined).toContain(group);
    } finally {
      await admin.disconnect();
    }
  });

  it('when a message is dead-lettered, then it is counted and listed; re-driven, it goes back to its topic as the same message', async () => {
    const producer = await connectIdempotentProducer(kafka);
    await producer.send({
      topic: system.topics.occurrenceCommands,
      messages: [{ key: 'poison-key', value: '{"not": json', headers: { 'message-id': 'poison-message-id', 'message-type': 'occurrence.start' } }],
    });
    await producer.disconnect();
    const dlq = occurrenceCommandsDlq();

    await waitFor(async () => (await overview()).deadLetters.find((row: Json) => row.topic === dlq)?.count === 1, { description: 'the dead letter counted' });
    const listed = await operator.get(`/api/operations/dead-letters?topic=${dlq}&limit=10`);

    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([
      expect.objectContaining({
        topic: dlq,
        offset: '0',
        code: 'INVALID_JSON',
        attempts: 1,
        originalTopic: system.topics.occurrenceCommands,
        consumerGroup: `${namespace}.occurrence.commands`,
        messageType: 'occurrence.start',
        messageId: 'poison-message-id',
        failedAt: expect.any(String),
      }),
    ]);

    const redrive = await post(operator, { topic: dlq, offsets: ['0', '0', '99'] });
    expect(redrive.status).toBe(200);
    expect(redrive.body).toEqual({ redriven: 1 });

    // Still poison: back on its topic, the consumer dead-letters it again, as the same message.
    const letters = await waitFor(async () => {
      const { body } = await operator.get(`/api/operations/dead-letters?topic=${dlq}`);
      return body.data.length === 2 && body.data;
    }, { description: 'the re-driven letter back in the DLQ' });
    expect(letters.map((letter: Json) => letter.offset)).toEqual(['1', '0']);
    expect(letters[0]).toMatchObject({ originalTopic: system.topics.occurrenceCommands, messageId: 'poison-message-id', code: 'INVALID_JSON' });
  });

  it('when the topic is not one of this installation\'s dead-letter topics, then the answer is 404 DEAD_LETTER_TOPIC_NOT_FOUND', async () => {
    const otherNamespace = deadLetterTopic(system.topics.occurrenceCommands.slice(namespace.length + 1));
    for (const topic of [otherNamespace, system.topics.occurrenceCommands, `${namespace}.elsewhere.dlq`]) {
      const listed = await operator.get(`/api/operations/dead-letters?topic=${topic}`);
      const redriven = await post(operator, { topic, offsets: ['0'] });
      for (const answer of [listed, redriven]) {
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.code).toBe('DEAD_LETTER_TOPIC_NOT_FOUND');
      }
    }
  });

  it('when the request is malformed, then it is a 400 VALIDATION_FAILED naming the field', async () => {
    const answers = [
      [await operator.get('/api/operations/dead-letters'), 'query.topic'],
      [await operator.get(`/api/operations/dead-letters?topic=${occurrenceCommandsDlq()}&limit=0`), 'query.limit'],
      [await operator.get(`/api/operations/dead-letters?topic=${occurrenceCommandsDlq()}&extra=1`), 'query'],
      [await post(operator, { topic: occurrenceCommandsDlq(), offsets: [1] }), 'body.offsets.0'],
      [await post(operator, { topic: occurrenceCommandsDlq(), offsets: [] }), 'body.offsets'],
      [await post(operator, { topic: 'has spaces', offsets: ['0'] }), 'body.topic'],
    ] as const;
    for (const [answer, field] of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(answer.body.errors.map((error: Json) => error.field)).toContain(field);
    }
  });
});
