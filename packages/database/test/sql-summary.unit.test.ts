import { summarizeSql } from '../src/sql-summary';

describe('summarizeSql', () => {
  it('when a statement inserts into one table, then the summary is the operation and the table', () => {
    expect(summarizeSql('INSERT INTO outbox_messages (message_id, topic) VALUES ($1::uuid, $2)')).toEqual({
      summary: 'INSERT outbox_messages',
      operation: 'INSERT',
      collection: 'outbox_messages',
    });
  });

  it('when a statement writes two tables through common table expressions, then both writes name it and the CTEs do not', () => {
    const sql = `WITH input AS (SELECT * FROM json_to_recordset($1::json) AS input(id text)),
      command AS (INSERT INTO commands (id) SELECT id::uuid FROM input ON CONFLICT (id) DO NOTHING RETURNING id),
      outbox AS (INSERT INTO outbox_messages (id) SELECT input.id FROM input JOIN command ON command.id = input.id::uuid)
      SELECT id FROM command`;
    expect(summarizeSql(sql)).toEqual({ summary: 'INSERT commands outbox_messages', operation: 'INSERT' });
  });

  it('when a read locks its rows or an upsert updates, then the lock and the upsert are no extra writes', () => {
    expect(summarizeSql('SELECT id FROM outbox_messages WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED').summary).toBe('SELECT outbox_messages');
    expect(summarizeSql('INSERT INTO views (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen = now()').summary).toBe('INSERT views');
  });

  it('when a read joins tables and calls functions, then its tables are listed and the functions are not', () => {
    expect(summarizeSql('SELECT o.id FROM occurrences o JOIN dispatches d ON d.occurrence_id = o.id, unnest($1::uuid[]) AS x').summary).toBe('SELECT occurrences dispatches');
  });

  it('when a statement names no table, then its first word is the summary', () => {
    expect(summarizeSql('COMMIT')).toEqual({ summary: 'COMMIT', operation: 'COMMIT' });
    expect(summarizeSql('SELECT 1').summary).toBe('SELECT');
  });
});
