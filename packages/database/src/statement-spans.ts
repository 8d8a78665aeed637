import type pg from 'pg';
import { SpanKind, inSpan, isSampledParent, spanName, spanOf, type Link, type Span, type TracedWorkOptions } from '@atalaia/telemetry';
import { summarizeSql, type SqlSummary } from './sql-summary';
import type { SqlExecutor } from './sql-executor';

/** Where statements go, as database spans say it: `db.namespace`, `server.address`, `server.port`. */
export type DatabaseEndpoint = Record<string, string | number>;

const endpoints = new WeakMap<object, DatabaseEndpoint>();

/** The endpoint attributes of a `pg` pool (or client), read once from its connection string or options. */
export function databaseEndpointOf(pool: Pick<pg.Pool, 'options'> | undefined): DatabaseEndpoint {
  if (!pool) return {};
  const known = endpoints.get(pool);
  if (known) return known;
  const { connectionString, host, port, database } = pool.options;
  let endpoint: DatabaseEndpoint = {};
  try {
    const url = connectionString ? new URL(connectionString) : undefined;
    const name = url ? decodeURIComponent(url.pathname.slice(1)) : database;
    const address = url ? url.hostname : host;
    endpoint = {
      ...(name ? { 'db.namespace': name } : {}),
      ...(address ? { 'server.address': address } : {}),
      'server.port': Number(url?.port || port || 5432),
    };
  } catch {
    // An unparsable connection string fails the connection itself, loudly; the spans just say less.
  }
  endpoints.set(pool, endpoint);
  return endpoint;
}

export interface StatementSpanOptions extends Pick<TracedWorkOptions, 'parent' | 'links'> {
  attributes?: Record<string, string | number>;
}

/**
 * Runs one statement in a CLIENT span named by its query summary, with the
 * database semantic-convention attributes (no query text: it may be large, and
 * values never go in spans).
 */
export async function withStatementSpan<T>(sql: string, endpoint: DatabaseEndpoint, run: (span: Span) => Promise<T>, options: StatementSpanOptions = {}): Promise<T> {
  if (!isSampledParent(options.parent)) return run(spanOf(options.parent));
  return withDatabaseSpan(summarizeSql(sql), endpoint, run, options);
}

/** Spans open around statements: a Prisma query run inside one (the gateway's accept) gets no second span. */
const openSpanIds = new Set<string>();

/** True when `spanId` is a database span still running its statement. */
export function isDatabaseSpanOpen(spanId: string): boolean {
  return openSpanIds.has(spanId);
}

/** `withStatementSpan` for work already summarised (a Prisma model operation); a failure also sets `error.type`. */
export async function withDatabaseSpan<T>(
  { summary, operation, collection }: SqlSummary,
  endpoint: DatabaseEndpoint,
  run: (span: Span) => Promise<T>,
  options: StatementSpanOptions = {},
): Promise<T> {
  // Under an unsampled parent (nothing exports, or the trace was sampled out) a statement costs no span at all.
  if (!isSampledParent(options.parent)) return run(spanOf(options.parent));
  const attributes = {
    'db.system.name': 'postgresql',
    'db.query.summary': summary,
    ...(operation ? { 'db.operation.name': operation } : {}),
    ...(collection ? { 'db.collection.name': collection } : {}),
    ...endpoint,
    ...options.attributes,
  };
  return inSpan(spanName(summary), { kind: SpanKind.CLIENT, attributes, parent: options.parent, links: options.links as Link[] | undefined }, async (span) => {
    const { spanId } = span.spanContext();
    openSpanIds.add(spanId);
    try {
      return await run(span);
    } catch (error) {
      span.setAttribute('error.type', errorType(error));
      throw error;
    } finally {
      openSpanIds.delete(spanId);
    }
  });
}

/** `error.type`: the SQLSTATE or Prisma error code when there is one (`23505`, `P2002`), else the error's class. */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.constructor.name : '_OTHER';
}

/** `executor` with a database span around each statement. */
export function tracedExecutor(executor: SqlExecutor, endpoint: DatabaseEndpoint): SqlExecutor {
  return {
    $executeRawUnsafe: (query, ...values) => withStatementSpan(query, endpoint, () => executor.$executeRawUnsafe(query, ...values)),
    $queryRawUnsafe: <R>(query: string, ...values: unknown[]) => withStatementSpan(query, endpoint, () => executor.$queryRawUnsafe<R>(query, ...values)),
  };
}
