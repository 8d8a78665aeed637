import type { Envelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';

export interface ParkedCommand {
  id: bigint;
  occurrenceId: string;
  envelope: unknown;
}

export interface ParkedBacklog {
  count: number;
  oldestSeconds: number;
}

/** A parked row as `pg` returns it: bigint columns arrive as strings. */
type ParkedRow = Omit<ParkedCommand, 'id'> & { id: string };

/** Parking order is settled in SQL (ORDER BY id); the id is kept as the bigint it is. */
const asParkedCommands = (rows: ParkedRow[]): ParkedCommand[] =>
  rows.map((row) => ({ ...row, id: BigInt(row.id) }));

/** Dispatch commands waiting for their occurrence to reach the view (`parked_dispatch_commands`). */
export class ParkedCommandStore {
  /** `db` serves the reads made outside a transaction (the expiry's idle check, the metrics). */
  constructor(private readonly db: SqlExecutor) {}

  async park(tx: SqlExecutor, command: Envelope, occurrenceId: string): Promise<void> {
    await tx.$executeRawUnsafe(
      'INSERT INTO parked_dispatch_commands (message_id, occurrence_id, envelope) VALUES ($1::uuid, $2::uuid, $3::jsonb)',
      command.id,
      occurrenceId,
      JSON.stringify(command),
    );
  }

  async hasParked(tx: SqlExecutor, occurrenceId: string): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<Array<{ parked: boolean }>>(
      'SELECT EXISTS (SELECT 1 FROM parked_dispatch_commands WHERE occurrence_id = $1::uuid) AS parked',
      occurrenceId,
    );
    return rows[0]?.parked === true;
  }

  /**
   * Removes and returns the occurrence's parked commands, oldest first. A row
   * the expiry job holds is waited for and, once it is failed and deleted
   * there, skipped here: each parked command has exactly one outcome.
   */
  async takeForOccurrence(tx: SqlExecutor, occurrenceId: string): Promise<ParkedCommand[]> {
    const rows = await tx.$queryRawUnsafe<ParkedRow[]>(
      `WITH taken AS (DELETE FROM parked_dispatch_commands WHERE occurrence_id = $1::uuid RETURNING id, occurrence_id, envelope)
       SELECT id, occurrence_id AS "occurrenceId", envelope FROM taken ORDER BY id`,
      occurrenceId,
    );
    return asParkedCommands(rows);
  }

  /** Whether any command was parked at least `graceMs` ago; outside a transaction, so an idle check holds no connection long. */
  async anyExpired(graceMs: number): Promise<boolean> {
    const rows = await this.db.$queryRawUnsafe<Array<{ expired: boolean }>>(
      'SELECT EXISTS (SELECT 1 FROM parked_dispatch_commands WHERE parked_at <= now() - make_interval(secs => $1::float8)) AS expired',
      graceMs / 1000,
    );
    return rows[0]?.expired === true;
  }

  /**
   * Removes and returns up to `limit` commands parked at least `graceMs` ago
   * (by the database clock), oldest first, skipping rows another transaction
   * holds, so several instances can run the expiry at once.
   */
  async takeExpired(tx: SqlExecutor, graceMs: number, limit: number): Promise<ParkedCommand[]> {
    const rows = await tx.$queryRawUnsafe<ParkedRow[]>(
      `WITH taken AS (
         DELETE FROM parked_dispatch_commands WHERE id IN (
           SELECT id FROM parked_dispatch_commands
           WHERE parked_at <= now() - make_interval(secs => $1::float8)
           ORDER BY id LIMIT $2::int FOR UPDATE SKIP LOCKED)
         RETURNING id, occurrence_id, envelope)
       SELECT id, occurrence_id AS "occurrenceId", envelope FROM taken ORDER BY id`,
      graceMs / 1000,
      limit,
    );
    return asParkedCommands(rows);
  }

  async backlog(): Promise<ParkedBacklog> {
    const rows = await this.db.$queryRawUnsafe<Array<{ count: number; oldest: number | null }>>(
      'SELECT count(*)::int AS count, extract(epoch FROM now() - min(parked_at))::float8 AS oldest FROM parked_dispatch_commands',
    );
    return { count: rows[0]?.count ?? 0, oldestSeconds: Math.max(0, rows[0]?.oldest ?? 0) };
  }
}
