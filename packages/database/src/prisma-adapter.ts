import { PrismaPg } from '@prisma/adapter-pg';

/**
 * The driver adapter every service's Prisma client uses. A bounded connect
 * timeout turns an unreachable database into a fast, transient error (503 at
 * the edge, a retry in consumers) instead of a hung request.
 */
export function postgresAdapter(databaseUrl: string): PrismaPg {
  return new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, max: 10 });
}
