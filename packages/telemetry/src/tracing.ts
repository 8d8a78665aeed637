import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { AlwaysOffSampler, BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { serviceResource } from './service-resource';
import { createTraceExporters } from './trace-exporter';
import { createSampler } from './trace-sampler';
import { readTelemetrySettings, type TelemetryEnv } from './telemetry-settings';

export interface TelemetryOptions {
  /** The service's own name (`atalaia-gateway`); OTEL_SERVICE_NAME overrides it. */
  serviceName: string;
  /** The OpenTelemetry SDK environment (OTEL_*); `process.env` unless given. */
  env?: TelemetryEnv;
  /** Where an invalid setting is reported, once at start; console.warn unless given. */
  warn?: (message: string) => void;
  extraSpanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

let running: { provider?: TracerProvider } | undefined;

/**
 * Registers AsyncLocalStorage context and W3C trace-context + baggage
 * propagation, and a tracer provider configured by the standard OTEL_*
 * environment (telemetry-settings.ts): the parts of the OpenTelemetry Node SDK
 * we use, without loading its every exporter. Spans get real ids (for logs and
 * propagation) even when nothing exports them; then they record nothing (an
 * always-off sampler), so an unexported trace costs next to nothing. With OTEL_SDK_DISABLED=true no
 * provider is registered: spans are no-ops, but an incoming traceparent still
 * passes through unchanged (the API's no-op tracer keeps the parent's context).
 * Idempotent per process: tests that start several services in-process share
 * one provider.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (!running) {
    const { settings, warnings } = readTelemetrySettings(options.env ?? process.env);
    for (const warning of warnings) (options.warn ?? ((message) => console.warn(`[telemetry] ${message}`)))(warning);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
    running = {};
    if (!settings.disabled) {
      const exporters = createTraceExporters(settings);
      const spanProcessors = [...(options.extraSpanProcessors ?? []), ...exporters.map((exporter) => new BatchSpanProcessor({ exporter, ...settings.batch }))];
      // With nothing to receive spans, recording them is pure cost: spans still get ids (for logs, command
      // rows and propagation) but record nothing, and carry an unsampled traceparent downstream.
      const sampler = spanProcessors.length > 0 ? createSampler(settings.sampler) : new AlwaysOffSampler();
      const provider = new TracerProvider({ resource: serviceResource(options.serviceName, settings), sampler, spanProcessors });
      trace.setGlobalTracerProvider(provider);
      running.provider = provider;
    }
  }
  return {
    shutdown: async () => {
      const current = running;
      running = undefined;
      if (!current) return;
      await current.provider?.shutdown();
      // Unregistered so that a later start (another test case in this process) registers its own.
      trace.disable();
      propagation.disable();
      context.disable();
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
