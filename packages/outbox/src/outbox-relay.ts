import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '@atalaia/telemetry';
import { publishBatch, type BatchContext } from './outbox-batch';
import { idleWaitMs, type PollScheduleOptions } from './poll-schedule';
import { RelayProducer, type ProducerFactory, type RelayCompression } from './relay-producer';

export interface OutboxSource {
  /** A name for logs and metrics, e.g. the owning service. */
  name: string;
  databaseUrl: string;
}

export interface OutboxRelayOptions {
  sources: OutboxSource[];
  /** Connects an idempotent producer: once per source, and again whenever one failed a send. */
  connectProducer: ProducerFactory;
  /** Where the `command.failed` result goes when the broker refuses a command's message. */
  commandResultsTopic: string;
  logger: Logger;
  /** Most rows claimed per transaction. */
  batchSize?: number;
  /** Most bytes (before compression) per send: keep it well under the broker's `message.max.bytes`. */
  maxBatchBytes?: number;
  /** The largest record the broker accepts; a larger row is set aside without being sent. */
  maxMessageBytes?: number;
  compression?: RelayCompression;
  /** The wait between empty polls while the outbox was busy a moment ago (2 by default; a poll that found rows is followed at once). */
  minPollIntervalMs?: number;
  /** Longest wait between polls: once the busy window has passed, each empty poll doubles the wait up to this. Standbys retry leadership this often. */
  pollIntervalMs?: number;
  /** For this long after a poll that found rows, empty polls keep the shortest wait (250 by default). */
  busyWindowMs?: number;
  /** Longest wait before retrying after a failed send (the wait doubles from 100 ms). */
  maxRetryBackoffMs?: number;
  /**
   * After a batch that was not full, wait this long before claiming the next
   * one, so rows that arrive meanwhile travel in one Produce (librdkafka's
   * `linger.ms`, 5 by default); a full batch is followed at once. 0: no linger.
   */
  lingerMs?: number;
}

/** Every relay instance contends for this lock per source database; the holder publishes. */
const LEADER_LOCK_SQL = "SELECT pg_try_advisory_lock(hashtext('atalaia.outbox-relay')) AS acquired";
const FIRST_RETRY_BACKOFF_MS = 100;

/**
 * Publishes outbox rows of every source database to Kafka, in id order.
 * One relay instance leads per source (a session advisory lock, released by
 * Postgres when the leader's connection dies), which keeps per-key order across
 * instances; the others stand by and take over within one poll interval.
 * Delivery is at-least-once: a crash between send and commit republishes the
 * batch, and consumers deduplicate by message id.
 *
 * Writers do not notify the relay (a NOTIFY takes a lock for the whole
 * server that is held through the commit): the leader polls, at once after a
 * full batch, every few milliseconds while the outbox was busy a moment ago,
 * then after a wait that doubles while it stays empty (see `idleWaitMs`).
 */
export class OutboxRelay {
  private readonly sources: SourceRelay[];

  constructor(options: OutboxRelayOptions) {
    this.sources = options.sources.map((source) => new SourceRelay(source, options));
  }

  start(): void {
    for (const source of this.sources) source.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.sources.map((source) => source.stop()));
  }

  isLeading(sourceName: string): boolean {
    return this.sources.some((source) => source.name === sourceName && source.leading);
  }
}

class SourceRelay {
  readonly name: string;
  leading = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private session: pg.Client | undefined;
  private stopping = new AbortController();
  private readonly logger: Logger;
  private readonly producer: RelayProducer;
  private readonly batch: BatchContext;
  private readonly batchSize: number;
  private readonly schedule: PollScheduleOptions;
  private readonly pollIntervalMs: number;
  private readonly maxRetryBackoffMs: number;
  private readonly lingerMs: number;

  constructor(
    private readonly source: OutboxSource,
    options: OutboxRelayOptions,
  ) {
    this.name = source.name;
    this.logger = options.logger.child({ component: 'outbox-relay', source: source.name });
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.schedule = {
      minPollIntervalMs: options.minPollIntervalMs ?? 2,
      pollIntervalMs: this.pollIntervalMs,
      busyWindowMs: options.busyWindowMs ?? 250,
    };
    this.maxRetryBackoffMs = options.maxRetryBackoffMs ?? 5_000;
    this.lingerMs = options.lingerMs ?? 5;
    this.producer = new RelayProducer({
      connect: options.connectProducer,
      compression: options.compression ?? 'none',
      source: source.name,
      logger: this.logger,
    });
    this.batch = {
      source: source.name,
      producer: this.producer,
      commandResultsTopic: options.commandResultsTopic,
      logger: this.logger,
      limits: {
        maxBatchRows: this.batchSize,
        maxBatchBytes: options.maxBatchBytes ?? 512 * 1024,
        maxMessageBytes: options.maxMessageBytes ?? 1_000_000,
      },
    };
  }

  start(): void {
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.loop;
    await this.producer.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.session = await this.connectSession();
        await this.leadOrStandBy(this.session);
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay session failed; reconnecting');
        await this.pause(this.pollIntervalMs);
      } finally {
        this.leading = false;
        await this.session?.end().catch(() => undefined);
        this.session = undefined;
      }
    }
  }

  private async connectSession(): Promise<pg.Client> {
    const session = new pg.Client({ connectionString: this.source.databaseUrl });
    session.on('error', (error) => this.logger.warn({ err: error }, 'outbox relay connection error'));
    await session.connect();
    return session;
  }

  private async leadOrStandBy(session: pg.Client): Promise<void> {
    let idleWait = 0;
    let rowsSeenAt = -Infinity;
    let failures = 0;
    while (this.running) {
      if (!(await this.lead(session))) {
        await this.pause(this.pollIntervalMs);
        continue;
      }
      const outcome = await publishBatch(session, this.batch, this.batchSize);
      if (outcome.failure !== undefined) {
        failures += 1;
        const backoffMs = Math.min(FIRST_RETRY_BACKOFF_MS * 2 ** (failures - 1), this.maxRetryBackoffMs);
        this.logger.warn({ err: outcome.failure, published: outcome.published, failures, backoffMs }, 'sending to Kafka failed; retrying');
        await this.pause(backoffMs);
        continue;
      }
      failures = 0;
      // A full batch: more are waiting, claim them at once. A partial one:
      // linger so the next Produce carries what arrives meanwhile. An empty
      // outbox is polled often while it was busy a moment ago, then less and less often.
      if (outcome.claimed > 0) {
        idleWait = 0;
        rowsSeenAt = performance.now();
        if (outcome.claimed < this.batchSize && this.lingerMs > 0) await this.pause(this.lingerMs);
        continue;
      }
      idleWait = idleWaitMs(this.schedule, performance.now() - rowsSeenAt, idleWait);
      await this.pause(idleWait);
    }
  }

  private async lead(session: pg.Client): Promise<boolean> {
    if (!this.leading) {
      const { rows } = await session.query<{ acquired: boolean }>(LEADER_LOCK_SQL);
      this.leading = rows[0]?.acquired === true;
      if (this.leading) this.logger.info('leading outbox relay for this source');
    }
    return this.leading;
  }

  private async pause(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
