import type { Envelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { currentTraceCarrier } from '@atalaia/telemetry';

export interface OutboxMessageInput {
  topic: string;
  /** Kafka key; per-key order is preserved, so use the aggregate id. */
  key: string;
  envelope: Envelope;
}

/**
 * Writes messages to the outbox in the caller's transaction: they are published
 * if and only if that transaction commits. The active W3C trace context is
 * stored with each row (and in the envelope) so the trace continues on Kafka.
 */
export async function writeOutboxMessages(tx: SqlExecutor, messages: OutboxMessageInput[]): Promise<void> {
  if (messages.length === 0) return;
  const trace = currentTraceCarrier();
  const values: unknown[] = [];
  const rows = messages.map((message, index) => {
    const envelope = { ...trace, ...message.envelope };
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
