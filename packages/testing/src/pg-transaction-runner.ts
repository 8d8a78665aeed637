import type pg from 'pg';
import type { SqlExecutor } from '@atalaia/database';

/** A pg pool shaped like a Prisma transaction runner, enough for the shared outbox and consumer code. */
export function pgTransactionRunner(pool: pg.Pool) {
  return async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const tx: SqlExecutor = {
      $executeRawUnsafe: async (query, ...values) => (await client.query(query, values)).rowCount ?? 0,
      $queryRawUnsafe: async <R>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as R,
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
}
