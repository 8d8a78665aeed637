import type { CommandResultData } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { DEAD_LETTERED_CODE } from '@atalaia/idempotent-consumer';
import type { SettledCommand } from '../metrics/command-latency-metrics';

/**
 * One statement per result, on the consumer's `pg` transaction rather than
 * Prisma (about a quarter of the CPU per statement). Only a pending command
 * takes a result, so the first final result wins; the exception is a command
 * failed only because its result was dead-lettered, which a processed result
 * (an operator's re-drive) may still complete. A result without `result`
 * leaves the stored one as it was; one without `error` clears it. The row is
 * locked and read first (`prior`) so the statement can tell a first
 * settlement (from pending) from that later completion.
 */
const RECORD_RESULT = `
  UPDATE commands AS c
  SET status = $2, aggregate_type = $3, aggregate_id = $4,
      result = COALESCE($5::jsonb, c.result), error = $6::jsonb,
      processed_at = $7, updated_at = $7
  FROM (SELECT id, status, error FROM commands WHERE id = $1::uuid FOR UPDATE) AS prior
  WHERE c.id = prior.id
    AND (prior.status = 'pending'
         OR ($2 = 'processed' AND prior.status = 'failed' AND prior.error -> 'code' = to_jsonb($8::text)))
  RETURNING prior.status AS prior_status, c.type, extract(epoch FROM c.processed_at - c.created_at)::float8 AS latency_seconds`;

/**
 * Folds a command result into its command, in the caller's transaction; a
 * result for an unknown command changes nothing. Returns the command when this
 * result is the one that first moved it out of pending (for its latency), and
 * nothing for a duplicate, a later result or a re-drive's completion.
 */
export async function recordCommandResult(tx: SqlExecutor, result: CommandResultData): Promise<SettledCommand | undefined> {
  const rows = await tx.$queryRawUnsafe<Array<{ prior_status: string; type: string; latency_seconds: number }>>(
    RECORD_RESULT,
    result.commandId,
    result.status,
    result.aggregateType ?? null,
    result.aggregateId ?? null,
    result.result ? JSON.stringify(result.result) : null,
    result.error ? JSON.stringify(result.error) : null,
    new Date(),
    DEAD_LETTERED_CODE,
  );
  const [row] = rows;
  if (row?.prior_status !== 'pending') return undefined;
  return { type: row.type, outcome: result.status === 'processed' ? 'processed' : 'failed', latencySeconds: row.latency_seconds };
}
