import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** Where finished spans go. The place to add the OTEL_EXPORTER_OTLP_* settings (protocol, headers…). */
export interface TraceExportSettings {
  /** OTLP/HTTP (JSON) traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. Without it spans are made but not exported. */
  otlpTracesEndpoint?: string;
}

/**
 * The exporter the settings ask for, or undefined when spans stay in the
 * process. The OTLP exporter and its transformer are required here, not at
 * the top, so a service that exports nothing never loads them.
 */
export function createTraceExporter(settings: TraceExportSettings): SpanExporter | undefined {
  if (!settings.otlpTracesEndpoint) return undefined;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: settings.otlpTracesEndpoint });
}
