/**
 * The slice of a Prisma transaction client the shared outbox and inbox code
 * needs. Every service's generated client satisfies it structurally, so shared
 * packages stay independent of any one service's schema.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Readiness probe: true when the database answers a trivial query. */
export async function isDatabaseReachable(db: SqlExecutor): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
