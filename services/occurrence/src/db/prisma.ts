import { postgresAdapter, type createPostgresPool } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type OccurrencePrisma = InstanceType<typeof PrismaClient>;

/** The service's `pg` pool (named through @atalaia/database: this package does not depend on `pg` itself). */
export type PostgresPool = ReturnType<typeof createPostgresPool>;

/** Prisma for the HTTP read paths, on the service's pool (shared with the consumers' transactions) or on a URL of its own. */
export function createOccurrencePrisma(database: string | PostgresPool): OccurrencePrisma {
  return new PrismaClient({ adapter: postgresAdapter(database) });
}

/**
 * Ends the service's pool once Prisma and the consumer are done with it.
 * Prisma's `$disconnect` ends the pool it was given (`disposeExternalPool`) only
 * if it ever connected, which a service that consumed commands but served no
 * read has not; and a second `end()` rejects.
 */
export async function endOccurrencePool(pool: PostgresPool): Promise<void> {
  if (!pool.ending) await pool.end();
}
