import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. Without it spans are made but not exported. */
  otlpTracesEndpoint?: string;
  extraSpanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

const discardingSpanProcessor: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

let running: { sdk: NodeSDK; serviceName: string } | undefined;

/**
 * Registers the OpenTelemetry SDK (AsyncLocalStorage context, W3C trace-context
 * propagation). Idempotent per process: tests that start several services
 * in-process share one SDK.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (!running) {
    const spanProcessors: SpanProcessor[] = [...(options.extraSpanProcessors ?? [])];
    if (options.otlpTracesEndpoint) {
      spanProcessors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.otlpTracesEndpoint }) }));
    }
    // The SDK installs a tracer provider only when there is a processor; spans
    // still need real ids (for logs and propagation) when nothing is exported.
    if (spanProcessors.length === 0) spanProcessors.push(discardingSpanProcessor);
    const sdk = new NodeSDK({ serviceName: options.serviceName, spanProcessors, instrumentations: [] });
    sdk.start();
    running = { sdk, serviceName: options.serviceName };
  }
  return {
    shutdown: async () => {
      const current = running;
      running = undefined;
      await current?.sdk.shutdown();
    },
  };
}

export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The W3C trace context of the active span, to store in an outbox row or a message header. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const result: TraceCarrier = {};
  if (carrier.traceparent) result.traceparent = carrier.traceparent;
  if (carrier.tracestate) result.tracestate = carrier.tracestate;
  return result;
}

/** Rebuilds a context from W3C headers (HTTP or Kafka, string or Buffer values). */
export function contextFromCarrier(headers: Record<string, unknown>): Context {
  const carrier: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) {
    const value = headers[name];
    if (typeof value === 'string') carrier[name] = value;
    else if (Buffer.isBuffer(value)) carrier[name] = value.toString('utf8');
  }
  return propagation.extract(context.active(), carrier);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  parent?: Context;
}

/**
 * Runs `work` inside a new active span: records an exception and sets error
 * status when it throws, and always ends the span.
 */
export async function withSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const tracer = trace.getTracer('atalaia');
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(name, { kind: options.kind, attributes: options.attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind, SpanStatusCode };

/**
 * Starts a span continuing the trace in `parentCarrier` (e.g. an outbox row's
 * stored context) and returns the carrier of the new span, for message headers.
 * The caller ends the span.
 */
export function startLinkedSpan(name: string, kind: SpanKind, parentCarrier: Record<string, unknown>, attributes: Attributes = {}) {
  const parent = contextFromCarrier(parentCarrier);
  const span = trace.getTracer('atalaia').startSpan(name, { kind, attributes }, parent);
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  return { span, carrier };
}
