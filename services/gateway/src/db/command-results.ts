import type { CommandResultData } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { DEAD_LETTERED_CODE } from '@atalaia/idempotent-consumer';

/**
 * One statement per result, on the consumer's `pg` transaction rather than
 * Prisma (about a quarter of the CPU per statement). Only a pending command
 * takes a result, so the first final result wins; the exception is a command
 * failed only because its result was dead-lettered, which a processed result
 * (an operator's re-drive) may still complete. A result without `result`
 * leaves the stored one as it was; one without `error` clears it.
 */
const RECORD_RESULT = `
  UPDATE commands
  SET status = $2, aggregate_type = $3, aggregate_id = $4,
      result = COALESCE($5::jsonb, result), error = $6::jsonb,
      processed_at = $7, updated_at = $7
  WHERE id = $1::uuid
    AND (status = 'pending'
         OR ($2 = 'processed' AND status = 'failed' AND error -> 'code' = to_jsonb($8::text)))`;

/** Folds a command result into its command, in the caller's transaction; a result for an unknown command changes nothing. */
export async function recordCommandResult(tx: SqlExecutor, result: CommandResultData): Promise<void> {
  await tx.$executeRawUnsafe(
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
}
