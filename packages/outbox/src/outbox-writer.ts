import { cloudEventHeaders, parseMessage, type Envelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { currentTraceCarrier } from '@atalaia/telemetry';

export interface OutboxMessageInput {
  topic: string;
  /** Kafka key; per-key order is preserved, so use the aggregate id. */
  key: string;
  envelope: Envelope;
}

export class InvalidOutboxMessageError extends Error {
  override readonly name = 'InvalidOutboxMessageError';
}

/** One outbox row's parameters, in column order. */
type OutboxRowValues = [messageId: string, topic: string, key: string, payload: string, headers: string];

/** Transactions whose outbox writes are held until `flushOutboxWrites`. */
const deferredWrites = new WeakMap<SqlExecutor, OutboxRowValues[]>();

/** Rows per statement: bounds one statement's arrays (and memory) for the largest batches. */
const MAX_ROWS_PER_INSERT = 2_000;

/**
 * Writes messages to the outbox in the caller's transaction: they are published
 * if and only if that transaction commits. The active W3C trace context is
 * stored with each row (and in the envelope) so the trace continues on Kafka,
 * and so are the CloudEvents attributes (binary mode `ce_*` headers).
 * Each envelope must satisfy the message catalog; it is checked here, at once,
 * even when the write itself is deferred.
 */
export async function writeOutboxMessages(tx: SqlExecutor, messages: OutboxMessageInput[]): Promise<void> {
  if (messages.length === 0) return;
  const trace = currentTraceCarrier();
  const rows = messages.map((message): OutboxRowValues => {
    const envelope = { ...trace, ...message.envelope };
    // Contracts are checked on produce as well as on consume: a producer bug
    // fails its own transaction instead of poisoning a topic.
    const parsed = parseMessage(envelope);
    if (!parsed.ok) throw new InvalidOutboxMessageError(`${envelope.type}: ${parsed.code} ${parsed.detail}`);
    const headers = { 'message-id': envelope.id, 'message-type': envelope.type, ...trace, ...cloudEventHeaders(envelope, message.key) };
    return [envelope.id, message.topic, message.key, JSON.stringify(envelope), JSON.stringify(headers)];
  });
  const deferred = deferredWrites.get(tx);
  if (deferred) deferred.push(...rows);
  else await insertOutboxRows(tx, rows);
}

/**
 * From now until `flushOutboxWrites`, outbox writes in `tx` are collected
 * instead of sent, so that a consumer batch writes all its messages in one
 * statement. Row order (and so publish order) is the order of the writes.
 */
export function deferOutboxWrites(tx: SqlExecutor): void {
  if (!deferredWrites.has(tx)) deferredWrites.set(tx, []);
}

/** Writes every outbox row collected in `tx` since `deferOutboxWrites`, in order, and stops deferring. */
export async function flushOutboxWrites(tx: SqlExecutor): Promise<void> {
  const rows = deferredWrites.get(tx);
  deferredWrites.delete(tx);
  for (let start = 0; rows && start < rows.length; start += MAX_ROWS_PER_INSERT) {
    await insertOutboxRows(tx, rows.slice(start, start + MAX_ROWS_PER_INSERT));
  }
}

/** One row: plain parameters (the gateway embeds this shape in its accept statement, see its outbox-statement.ts). */
const INSERT_OUTBOX_ROW = `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers) VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb)`;

/**
 * Several rows: one statement of constant text whatever their count (they
 * travel as five arrays), so it is prepared once per connection; WITH
 * ORDINALITY keeps the rows, and so their ids and publish order, in the
 * order written.
 */
const INSERT_OUTBOX_ROWS = `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers)
  SELECT message_id, topic, message_key, payload, headers
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY
      AS row (message_id, topic, message_key, payload, headers, position)
   ORDER BY position`;

async function insertOutboxRows(tx: SqlExecutor, rows: OutboxRowValues[]): Promise<void> {
  if (rows.length === 1) {
    await tx.$executeRawUnsafe(INSERT_OUTBOX_ROW, ...rows[0]!);
    return;
  }
  const columns = [0, 1, 2, 3, 4].map((column) => rows.map((row) => row[column]));
  await tx.$executeRawUnsafe(INSERT_OUTBOX_ROWS, ...columns);
}
