import { randomUUID } from 'node:crypto';
import { createLogger, metricsRegistry } from '@atalaia/telemetry';
import { createServiceApp } from '../src';
import { methodLabel, routeLabel } from '../src/http-metrics';

/** The histogram's `_count` samples (the gateway's integration test reads the same from `/metrics` text). */
async function countSamples(): Promise<Array<{ labels: Partial<Record<string, string | number>>; value: number }>> {
  const metric = await metricsRegistry.getSingleMetric('atalaia_http_server_request_duration_seconds')!.get();
  return metric.values.filter((sample) => (sample as { metricName?: string }).metricName === 'atalaia_http_server_request_duration_seconds_count');
}
const count = async (labels: Record<string, string>) =>
  (await countSamples()).find((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value ?? 0;

describe('HTTP request metrics', () => {
  it.each([
    ['GET', 'GET'],
    ['POST', 'POST'],
    ['PATCH', 'PATCH'],
    ['PROPFIND', '_OTHER'],
    ['get', '_OTHER'],
    ['X'.repeat(200), '_OTHER'],
  ])('when the method is %s, then its label is %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });

  it('when a route matched, then the label is its pattern; when none did, then it is "unmatched"', () => {
    expect(routeLabel('/api/occurrences/:id')).toBe('/api/occurrences/:id');
    expect(routeLabel(undefined)).toBe('unmatched');
    expect(routeLabel('')).toBe('unmatched');
  });

  it('when requests are answered, then each is counted once under its method, route pattern and status, with no raw path or odd method in any label', async () => {
    const app = await createServiceApp({ name: 'metrics-test', logger: createLogger('test', 'silent'), healthChecks: {} });
    app.get('/things-under-test/:id', async () => ({ ok: true }));
    const matched = { method: 'GET', route: '/things-under-test/:id', status_code: '200' };
    const unmatched = { method: '_OTHER', route: 'unmatched', status_code: '404' };
    const [matchedBefore, unmatchedBefore] = [await count(matched), await count(unmatched)];
    const id = randomUUID();

    await app.inject({ url: `/things-under-test/${id}` });
    await app.inject({ url: `/things-under-test/${randomUUID()}` });
    await app.inject({ method: 'PROPFIND', url: `/nowhere/${id}` });

    expect(await count(matched)).toBe(matchedBefore + 2);
    expect(await count(unmatched)).toBe(unmatchedBefore + 1);
    const labelValues = (await countSamples()).flatMap((sample) => Object.values(sample.labels).map(String));
    expect(labelValues.filter((value) => value.includes(id) || value === 'PROPFIND')).toEqual([]);
    await app.close();
  });
});
