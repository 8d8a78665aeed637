import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { createPostgresPool, endPostgresPool, isTransientFailure, pgTransactions, preparedStatementName, type PostgresPool } from '../src';

describe('pgTransactions', () => {
  let database: TestDatabase;
  let pool: PostgresPool;

  beforeAll(async () => {
    database = await createTestDatabase('pg_transactions');
    pool = createPostgresPool(database.url, { max: 2 });
    await pool.query('CREATE TABLE notes (id int PRIMARY KEY)');
  });

  afterAll(async () => {
    await endPostgresPool(pool);
    await endPostgresPool(pool);
    await database.drop();
  });

  it('when the work resolves, then its writes are committed; when it throws, then none are', async () => {
    const transaction = pgTransactions(pool);
    await transaction(async (tx) => {
      await tx.$executeRawUnsafe('INSERT INTO notes (id) VALUES ($1)', 1);
    });
    await expect(
      transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO notes (id) VALUES ($1)', 2);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');

    expect((await pool.query('SELECT id FROM notes ORDER BY id')).rows).toEqual([{ id: 1 }]);
  });

  it('when the server ends the connection mid-transaction, then the transaction fails as transient and the pool serves the next one', async () => {
    const transaction = pgTransactions(pool);
    const failure = await transaction(async (tx) => {
      const [session] = await tx.$queryRawUnsafe<Array<{ pid: number }>>('SELECT pg_backend_pid() AS pid');
      await tx.$executeRawUnsafe('INSERT INTO notes (id) VALUES ($1)', 3);
      // Another session ends this one, as a server restart or a timeout would.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [session!.pid]);
      await admin.end();
      await tx.$queryRawUnsafe('SELECT 1');
    }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(Error);
    expect(isTransientFailure(failure)).toBe(true);
    await transaction(async (tx) => {
      await tx.$executeRawUnsafe('INSERT INTO notes (id) VALUES ($1)', 4);
    });
    expect((await pool.query('SELECT id FROM notes ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 4 }]);
  });

  it('when a statement with parameters runs, then it is prepared once per connection and reused: the server parses it once', async () => {
    const transaction = pgTransactions(pool);
    const sql = 'SELECT count(*)::int AS n FROM notes WHERE id >= $1';
    const prepared = await transaction(async (tx) => {
      for (let run = 0; run < 3; run += 1) await tx.$queryRawUnsafe(sql, 0);
      return tx.$queryRawUnsafe<Array<{ name: string; calls: string }>>(
        'SELECT name, generic_plans + custom_plans AS calls FROM pg_prepared_statements WHERE statement = $1',
        sql,
      );
    });

    expect(prepared).toEqual([{ name: preparedStatementName(sql), calls: '3' }]);
  });
});
