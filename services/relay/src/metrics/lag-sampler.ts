import type { ConsumerLagRow } from '@atalaia/kafka';

export interface LagSamplerOptions {
  read(): Promise<ConsumerLagRow[]>;
  /** How long a reading (or a failed attempt) is reused before the broker is asked again. */
  maxAgeMs: number;
  /** A read slower than this counts as failed, so a scrape never waits on a stalled broker. */
  timeoutMs: number;
  onFailure(error: unknown): void;
  now?: () => number;
}

/**
 * The latest consumer-lag reading for scrapes: the broker is asked at most
 * once per `maxAgeMs` however many scrapers there are, scrapes arriving during
 * a read share it, and a failed or slow read keeps the last good rows.
 */
export class LagSampler {
  private rows: ConsumerLagRow[] = [];
  private attemptedAt: number | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: LagSamplerOptions) {
    this.now = options.now ?? Date.now;
  }

  async latest(): Promise<ConsumerLagRow[]> {
    if (this.attemptedAt === undefined || this.now() - this.attemptedAt >= this.options.maxAgeMs) {
      this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
      await this.inFlight;
    }
    return this.rows;
  }

  private async refresh(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`consumer lag read took over ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    });
    try {
      this.rows = await Promise.race([Promise.resolve().then(() => this.options.read()), timeout]);
    } catch (error) {
      this.options.onFailure(error);
    } finally {
      clearTimeout(timer);
      this.attemptedAt = this.now();
    }
  }
}
