import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { LiveStreams } from '../src/http/stream-route';

/** A response that keeps what was written and whose socket never drains, so its unsent bytes only grow. */
class StuckResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  destroyed = false;
  writableEnded = false;

  write(chunk: string): boolean {
    this.written.push(chunk);
    this.writableLength += chunk.length;
    return false;
  }

  end(): void {
    this.writableEnded = true;
    this.emit('close');
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('open live streams', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('when a stream is open, then a heartbeat comment is written every interval until it closes', () => {
    const streams = new LiveStreams({ heartbeatMs: 15_000 });
    const response = new StuckResponse();
    streams.attach(response as unknown as ServerResponse, () => undefined);

    jest.advanceTimersByTime(30_000);
    response.end();
    jest.advanceTimersByTime(30_000);

    expect(response.written).toEqual([': heartbeat\n\n', ': heartbeat\n\n']);
  });

  it('when a subscriber reads too slowly, then its stream is cut off once its unsent bytes pass the bound, and it is forgotten', () => {
    const streams = new LiveStreams({ maxBufferedBytes: 100 });
    const response = new StuckResponse();
    const closed = jest.fn();
    const write = streams.attach(response as unknown as ServerResponse, closed);

    write('x'.repeat(60));
    expect(response.destroyed).toBe(false);
    write('x'.repeat(60));

    expect(response.destroyed).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(streams.count).toBe(0);
  });

  it('when the server shuts down, then every open stream is ended', () => {
    const streams = new LiveStreams();
    const responses = [new StuckResponse(), new StuckResponse()];
    responses.forEach((response) => streams.attach(response as unknown as ServerResponse, () => undefined));

    streams.closeAll();

    expect(responses.map((response) => response.writableEnded)).toEqual([true, true]);
    expect(streams.count).toBe(0);
  });
});
