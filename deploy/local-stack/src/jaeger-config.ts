import { join } from 'node:path';

/** The Jaeger release `npm start` builds, and the Go module it comes from. */
export const JAEGER_VERSION = 'v1.76.0';
export const JAEGER_MODULE = 'github.com/jaegertracing/jaeger';

export interface JaegerPorts {
  /** OTLP over HTTP (protobuf and JSON): what the services export to. */
  otlpHttp: number;
  /** The query service: `/api/traces`, `/api/services`… (no UI: its assets are not in the Go module). */
  query: number;
  /** OTLP over gRPC; absent: no gRPC receiver. */
  otlpGrpc?: number;
}

export interface JaegerConfigOptions {
  host?: string;
  /** Traces kept in memory before the oldest are dropped. */
  maxTraces?: number;
}

/** Where the built binary is cached: one per version, like Kafka's jars under .atalaia/. */
export function jaegerBinaryPath(cacheRoot: string, version: string = JAEGER_VERSION): string {
  return join(cacheRoot, 'jaeger', version, 'jaeger');
}

/**
 * `go build` run inside the downloaded module (`go install …@version` refuses a
 * module with replace directives). GOFLAGS keeps the caller's flags and adds
 * -mod=mod, so a go.sum entry the release lacks is resolved, not fatal.
 */
export function jaegerBuildCommand(output: string, env: Record<string, string | undefined>): { args: string[]; env: Record<string, string> } {
  const goflags = [env.GOFLAGS, '-mod=mod'].filter(Boolean).join(' ');
  return { args: ['build', '-o', output, './cmd/jaeger'], env: { GOFLAGS: goflags } };
}

export function jaegerDownloadArgs(version: string = JAEGER_VERSION): string[] {
  return ['mod', 'download', '-json', `${JAEGER_MODULE}@${version}`];
}

/** The `cmd/jaeger` (v2, an OpenTelemetry Collector) command line: everything else is in the config file. */
export function jaegerArgs(configFile: string): string[] {
  return ['--config', `file:${configFile}`];
}

/**
 * The all-in-one configuration of cmd/jaeger/internal/all-in-one.yaml cut down
 * to what a laptop needs: OTLP in, memory storage, the query API. Every
 * listener is on `host` and on a port we chose: no Jaeger/Zipkin receivers, no
 * sampling or health endpoints, no collector metrics on 8888, and the query
 * gRPC API on an ephemeral port (nothing here uses it), so nothing collides
 * with a second stack or another program.
 */
export function jaegerConfigYaml(ports: JaegerPorts, options: JaegerConfigOptions = {}): string {
  const host = options.host ?? '127.0.0.1';
  const grpcReceiver = ports.otlpGrpc ? [`      grpc:`, `        endpoint: "${host}:${ports.otlpGrpc}"`] : [];
  return [
    'service:',
    '  extensions: [jaeger_storage, jaeger_query]',
    '  pipelines:',
    '    traces:',
    '      receivers: [otlp]',
    '      processors: [batch]',
    '      exporters: [jaeger_storage_exporter]',
    '  telemetry:',
    '    resource:',
    '      service.name: jaeger',
    '    metrics:',
    '      level: none',
    '    logs:',
    '      level: warn',
    'extensions:',
    '  jaeger_storage:',
    '    backends:',
    '      memory_store:',
    '        memory:',
    `          max_traces: ${options.maxTraces ?? 50_000}`,
    '  jaeger_query:',
    '    storage:',
    '      traces: memory_store',
    '    http:',
    `      endpoint: "${host}:${ports.query}"`,
    '    grpc:',
    `      endpoint: "${host}:0"`,
    'receivers:',
    '  otlp:',
    '    protocols:',
    ...grpcReceiver,
    '      http:',
    `        endpoint: "${host}:${ports.otlpHttp}"`,
    'processors:',
    '  batch:',
    'exporters:',
    '  jaeger_storage_exporter:',
    '    trace_storage: memory_store',
    '',
  ].join('\n');
}

/**
 * What every service gets to export to Jaeger: the standard OTLP variables and,
 * for services that read only the per-signal traces endpoint, that one too.
 */
export function otlpExportEnvironment(otlpHttpUrl: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlpHttpUrl}/v1/traces`,
  };
}

export function jaegerReadyLine(queryUrl: string, otlpHttpUrl: string): string {
  return `jaeger — query API ${queryUrl}/api/traces  (OTLP ${otlpHttpUrl})`;
}
