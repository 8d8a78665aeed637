import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@atalaia/contracts';
import { withStatementSpan, type DatabaseEndpoint } from '@atalaia/database';
import { contextOfSpan, inSpan, SpanKind, type Span } from '@atalaia/telemetry';
import { actorOf } from '../domain/api-client';
import type { CommandRequest } from './command-store';
import { outboxRowFor, OutboxStatementShapeError, type OutboxRow, type SqlStatement } from './outbox-statement';

/** Each column of a command row and the type its value is cast to. */
const COMMAND_COLUMN_TYPES = {
  id: 'uuid',
  client_id: 'text',
  agency_id: 'text',
  idempotency_key: 'text',
  type: 'text',
  scope_key: 'text',
  payload: 'jsonb',
  payload_hash: 'text',
  correlation_id: 'text',
  traceparent: 'text',
  expires_at: 'timestamptz',
} as const;

type CommandRow = Record<keyof typeof COMMAND_COLUMN_TYPES, unknown>;

const COMMAND_COLUMNS = Object.entries(COMMAND_COLUMN_TYPES) as Array<[keyof CommandRow, string]>;
const COMMAND_COLUMN_LIST = COMMAND_COLUMNS.map(([name]) => name).join(', ');

/** An accept with its rows built: the command row and the outbox row the shared writer made for it. */
export interface PreparedAccept {
  request: CommandRequest;
  commandId: string;
  command: CommandRow;
  outbox: OutboxRow;
  /** The request's `accept command` span: the parent (or a link) of the statement that stores it. */
  span?: Span;
}

/**
 * The INTERNAL span `accept command` around one request's accept (building its
 * rows, waiting for and running the statement), apart from the request's
 * server span: the stored outbox row carries its context, so the relay's send
 * is its child.
 */
export function withAcceptSpan<T>(request: CommandRequest, work: (span: Span) => Promise<T>): Promise<T> {
  return inSpan('accept command', { kind: SpanKind.INTERNAL, attributes: { 'atalaia.command.type': request.type } }, work);
}

/**
 * Runs the statement storing `accepts` in a database span. With group commit
 * one statement serves several requests, and a span has one parent: the first
 * request's accept span is its parent, it links to the others' accept spans
 * and they link back to it, so each request's trace leads to the statement
 * that stored it (as the messaging conventions treat a batch).
 */
export function runAcceptStatement<T>(accepts: PreparedAccept[], statement: SqlStatement, database: DatabaseEndpoint, run: () => Promise<T>): Promise<T> {
  const [first, ...others] = accepts;
  const links = others.flatMap((accept) => (accept.span ? [{ context: accept.span.spanContext() }] : []));
  return withStatementSpan(
    statement.sql,
    database,
    async (span) => {
      for (const accept of others) accept.span?.addLink({ context: span.spanContext() });
      return run();
    },
    { parent: contextOfSpan(first?.span?.spanContext()), links, attributes: { 'atalaia.accept.batch_size': accepts.length } },
  );
}

/**
 * Builds both rows of an accept. Run it in the request's own async context:
 * the outbox writer stores the active trace context in the row it builds, and
 * the row is sent later, perhaps from another request's context, in a batch.
 */
export async function prepareAccept(request: CommandRequest, span?: Span): Promise<PreparedAccept> {
  const commandId = randomUUID();
  const envelope = createEnvelope({
    type: request.type,
    source: 'atalaia.gateway',
    aggregateType: request.aggregateType,
    subject: request.messageKey,
    commandId,
    correlationId: request.correlationId,
    actor: actorOf(request.client),
    data: request.payload,
  });
  const outbox = await outboxRowFor({ topic: request.topic, key: request.messageKey, envelope });
  const command: CommandRow = {
    id: commandId,
    client_id: request.client.id,
    agency_id: request.client.agencyId,
    idempotency_key: request.idempotencyKey,
    type: request.type,
    scope_key: request.scopeKey,
    payload: JSON.stringify(request.payload),
    payload_hash: request.payloadHash,
    correlation_id: request.correlationId ?? null,
    traceparent: request.traceparent ?? null,
    expires_at: request.expiresAt,
  };
  return { request, commandId, command, outbox, span };
}

/** Roughly what an accept adds to a batch statement, for its byte bound. */
export function acceptSize(accept: PreparedAccept): number {
  return (accept.command.payload as string).length + accept.outbox.statement.values.reduce<number>((sum, value) => sum + String(value).length, 0);
}

/**
 * One accept as one statement: both rows or neither. A plain INSERT (no ON
 * CONFLICT) makes a reused key fail the whole statement, outbox row included.
 */
export function singleAcceptStatement(accept: PreparedAccept): SqlStatement {
  const outbox = accept.outbox.statement;
  const placeholders = COMMAND_COLUMNS.map(([, type], index) => `$${outbox.values.length + index + 1}::${type}`);
  const sql = `WITH outbox AS (${outbox.sql}),
    command AS (INSERT INTO commands (${COMMAND_COLUMN_LIST}) VALUES (${placeholders.join(', ')}) RETURNING created_at)
    SELECT created_at FROM command`;
  return { sql, values: [...outbox.values, ...COMMAND_COLUMNS.map(([name]) => accept.command[name])] };
}

/**
 * Several accepts as one statement. A command whose key is taken (already,
 * by a concurrent statement, or by an earlier accept of this batch) is
 * skipped by ON CONFLICT and gets no outbox row; the others' outbox rows go in
 * request order, which is their publish order. Commands are inserted in key
 * order so that two batches never wait on each other's keys crosswise (a
 * deadlock); a key taken twice in the batch goes to the earlier request.
 * Returns the ids and creation times of the commands inserted.
 *
 * The rows travel as one JSON parameter, not as one array per column: Prisma
 * spends ~0.15 ms of CPU on each array element (a batch of 64 cost ~11 ms of
 * client CPU as arrays, ~2.7 ms as JSON), which would eat most of the saving.
 */
export function batchAcceptStatement(accepts: PreparedAccept[]): SqlStatement {
  const outboxColumns = accepts[0]!.outbox.columns;
  const shape = JSON.stringify(outboxColumns);
  if (accepts.some((accept) => JSON.stringify(accept.outbox.columns) !== shape)) {
    throw new OutboxStatementShapeError('the outbox writer built rows of different shapes for one batch');
  }
  const outboxInputs = outboxColumns.map(({ name, type }) => ({ input: `outbox_${name}`, name, type }));
  const rows = accepts.map((accept, index) => ({
    request_order: index,
    ...accept.command,
    ...Object.fromEntries(outboxInputs.map(({ input }, column) => [input, accept.outbox.statement.values[column]])),
  }));
  const inputColumns = [...COMMAND_COLUMNS.map(([name]) => name), ...outboxInputs.map(({ input }) => input)];
  const sql = `WITH input AS (
      SELECT * FROM json_to_recordset($1::json) AS input(request_order int, ${inputColumns.map((input) => `${input} text`).join(', ')})),
    command AS (
      INSERT INTO commands (${COMMAND_COLUMN_LIST})
      SELECT ${COMMAND_COLUMNS.map(([name, type]) => `${name}::${type}`).join(', ')} FROM input ORDER BY client_id, idempotency_key, request_order
      ON CONFLICT (client_id, idempotency_key) DO NOTHING
      RETURNING id, created_at),
    outbox AS (
      INSERT INTO outbox_messages (${outboxColumns.map(({ name }) => name).join(', ')})
      SELECT ${outboxInputs.map(({ input, type }) => `${input}::${type}`).join(', ')} FROM input JOIN command ON command.id = input.id::uuid ORDER BY input.request_order)
    SELECT id, created_at FROM command`;
  return { sql, values: [JSON.stringify(rows)] };
}
