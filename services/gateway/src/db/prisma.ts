import { createPostgresPool, databaseEndpointOf, postgresAdapter, withQuerySpans, type PostgresPool } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type GatewayPrisma = InstanceType<typeof PrismaClient>;

/** Prisma on the service's pool (shared with the result consumer), or on a pool of its own for a URL. */
export function createGatewayPrisma(database: string | PostgresPool): GatewayPrisma {
  const pool = typeof database === 'string' ? createPostgresPool(database) : database;
  return withQuerySpans(new PrismaClient({ adapter: postgresAdapter(pool) }), databaseEndpointOf(pool));
}
