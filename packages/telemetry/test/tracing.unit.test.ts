import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { contextFromCarrier, createLogger, currentTraceCarrier, startTelemetry, withSpan } from '../src';

const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

// Observes (does not replace) the OTLP exporter: the factory runs only when something requires it.
jest.mock('@opentelemetry/exporter-trace-otlp-http', () => {
  Object.assign(globalThis, { otlpExporterLoaded: true });
  return jest.requireActual('@opentelemetry/exporter-trace-otlp-http');
});

describe('trace context propagation', () => {
  const telemetry = startTelemetry({ serviceName: 'telemetry-test' });
  afterAll(() => telemetry.shutdown());

  it('when work runs in a span continued from incoming headers, then the carrier holds the same trace id', async () => {
    const carrier = await withSpan('work', { parent: contextFromCarrier({ traceparent: incoming }) }, async () =>
      currentTraceCarrier(),
    );
    expect(carrier.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(carrier.traceparent).not.toContain('00f067aa0ba902b7');
  });

  it('when no OTLP endpoint is set, then the OTLP exporter is never loaded', async () => {
    await withSpan('unexported', {}, async () => undefined);
    expect('otlpExporterLoaded' in globalThis).toBe(false);
  });

  it('when headers arrive as Kafka buffers, then the context is still extracted', async () => {
    const parent = contextFromCarrier({ traceparent: Buffer.from(incoming) });
    expect(trace.getSpanContext(parent)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('when work throws, then withSpan rethrows the same error', async () => {
    await expect(withSpan('failing', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('when a log line is written inside a span, then it carries the trace id', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger('telemetry-test', 'info', sink);
    await withSpan('logged', { parent: contextFromCarrier({ traceparent: incoming }) }, async () => logger.info('hello'));
    expect(JSON.parse(lines[0] ?? '{}').trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
