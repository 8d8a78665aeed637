import { createLogger, currentTraceCarrier, SpanKind, startTelemetry, type TelemetryOptions } from '@atalaia/telemetry';
import { createServiceApp } from '../src';

type SpanProcessor = NonNullable<TelemetryOptions['extraSpanProcessors']>[number];
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];

const ended: EndedSpan[] = [];
const collector: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (span) => void ended.push(span),
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

const incomingTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const incoming = `00-${incomingTraceId}-00f067aa0ba902b7-01`;

describe('request tracing', () => {
  const telemetry = startTelemetry({ serviceName: 'http-test', env: {}, extraSpanProcessors: [collector] });
  afterAll(() => telemetry.shutdown());
  beforeEach(() => (ended.length = 0));

  async function app() {
    const built = await createServiceApp({ name: 'test', logger: createLogger('test', 'silent'), healthChecks: {} });
    built.post('/things/:id', async () => ({ carrier: currentTraceCarrier() }));
    built.get('/broken', async () => {
      throw new Error('bug');
    });
    return built;
  }

  it('when a request matches a route, then one SERVER span named by method and route continues the caller and is active in the handler', async () => {
    const server = await app();

    const response = await server.inject({ method: 'POST', url: '/things/42?x=1', headers: { traceparent: incoming, 'user-agent': 'probe/1' }, payload: { a: 1 } });

    expect(ended).toHaveLength(1);
    const [span] = ended;
    expect(span).toMatchObject({ name: 'POST /things/:id', kind: SpanKind.SERVER });
    expect(span!.spanContext().traceId).toBe(incomingTraceId);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/things/:id',
      'url.path': '/things/42',
      'http.response.status_code': 200,
      'server.address': expect.any(String),
      'user_agent.original': 'probe/1',
    });
    // The handler ran after the body was read, in the server span: what it stores or sends continues it.
    expect(response.json().carrier.traceparent).toBe(`00-${incomingTraceId}-${span!.spanContext().spanId}-01`);
  });

  it('when no route matches, then the span is named by the method alone', async () => {
    const server = await app();

    await server.inject({ method: 'GET', url: '/nowhere/123' });

    expect(ended.map((span) => [span.name, span.attributes['http.response.status_code']])).toEqual([['GET', 404]]);
    expect(ended[0]!.attributes['http.route']).toBeUndefined();
  });

  it('when a handler fails with a 500, then the span is an error with the exception; health probes and scrapes make no span', async () => {
    const server = await app();

    await server.inject({ method: 'GET', url: '/broken' });
    await server.inject({ method: 'GET', url: '/health/live' });
    await server.inject({ method: 'GET', url: '/metrics' });

    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ name: 'GET /broken', status: { code: 2 } });
    expect(ended[0]!.events.map((event) => event.name)).toContain('exception');
  });
});
