import { createPostgresPool, databaseEndpointOf, postgresAdapter, withQuerySpans, type PostgresPool } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type OccurrencePrisma = InstanceType<typeof PrismaClient>;

/** Prisma for the HTTP read paths, on the service's pool (shared with the consumers' transactions) or on a URL of its own. */
export function createOccurrencePrisma(database: string | PostgresPool): OccurrencePrisma {
  const pool = typeof database === 'string' ? createPostgresPool(database) : database;
  return withQuerySpans(new PrismaClient({ adapter: postgresAdapter(pool) }), databaseEndpointOf(pool));
}
