import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveBoardListener } from '../src/phases/live-board-listener';

describe('live board listener (P8)', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      expect(request.headers['x-api-key']).toBe('key');
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('retry: 1000\n\n: heartbeat\n\n');
      response.write('id: 1\nevent: occurrence\ndata: {"type":"occurrence.created","occurrence":{"id":"a"}}\n\n');
      // A frame split across writes, an update, a dispatch, and a repeat of a's creation.
      response.write('id: 2\nevent: occurrence\ndata: {"type":"occurrence.cre');
      response.write('ated","occurrence":{"id":"b"}}\n\nid: 3\nevent: occurrence\ndata: {"type":"occurrence.updated","occurrence":{"id":"c"}}\n\n');
      response.write('id: 4\nevent: dispatch\ndata: {"type":"dispatch.assigned","dispatch":{"id":"d"}}\n\n');
      response.write('id: 5\nevent: occurrence\ndata: {"type":"occurrence.created","occurrence":{"id":"a"}}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('when occurrence events stream in, then each created occurrence is noted once, at its first arrival; other events are ignored', async () => {
    const listener = new LiveBoardListener(url, 'key');
    await listener.open();
    const deadline = Date.now() + 5_000;
    while (listener.createdSeenAt.size < 2 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    await listener.close();

    expect([...listener.createdSeenAt.keys()].sort()).toEqual(['a', 'b']);
  });
});
