import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpExportSettings, TelemetrySettings } from './telemetry-settings';

/**
 * The exporters the settings ask for; none when spans stay in the process.
 * The OTLP exporters and their transformer are required here, not at the top,
 * so a service that exports nothing never loads them, and one that exports
 * loads only its protocol's.
 *
 * Every OTLP option is passed explicitly from the settings. The exporters also
 * read OTEL_EXPORTER_OTLP_* from `process.env` on their own, but only as a
 * fallback for what is not given (same values in a service; in tests only the
 * given env counts); what Atalaia does not read itself (compression,
 * certificates) they still take from the environment.
 */
export function createTraceExporters(settings: Pick<TelemetrySettings, 'otlp' | 'console'>): SpanExporter[] {
  const exporters: SpanExporter[] = [];
  if (settings.otlp) exporters.push(createOtlpExporter(settings.otlp));
  if (settings.console) exporters.push(new ConsoleSpanExporter());
  return exporters;
}

function createOtlpExporter({ url, protocol, headers, timeoutMillis }: OtlpExportSettings): SpanExporter {
  const config = { url, headers, ...(timeoutMillis ? { timeoutMillis } : {}) };
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter(config);
  }
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(config);
}
