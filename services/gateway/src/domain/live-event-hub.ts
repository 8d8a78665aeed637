import { EventRingBuffer, type BufferedEvent, type ReplayDecision } from './event-ring-buffer';
import { isVisibleTo, type LiveEvent, type StreamViewer } from './live-events';

export interface LiveEventHubOptions {
  capacity: number;
  epoch: string;
  /**
   * How long events are still recorded after the last subscriber left, so a
   * console that reconnects (EventSource retries within seconds) is replayed
   * what it missed instead of being told to resync.
   */
  idleGraceMs: number;
  now?: () => number;
}

export type Delivery = (event: BufferedEvent<LiveEvent>) => void;

export interface Subscription {
  /** What to send first: the viewer's events after its Last-Event-ID, or a resync. */
  start: ReplayDecision<LiveEvent> & { lastId: string };
  unsubscribe(): void;
}

/**
 * The live stream of one gateway instance: records events in a ring buffer
 * and hands each to the subscribers allowed to see it. While nobody listens
 * (past the grace period) nothing is decoded or kept; the buffer marks a gap
 * instead, so a stale Last-Event-ID resyncs rather than silently missing events.
 */
export class LiveEventHub {
  private readonly buffer: EventRingBuffer<LiveEvent>;
  private readonly subscribers = new Map<number, { viewer: StreamViewer; deliver: Delivery }>();
  private nextSubscriber = 0;
  private lastLeftAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: LiveEventHubOptions) {
    this.buffer = new EventRingBuffer({ capacity: options.capacity, epoch: options.epoch });
    this.now = options.now ?? Date.now;
  }

  get epoch(): string {
    return this.options.epoch;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Whether incoming messages are worth decoding: someone listens, or may be about to reconnect. */
  get listening(): boolean {
    return this.subscribers.size > 0 || this.now() - this.lastLeftAt < this.options.idleGraceMs;
  }

  publish(event: LiveEvent): void {
    const buffered = this.buffer.append(event);
    for (const { viewer, deliver } of this.subscribers.values()) {
      if (isVisibleTo(event, viewer)) deliver(buffered);
    }
  }

  /** Messages went by undecoded. */
  missed(): void {
    this.buffer.markGap();
  }

  /** Subscribes `viewer`; the replay and the registration happen together, so no event falls between them. */
  subscribe(viewer: StreamViewer, deliver: Delivery, lastEventId?: string): Subscription {
    const start = this.startFor(viewer, lastEventId);
    const key = this.nextSubscriber++;
    this.subscribers.set(key, { viewer, deliver });
    return {
      start,
      unsubscribe: () => {
        if (this.subscribers.delete(key) && this.subscribers.size === 0) this.lastLeftAt = this.now();
      },
    };
  }

  private startFor(viewer: StreamViewer, lastEventId: string | undefined): Subscription['start'] {
    const lastId = this.buffer.lastId;
    if (lastEventId === undefined) return { kind: 'replay', events: [], lastId };
    const decision = this.buffer.replayAfter(lastEventId);
    if (decision.kind === 'resync') return { kind: 'resync', lastId };
    return { kind: 'replay', events: decision.events.filter(({ event }) => isVisibleTo(event, viewer)), lastId };
  }
}
