import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

/** A service's connection pool (the `pg` type, so services need no `pg` dependency of their own to name it). */
export type PostgresPool = pg.Pool;

export interface PostgresPoolOptions {
  /** Most connections; the Prisma client and the consumers' transactions share them. */
  max?: number;
  /** Called for an error on an idle connection (e.g. the server restarted); the pool drops that connection. */
  onIdleError?: (error: Error) => void;
}

/**
 * A transaction left open this long is ended by the server, so a stalled
 * process cannot hold row locks for ever; consumers retry the batch.
 */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * A statement that runs (or waits for a lock) this long is cancelled by the
 * server; the failure is transient, so a consumer retries its batch.
 */
export const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * One connection pool per service and database. A bounded connect timeout
 * turns an unreachable database into a fast, transient error (503 at the edge,
 * a retry in consumers) instead of a hung request.
 */
export function createPostgresPool(databaseUrl: string, options: PostgresPoolOptions = {}): PostgresPool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5_000,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    max: options.max ?? 10,
  });
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/**
 * Ends a pool unless it is already ending: Prisma's `$disconnect` ends the
 * pool it was given (`disposeExternalPool`) only if it ever connected, and a
 * second `end()` rejects.
 */
export async function endPostgresPool(pool: PostgresPool): Promise<void> {
  if (!pool.ending) await pool.end();
}

/**
 * The driver adapter every service's Prisma client uses: on the service's pool,
 * or on its own pool for a URL. The pool ends with the client (`$disconnect`)
 * once it has connected, so a service stops its consumers first, then
 * disconnects, then makes sure with `endPostgresPool`.
 */
export function postgresAdapter(database: string | PostgresPool): PrismaPg {
  return new PrismaPg(typeof database === 'string' ? createPostgresPool(database) : database, { disposeExternalPool: true });
}
