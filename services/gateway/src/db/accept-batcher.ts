/** How a batcher sends what it queued. */
export interface BatchSender<TItem, TResult> {
  /**
   * Several items as one statement: an outcome per item, in order, each of
   * which may fail on its own. Throws only when the statement as a whole
   * failed and wrote nothing, so that each item can be sent again alone.
   */
  sendBatch(items: TItem[]): Promise<Array<PromiseSettledResult<TResult>>>;
  /** One item alone: the path of a lone item, and of each item of a batch that failed. */
  sendOne(item: TItem): Promise<TResult>;
}

export interface AcceptBatcherOptions<TItem> {
  /** Statements in flight at once; requests arriving meanwhile wait and go together in the next one. */
  maxInFlight: number;
  maxBatchItems: number;
  /** Bound on the summed `sizeOf` of a batch; an item larger than this on its own still goes, alone. */
  maxBatchBytes: number;
  sizeOf(item: TItem): number;
  /** Told when a batch statement failed as a whole, before its items are retried one by one. */
  onBatchFailure?(error: unknown, items: number): void;
}

interface Waiting<TItem, TResult> {
  item: TItem;
  size: number;
  resolve(result: TResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit without timers. While fewer than `maxInFlight` statements are
 * in flight, what is queued goes at once, so an idle gateway sends a lone
 * request with no added latency; under load, requests arriving while the
 * statements run queue up and leave together as one statement when one
 * finishes. A failed batch does not fail its requests: each is retried alone,
 * so one bad request fails only itself.
 */
export class AcceptBatcher<TItem, TResult> {
  private readonly queue: Array<Waiting<TItem, TResult>> = [];
  private inFlight = 0;

  constructor(
    private readonly sender: BatchSender<TItem, TResult>,
    private readonly options: AcceptBatcherOptions<TItem>,
  ) {}

  submit(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.queue.push({ item, size: this.options.sizeOf(item), resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.dispatch();
      });
    }
  }

  /** The oldest waiting items within the bounds; the first always goes, however large. */
  private takeBatch(): Array<Waiting<TItem, TResult>> {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && count < this.options.maxBatchItems) {
      const { size } = this.queue[count]!;
      if (count > 0 && bytes + size > this.options.maxBatchBytes) break;
      bytes += size;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async send(batch: Array<Waiting<TItem, TResult>>): Promise<void> {
    if (batch.length === 1) return settle(batch[0]!, () => this.sender.sendOne(batch[0]!.item));
    let results: Array<PromiseSettledResult<TResult>>;
    try {
      results = await this.sender.sendBatch(batch.map((waiting) => waiting.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} items answered ${results.length} results`);
    } catch (error) {
      this.options.onBatchFailure?.(error, batch.length);
      // The slot stays taken while the items go alone: no new batch piles onto a database that is failing.
      await Promise.all(batch.map((waiting) => settle(waiting, () => this.sender.sendOne(waiting.item))));
      return;
    }
    batch.forEach((waiting, index) => {
      const result = results[index]!;
      if (result.status === 'fulfilled') waiting.resolve(result.value);
      else waiting.reject(result.reason);
    });
  }
}

async function settle<TItem, TResult>(waiting: Waiting<TItem, TResult>, work: () => Promise<TResult>): Promise<void> {
  try {
    waiting.resolve(await work());
  } catch (error) {
    waiting.reject(error);
  }
}
