import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CommandResultData } from '@atalaia/contracts';
import { createPostgresPool, pgTransactions } from '@atalaia/database';
import { DEAD_LETTERED_CODE } from '@atalaia/idempotent-consumer';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { recordCommandResult } from '../src/db/command-results';

const migrations = path.resolve(__dirname, '../prisma/migrations');

describe('recording command results', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const record = (result: CommandResultData) => pgTransactions(pool)((tx) => recordCommandResult(tx, result));

  beforeAll(async () => {
    database = await createTestDatabase('gateway_results_sql', migrations);
    pool = createPostgresPool(database.url);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  async function pendingCommand(): Promise<string> {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO commands (id, client_id, agency_id, idempotency_key, type, scope_key, payload, payload_hash, expires_at)
       VALUES ($1::uuid, 'client-1', 'agency-1', $1::text, 'occurrence.create_or_update', $1::text, '{}', repeat('0', 64), now() + interval '1 day')`,
      [id],
    );
    return id;
  }

  async function stored(id: string) {
    const { rows } = await pool.query(
      'SELECT status, aggregate_type, aggregate_id, result, error, processed_at, updated_at FROM commands WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  const processed = (commandId: string): CommandResultData => ({
    commandId,
    commandType: 'occurrence.create_or_update',
    status: 'processed',
    aggregateType: 'occurrence',
    aggregateId: 'occurrence-1',
    result: { occurrenceId: 'occurrence-1', created: true },
  });
  const failed = (commandId: string, code = 'OCCURRENCE_NOT_FOUND'): CommandResultData => ({
    commandId,
    commandType: 'occurrence.create_or_update',
    status: 'failed',
    error: { code, title: 'No such occurrence', detail: 'why' },
  });

  it('when a processed result arrives for a pending command, then the command is processed with its aggregate and result', async () => {
    const id = await pendingCommand();
    const before = Date.now();

    await record(processed(id));

    const row = await stored(id);
    expect(row).toMatchObject({ status: 'processed', aggregate_type: 'occurrence', aggregate_id: 'occurrence-1', result: { occurrenceId: 'occurrence-1', created: true }, error: null });
    expect(row.processed_at.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(row.updated_at).toEqual(row.processed_at);
  });

  it('when a failed result arrives for a pending command, then the command fails with its error and no aggregate', async () => {
    const id = await pendingCommand();

    await record(failed(id));

    expect(await stored(id)).toMatchObject({ status: 'failed', aggregate_type: null, aggregate_id: null, result: null, error: { code: 'OCCURRENCE_NOT_FOUND', title: 'No such occurrence', detail: 'why' } });
  });

  it('when a second final result arrives, then the first one stands', async () => {
    const id = await pendingCommand();
    await record(processed(id));
    const first = await stored(id);

    await record(failed(id));

    expect(await stored(id)).toEqual(first);
  });

  it('when a processed result follows a dead-lettered failure (a re-drive), then the command is processed and the error cleared', async () => {
    const id = await pendingCommand();
    await record(failed(id, DEAD_LETTERED_CODE));

    await record(processed(id));

    expect(await stored(id)).toMatchObject({ status: 'processed', aggregate_id: 'occurrence-1', result: { occurrenceId: 'occurrence-1', created: true }, error: null });
  });

  it('when a failed result follows a dead-lettered failure, then the dead-lettered failure stands', async () => {
    const id = await pendingCommand();
    await record(failed(id, DEAD_LETTERED_CODE));

    await record(failed(id));

    expect(await stored(id)).toMatchObject({ status: 'failed', error: { code: DEAD_LETTERED_CODE } });
  });

  it('when a processed result follows an ordinary failure, then the failure stands', async () => {
    const id = await pendingCommand();
    await record(failed(id));

    await record(processed(id));

    expect(await stored(id)).toMatchObject({ status: 'failed', error: { code: 'OCCURRENCE_NOT_FOUND' }, result: null });
  });

  it('when a result names no known command, then nothing is written and nothing fails', async () => {
    const { rows: before } = await pool.query('SELECT count(*)::int AS n FROM commands');

    await expect(record(processed(randomUUID()))).resolves.toBeUndefined();

    const { rows: after } = await pool.query('SELECT count(*)::int AS n FROM commands');
    expect(after).toEqual(before);
  });
});
