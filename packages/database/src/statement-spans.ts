import type pg from 'pg';
import { SpanKind, inSpan, spanName, type Link, type Span, type TracedWorkOptions } from '@atalaia/telemetry';
import { summarizeSql } from './sql-summary';
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
  const { summary, operation, collection } = summarizeSql(sql);
  const attributes = {
    'db.system.name': 'postgresql',
    'db.query.summary': summary,
    ...(operation ? { 'db.operation.name': operation } : {}),
    ...(collection ? { 'db.collection.name': collection } : {}),
    ...endpoint,
    ...options.attributes,
  };
  return inSpan(spanName(summary), { kind: SpanKind.CLIENT, attributes, parent: options.parent, links: options.links as Link[] | undefined }, run);
}

/** `executor` with a database span around each statement. */
export function tracedExecutor(executor: SqlExecutor, endpoint: DatabaseEndpoint): SqlExecutor {
  return {
    $executeRawUnsafe: (query, ...values) => withStatementSpan(query, endpoint, () => executor.$executeRawUnsafe(query, ...values)),
    $queryRawUnsafe: <R>(query: string, ...values: unknown[]) => withStatementSpan(query, endpoint, () => executor.$queryRawUnsafe<R>(query, ...values)),
  };
}
