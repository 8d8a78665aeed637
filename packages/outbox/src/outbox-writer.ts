import { parseMessage, type Envelope } from '@atalaia/contracts';
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

/**
 * Writes messages to the outbox in the caller's transaction: they are published
 * if and only if that transaction commits. The active W3C trace context is
 * stored with each row (and in the envelope) so the trace continues on Kafka.
 * Each envelope must satisfy the message catalog.
 */
export async function writeOutboxMessages(tx: SqlExecutor, messages: OutboxMessageInput[]): Promise<void> {
  if (messages.length === 0) return;
  const trace = currentTraceCarrier();
  const values: unknown[] = [];
  const rows = messages.map((message, index) => {
    const envelope = { ...trace, ...message.envelope };
    // Contracts are checked on produce as well as on consume: a producer bug
    // fails its own transaction instead of poisoning a topic.
    const parsed = parseMessage(envelope);
    if (!parsed.ok) throw new InvalidOutboxMessageError(`${envelope.type}: ${parsed.code} ${parsed.detail}`);
    const headers = { 'message-id': envelope.id, 'message-type': envelope.type, ...trace };
    values.push(envelope.id, message.topic, message.key, JSON.stringify(envelope), JSON.stringify(headers));
    const p = index * 5;
    return `($${p + 1}::uuid, $${p + 2}, $${p + 3}, $${p + 4}::jsonb, $${p + 5}::jsonb)`;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers) VALUES ${rows.join(', ')}`,
    ...values,
  );
}
