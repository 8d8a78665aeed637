import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Producer } from 'kafkajs';
import { createEnvelope, topicNames, unitIdFor, type Topics, type UnitSnapshot } from '@atalaia/contracts';
import { createKafkaClient } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, TEST_ACCESS_CONTEXT_SIGNING_KEY, testKafkaBrokers, uniqueTopicNamespace, type TestDatabase } from '@atalaia/testing';
import { loadGatewayConfig } from '../src/config';
import { ApiClientStore } from '../src/db/api-client-store';
import { createGatewayPrisma } from '../src/db/prisma';
import { startGateway, type RunningGateway } from '../src/gateway-service';
import { occurrenceSnapshot } from './snapshot-builders';
import { SseReader } from './sse-reader';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const DEV_KEY = 'dev-key-for-the-live-stream';
const OPERATOR_KEY = 'operator-key-for-the-live-stream';
const occurrence = occurrenceSnapshot;
const unitOf = (agencyId: string, code: string): UnitSnapshot => ({
  id: unitIdFor(agencyId, code),
  agencyId,
  code,
  kind: 'ABT',
  name: null,
  station: null,
  capabilities: [],
  crewSize: null,
  status: 'out_of_service',
  statusReason: 'Troca de pneu',
  statusSince: '2026-02-01T14:33:00.000Z',
  retiredAt: null,
  version: 2,
  createdAt: '2026-02-01T08:00:00.000Z',
  updatedAt: '2026-02-01T14:33:00.000Z',
});

describe('live stream', () => {
  let database: TestDatabase;
  let gateway: RunningGateway;
  let topics: Topics;
  let producer: Producer;
  let otherAgencyKey: string;
  const readers: SseReader[] = [];

  const open = async (headers: Record<string, string>, query = '') => {
    const reader = await SseReader.open(`${gateway.url}/api/stream${query}`, headers);
    readers.push(reader);
    return reader;
  };
  const publish = (topic: string, type: string, data: unknown, actor?: { clientId: string; agencyId: string }) =>
    producer.send({ topic, messages: [{ value: JSON.stringify(createEnvelope({ type, source: 'test', aggregateType: 'x', subject: 'x', data, actor })) }] });
  const reportOccurrence = (agencyId: string, externalId: string) =>
    publish(topics.occurrenceEvents, 'occurrence.created', { occurrence: occurrence(agencyId, externalId) });
  const externalIdsIn = (reader: SseReader) => reader.events('occurrence').map((frame) => JSON.parse(frame.data!).occurrence.externalId);

  beforeAll(async () => {
    database = await createTestDatabase('live_stream', migrations);
    const namespace = uniqueTopicNamespace('live-stream');
    topics = topicNames(namespace);
    const prisma = createGatewayPrisma(database.url);
    otherAgencyKey = (await new ApiClientStore(prisma).create({ name: 'PM', agencyId: 'pm-se', scopes: ['read'], rateLimitPerMinute: null })).key;
    await prisma.$disconnect();
    gateway = await startGateway(
      loadGatewayConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: database.url,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_NAMESPACE: namespace,
        LOG_LEVEL: process.env.ATALAIA_TEST_LOG_LEVEL ?? 'silent',
        API_KEY: DEV_KEY,
        OPERATOR_API_KEY: OPERATOR_KEY,
        ACCESS_CONTEXT_SIGNING_KEY: TEST_ACCESS_CONTEXT_SIGNING_KEY,
      }),
    );
    producer = createKafkaClient({ clientId: 'live-stream-test', brokers: testKafkaBrokers(), logger: createLogger('test', 'silent') }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    readers.forEach((reader) => reader.close());
    await producer?.disconnect();
    await gateway?.stop();
    await database?.drop();
  });

  it('when events arrive, then each subscriber gets its agency’s occurrences, an operator every agency’s, and command outcomes only their sender', async () => {
    const signIn = await fetch(`${gateway.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: OPERATOR_KEY }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const devAgency = await open({ 'x-api-key': DEV_KEY });
    const otherAgency = await open({ authorization: `Bearer ${otherAgencyKey}` });
    const operator = await open({ cookie });
    const commandId = randomUUID();

    await reportOccurrence('dev-agency', 'DEV-1');
    await reportOccurrence('pm-se', 'PM-1');
    await publish(topics.commandResults, 'command.processed', { commandId, commandType: 'occurrence.start', status: 'processed', aggregateType: 'occurrence', aggregateId: 'x', result: {} }, { clientId: 'dev-client', agencyId: 'dev-agency' });
    await operator.next((frame) => frame.data?.includes('PM-1') === true && externalIdsIn(operator).length === 2, 'both occurrences at the operator');
    const command = await devAgency.next((frame) => frame.event === 'command');
    await devAgency.next((frame) => frame.data?.includes('DEV-1') === true);
    await otherAgency.next((frame) => frame.data?.includes('PM-1') === true);

    expect(externalIdsIn(devAgency)).toEqual(['DEV-1']);
    expect(externalIdsIn(otherAgency)).toEqual(['PM-1']);
    expect(externalIdsIn(operator).sort()).toEqual(['DEV-1', 'PM-1']);
    expect(JSON.parse(command.data!)).toMatchObject({ commandId, status: 'processed', commandType: 'occurrence.start' });
    expect(command.id).toMatch(/^[^.]+\.\d+$/);
    expect(otherAgency.events('command')).toEqual([]);
    expect(operator.events('command')).toEqual([]);
  });

  it("when a unit changes, then its agency's consoles and cross-agency operators get a unit event, other agencies nothing", async () => {
    const devAgency = await open({ 'x-api-key': DEV_KEY });
    const otherAgency = await open({ authorization: `Bearer ${otherAgencyKey}` });
    const statusChanged = (unit: UnitSnapshot) => ({ unit, previousStatus: 'available', cause: 'out_of_service', dispatchId: null });

    await publish(topics.unitEvents, 'unit.status_changed', statusChanged(unitOf('dev-agency', 'ABT-1')));
    await publish(topics.unitEvents, 'unit.status_changed', statusChanged(unitOf('pm-se', 'VTR-9')));
    await otherAgency.next((frame) => frame.event === 'unit', 'the other agency’s unit event');
    await devAgency.next((frame) => frame.event === 'unit', 'the dev agency’s unit event');
    // The hub has published both by now; a marker published later reaches the dev agency after anything it was sent before.
    await reportOccurrence('dev-agency', 'AFTER-UNITS');
    await devAgency.next((frame) => frame.data?.includes('AFTER-UNITS') === true);

    const codes = (reader: SseReader) => reader.events('unit').map((frame) => JSON.parse(frame.data!).unit.code);
    expect(codes(devAgency)).toEqual(['ABT-1']);
    expect(codes(otherAgency)).toEqual(['VTR-9']);
    expect(JSON.parse(devAgency.events('unit')[0]!.data!)).toMatchObject({ type: 'unit.status_changed', unit: { status: 'out_of_service', statusReason: 'Troca de pneu' } });
  });

  it('when a subscriber reconnects with its Last-Event-ID, then it is replayed what it missed, in order', async () => {
    const first = await open({ 'x-api-key': DEV_KEY });
    await reportOccurrence('dev-agency', 'BEFORE');
    const lastSeen = (await first.next((frame) => frame.data?.includes('BEFORE') === true)).id!;
    first.close();
    // Another console, only to know when the missed events have reached the gateway.
    const watcher = await open({ 'x-api-key': DEV_KEY });

    await reportOccurrence('dev-agency', 'MISSED-1');
    await reportOccurrence('pm-se', 'NOT-MINE');
    await reportOccurrence('dev-agency', 'MISSED-2');
    await watcher.next((frame) => frame.data?.includes('MISSED-2') === true);
    const again = await open({ 'x-api-key': DEV_KEY, 'last-event-id': lastSeen });

    await again.next((frame) => frame.data?.includes('MISSED-2') === true);
    expect(externalIdsIn(again)).toEqual(['MISSED-1', 'MISSED-2']);
    expect(again.events('resync')).toEqual([]);
  });

  it('when the Last-Event-ID cannot be replayed (another instance or run, or malformed), then the stream starts with a resync', async () => {
    const stale = await open({ 'x-api-key': DEV_KEY }, '?lastEventId=someotherepoch.42');

    const resync = await stale.next((frame) => frame.event === 'resync');

    expect(resync.data).toBe('{}');
    expect(resync.id).toMatch(/^[^.]+\.\d+$/);
  });

  it('when the caller has no read scope or no credentials, then the stream is refused as any read', async () => {
    const anonymous = await fetch(`${gateway.url}/api/stream`);

    expect(anonymous.status).toBe(401);
  });

  it('when the gateway stops with streams open, then it stops promptly and the streams end', async () => {
    const open1 = await open({ 'x-api-key': DEV_KEY });
    const started = Date.now();

    await gateway.stop();

    expect(Date.now() - started).toBeLessThan(10_000);
    await open1.next(() => open1.ended, 'the stream to end').catch(() => undefined);
    expect(open1.ended).toBe(true);
    gateway = undefined as unknown as RunningGateway;
  });
});
