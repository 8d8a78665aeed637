import type { SqlExecutor } from '@atalaia/database';

/** Namespaces the per-occurrence advisory locks (first key of the two-key form). */
const OCCURRENCE_KEY_LOCK_CLASS = 0x0d15_9a7c;

/**
 * The SQL expression that takes the occurrence's key lock, the occurrence id
 * being the parameter `param` (e.g. `$1`). It serialises, per occurrence,
 * every transaction that decides to park a command or creates the
 * occurrence's view and applies what was parked. The view row cannot be
 * locked before it exists, and without this a command could see no view and
 * park while the first event, not yet seeing the parked row, created the
 * view: the command would wait out its grace for an occurrence that is there.
 * Held until the transaction ends; per key, so other occurrences never wait
 * (a hash collision only serialises two keys). The id is hashed in its
 * canonical uuid spelling, so every statement locks the same key for it.
 */
export const occurrenceKeyLockSql = (param: string) => `pg_advisory_xact_lock(${OCCURRENCE_KEY_LOCK_CLASS}, hashtext(${param}::uuid::text))`;

/**
 * Takes the occurrence's key lock in a statement of its own: what the caller
 * reads next is read after the lock is held, so it sees everything the
 * previous holder committed (in READ COMMITTED each statement takes a new
 * snapshot, but a statement waiting for the lock keeps the one it started with).
 */
export async function lockOccurrenceKey(tx: SqlExecutor, occurrenceId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT ${occurrenceKeyLockSql('$1')}`, occurrenceId);
}
