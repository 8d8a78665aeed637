import type { SqlExecutor } from '@atalaia/database';
import { writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';

export interface SqlStatement {
  sql: string;
  values: unknown[];
}

/** One column of the outbox row and the type its parameter is cast to (`text` when uncast). */
export interface OutboxColumn {
  name: string;
  type: string;
}

/** One outbox row as the shared writer built it: its INSERT, and its columns in parameter order. */
export interface OutboxRow {
  statement: SqlStatement;
  columns: OutboxColumn[];
}

export class OutboxStatementShapeError extends Error {
  override readonly name = 'OutboxStatementShapeError';
}

/**
 * The statement the shared outbox writer would run for `messages`, captured
 * instead of run, so the gateway can send it inside its command insert as one
 * statement: one round trip, atomic without an interactive transaction. The
 * writer still decides each row's content and checks it against the contracts
 * (and reads the active trace context: call this in the request's context).
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

const SINGLE_ROW_INSERT = /^\s*INSERT INTO outbox_messages\s*\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)\s*$/i;
const PARAMETER = /^\$(\d+)(?:::([a-z_]+))?$/i;

/**
 * The writer's row for one message, with its columns read off the captured
 * INSERT, so that rows of several requests can be sent as column arrays in one
 * statement while the writer keeps deciding (and checking) their content.
 * Only `INSERT … (columns) VALUES ($1[::type], $2…)` is understood; anything
 * else fails loudly rather than being reinterpreted.
 */
export async function outboxRowFor(message: OutboxMessageInput): Promise<OutboxRow> {
  const statement = await outboxStatementFor([message]);
  const [, columnList, parameterList] = SINGLE_ROW_INSERT.exec(statement.sql) ?? [];
  const names = columnList?.split(',').map((name) => name.trim()) ?? [];
  const parameters = parameterList?.split(',').map((parameter) => PARAMETER.exec(parameter.trim())) ?? [];
  const fits =
    names.length > 0 &&
    names.length === parameters.length &&
    names.length === statement.values.length &&
    names.every((name) => /^[a-z_]+$/.test(name)) &&
    parameters.every((parameter, index) => parameter !== null && Number(parameter[1]) === index + 1);
  if (!fits) throw new OutboxStatementShapeError(`the outbox writer's INSERT is not one row of plain parameters: ${statement.sql}`);
  return { statement, columns: names.map((name, index) => ({ name, type: parameters[index]![2] ?? 'text' })) };
}
