import type { Envelope } from '@atalaia/contracts';
import type { DispatchPrisma, DispatchTransaction } from './prisma';

export interface ParkedCommand {
  id: bigint;
  occurrenceId: string;
  envelope: unknown;
}

export interface ParkedBacklog {
  count: number;
  oldestSeconds: number;
}

/** Namespaces the per-occurrence advisory locks taken here (first key of the two-key form). */
const OCCURRENCE_KEY_LOCK_CLASS = 0x0d15_9a7c;

const byParkingOrder = (a: ParkedCommand, b: ParkedCommand) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Dispatch commands waiting for their occurrence to reach the view (`parked_dispatch_commands`). */
export class ParkedCommandStore {
  constructor(private readonly prisma: DispatchPrisma) {}

  /**
   * Serialises, per occurrence, every transaction that decides to park a
   * command or creates the occurrence's view and applies what was parked. The
   * view row cannot be locked before it exists, and without this a command
   * could see no view and park while the first event, not yet seeing the
   * parked row, created the view: the command would wait out its grace for an
   * occurrence that is there. Held until the transaction ends; per key, so
   * other occurrences never wait (a hash collision only serialises two keys).
   */
  async lockOccurrenceKey(tx: DispatchTransaction, occurrenceId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OCCURRENCE_KEY_LOCK_CLASS}::int, hashtext(${occurrenceId}))`;
  }

  async park(tx: DispatchTransaction, command: Envelope, occurrenceId: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO parked_dispatch_commands (message_id, occurrence_id, envelope)
      VALUES (${command.id}::uuid, ${occurrenceId}::uuid, ${JSON.stringify(command)}::jsonb)`;
  }

  async hasParked(tx: DispatchTransaction, occurrenceId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<Array<{ parked: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM parked_dispatch_commands WHERE occurrence_id = ${occurrenceId}::uuid) AS parked`;
    return rows[0]?.parked === true;
  }

  /**
   * Removes and returns the occurrence's parked commands, oldest first. A row
   * the expiry job holds is waited for and, once it is failed and deleted
   * there, skipped here: each parked command has exactly one outcome.
   */
  async takeForOccurrence(tx: DispatchTransaction, occurrenceId: string): Promise<ParkedCommand[]> {
    const rows = await tx.$queryRaw<ParkedCommand[]>`
      DELETE FROM parked_dispatch_commands WHERE occurrence_id = ${occurrenceId}::uuid
      RETURNING id, occurrence_id AS "occurrenceId", envelope`;
    return rows.sort(byParkingOrder);
  }

  /** Whether any command was parked at least `graceMs` ago; outside a transaction, so an idle check holds no connection long. */
  async anyExpired(graceMs: number): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<Array<{ expired: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM parked_dispatch_commands WHERE parked_at <= now() - make_interval(secs => ${graceMs / 1000}::float8)) AS expired`;
    return rows[0]?.expired === true;
  }

  /**
   * Removes and returns up to `limit` commands parked at least `graceMs` ago
   * (by the database clock), oldest first, skipping rows another transaction
   * holds, so several instances can run the expiry at once.
   */
  async takeExpired(tx: DispatchTransaction, graceMs: number, limit: number): Promise<ParkedCommand[]> {
    const rows = await tx.$queryRaw<ParkedCommand[]>`
      DELETE FROM parked_dispatch_commands WHERE id IN (
        SELECT id FROM parked_dispatch_commands
        WHERE parked_at <= now() - make_interval(secs => ${graceMs / 1000}::float8)
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, occurrence_id AS "occurrenceId", envelope`;
    return rows.sort(byParkingOrder);
  }

  async backlog(): Promise<ParkedBacklog> {
    const rows = await this.prisma.$queryRaw<Array<{ count: number; oldest: number | null }>>`
      SELECT count(*)::int AS count, extract(epoch FROM now() - min(parked_at))::float8 AS oldest FROM parked_dispatch_commands`;
    return { count: rows[0]?.count ?? 0, oldestSeconds: Math.max(0, rows[0]?.oldest ?? 0) };
  }
}
