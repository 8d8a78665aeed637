import type pg from 'pg';
import { postgresAdapter } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type GatewayPrisma = InstanceType<typeof PrismaClient>;

/** Prisma on the service's pool (shared with the result consumer), or on a pool of its own for a URL. */
export function createGatewayPrisma(database: string | pg.Pool): GatewayPrisma {
  return new PrismaClient({ adapter: postgresAdapter(database) });
}

/**
 * Ends the service's pool once Prisma and the consumer are done with it. Prisma's
 * `$disconnect` ends a pool it was given only when its adapter is told to
 * (`disposeExternalPool`), so end it here unless that already happened: a
 * second `end()` rejects.
 */
export async function endGatewayPool(pool: pg.Pool): Promise<void> {
  if (!pool.ending) await pool.end();
}
