import { createPostgresPool, databaseEndpointOf, postgresAdapter, withQuerySpans, type PostgresPool } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type AuditPrisma = InstanceType<typeof PrismaClient>;

/**
 * The client for reads: on a pool of its own for a URL, or on the service's
 * pool, shared with the consumer's transactions. Either way `$disconnect`
 * ends that pool, so whatever else uses it must stop first.
 */
export function createAuditPrisma(database: string | PostgresPool): AuditPrisma {
  const pool = typeof database === 'string' ? createPostgresPool(database) : database;
  return withQuerySpans(new PrismaClient({ adapter: postgresAdapter(pool) }), databaseEndpointOf(pool));
}
