import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Producer } from 'kafkajs';
import { topicNames, type Envelope, type Topics } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { startDispatchService, type RunningDispatchService } from '../src/dispatch-service';
import { assignCommand, occurrenceEvent, occurrenceSnapshot, registerTestUnits } from './dispatch-messages';
import { createDispatchTopics, dispatchTestConfig } from './dispatch-service-harness';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('dispatch-test', 'warn');
const LONG_GRACE_MS = 60_000;

interface CommandResult {
  commandId: string;
  type: string;
  data: { error?: { code: string; title: string; detail: string } };
}

/** The dispatch service started in-process on a real database and broker; messages are put straight on its topics. */
describe('parked dispatch commands through the service', () => {
  let database: TestDatabase;
  let prisma: DispatchPrisma;
  let namespace: string;
  let topics: Topics;
  let producer: Producer;
  const running: RunningDispatchService[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('dispatch_parking', migrations);
    prisma = createDispatchPrisma(database.url);
    await registerTestUnits(prisma, ['ABT-1', 'ABT-2', 'ABT-7', 'ABT-8']);
    namespace = uniqueTopicNamespace('parking');
    topics = topicNames(namespace);
    const kafka = createKafkaClient({ clientId: 'dispatch-parking-test', brokers: testKafkaBrokers(), logger });
    await createDispatchTopics(kafka, topics);
    producer = await connectIdempotentProducer(kafka);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop()));
    await producer.disconnect();
    await prisma.$disconnect();
    await database.drop();
  });

  async function startService(graceMs: number): Promise<RunningDispatchService> {
    const service = await startDispatchService(dispatchTestConfig(database.url, namespace, graceMs));
    running.push(service);
    return service;
  }

  /** Every command on partition 0, in the order given: what one partition worker sees. */
  const sendCommandsOnOnePartition = (...commands: Envelope[]) =>
    producer.send({ topic: topics.dispatchCommands, messages: commands.map((command) => ({ partition: 0, key: command.subject, value: JSON.stringify(command) })) });
  const sendEvents = (...events: Envelope[]) =>
    producer.send({ topic: topics.occurrenceEvents, messages: events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })) });
  const created = (occurrenceId: string) => occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1));

  const resultsOf = async (...commands: Envelope[]): Promise<CommandResult[]> => {
    const ids = commands.map((command) => command.commandId!);
    return (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } }))
      .map((row) => row.payload as unknown as CommandResult)
      .filter((message) => ids.includes(message.commandId) && (message.type === 'command.processed' || message.type === 'command.failed'));
  };
  const waitForResults = (commands: Envelope[], options: { timeoutMs?: number } = {}) =>
    waitFor(async () => {
      const results = await resultsOf(...commands);
      return results.length >= commands.length && results;
    }, { description: `results of ${commands.length} command(s)`, ...options });
  const isParked = async (command: Envelope) => (await prisma.parkedDispatchCommand.count({ where: { messageId: command.id } })) === 1;
  const waitUntilParked = (...commands: Envelope[]) =>
    waitFor(async () => (await Promise.all(commands.map(isParked))).every(Boolean), { description: 'commands parked' });
  const outcome = (result: CommandResult) => result.data.error?.code ?? 'processed';

  it('when a command for an occurrence that never appears is followed on its partition by commands for a known one, then those are processed while it waits parked', async () => {
    const service = await startService(LONG_GRACE_MS);
    const known = randomUUID();
    await sendEvents(created(known));
    await waitFor(async () => (await prisma.occurrenceView.count({ where: { occurrenceId: known } })) === 1, { description: 'the known occurrence in the view' });
    const unknown = assignCommand(randomUUID(), 'ABT-1');
    const forKnown = [assignCommand(known, 'ABT-1'), assignCommand(known, 'ABT-2')];

    await sendCommandsOnOnePartition(unknown, ...forKnown);

    // Well inside the grace: were the unknown occurrence's command retried in place, these would wait for all of it.
    const results = await waitForResults(forKnown, { timeoutMs: LONG_GRACE_MS / 2 });
    expect(results.map(outcome)).toEqual(['processed', 'processed']);
    expect(await isParked(unknown)).toBe(true);
    expect(await resultsOf(unknown)).toEqual([]);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^atalaia_dispatch_parked_commands 1$/m);
    expect(metrics).toMatch(/^atalaia_dispatch_parked_oldest_seconds \d/m);
  });

  it('when the occurrence of a parked command does not appear within the grace, then the command fails with OCCURRENCE_NOT_FOUND', async () => {
    await startService(1_500);
    const unknown = assignCommand(randomUUID(), 'ABT-1');

    await sendCommandsOnOnePartition(unknown);

    const results = await waitForResults([unknown]);
    expect(results).toEqual([
      expect.objectContaining({
        type: 'command.failed',
        data: expect.objectContaining({ error: { code: 'OCCURRENCE_NOT_FOUND', title: 'The unit cannot be dispatched', detail: 'no such occurrence' } }),
      }),
    ]);
    expect(await prisma.parkedDispatchCommand.count()).toBe(0);
  });

  it('when commands arrive before their occurrence, then its first event applies them once each, in order, even if the event is delivered twice', async () => {
    await startService(LONG_GRACE_MS);
    const occurrenceId = randomUUID();
    const first = assignCommand(occurrenceId, 'ABT-7');
    const second = assignCommand(occurrenceId, 'ABT-7');
    await sendCommandsOnOnePartition(first, second);
    await waitUntilParked(first, second);

    const event = created(occurrenceId);
    const started = occurrenceEvent('occurrence.started', occurrenceSnapshot(occurrenceId, 'in_progress', 2));
    await sendEvents(event, event, started);

    await waitFor(async () => (await prisma.occurrenceView.findUnique({ where: { occurrenceId } }))?.version === 2, { description: 'every event applied' });
    const results = await resultsOf(first, second);
    expect(results.map((result) => [result.commandId, outcome(result)])).toEqual([
      [first.commandId, 'processed'],
      [second.commandId, 'UNIT_NOT_AVAILABLE'],
    ]);
    expect(await prisma.dispatch.count({ where: { occurrenceId } })).toBe(1);
    expect(await prisma.parkedDispatchCommand.count()).toBe(0);
  });

  it('when the service restarts while a command is parked, then the command is still parked and is applied when its occurrence arrives', async () => {
    const before = await startService(LONG_GRACE_MS);
    const occurrenceId = randomUUID();
    const command = assignCommand(occurrenceId, 'ABT-8');
    await sendCommandsOnOnePartition(command);
    await waitUntilParked(command);
    const parkedAt = (await prisma.parkedDispatchCommand.findUniqueOrThrow({ where: { messageId: command.id } })).parkedAt;

    await running.splice(running.indexOf(before), 1)[0]!.stop();
    await startService(LONG_GRACE_MS);

    expect((await prisma.parkedDispatchCommand.findUniqueOrThrow({ where: { messageId: command.id } })).parkedAt).toEqual(parkedAt);
    await sendEvents(created(occurrenceId));
    const results = await waitForResults([command]);
    expect(results.map(outcome)).toEqual(['processed']);
    expect(await prisma.dispatch.count({ where: { occurrenceId } })).toBe(1);
    expect(await prisma.parkedDispatchCommand.count()).toBe(0);
  });
});
