import { setTimeout as delay } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import { SpanKind, SpanStatusCode, startLinkedSpan, type Logger } from '@atalaia/telemetry';
import { outboxPublished } from './outbox-metrics';

export interface OutboxSource {
  /** A name for logs and metrics, e.g. the owning service. */
  name: string;
  databaseUrl: string;
}

export interface OutboxRelayOptions {
  sources: OutboxSource[];
  producer: Producer;
  logger: Logger;
  batchSize?: number;
  /** Fallback polling interval: notifications can be lost (e.g. across reconnects). */
  pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

/** Every relay instance contends for this lock per source database; the holder publishes. */
const LEADER_LOCK_SQL = "SELECT pg_try_advisory_lock(hashtext('atalaia.outbox-relay')) AS acquired";

/**
 * Publishes outbox rows of every source database to Kafka, in id order.
 * One relay instance leads per source (a session advisory lock, released by
 * Postgres when the leader's connection dies), which keeps per-key order across
 * instances; the others stand by and take over within one poll interval.
 * Delivery is at-least-once: a crash between send and commit republishes the
 * batch, and consumers deduplicate by message id.
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
  private pendingWake = false;
  private wake: (() => void) | undefined;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly source: OutboxSource,
    private readonly options: OutboxRelayOptions,
  ) {
    this.name = source.name;
    this.logger = options.logger.child({ component: 'outbox-relay', source: source.name });
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.connectSession();
        await this.leadOrStandBy();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay session failed; reconnecting');
        await this.waitForWake(this.pollIntervalMs);
      } finally {
        this.leading = false;
        await this.session?.end().catch(() => undefined);
        this.session = undefined;
      }
    }
  }

  private async connectSession(): Promise<void> {
    const session = new pg.Client({ connectionString: this.source.databaseUrl });
    session.on('error', (error) => this.logger.warn({ err: error }, 'outbox relay connection error'));
    session.on('notification', () => this.signal());
    await session.connect();
    this.session = session;
    await session.query('LISTEN atalaia_outbox');
  }

  private async leadOrStandBy(): Promise<void> {
    const session = this.session!;
    while (this.running) {
      if (!this.leading) {
        const { rows } = await session.query<{ acquired: boolean }>(LEADER_LOCK_SQL);
        this.leading = rows[0]?.acquired === true;
        if (this.leading) this.logger.info('leading outbox relay for this source');
      }
      const published = this.leading ? await this.publishBatch(session) : 0;
      if (published < this.batchSize) await this.waitForWake(this.pollIntervalMs);
    }
  }

  /** Claims, publishes and marks one batch in a single transaction; returns how many rows it published. */
  private async publishBatch(session: pg.Client): Promise<number> {
    await session.query('BEGIN');
    try {
      const { rows } = await session.query<OutboxRow>(
        `SELECT id, topic, message_key, payload, headers FROM outbox_messages
         WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length > 0) {
        await this.send(rows);
        await session.query('UPDATE outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])', [
          rows.map((row) => row.id),
        ]);
      }
      await session.query('COMMIT');
      if (rows.length > 0) outboxPublished.inc({ source: this.name }, rows.length);
      return rows.length;
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const spans = rows.map((row) =>
      startLinkedSpan(`${row.topic} publish`, SpanKind.PRODUCER, row.headers, {
        'messaging.system': 'kafka',
        'messaging.destination.name': row.topic,
        'messaging.message.id': row.headers['message-id'] ?? '',
        'atalaia.outbox.source': this.name,
      }),
    );
    const byTopic = new Map<string, Array<{ key: string; value: string; headers: Record<string, string> }>>();
    rows.forEach((row, index) => {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.message_key,
        value: JSON.stringify(row.payload),
        headers: { ...row.headers, ...spans[index]!.carrier },
      });
      byTopic.set(row.topic, messages);
    });
    try {
      await this.options.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      for (const { span } of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      for (const { span } of spans) span.end();
    }
  }

  private signal(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async waitForWake(timeoutMs: number): Promise<void> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return;
    }
    const abort = new AbortController();
    await Promise.race([
      delay(timeoutMs, undefined, { signal: abort.signal }).catch(() => undefined),
      new Promise<void>((resolve) => (this.wake = resolve)),
    ]);
    abort.abort();
    this.wake = undefined;
    this.pendingWake = false;
  }
}
