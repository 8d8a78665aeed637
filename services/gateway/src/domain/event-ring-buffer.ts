export interface BufferedEvent<T> {
  /** `<epoch>.<sequence>`: opaque to clients, who send the last one back as Last-Event-ID. */
  id: string;
  sequence: number;
  event: T;
}

export type ReplayDecision<T> =
  /** Every event after the given id, oldest first (none when the client is up to date). */
  | { kind: 'replay'; events: Array<BufferedEvent<T>> }
  /** The events after the given id are not all here (another instance or run, too old, missed): refetch. */
  | { kind: 'resync' };

export interface EventRingBufferOptions {
  capacity: number;
  /** Names this buffer's life (one gateway process): ids of another epoch cannot be replayed. */
  epoch: string;
}

const EVENT_ID = /^([A-Za-z0-9_-]{1,64})\.(\d{1,15})$/;

/**
 * The latest `capacity` events of one gateway instance, numbered in arrival
 * order, so a client that reconnects with its last event id gets exactly
 * what it missed, or is told to resync when that cannot be known: the id is
 * of another epoch, older than what is kept, ahead of it, or before a gap
 * (events that went by unrecorded).
 */
export class EventRingBuffer<T> {
  private readonly slots: Array<BufferedEvent<T> | undefined>;
  private next = 1;
  /** No replay can start before this sequence: the last gap, or 0. */
  private floor = 0;
  private gapOpen = false;

  constructor(private readonly options: EventRingBufferOptions) {
    if (options.epoch.includes('.')) throw new Error('an epoch cannot contain a dot');
    this.slots = new Array(options.capacity);
  }

  /** The id of the newest event (or of the start): what a client is up to date with after a resync. */
  get lastId(): string {
    return this.idOf(this.next - 1);
  }

  append(event: T): BufferedEvent<T> {
    const buffered = { id: this.idOf(this.next), sequence: this.next, event };
    this.slots[this.next % this.options.capacity] = buffered;
    this.next += 1;
    this.gapOpen = false;
    return buffered;
  }

  /** Events went by without being recorded: whoever saw the events before cannot be brought up to date from here. */
  markGap(): void {
    if (this.gapOpen) return;
    this.gapOpen = true;
    this.floor = this.next;
    this.next += 1;
  }

  replayAfter(lastEventId: string): ReplayDecision<T> {
    const match = EVENT_ID.exec(lastEventId);
    if (!match || match[1] !== this.options.epoch) return { kind: 'resync' };
    const seen = Number(match[2]);
    const newest = this.next - 1;
    const oldestReplayable = Math.max(this.floor, newest - this.options.capacity);
    if (seen < oldestReplayable || seen > newest) return { kind: 'resync' };
    const events: Array<BufferedEvent<T>> = [];
    for (let sequence = seen + 1; sequence <= newest; sequence += 1) {
      const buffered = this.slots[sequence % this.options.capacity];
      if (buffered?.sequence === sequence) events.push(buffered);
    }
    return { kind: 'replay', events };
  }

  private idOf(sequence: number): string {
    return `${this.options.epoch}.${sequence}`;
  }
}
