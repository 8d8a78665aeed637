import { randomUUID } from 'node:crypto';
import { Kafka, type Producer } from 'kafkajs';
import { createEnvelope, type MessageType } from '@atalaia/contracts';
import { metricsRegistry, startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { countRows, GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

type LifecycleCommandType = 'occurrence.start' | 'occurrence.resolve' | 'occurrence.cancel';
type DispatchCommandType = 'dispatch.update_status' | 'dispatch.close';

/**
 * 50 conflicting commands on one aggregate. Through the public API they share
 * one Kafka key, so one partition worker applies them one after another; put
 * straight on the command topic round-robin over its partitions, the
 * consumer's concurrent partition workers apply them at the same time and only
 * the row lock keeps them from all winning.
 */
describe('concurrent conflicting commands', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    system = await startInProcessSystem('concurrency');
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
    kafka = new Kafka({ clientId: 'concurrency-test', brokers: system.kafkaBrokers, logLevel: 0 });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await system.stop();
    await telemetry.shutdown();
  });

  async function sendAtOnce(requests: Array<[method: 'POST' | 'PATCH', path: string, body?: unknown]>): Promise<Json[]> {
    const ids = await Promise.all(requests.map(([method, path, body]) => api.send(method, path, body)));
    return Promise.all(ids.map((id) => api.settle(id, 60_000)));
  }

  const outcomes = (commands: Json[]) =>
    commands.reduce<Record<string, number>>((counts, command) => {
      const key = command.status === 'processed' ? 'processed' : command.error.code;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});

  const trailOf = (aggregateType: string, id: string, length: number) =>
    waitFor(async () => {
      const trail = await api.auditTrail(aggregateType, id);
      return trail.length >= length && trail;
    }, { description: `${length} audit entries` });

  it('when 50 starts of one occurrence are sent at once through the gateway, then each command settles: one wins and 49 fail as already in progress', async () => {
    const id = await api.createOccurrence();

    const commands = await sendAtOnce(Array.from({ length: 50 }, () => ['POST', `/api/occurrences/${id}/start`] as const));

    expect(outcomes(commands)).toEqual({ processed: 1, OCCURRENCE_ALREADY_IN_PROGRESS: 49 });
    expect((await api.get(`/api/occurrences/${id}`)).body).toMatchObject({ status: 'in_progress', version: 2 });
    expect((await trailOf('occurrence', id, 2)).map((entry) => entry.action)).toEqual(['occurrence.created', 'occurrence.started']);
  });

  it('when 25 resolves and 25 cancels of one occurrence in progress are sent at once through the gateway, then each command settles: one closes it and the rest fail with the reason', async () => {
    const id = await api.createOccurrence();
    await api.run('POST', `/api/occurrences/${id}/start`);

    const commands = await sendAtOnce(
      Array.from({ length: 50 }, (_, index) =>
        index % 2 === 0 ? (['POST', `/api/occurrences/${id}/resolve`] as const) : (['POST', `/api/occurrences/${id}/cancel`, { reason: 'race' }] as const),
      ),
    );

    const final = (await api.get(`/api/occurrences/${id}`)).body;
    const loserCode = final.status === 'resolved' ? 'OCCURRENCE_ALREADY_RESOLVED' : 'OCCURRENCE_ALREADY_CANCELLED';
    expect(outcomes(commands)).toEqual({ processed: 1, [loserCode]: 49 });
    expect(final.version).toBe(3);
    expect(await trailOf('occurrence', id, 3)).toHaveLength(3);
  });

  async function partitionsOf(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
    } finally {
      await admin.disconnect();
    }
  }

  /** A command as the gateway would publish it for the system's development client acting for `agencyId`. */
  const commandEnvelope = (type: MessageType, aggregateType: 'occurrence' | 'dispatch', subject: string, agencyId: string, data: Record<string, unknown>) =>
    createEnvelope({ type, source: 'atalaia.gateway', aggregateType, subject, commandId: randomUUID(), actor: { clientId: 'dev-client', agencyId }, data });
  type CommandEnvelope = ReturnType<typeof commandEnvelope>;

  const lifecycleCommand = (type: LifecycleCommandType, occurrenceId: string, agencyId: string) =>
    commandEnvelope(type, 'occurrence', occurrenceId, agencyId, { occurrenceId, reason: 'race' });
  const dispatchCommand = (type: DispatchCommandType, dispatchId: string, agencyId: string) =>
    commandEnvelope(type, 'dispatch', dispatchId, agencyId, type === 'dispatch.close' ? { dispatchId, reason: 'race' } : { dispatchId, status: 'on_scene' });

  /** A command service under race: its command topic, the database whose outbox holds its results, and a command it refuses at once. */
  interface RaceTarget {
    topic: string;
    database: 'occurrence' | 'dispatch';
    harmless(agencyId: string): CommandEnvelope;
    harmlessCode: string;
  }
  const occurrenceService = (): RaceTarget => ({
    topic: system.topics.occurrenceCommands,
    database: 'occurrence',
    harmless: (agencyId) => lifecycleCommand('occurrence.start', randomUUID(), agencyId),
    harmlessCode: 'OCCURRENCE_NOT_FOUND',
  });
  const dispatchService = (): RaceTarget => ({
    topic: system.topics.dispatchCommands,
    database: 'dispatch',
    harmless: (agencyId) => dispatchCommand('dispatch.close', randomUUID(), agencyId),
    harmlessCode: 'DISPATCH_NOT_FOUND',
  });

  async function sendOverEveryPartition(topic: string, commands: CommandEnvelope[]): Promise<string[]> {
    const partitions = await partitionsOf(topic);
    expect(partitions).toBeGreaterThan(1);
    await producer.send({
      topic,
      messages: commands.map((command, index) => ({ partition: index % partitions, key: command.subject, value: JSON.stringify(command) })),
    });
    return commands.map((command) => command.commandId!);
  }

  /**
   * Sends the commands in a single batch, message i on partition i mod the topic's partition count.
   * A first round of harmless commands (on aggregates that do not exist) has every partition worker open its database
   * connection, so the first racer gets no head start while the others connect and the race is decided by the lock.
   */
  async function raceOverEveryPartition(target: RaceTarget, commands: CommandEnvelope[]): Promise<string[]> {
    const warmUp = await sendOverEveryPartition(target.topic, Array.from({ length: 6 }, () => target.harmless(commands[0]!.actor!.agencyId)));
    expect(await outboxOutcomes(target, warmUp, [target.harmlessCode])).toMatchObject({ [target.harmlessCode]: 6 });
    return sendOverEveryPartition(target.topic, commands);
  }

  /** Counts the results the target service wrote to its outbox for `commandIds`: `processed`, or the failure code. */
  async function outboxOutcomes(target: RaceTarget, commandIds: string[], failureCodes: string[]): Promise<Record<string, number>> {
    const url = system.databases[target.database].url;
    const results = `SELECT count(*)::int AS n FROM outbox_messages WHERE payload->>'commandId' IN (${commandIds.map((id) => `'${id}'`).join(',')})`;
    const total = await waitFor(
      () => countRows(url, `${results} AND payload->>'type' IN ('command.processed', 'command.failed')`).then((n) => n >= commandIds.length && n),
      { timeoutMs: 60_000, description: `results for ${commandIds.length} commands in the ${target.database} outbox` },
    );
    const counts: Record<string, number> = { total, processed: await countRows(url, `${results} AND payload->>'type' = 'command.processed'`) };
    for (const code of failureCodes) {
      counts[code] = await countRows(url, `${results} AND payload->>'type' = 'command.failed' AND payload->'data'->'error'->>'code' = '${code}'`);
    }
    return counts;
  }

  const agencyOf = async (occurrenceId: string): Promise<string> => (await api.get(`/api/occurrences/${occurrenceId}`)).body.agencyId;

  it('when 50 starts of one occurrence arrive on every command partition at once, then the row lock lets exactly one win and 49 fail as already in progress', async () => {
    const id = await api.createOccurrence();

    const agencyId = await agencyOf(id);
    const commandIds = await raceOverEveryPartition(occurrenceService(), Array.from({ length: 50 }, () => lifecycleCommand('occurrence.start', id, agencyId)));

    expect(await outboxOutcomes(occurrenceService(), commandIds, ['OCCURRENCE_ALREADY_IN_PROGRESS'])).toEqual({ total: 50, processed: 1, OCCURRENCE_ALREADY_IN_PROGRESS: 49 });
    expect((await api.get(`/api/occurrences/${id}`)).body).toMatchObject({ status: 'in_progress', version: 2 });
  });

  it('when 25 resolves and 25 cancels of one occurrence in progress arrive on every command partition at once, then the row lock lets exactly one close it and 49 fail with the reason', async () => {
    const id = await api.createOccurrence();
    await api.run('POST', `/api/occurrences/${id}/start`);

    const agencyId = await agencyOf(id);
    const commandIds = await raceOverEveryPartition(
      occurrenceService(),
      Array.from({ length: 50 }, (_, index) => lifecycleCommand(index % 2 === 0 ? 'occurrence.resolve' : 'occurrence.cancel', id, agencyId)),
    );

    const outcomes = await outboxOutcomes(occurrenceService(), commandIds, ['OCCURRENCE_ALREADY_RESOLVED', 'OCCURRENCE_ALREADY_CANCELLED']);
    const final = (await api.get(`/api/occurrences/${id}`)).body;
    const [loserCode, otherCode] =
      final.status === 'resolved' ? ['OCCURRENCE_ALREADY_RESOLVED', 'OCCURRENCE_ALREADY_CANCELLED'] : ['OCCURRENCE_ALREADY_CANCELLED', 'OCCURRENCE_ALREADY_RESOLVED'];
    expect(outcomes).toEqual({ total: 50, processed: 1, [loserCode]: 49, [otherCode]: 0 });
    expect(['resolved', 'cancelled']).toContain(final.status);
    expect(final.version).toBe(3);
  });

  it('when 50 dispatches of one unit race on one occurrence, then exactly one dispatch exists and 49 fail as already active', async () => {
    const id = await api.createOccurrence();
    await api.ensureUnit('ABT-50');

    const commands = await sendAtOnce(
      Array.from({ length: 50 }, () => ['POST', `/api/occurrences/${id}/dispatches`, { resourceCode: 'ABT-50' }] as const),
    );

    expect(outcomes(commands)).toEqual({ processed: 1, UNIT_NOT_AVAILABLE: 49 });
    expect((await api.get(`/api/occurrences/${id}/dispatches`)).body.data).toHaveLength(1);
  });

  it('when 50 status reports race on one dispatch, then each valid step wins once and the rest fail with reasons', async () => {
    const occurrenceId = await api.createOccurrence();
    const dispatchId = (await api.dispatchUnit(occurrenceId, 'ABT-51')).result.dispatchId;

    const commands = await sendAtOnce(
      Array.from({ length: 50 }, (_, index) => ['PATCH', `/api/dispatches/${dispatchId}/status`, { status: index % 2 ? 'on_scene' : 'en_route' }] as const),
    );

    const counts = outcomes(commands);
    const dispatch = (await api.get(`/api/dispatches/${dispatchId}`)).body;
    // Either en_route then on_scene both win (2 changes), or on_scene wins first and every en_route is then backwards (1 change).
    expect(counts.processed).toBe(dispatch.version - 1);
    expect([1, 2]).toContain(counts.processed);
    expect(dispatch.status).toBe('on_scene');
    expect(counts.processed! + (counts.DISPATCH_ALREADY_IN_STATUS ?? 0) + (counts.INVALID_DISPATCH_TRANSITION ?? 0)).toBe(50);
    expect(await trailOf('dispatch', dispatchId, dispatch.version)).toHaveLength(dispatch.version);
  });

  /** Handler attempts of the dispatch command consumer that failed and were retried (the services run in this process). */
  async function dispatchCommandRetries(): Promise<number> {
    const { values } = await metricsRegistry.getSingleMetric('atalaia_consumer_retries_total')!.get();
    return values.filter(({ labels }) => String(labels.consumer).endsWith('.dispatch.commands')).reduce((sum, { value }) => sum + value, 0);
  }

  it('when 50 dispatches of one unit arrive on every dispatch command partition at once, then the occurrence view lock lets exactly one be assigned at its first try and 49 fail as already active', async () => {
    const id = await api.createOccurrence();
    expect((await api.dispatchUnit(id, 'ABT-60')).status).toBe('processed'); // the occurrence is in the dispatch service's view
    const agencyId = await agencyOf(id);
    await api.ensureUnit('ABT-61');
    const retriesBefore = await dispatchCommandRetries();

    const commandIds = await raceOverEveryPartition(
      dispatchService(),
      Array.from({ length: 50 }, () => commandEnvelope('dispatch.create', 'occurrence', id, agencyId, { occurrenceId: id, resourceCode: 'ABT-61' })),
    );

    expect(await outboxOutcomes(dispatchService(), commandIds, ['UNIT_NOT_AVAILABLE'])).toEqual({ total: 50, processed: 1, UNIT_NOT_AVAILABLE: 49 });
    const dispatches: Json[] = (await api.get(`/api/occurrences/${id}/dispatches`)).body.data;
    expect(dispatches.filter((dispatch) => dispatch.resourceCode === 'ABT-61' && dispatch.status !== 'closed')).toHaveLength(1);
    // Without the lock the unique key still keeps one active dispatch, but only by failing the losers' inserts into retries.
    expect(await dispatchCommandRetries()).toBe(retriesBefore);
  });

  it('when 25 on-scene reports and 25 closes of one assigned dispatch arrive on every dispatch command partition at once, then the row lock lets one close win, at most one on-scene before it, and every other fail with the reason', async () => {
    const occurrenceId = await api.createOccurrence();
    const dispatchId = (await api.dispatchUnit(occurrenceId, 'ABT-62')).result.dispatchId;
    const agencyId = await agencyOf(occurrenceId);
    const commands = Array.from({ length: 50 }, (_, index) => dispatchCommand(index % 2 === 0 ? 'dispatch.update_status' : 'dispatch.close', dispatchId, agencyId));

    const commandIds = await raceOverEveryPartition(dispatchService(), commands);

    const codes = ['DISPATCH_ALREADY_CLOSED', 'DISPATCH_ALREADY_IN_STATUS', 'INVALID_DISPATCH_TRANSITION'];
    const idsOf = (type: DispatchCommandType) => commandIds.filter((_, index) => commands[index]!.type === type);
    const closes = await outboxOutcomes(dispatchService(), idsOf('dispatch.close'), codes);
    const onScenes = await outboxOutcomes(dispatchService(), idsOf('dispatch.update_status'), codes);
    const dispatch = (await api.get(`/api/dispatches/${dispatchId}`)).body;
    // Any serial order: on-scene reports that come before the first close make one change, then the first close wins
    // and everything after it finds the dispatch closed.
    const onSceneWon = onScenes.processed!;
    expect(closes).toEqual({ total: 25, processed: 1, DISPATCH_ALREADY_CLOSED: 24, DISPATCH_ALREADY_IN_STATUS: 0, INVALID_DISPATCH_TRANSITION: 0 });
    expect([0, 1]).toContain(onSceneWon);
    expect(onScenes).toEqual({
      total: 25,
      processed: onSceneWon,
      DISPATCH_ALREADY_CLOSED: 25 - onSceneWon - onScenes.DISPATCH_ALREADY_IN_STATUS!,
      DISPATCH_ALREADY_IN_STATUS: onSceneWon === 1 ? onScenes.DISPATCH_ALREADY_IN_STATUS : 0,
      INVALID_DISPATCH_TRANSITION: 0,
    });
    expect(dispatch).toMatchObject({ status: 'closed', version: 1 + closes.processed! + onSceneWon });
  });
});
