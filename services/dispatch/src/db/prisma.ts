import { postgresAdapter, type createPostgresPool } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type DispatchPrisma = InstanceType<typeof PrismaClient>;

/** The service's `pg` pool (named through @atalaia/database: this package does not depend on `pg` itself). */
export type PostgresPool = ReturnType<typeof createPostgresPool>;

/**
 * Prisma for the HTTP reads and the service host (readiness, retention purge),
 * on the service's pool (shared with the consumers' transactions) or on a URL
 * of its own. The consumers' path does not use it: see `pgTransactions`.
 */
export function createDispatchPrisma(database: string | PostgresPool): DispatchPrisma {
  return new PrismaClient({ adapter: postgresAdapter(database) });
}
