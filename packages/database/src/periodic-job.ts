import type { Logger } from '@atalaia/telemetry';

/**
 * Runs `work` every `intervalMs` inside a service, never two runs at once; a
 * failed run is logged and simply tried again at the next tick. The timer does
 * not keep the process alive, and `stop` waits for a run in progress.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.work()
        .catch((error) => this.logger.warn({ err: error }, `${this.name} failed; will retry`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
