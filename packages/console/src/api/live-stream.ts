import type { Command, Dispatch, Occurrence, Problem, Unit } from '../domain/types';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface CommandSettledEvent {
  commandId: string;
  status: 'processed' | 'failed';
  commandType: string;
  aggregateType?: string;
  aggregateId?: string;
  result?: Command['result'];
  error?: Problem;
}

export type LiveEvent =
  | { kind: 'occurrence'; type: string; occurrence: Occurrence }
  | { kind: 'dispatch'; type: string; dispatch: Dispatch }
  | { kind: 'unit'; type: string; unit: Unit }
  | { kind: 'command'; command: CommandSettledEvent }
  | { kind: 'resync' };

/** The part of EventSource the stream uses (a fake in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface LiveStreamOptions {
  url?: string;
  createSource?: (url: string) => EventSourceLike;
  /**
   * The server closed the stream for good (a non-200 answer, e.g. an expired
   * session): resolves whether to open it again (the session is still valid).
   */
  shouldReconnect?: () => Promise<boolean>;
  reconnectDelayMs?: number;
}

const CLOSED = 2;
const eventKinds = ['occurrence', 'dispatch', 'unit', 'command', 'resync'] as const;

/**
 * `GET /api/stream` as events for the screens. While the connection drops and
 * comes back, EventSource resends Last-Event-ID by itself; when the server
 * ends it for good, it is reopened here with `?lastEventId=` so nothing is
 * missed (or a `resync` tells the screens to refetch).
 */
export class LiveStream {
  private source: EventSourceLike | undefined;
  private listeners = new Set<(event: LiveEvent) => void>();
  private stateListeners = new Set<(state: LiveState) => void>();
  private lastEventId = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  state: LiveState = 'connecting';

  constructor(private readonly options: LiveStreamOptions = {}) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = undefined;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private open(): void {
    const { url = '/api/stream', createSource = (target) => new EventSource(target) } = this.options;
    const target = this.lastEventId ? `${url}?lastEventId=${encodeURIComponent(this.lastEventId)}` : url;
    const source = createSource(target);
    this.source = source;
    source.onopen = () => this.setState('live');
    source.onerror = () => {
      if (source.readyState === CLOSED) void this.reopenLater(source);
      else this.setState('reconnecting');
    };
    for (const kind of eventKinds) source.addEventListener(kind, (event) => this.receive(kind, event));
  }

  private async reopenLater(closed: EventSourceLike): Promise<void> {
    if (this.stopped || closed !== this.source) return;
    this.setState('reconnecting');
    const reconnect = await (this.options.shouldReconnect?.() ?? Promise.resolve(true)).catch(() => true);
    if (!reconnect || this.stopped) return;
    this.timer = setTimeout(() => this.stopped || this.open(), this.options.reconnectDelayMs ?? 3000);
  }

  private receive(kind: (typeof eventKinds)[number], event: MessageEvent<string>): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    if (this.state !== 'live') this.setState('live');
    const parsed = parseLiveEvent(kind, event.data);
    if (parsed) for (const listener of this.listeners) listener(parsed);
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

/** One SSE message as a LiveEvent; undefined for data the console does not understand. */
export function parseLiveEvent(kind: string, data: string): LiveEvent | undefined {
  let body: Record<string, unknown>;
  try {
    body = (data ? JSON.parse(data) : {}) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  switch (kind) {
    case 'occurrence':
      return body.occurrence ? { kind, type: String(body.type), occurrence: body.occurrence as Occurrence } : undefined;
    case 'dispatch':
      return body.dispatch ? { kind, type: String(body.type), dispatch: body.dispatch as Dispatch } : undefined;
    case 'unit':
      return body.unit ? { kind, type: String(body.type), unit: body.unit as Unit } : undefined;
    case 'command':
      return typeof body.commandId === 'string' ? { kind, command: body as unknown as CommandSettledEvent } : undefined;
    case 'resync':
      return { kind };
    default:
      return undefined;
  }
}
