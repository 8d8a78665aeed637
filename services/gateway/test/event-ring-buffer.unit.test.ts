import { EventRingBuffer } from '../src/domain/event-ring-buffer';

const bufferOf = (capacity = 5, epoch = 'e1') => new EventRingBuffer<string>({ capacity, epoch });
const replayed = (buffer: EventRingBuffer<string>, lastId: string) => {
  const decision = buffer.replayAfter(lastId);
  return decision.kind === 'replay' ? decision.events.map(({ event }) => event) : decision.kind;
};

describe('event ring buffer', () => {
  it('when events are appended, then their ids are the epoch and a sequence from 1', () => {
    const buffer = bufferOf();

    const ids = ['a', 'b'].map((event) => buffer.append(event).id);

    expect(ids).toEqual(['e1.1', 'e1.2']);
    expect(buffer.lastId).toBe('e1.2');
  });

  it('when a client is behind by a few events, then exactly those are replayed in order', () => {
    const buffer = bufferOf();
    ['a', 'b', 'c', 'd'].forEach((event) => buffer.append(event));

    expect(replayed(buffer, 'e1.2')).toEqual(['c', 'd']);
    expect(replayed(buffer, 'e1.4')).toEqual([]);
    expect(replayed(buffer, 'e1.0')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('when the id is of another epoch, malformed, or ahead of the buffer, then the client must resync', () => {
    const buffer = bufferOf();
    buffer.append('a');

    expect(replayed(buffer, 'e0.1')).toBe('resync');
    expect(replayed(buffer, 'garbage')).toBe('resync');
    expect(replayed(buffer, 'e1.')).toBe('resync');
    expect(replayed(buffer, 'e1.9')).toBe('resync');
  });

  it('when more events arrived than it keeps, then an id older than the oldest kept resyncs and a newer one replays', () => {
    const buffer = bufferOf(3);
    ['a', 'b', 'c', 'd', 'e'].forEach((event) => buffer.append(event));

    expect(replayed(buffer, 'e1.1')).toBe('resync');
    expect(replayed(buffer, 'e1.2')).toEqual(['c', 'd', 'e']);
  });

  it('when events went by unrecorded (a gap), then ids before the gap resync and ids after it replay', () => {
    const buffer = bufferOf();
    buffer.append('a');
    buffer.markGap();
    buffer.markGap();
    const afterGap = buffer.lastId;
    buffer.append('b');

    expect(replayed(buffer, 'e1.1')).toBe('resync');
    expect(replayed(buffer, afterGap)).toEqual(['b']);
    expect(buffer.lastId).toBe('e1.3');
  });

  it('when an epoch contains a dot, then the buffer refuses it', () => {
    expect(() => bufferOf(3, 'a.b')).toThrow(/dot/);
  });
});
