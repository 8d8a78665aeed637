import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace';
import { contextFromCarrier, createLogger, currentTraceCarrier, startTelemetry, withSpan } from '../src';
import { createTraceExporters } from '../src/trace-exporter';

const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

// Observe (do not replace) the OTLP exporters: a factory runs only when something requires it.
jest.mock('@opentelemetry/exporter-trace-otlp-http', () => {
  Object.assign(globalThis, { otlpExporterLoaded: true });
  return jest.requireActual('@opentelemetry/exporter-trace-otlp-http');
});
jest.mock('@opentelemetry/exporter-trace-otlp-proto', () => {
  Object.assign(globalThis, { otlpExporterLoaded: true });
  return jest.requireActual('@opentelemetry/exporter-trace-otlp-proto');
});

/** A logger writing into an array of parsed lines. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
  return { logger: createLogger('telemetry-test', 'info', sink), lines };
}

describe('trace context propagation', () => {
  const telemetry = startTelemetry({ serviceName: 'telemetry-test', env: {} });
  afterAll(() => telemetry.shutdown());

  it('when work runs in a span continued from incoming headers, then the carrier holds the same trace id (unsampled: nothing here receives spans)', async () => {
    const carrier = await withSpan('work', { parent: contextFromCarrier({ traceparent: incoming }) }, async () =>
      currentTraceCarrier(),
    );
    // With no exporter and no span processor, spans record nothing: new ids, the same trace, the sampled flag off.
    expect(carrier.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
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

  it('when a log line is written inside a span, then it carries the trace id and that span\'s id', async () => {
    const { logger, lines } = capturedLogger();
    const spanId = await withSpan('logged', { parent: contextFromCarrier({ traceparent: incoming }) }, async () => {
      logger.info('hello');
      return trace.getActiveSpan()?.spanContext().spanId;
    });
    logger.info('after');
    expect(lines[0]).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: spanId });
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});

describe('OTEL_SDK_DISABLED', () => {
  it('when the SDK is disabled, then spans are no-ops, an incoming trace context passes through unchanged, and logs carry only its ids', async () => {
    const warnings: string[] = [];
    const telemetry = startTelemetry({ serviceName: 'telemetry-test', env: { OTEL_SDK_DISABLED: 'true' }, warn: (message) => warnings.push(message) });
    try {
      const { logger, lines } = capturedLogger();
      const continued = await withSpan('continued', { parent: contextFromCarrier({ traceparent: incoming }) }, async () => {
        logger.info('continued');
        return { carrier: currentTraceCarrier(), recording: trace.getActiveSpan()?.isRecording() };
      });
      const fresh = await withSpan('fresh', {}, async () => (logger.info('fresh'), currentTraceCarrier()));

      expect(continued).toEqual({ carrier: { traceparent: incoming }, recording: false });
      expect(fresh).toEqual({});
      expect(lines[0]).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
      expect(lines[1]).not.toHaveProperty('trace_id');
      expect(warnings).toEqual([]);
    } finally {
      await telemetry.shutdown();
    }
  });
});

describe('trace exporters', () => {
  it('when OTEL_TRACES_EXPORTER asks for console only, then the console exporter is made and no OTLP exporter is loaded', () => {
    const exporters = createTraceExporters({ otlp: undefined, console: true });
    expect(exporters).toEqual([expect.any(ConsoleSpanExporter)]);
    expect('otlpExporterLoaded' in globalThis).toBe(false);
  });

  it('when a setting is invalid, then startTelemetry reports it through the given warn and still starts', async () => {
    const warnings: string[] = [];
    // A span processor is there, so the (default) sampler decides, and it samples.
    const receiver = { onStart: () => undefined, onEnd: () => undefined, forceFlush: async () => undefined, shutdown: async () => undefined };
    const telemetry = startTelemetry({ serviceName: 'telemetry-test', env: { OTEL_TRACES_SAMPLER: 'sometimes' }, warn: (message) => warnings.push(message), extraSpanProcessors: [receiver] });
    try {
      const carrier = await withSpan('sampled', {}, async () => currentTraceCarrier());
      expect(carrier.traceparent).toMatch(/-01$/);
      expect(warnings).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER="sometimes"')]);
    } finally {
      await telemetry.shutdown();
    }
  });
});
