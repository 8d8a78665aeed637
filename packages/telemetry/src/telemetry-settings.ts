import { parseKeyPairsIntoRecord } from '@opentelemetry/core';

/**
 * The OpenTelemetry SDK environment (opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables),
 * read once into plain settings. Pure: an env record in, settings and warnings
 * out. An invalid value never stops a service: it is named in a warning and
 * the default applies, as the specification asks.
 */
export type TelemetryEnv = Record<string, string | undefined>;

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export const samplerNames = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof samplerNames)[number];

export interface OtlpExportSettings {
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis?: number;
}

export interface BatchSettings {
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
}

export interface TelemetrySettings {
  /** OTEL_SDK_DISABLED: no tracer provider; incoming trace context still passes through. */
  disabled: boolean;
  /** OTEL_SERVICE_NAME, when set: wins over the service's own name and OTEL_RESOURCE_ATTRIBUTES. */
  serviceName?: string;
  /** ATALAIA_VERSION, when set: the service.version to report instead of the repository's. */
  serviceVersion?: string;
  /** OTEL_RESOURCE_ATTRIBUTES, percent-decoded. */
  resourceAttributes: Record<string, string>;
  /** Where OTLP spans go; undefined when nothing is exported over OTLP. */
  otlp?: OtlpExportSettings;
  /** OTEL_TRACES_EXPORTER includes `console`. */
  console: boolean;
  sampler: { name: SamplerName; ratio: number };
  batch: BatchSettings;
}

export const DEFAULT_OTLP_TRACES_URL = 'http://localhost:4318/v1/traces';
const DEFAULT_SAMPLER: SamplerName = 'parentbased_always_on';
const DEFAULT_BATCH: BatchSettings = { scheduledDelayMillis: 5000, exportTimeoutMillis: 30000, maxQueueSize: 2048, maxExportBatchSize: 512 };

class Reader {
  readonly warnings: string[] = [];
  constructor(private readonly env: TelemetryEnv) {}

  /** The trimmed value; empty counts as unset (the specification's rule). */
  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** The first of `names` that is set, with its name. */
  first(...names: string[]): { name: string; value: string } | undefined {
    for (const name of names) {
      const value = this.string(name);
      if (value !== undefined) return { name, value };
    }
    return undefined;
  }

  warn(name: string, value: string, expected: string, fallback: string) {
    this.warnings.push(`${name}=${JSON.stringify(value)} is invalid (expected ${expected}): using ${fallback}`);
  }

  boolean(name: string): boolean {
    const value = this.string(name);
    if (value === undefined || value.toLowerCase() === 'false') return false;
    if (value.toLowerCase() === 'true') return true;
    this.warn(name, value, 'true or false', 'false');
    return false;
  }

  integer(name: string, fallback: number, min: number): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (Number.isInteger(parsed) && parsed >= min) return parsed;
    this.warn(name, value, `an integer ≥ ${min}`, String(fallback));
    return fallback;
  }

  url(name: string, value: string): string | undefined {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // falls through to the warning
    }
    this.warnings.push(`${name}=${JSON.stringify(value)} is not an http(s) URL: ignored`);
    return undefined;
  }

  keyValues(name: string): Record<string, string> {
    const value = this.string(name);
    if (value === undefined) return {};
    const parsed = parseKeyPairsIntoRecord(value);
    const expected = value.split(',').filter((entry) => entry.trim()).length;
    if (Object.keys(parsed).length < expected) this.warnings.push(`${name} has entries that are not key=value (percent-encoded): they are ignored`);
    return parsed;
  }
}

/** Reads every supported OTEL_* variable of `env`. */
export function readTelemetrySettings(env: TelemetryEnv): { settings: TelemetrySettings; warnings: string[] } {
  const read = new Reader(env);
  const exporters = traceExporters(read);
  const settings: TelemetrySettings = {
    disabled: read.boolean('OTEL_SDK_DISABLED'),
    serviceName: read.string('OTEL_SERVICE_NAME'),
    serviceVersion: read.string('ATALAIA_VERSION'),
    resourceAttributes: read.keyValues('OTEL_RESOURCE_ATTRIBUTES'),
    otlp: otlpSettings(read, exporters.otlp),
    console: exporters.console,
    sampler: sampler(read),
    batch: {
      scheduledDelayMillis: read.integer('OTEL_BSP_SCHEDULE_DELAY', DEFAULT_BATCH.scheduledDelayMillis, 0),
      exportTimeoutMillis: read.integer('OTEL_BSP_EXPORT_TIMEOUT', DEFAULT_BATCH.exportTimeoutMillis, 0),
      maxQueueSize: read.integer('OTEL_BSP_MAX_QUEUE_SIZE', DEFAULT_BATCH.maxQueueSize, 1),
      maxExportBatchSize: read.integer('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', DEFAULT_BATCH.maxExportBatchSize, 1),
    },
  };
  return { settings, warnings: read.warnings };
}

/**
 * OTEL_TRACES_EXPORTER, a comma-separated list. `otlp` is `'explicit'` when
 * named, `'implicit'` when the variable is unset: then OTLP export happens only
 * if an endpoint is configured, so a developer's or a test's process never
 * sends to localhost:4318 unasked (the project's behaviour before this was
 * standard configuration; the one departure from the specification's default).
 */
function traceExporters(read: Reader): { otlp: 'explicit' | 'implicit' | false; console: boolean } {
  const value = read.string('OTEL_TRACES_EXPORTER');
  if (value === undefined) return { otlp: 'implicit', console: false };
  const names = value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!['otlp', 'console', 'none'].includes(name)) read.warn('OTEL_TRACES_EXPORTER', name, 'otlp, console or none', 'nothing for it');
  }
  if (names.includes('none')) return { otlp: false, console: false };
  return { otlp: names.includes('otlp') ? 'explicit' : false, console: names.includes('console') };
}

function otlpSettings(read: Reader, wanted: 'explicit' | 'implicit' | false): OtlpExportSettings | undefined {
  if (!wanted) return undefined;
  const url = otlpTracesUrl(read);
  if (!url && wanted === 'implicit') return undefined;
  return {
    url: url ?? DEFAULT_OTLP_TRACES_URL,
    protocol: otlpProtocol(read),
    headers: { ...read.keyValues('OTEL_EXPORTER_OTLP_HEADERS'), ...read.keyValues('OTEL_EXPORTER_OTLP_TRACES_HEADERS') },
    timeoutMillis: otlpTimeout(read),
  };
}

/** The per-signal endpoint is used as is; the base endpoint gets the signal's path, `v1/traces`, appended. */
function otlpTracesUrl(read: Reader): string | undefined {
  const specific = read.string('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const specificUrl = specific === undefined ? undefined : read.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific);
  if (specificUrl) return specificUrl;
  const base = read.string('OTEL_EXPORTER_OTLP_ENDPOINT');
  const baseUrl = base === undefined ? undefined : read.url('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  if (!baseUrl) return undefined;
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}v1/traces`;
}

/** `grpc` would need the gRPC exporter (and its HTTP/2 stack) in every service: it is refused with a warning, and http/protobuf used. */
function otlpProtocol(read: Reader): OtlpProtocol {
  const setting = read.first('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (!setting) return 'http/protobuf';
  if (setting.value === 'http/protobuf' || setting.value === 'http/json') return setting.value;
  if (setting.value === 'grpc') {
    read.warnings.push(`${setting.name}=grpc is not supported by Atalaia: using http/protobuf on the same endpoint (point it at the collector's OTLP/HTTP port, usually 4318)`);
  } else {
    read.warn(setting.name, setting.value, 'http/protobuf or http/json', 'http/protobuf');
  }
  return 'http/protobuf';
}

function otlpTimeout(read: Reader): number | undefined {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT']) {
    const value = read.string(name);
    if (value === undefined) continue;
    const parsed = Number(value);
    if (Number.isFinite(parsed) && parsed > 0) return parsed;
    read.warn(name, value, 'milliseconds > 0', 'the next setting or 10000');
  }
  return undefined;
}

function sampler(read: Reader): TelemetrySettings['sampler'] {
  const value = read.string('OTEL_TRACES_SAMPLER')?.toLowerCase();
  let name: SamplerName = DEFAULT_SAMPLER;
  if (value !== undefined) {
    if ((samplerNames as readonly string[]).includes(value)) name = value as SamplerName;
    else read.warn('OTEL_TRACES_SAMPLER', value, samplerNames.join(', '), DEFAULT_SAMPLER);
  }
  const arg = read.string('OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined || !name.endsWith('traceidratio')) return { name, ratio: 1 };
  const ratio = Number(arg);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return { name, ratio };
  read.warn('OTEL_TRACES_SAMPLER_ARG', arg, 'a ratio between 0 and 1', '1.0');
  return { name, ratio: 1 };
}
