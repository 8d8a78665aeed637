import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Producer } from 'kafkajs';
import { consumerGroupId, topicNames, type Topics } from '@atalaia/contracts';
import { createPostgresPool, isTransientFailure, pgTransactions, type PostgresPool, type TransactionRunner } from '@atalaia/database';
import { connectIdempotentProducer, createKafkaClient } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { OCCURRENCE_EVENT_CONSUMER } from '../src/consumers/occurrence-event-consumer';
import { lockOccurrenceKey } from '../src/db/occurrence-key-lock';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { startDispatchService, type RunningDispatchService } from '../src/dispatch-service';
import type { DispatchUseCaseDeps } from '../src/use-cases/dispatch-source';
import { followOccurrence } from '../src/use-cases/follow-occurrence';
import { occurrenceEvent, occurrenceSnapshot, testUseCaseDeps } from './dispatch-messages';
import { createDispatchTopics, dispatchTestConfig } from './dispatch-service-harness';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('dispatch-test', 'warn');

/**
 * The consumers' transactions run on `pg` (no Prisma transaction timeout any
 * more): a transaction that cannot get a lock in time fails with pg's own
 * error, which must count as transient so the message is retried rather than
 * dead-lettered. Proved against the errors a real server raises.
 */
describe('consumer transactions that run out of time waiting for a lock', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: DispatchPrisma;
  let run: TransactionRunner;

  beforeEach(async () => {
    database = await createTestDatabase('dispatch_lock_timeout', migrations);
    pool = createPostgresPool(database.url);
    run = pgTransactions(pool);
    prisma = createDispatchPrisma(pool);
  });

  afterEach(async () => {
    await prisma.$disconnect(); // and the pool it shares
    await database.drop();
  });

  /** Holds the occurrence's key lock in a transaction of its own until the returned function is called. */
  async function holdOccurrenceKey(occurrenceId: string): Promise<() => Promise<void>> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const holder = run(async (tx) => {
      await lockOccurrenceKey(tx, occurrenceId);
      held();
      await released;
    });
    await isHeld;
    return () => {
      release();
      return holder;
    };
  }

  const created = (occurrenceId: string) => occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1));
  const viewCount = (occurrenceId: string) => prisma.occurrenceView.count({ where: { occurrenceId } });

  it('when a transaction waits on the occurrence key past lock_timeout, then pg raises 55P03, it is classified transient and nothing the transaction wrote is kept', async () => {
    const deps: DispatchUseCaseDeps = testUseCaseDeps(prisma, 'lock-timeout');
    const occurrenceId = randomUUID();
    const release = await holdOccurrenceKey(occurrenceId);

    const error = await run(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL lock_timeout = '100ms'");
      await tx.$executeRawUnsafe("INSERT INTO processed_messages (consumer, message_id) VALUES ('test', $1::uuid)", randomUUID());
      await followOccurrence(deps, tx, created(occurrenceId));
    }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    await release();

    expect(error).toMatchObject({ code: '55P03' });
    expect(isTransientFailure(error)).toBe(true);
    expect(await viewCount(occurrenceId)).toBe(0);
    expect(await prisma.processedMessage.count()).toBe(0);
    // What the consumer does next: the same work, once the lock is free, commits.
    await run((tx) => followOccurrence(deps, tx, created(occurrenceId)));
    expect(await viewCount(occurrenceId)).toBe(1);
  });

  describe('through the service', () => {
    let namespace: string;
    let topics: Topics;
    let producer: Producer;
    let service: RunningDispatchService | undefined;

    beforeEach(async () => {
      namespace = uniqueTopicNamespace('locktimeout');
      topics = topicNames(namespace);
      const kafka = createKafkaClient({ clientId: 'dispatch-lock-timeout-test', brokers: testKafkaBrokers(), logger });
      await createDispatchTopics(kafka, topics);
      producer = await connectIdempotentProducer(kafka);
    });

    afterEach(async () => {
      await service?.stop();
      await producer.disconnect();
    });

    const transientRetries = async (url: string) => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const group = consumerGroupId(namespace, OCCURRENCE_EVENT_CONSUMER);
      const line = metrics.split('\n').find((row) => row.startsWith('atalaia_consumer_retries_total{') && row.includes(`consumer="${group}"`) && row.includes('kind="transient"'));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };

    it('when the occurrence key is held longer than lock_timeout, then the event is retried as transient until it is free, and applied once', async () => {
      // The server's lock_timeout for every connection of the service, as a deployment would set it.
      const url = new URL(database.url);
      url.searchParams.set('options', '-c lock_timeout=200ms');
      service = await startDispatchService(dispatchTestConfig(url.toString(), namespace, 0));
      const occurrenceId = randomUUID();
      const event = created(occurrenceId);
      const release = await holdOccurrenceKey(occurrenceId);

      await producer.send({ topic: topics.occurrenceEvents, messages: [{ key: occurrenceId, value: JSON.stringify(event) }] });

      // Past the three attempts after which a permanent failure is dead-lettered: only a transient one is still being retried.
      await waitFor(async () => (await transientRetries(service!.url)) >= 4, { description: 'transient retries' });
      expect(await viewCount(occurrenceId)).toBe(0);
      await release();
      await waitFor(async () => (await viewCount(occurrenceId)) === 1, { description: 'the event applied' });
      expect(await prisma.processedMessage.count({ where: { consumer: OCCURRENCE_EVENT_CONSUMER, messageId: event.id } })).toBe(1);
    });
  });
});
