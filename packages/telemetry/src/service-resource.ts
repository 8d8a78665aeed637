import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import type { TelemetrySettings } from './telemetry-settings';

/** One id per process, kept across telemetry restarts (tests start several in one process). */
const serviceInstanceId = randomUUID();

/**
 * What a service's spans say about it. From weakest to strongest: the SDK's
 * defaults and the process/host/OS detectors; Atalaia's own service.name,
 * service.namespace, service.version and service.instance.id; then
 * OTEL_RESOURCE_ATTRIBUTES; then OTEL_SERVICE_NAME. The operator's environment
 * wins over every default, as the specification asks.
 */
export function serviceResource(serviceName: string, settings: Pick<TelemetrySettings, 'serviceName' | 'serviceVersion' | 'resourceAttributes'>): Resource {
  const detected = detectResources({ detectors: [processDetector, hostDetector, osDetector] });
  const atalaia = resourceFromAttributes({
    'service.name': serviceName,
    'service.namespace': 'atalaia',
    'service.version': settings.serviceVersion ?? repositoryVersion(),
    'service.instance.id': serviceInstanceId,
  });
  const fromEnv = resourceFromAttributes({
    ...settings.resourceAttributes,
    ...(settings.serviceName ? { 'service.name': settings.serviceName } : {}),
  });
  return defaultResource().merge(detected).merge(atalaia).merge(fromEnv);
}

let cachedVersion: string | undefined;

/** The `version` of the monorepo's root package.json (the nearest ancestor holding pnpm-workspace.yaml), or `unknown`. */
export function repositoryVersion(from: string = __dirname): string {
  if (cachedVersion) return cachedVersion;
  cachedVersion = 'unknown';
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      try {
        const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
        if (typeof version === 'string' && version) cachedVersion = version;
      } catch {
        // an unreadable package.json leaves the version unknown
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return cachedVersion;
}
