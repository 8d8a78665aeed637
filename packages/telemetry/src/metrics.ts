import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's one metrics registry, served as Prometheus text at `/metrics`
 * by every service. Metric objects are module singletons, so services started
 * in one process (as in tests) share them, told apart by labels.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'atalaia_process_' });

export { Counter, Gauge, Histogram };

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
