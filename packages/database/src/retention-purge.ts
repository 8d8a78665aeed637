import type { Logger } from '@atalaia/telemetry';
import { PeriodicJob } from './periodic-job';
import type { SqlExecutor } from './sql-executor';

/** Rows of `table` matching `expired` (SQL over the row; `$1` is the retention in seconds) are deleted. */
export interface RetentionRule {
  name: string;
  table: string;
  expired: string;
  retentionSeconds: number;
}

export interface RetentionSettings {
  /** Published outbox rows are kept this long (for inspection), then deleted. */
  outboxRetentionHours: number;
  /** Processed-message rows must outlive Kafka's retention, or a redelivered message could apply twice. */
  processedMessageRetentionHours: number;
}

export function outboxRetentionRule(settings: RetentionSettings): RetentionRule {
  return {
    name: 'published outbox messages',
    table: 'outbox_messages',
    expired: 'published_at < now() - make_interval(secs => $1)',
    retentionSeconds: settings.outboxRetentionHours * 3600,
  };
}

export function processedMessageRetentionRule(settings: RetentionSettings): RetentionRule {
  return {
    name: 'processed messages',
    table: 'processed_messages',
    expired: 'processed_at < now() - make_interval(secs => $1)',
    retentionSeconds: settings.processedMessageRetentionHours * 3600,
  };
}

const BATCH = 5_000;

/**
 * A scheduled job inside each service that deletes expired rows in small
 * batches (short locks, no long transaction), so tables never grow without
 * bound. Running it on several instances at once is harmless.
 */
export class RetentionPurger {
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: SqlExecutor,
    private readonly rules: RetentionRule[],
    intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.job = new PeriodicJob('retention purge', intervalMs, logger, () => this.runOnce());
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Purges every rule once; returns how many rows each deleted. */
  async runOnce(): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const rule of this.rules) {
      let ruleTotal = 0;
      for (;;) {
        const count = await this.db.$executeRawUnsafe(
          `DELETE FROM ${rule.table} WHERE ctid IN (SELECT ctid FROM ${rule.table} WHERE ${rule.expired} LIMIT ${BATCH})`,
          rule.retentionSeconds,
        );
        ruleTotal += count;
        if (count < BATCH) break;
      }
      deleted[rule.name] = ruleTotal;
    }
    const total = Object.values(deleted).reduce((sum, count) => sum + count, 0);
    if (total > 0) this.logger.info({ deleted }, 'retention purge');
    return deleted;
  }
}
