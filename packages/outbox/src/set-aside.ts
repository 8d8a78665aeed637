import { commandResultEnvelope, createEnvelope, envelopeSchema } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { OutboxMessageInput } from './outbox-writer';
import type { OutboxRow } from './send-plan';

export const MESSAGE_REJECTED_CODE = 'MESSAGE_REJECTED_BY_BROKER';

const RELAY_SOURCE = 'atalaia.relay';

/** What a row's payload must still name for its command to be failed: enough of an envelope, however large the rest. */
const commandFields = envelopeSchema.pick({ id: true, type: true, commandId: true, correlationId: true, actor: true });

/**
 * The `command.failed` result for a row the broker refused, when the row
 * carries a command (the gateway's rows are the command itself; events and
 * results name the command that caused them). Keyed by the command id, so the
 * gateway folds it into the command. None for a failed result itself: the
 * gateway already takes the command as failed, and failing it again could loop.
 */
export function failedResultFor(row: OutboxRow, code: string, detail: string, commandResultsTopic: string): OutboxMessageInput | null {
  const fields = commandFields.safeParse(row.payload);
  if (!fields.success || fields.data.type === 'command.failed') return null;
  const { commandId } = fields.data;
  if (!commandId) return null;
  const cause = createEnvelope({ ...fields.data, source: RELAY_SOURCE, aggregateType: 'command', subject: commandId, data: null });
  const envelope = commandResultEnvelope(cause, RELAY_SOURCE, {
    status: 'failed',
    error: {
      code: MESSAGE_REJECTED_CODE,
      title: 'The broker refused a message of this command; it was set aside for an operator',
      detail: `${code}: ${detail}`.slice(0, 1000),
    },
  });
  return { topic: commandResultsTopic, key: commandId, envelope };
}

/** Marks a row set aside: never claimed again, never purged, counted apart from the backlog. */
export async function markSetAside(tx: SqlExecutor, row: OutboxRow, reason: string): Promise<void> {
  await tx.$executeRawUnsafe(
    'UPDATE outbox_messages SET set_aside_at = now(), set_aside_reason = $2 WHERE id = $1::bigint',
    row.id,
    reason.slice(0, 2000),
  );
}
