import { activeSpanContext } from '@atalaia/telemetry';
import { summarizeSql, type SqlSummary } from './sql-summary';
import { isDatabaseSpanOpen, withDatabaseSpan, type DatabaseEndpoint } from './statement-spans';

/** The SQL operation a Prisma model operation runs, as `db.operation.name` says it. */
const MODEL_OPERATIONS: Readonly<Record<string, string>> = {
  findUnique: 'SELECT',
  findUniqueOrThrow: 'SELECT',
  findFirst: 'SELECT',
  findFirstOrThrow: 'SELECT',
  findMany: 'SELECT',
  count: 'SELECT',
  aggregate: 'SELECT',
  groupBy: 'SELECT',
  create: 'INSERT',
  createMany: 'INSERT',
  createManyAndReturn: 'INSERT',
  update: 'UPDATE',
  updateMany: 'UPDATE',
  updateManyAndReturn: 'UPDATE',
  // Prisma may run it as INSERT … ON CONFLICT or as a read then a write: no one SQL keyword says it.
  upsert: 'UPSERT',
  delete: 'DELETE',
  deleteMany: 'DELETE',
};

const RAW_OPERATIONS = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);

/** What a Prisma model operation does to `table` (`findMany` on `occurrences` → `SELECT occurrences`). */
export function summarizeModelOperation(operation: string, table: string): SqlSummary {
  const sqlOperation = MODEL_OPERATIONS[operation] ?? operation;
  return { summary: `${sqlOperation} ${table}`, operation: sqlOperation, collection: table };
}

/**
 * What a raw query does, from the arguments Prisma hands an extension: the
 * query text of `$queryRawUnsafe(sql, ...values)`, or the `Sql` of a tagged
 * `$queryRaw` (its `sql`, or its `strings`). Only the summary leaves here.
 */
export function summarizeRawQuery(args: unknown): SqlSummary | undefined {
  const first = Array.isArray(args) ? args[0] : args;
  if (typeof first === 'string') return summarizeSql(first);
  const template = first as { sql?: unknown; strings?: unknown } | null | undefined;
  if (typeof template?.sql === 'string') return summarizeSql(template.sql);
  if (Array.isArray(template?.strings)) return summarizeSql(template.strings.join('?'));
  return Array.isArray(first) && first.every((part) => typeof part === 'string') ? summarizeSql(first.join('?')) : undefined;
}

interface QueryParams {
  model?: string;
  operation: string;
  args: unknown;
  query: (args: unknown) => Promise<unknown>;
}

/** Prisma's runtime data model, as the generated client holds it: each model's table (`@@map`) is its `dbName`. */
interface RuntimeDataModel {
  models?: Record<string, { dbName?: string | null }>;
}

/**
 * `client` with a CLIENT span per query (model operations and raw queries),
 * per the database semantic conventions: named by its summary
 * (`SELECT occurrences`), with `db.*` and `server.*` attributes from
 * `endpoint`, never the query text or its values. A query gets a span only as
 * the child of a sampled span (a request, a consumer's batch): periodic jobs
 * make no root traces of their own, and unsampled work costs one lookup. A
 * query run inside a span of its own (`withStatementSpan`) gets no second one.
 *
 * The extension adds no members, so the client keeps its type (`C`): the
 * extended client is what Prisma's `$extends` returns at run time.
 */
export function withQuerySpans<C extends object>(client: C, endpoint: DatabaseEndpoint): C {
  const tables = (client as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel?.models ?? {};
  const tableOf = (model: string): string => tables[model]?.dbName ?? model;
  const extension = {
    name: 'atalaia-query-spans',
    query: {
      $allOperations({ model, operation, args, query }: QueryParams): Promise<unknown> {
        const parent = activeSpanContext();
        // Bit 0 of the trace flags: sampled.
        if (!parent || (parent.traceFlags & 1) === 0 || isDatabaseSpanOpen(parent.spanId)) return query(args);
        const summary = model ? summarizeModelOperation(operation, tableOf(model)) : RAW_OPERATIONS.has(operation) ? summarizeRawQuery(args) : undefined;
        return summary ? withDatabaseSpan(summary, endpoint, () => query(args)) : query(args);
      },
    },
  };
  return (client as unknown as { $extends(extension: object): C }).$extends(extension);
}
