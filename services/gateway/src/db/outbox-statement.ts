import type { SqlExecutor } from '@atalaia/database';
import { writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';

export interface SqlStatement {
  sql: string;
  values: unknown[];
}

export class OutboxStatementShapeError extends Error {
  override readonly name = 'OutboxStatementShapeError';
}

/**
 * The statement the shared outbox writer would run for `messages`, captured
 * instead of run, so the gateway can send it inside its command insert as one
 * statement: one round trip, atomic without an interactive transaction. The
 * writer still decides each row's content and checks it against the contracts.
 */
export async function outboxStatementFor(messages: OutboxMessageInput[]): Promise<SqlStatement> {
  const captured: SqlStatement[] = [];
  const recorder: SqlExecutor = {
    $executeRawUnsafe: async (sql, ...values) => {
      captured.push({ sql, values });
      return messages.length;
    },
    $queryRawUnsafe: async () => {
      throw new OutboxStatementShapeError('the outbox writer read from the database; the gateway can only embed a single INSERT');
    },
  };
  await writeOutboxMessages(recorder, messages);
  const [statement] = captured;
  // Embedding is only sound for exactly one INSERT; fail loudly if the writer changes shape.
  if (captured.length !== 1 || !/^\s*INSERT INTO outbox_messages\b/i.test(statement!.sql)) {
    throw new OutboxStatementShapeError(`the outbox writer ran ${captured.length} statement(s), not one INSERT INTO outbox_messages`);
  }
  return statement!;
}
