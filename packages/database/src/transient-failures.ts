/** Postgres SQLSTATEs, Prisma codes and socket errors that say "try again later", not "this is wrong". */
const transientCodes = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled: the statement timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'P1001', // Prisma: cannot reach database
  'P1002',
  'P1008',
  'P1017',
  'P2024', // Prisma: connection pool timeout
  'P2028', // Prisma: transaction API error — could not start in time (pool busy), or expired before commit
  'P2034', // Prisma: write conflict or deadlock
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

/** Driver adapter error kinds (Prisma's DriverAdapterError cause) that name a connection problem. */
const transientKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict']);

const transientMessage =
  /connection (terminated|refused|closed|reset|error)|has closed the connection|is not queryable|ECONNREFUSED|ECONNRESET|terminating connection|Connection terminated|Can't reach database|timeout exceeded when trying to connect|timed out|deadlock|could not serialize|the database system is (starting up|shutting down)|Unable to start a transaction in the given time|Transaction already closed|expired transaction/i;

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth += 1) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * True when a failure comes from infrastructure that may recover by itself (a
 * database restart, a dropped connection, a lock conflict, a transaction that
 * timed out or an exhausted connection pool) rather than from the request or a
 * bug. Callers retry these, or answer 503. A timed-out transaction was rolled
 * back whole, so running it again is safe.
 */
export function isTransientFailure(error: unknown): boolean {
  for (const cause of causes(error)) {
    for (const key of ['code', 'sqlState', 'originalCode'] as const) {
      const code = cause[key];
      if (typeof code === 'string' && transientCodes.has(code)) return true;
    }
    if (typeof cause.kind === 'string' && transientKinds.has(cause.kind)) return true;
    const message = cause.message;
    if (typeof message === 'string' && transientMessage.test(message)) return true;
  }
  return false;
}
