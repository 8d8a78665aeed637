import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@atalaia/telemetry';
import { nominatimGeocoder } from '../src/geocoding/nominatim-geocoder';

const logger = createLogger('geocoder-test', 'silent');

/** A local HTTP server standing in for Nominatim's `/search`: it answers what each test sets, and records each request. */
describe('Nominatim geocoder', () => {
  let server: Server;
  let baseUrl: string;
  let answer: (request: IncomingMessage) => { status: number; body: unknown; delayMs?: number };
  const requests: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request);
      const { status, body, delayMs = 0 } = answer(request);
      setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (requests.length = 0));

  const geocoder = (timeoutMs = 2000) => nominatimGeocoder({ url: baseUrl, timeoutMs, userAgent: 'atalaia-test', logger });

  it('when Nominatim finds the address, then the first match is the point, asked with the municipality and the client named', async () => {
    answer = () => ({ status: 200, body: [{ lat: '-23.5613', lon: '-46.6565', display_name: 'Avenida Paulista' }, { lat: '0', lon: '0' }] });

    expect(await geocoder().locate('Avenida Paulista, 1000', { municipality: 'São Paulo' })).toEqual({ latitude: -23.5613, longitude: -46.6565 });
    const url = new URL(requests[0]!.url!, baseUrl);
    expect(url.pathname).toBe('/search');
    expect(url.searchParams.get('q')).toBe('Avenida Paulista, 1000, São Paulo');
    expect(url.searchParams.get('format')).toBe('jsonv2');
    expect(requests[0]!.headers['user-agent']).toBe('atalaia-test');
  });

  it.each([
    ['no match', { status: 200, body: [] }],
    ['an error status', { status: 503, body: { error: 'busy' } }],
    ['a point out of range', { status: 200, body: [{ lat: '123', lon: '0' }] }],
    ['not a list', { status: 200, body: { lat: '1', lon: '2' } }],
  ])('when Nominatim gives %s, then there is no point', async (_, reply) => {
    answer = () => reply;
    expect(await geocoder().locate('Rua Inexistente', {})).toBeNull();
  });

  it('when Nominatim is slower than the timeout, then there is no point', async () => {
    answer = () => ({ status: 200, body: [{ lat: '1', lon: '2' }], delayMs: 500 });
    expect(await geocoder(50).locate('Rua Lenta', {})).toBeNull();
  });
});
