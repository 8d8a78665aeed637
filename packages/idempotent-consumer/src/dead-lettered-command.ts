import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorSchema, createEnvelope, type Envelope, type Topics } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { DeadLetter } from '@atalaia/kafka';
import { commandResultMessage, writeOutboxMessages } from '@atalaia/outbox';

export const DEAD_LETTERED_CODE = 'MESSAGE_DEAD_LETTERED';

const commandFields = z.object({
  id: z.uuid().catch(() => randomUUID()),
  commandId: z.uuid(),
  type: z.string().max(100).catch('unknown'),
  correlationId: z.string().max(200).optional().catch(undefined),
  actor: actorSchema.optional().catch(undefined),
});

/**
 * The command a dead letter carried, if its JSON still names one — enough to
 * tell the caller that the command failed, even when the message is poison.
 */
export function commandOf(letter: DeadLetter): Envelope | null {
  const fields = commandFields.safeParse(letter.json ?? {});
  if (!fields.success) return null;
  return createEnvelope({
    ...fields.data,
    source: 'unknown',
    aggregateType: 'command',
    subject: fields.data.commandId,
    data: null,
  });
}

/** Writes `command.failed` for a dead-lettered command, in the caller's transaction. */
export async function failDeadLetteredCommand(tx: SqlExecutor, letter: DeadLetter, source: string, topics: Topics): Promise<boolean> {
  const command = commandOf(letter);
  if (!command) return false;
  await writeOutboxMessages(tx, [
    commandResultMessage(command, source, topics, {
      status: 'failed',
      error: {
        code: DEAD_LETTERED_CODE,
        title: 'The command could not be processed and was set aside for an operator',
        detail: `${letter.code} after ${letter.attempts} attempt(s): ${letter.detail}`.slice(0, 1000),
      },
    }),
  ]);
  return true;
}
