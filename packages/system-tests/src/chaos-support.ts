import pg from 'pg';

/** Outages, drains and reconciliation take minutes on a loaded two-core CI machine. */
export const CHAOS_TEST_TIMEOUT_MS = 300_000;

/** Runs a `SELECT … AS n` and returns n: the reconciliation figures of chaos tests. */
export async function countRows(databaseUrl: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(sql)).rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Runs a query and returns its rows: the per-aggregate figures of reconciliations. */
export async function queryRows<T>(databaseUrl: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}
