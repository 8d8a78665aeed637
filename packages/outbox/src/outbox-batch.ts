import type pg from 'pg';
import type { SqlExecutor } from '@atalaia/database';
import { startSendSpan } from '@atalaia/kafka';
import { carrierOfSpan, recordSpanFailure, type Logger } from '@atalaia/telemetry';
import { recordRefusalOf } from './broker-errors';
import { outboxPublished, outboxSendBytes, outboxSetAside } from './outbox-metrics';
import { writeOutboxMessages } from './outbox-writer';
import type { RelayProducer, TopicRecords } from './relay-producer';
import { planSends, toRecord, type OutboxRecord, type OutboxRow, type SendLimits } from './send-plan';
import { failedResultFor, markSetAside } from './set-aside';

export interface BatchContext {
  source: string;
  producer: RelayProducer;
  limits: SendLimits;
  /** Where the `command.failed` result of a set-aside command goes. */
  commandResultsTopic: string;
  logger: Logger;
}

export interface BatchOutcome {
  claimed: number;
  published: number;
  setAside: number;
  /** Why sending stopped part-way; what was sent before is marked published. */
  failure?: unknown;
}

/** Only rows still waiting: published and set-aside rows are out of the scan (and of its partial index). */
const CLAIM_SQL = `SELECT id, topic, message_key, payload, headers FROM outbox_messages
  WHERE published_at IS NULL AND set_aside_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`;

/**
 * Claims up to `rowLimit` rows in one transaction and publishes them in id
 * order, in sends bounded by bytes and rows, each acknowledged before the next
 * (so per-key order holds). Rows the broker refuses are set aside and the rest
 * flows. When a send fails otherwise, what was acknowledged before it is still
 * marked published and committed, and the failure is returned.
 */
export async function publishBatch(session: pg.Client, context: BatchContext, rowLimit: number): Promise<BatchOutcome> {
  await session.query('BEGIN');
  try {
    const { rows } = await session.query<OutboxRow>(CLAIM_SQL, [rowLimit]);
    const batch = new Batch(session, context);
    const failure = await batch.publish(rows);
    await session.query('COMMIT');
    if (batch.published.length > 0) outboxPublished.inc({ source: context.source }, batch.published.length);
    return { claimed: rows.length, published: batch.published.length, setAside: batch.setAside, failure };
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

class Batch {
  readonly published: string[] = [];
  setAside = 0;
  private readonly tx: SqlExecutor;

  constructor(
    session: pg.Client,
    private readonly context: BatchContext,
  ) {
    this.tx = {
      $executeRawUnsafe: async (query, ...values) => (await session.query(query, values)).rowCount ?? 0,
      $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await session.query(query, values)).rows as T,
    };
  }

  async publish(rows: OutboxRow[]): Promise<unknown> {
    const { sends, oversized } = planSends(rows.map(toRecord), this.context.limits);
    for (const record of oversized) {
      await this.setAsideRecord(record, 'MESSAGE_TOO_LARGE', `${record.bytes} bytes, more than the ${this.context.limits.maxMessageBytes} the broker accepts`);
    }
    let failure: unknown;
    try {
      for (const records of sends) await this.sendOrSetAside(records);
    } catch (error) {
      failure = error;
    }
    if (this.published.length > 0) {
      await this.tx.$executeRawUnsafe('UPDATE outbox_messages SET published_at = now() WHERE id = ANY($1::bigint[])', this.published);
    }
    return failure;
  }

  /** A refused send is halved until the refused row is alone, in order, so every other row still goes. */
  private async sendOrSetAside(records: OutboxRecord[]): Promise<void> {
    try {
      await this.send(records);
      for (const record of records) this.published.push(record.row.id);
    } catch (error) {
      const refusal = recordRefusalOf(error);
      if (!refusal) throw error;
      if (records.length === 1) {
        await this.setAsideRecord(records[0]!, refusal, (error as Error).message);
        return;
      }
      const middle = Math.ceil(records.length / 2);
      await this.sendOrSetAside(records.slice(0, middle));
      await this.sendOrSetAside(records.slice(middle));
    }
  }

  private async send(records: OutboxRecord[]): Promise<void> {
    // One PRODUCER span per message, a child of the context its outbox row stored
    // (the request or consumer that wrote it); the broker gets the span's context.
    const spans = records.map(({ row }) => {
      const span = startSendSpan({ topic: row.topic, key: row.message_key, headers: row.headers }, row.headers, { 'atalaia.outbox.source': this.context.source });
      return { span, carrier: carrierOfSpan(span) };
    });
    const byTopic = new Map<string, TopicRecords>();
    records.forEach(({ row, value }, index) => {
      const topic = byTopic.get(row.topic) ?? { topic: row.topic, messages: [] };
      topic.messages.push({ key: row.message_key, value, headers: { ...row.headers, ...spans[index]!.carrier } });
      byTopic.set(row.topic, topic);
    });
    try {
      await this.context.producer.send([...byTopic.values()]);
      outboxSendBytes.observe({ source: this.context.source }, records.reduce((sum, record) => sum + record.bytes, 0));
    } catch (error) {
      for (const { span } of spans) recordSpanFailure(span, error);
      throw error;
    } finally {
      for (const { span } of spans) span.end();
    }
  }

  private async setAsideRecord(record: OutboxRecord, code: string, detail: string): Promise<void> {
    const { row } = record;
    const reason = `${code}: ${detail}`;
    await markSetAside(this.tx, row, reason);
    const result = failedResultFor(row, code, detail, this.context.commandResultsTopic);
    if (result) await writeOutboxMessages(this.tx, [result]);
    this.setAside += 1;
    outboxSetAside.inc({ source: this.context.source, reason: code });
    this.context.logger.error(
      { outboxId: row.id, messageId: row.headers['message-id'], topic: row.topic, messageKey: row.message_key, bytes: record.bytes, reason, commandFailed: result !== null },
      'outbox row refused by the broker; set aside, the rest flows',
    );
  }
}
