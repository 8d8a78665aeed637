import { PeriodicJob, type TransactionRunner } from '@atalaia/database';
import type { Logger } from '@atalaia/telemetry';
import type { DispatchUseCaseDeps } from '../use-cases/dispatch-source';
import { failExpiredParkedCommands } from '../use-cases/parked-dispatch-commands';

const BATCH = 500;

/**
 * A scheduled job inside the dispatch service that fails the commands parked
 * longer than the grace. Each batch is one transaction that claims its rows
 * with SKIP LOCKED, writes their results and deletes them, so two instances
 * share the work without failing a command twice, and a crash between
 * batches loses nothing. The grace counts from `parked_at` in the database,
 * so it survives restarts.
 */
export class ParkedCommandExpiry {
  private readonly job: PeriodicJob;

  constructor(
    private readonly transaction: TransactionRunner,
    private readonly deps: DispatchUseCaseDeps,
    private readonly logger: Logger,
    intervalMs = 1_000,
  ) {
    this.job = new PeriodicJob('parked command expiry', intervalMs, logger, () => this.runOnce());
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Fails every command whose grace has run out; returns how many. */
  async runOnce(): Promise<number> {
    if (!(await this.deps.parked.anyExpired(this.deps.occurrenceViewGraceMs))) return 0;
    let total = 0;
    for (;;) {
      const failed = await this.transaction((tx) => failExpiredParkedCommands(this.deps, tx, BATCH));
      total += failed;
      if (failed < BATCH) break;
    }
    if (total > 0) this.logger.info({ failed: total, graceMs: this.deps.occurrenceViewGraceMs }, 'parked dispatch commands failed: occurrence not seen within the grace');
    return total;
  }
}
