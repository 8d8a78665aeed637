import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

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
 * One connection pool per service and database. A bounded connect timeout
 * turns an unreachable database into a fast, transient error (503 at the edge,
 * a retry in consumers) instead of a hung request.
 */
export function createPostgresPool(databaseUrl: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5_000,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    max: options.max ?? 10,
  });
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/**
 * The driver adapter every service's Prisma client uses: on the service's pool,
 * or on its own pool for a URL. Either way the pool ends with the client
 * (`$disconnect`), so a service stops its consumers first, then disconnects.
 */
export function postgresAdapter(database: string | pg.Pool): PrismaPg {
  return new PrismaPg(typeof database === 'string' ? createPostgresPool(database) : database, { disposeExternalPool: true });
}
