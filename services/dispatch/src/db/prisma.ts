import { createPostgresPool, databaseEndpointOf, postgresAdapter, withQuerySpans, type PostgresPool } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type DispatchPrisma = InstanceType<typeof PrismaClient>;

/**
 * Prisma for the HTTP reads and the service host (readiness, retention purge),
 * on the service's pool (shared with the consumers' transactions) or on a URL
 * of its own. The consumers' path does not use it: see `pgTransactions`.
 */
export function createDispatchPrisma(database: string | PostgresPool): DispatchPrisma {
  const pool = typeof database === 'string' ? createPostgresPool(database) : database;
  return withQuerySpans(new PrismaClient({ adapter: postgresAdapter(pool) }), databaseEndpointOf(pool));
}
