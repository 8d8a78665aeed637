import { LiveStream, parseLiveEvent, type EventSourceLike, type LiveEvent } from '../src/api/live-stream';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  listeners = new Map<string, (event: MessageEvent<string>) => void>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, data: unknown, lastEventId = '') {
    this.listeners.get(type)?.({ data: JSON.stringify(data), lastEventId } as MessageEvent<string>);
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

function aStream(shouldReconnect = () => Promise.resolve(true)) {
  const sources: FakeEventSource[] = [];
  const stream = new LiveStream({ createSource: (url) => sources[sources.push(new FakeEventSource(url)) - 1] as FakeEventSource, shouldReconnect, reconnectDelayMs: 0 });
  const events: LiveEvent[] = [];
  const states: string[] = [];
  stream.subscribe((event) => events.push(event));
  stream.onState((state) => states.push(state));
  return { stream, sources, events, states, source: () => sources.at(-1) as FakeEventSource };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('live stream', () => {
  it('when the stream opens, then the state is live', () => {
    const { stream, source, states } = aStream();
    stream.start();
    expect(stream.state).toBe('connecting');
    source().open();
    expect(states).toEqual(['live']);
    expect(source().url).toBe('/api/stream');
  });

  it('when an occurrence event arrives, then subscribers get the snapshot', () => {
    const { stream, source, events } = aStream();
    stream.start();
    source().emit('occurrence', { type: 'occurrence.created', occurrence: { id: 'o-1' } }, '7');
    expect(events).toEqual([{ kind: 'occurrence', type: 'occurrence.created', occurrence: { id: 'o-1' } }]);
  });

  it('when a unit event arrives, then subscribers get its type and snapshot', () => {
    const { stream, source, events } = aStream();
    stream.start();
    source().emit('unit', { type: 'unit.status_changed', unit: { id: 'u-1', status: 'en_route' } }, '8');
    expect(events).toEqual([{ kind: 'unit', type: 'unit.status_changed', unit: { id: 'u-1', status: 'en_route' } }]);
  });

  it('when the connection drops and the browser retries, then the state is reconnecting until it opens again', () => {
    const { stream, source, states } = aStream();
    stream.start();
    source().open();
    source().fail(0);
    source().open();
    expect(states).toEqual(['live', 'reconnecting', 'live']);
  });

  it('when the server ends the stream for good, then it is reopened from the last event id', async () => {
    const { stream, sources, source } = aStream();
    stream.start();
    source().emit('dispatch', { type: 'dispatch.assigned', dispatch: { id: 'd-1' } }, 'abc:42');
    source().fail(2);
    await tick();
    expect(sources).toHaveLength(2);
    expect(source().url).toBe('/api/stream?lastEventId=abc%3A42');
  });

  it('when the stream ends because the session expired, then it is not reopened', async () => {
    const { stream, sources, source } = aStream(() => Promise.resolve(false));
    stream.start();
    source().fail(2);
    await tick();
    expect(sources).toHaveLength(1);
  });

  it('when stopped, then the source is closed and nothing reopens it', async () => {
    const { stream, sources, source } = aStream();
    stream.start();
    stream.stop();
    expect(source().closed).toBe(true);
    source().onerror?.(new Event('error'));
    await tick();
    expect(sources).toHaveLength(1);
  });

  it('when the data is not understood, then it is ignored', () => {
    expect(parseLiveEvent('occurrence', 'not json')).toBeUndefined();
    expect(parseLiveEvent('occurrence', '{}')).toBeUndefined();
    expect(parseLiveEvent('resync', '{}')).toEqual({ kind: 'resync' });
    expect(parseLiveEvent('command', '{"commandId":"c","status":"failed","error":{"code":"X"}}')).toMatchObject({ kind: 'command', command: { commandId: 'c' } });
  });
});
