import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createTempDir, getFreePorts, resolveJaegerBinary, startJaeger, type RunningJaeger } from '@atalaia/local-stack';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startProcessSystem, type ProcessSystem } from '../src';

/**
 * The Jaeger `ATALAIA_JAEGER=1 npm start` runs, through the launcher's own
 * start function: the real binary, built from its Go module by the same code
 * path and cached under .atalaia/jaeger/. On a clean machine the first run
 * builds it (about 6 minutes on 2 cores), hence the 15-minute timeout; later
 * runs start it in about a second.
 */
const FIRST_BUILD_TIMEOUT_MS = 15 * 60_000;

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** One finished server span of service `service`, as OTLP/HTTP JSON (ids in hex, times in Unix nanoseconds). */
function oneSpan(service: string, traceId: string, spanId: string, name: string): unknown {
  const startNs = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'local-jaeger-e2e' },
            spans: [
              {
                traceId,
                spanId,
                name,
                kind: 2,
                startTimeUnixNano: String(startNs),
                endTimeUnixNano: String(startNs + 5_000_000n),
                attributes: [{ key: 'http.request.method', value: { stringValue: 'POST' } }],
              },
            ],
          },
        ],
      },
    ],
  };
}

interface JaegerTrace {
  traceID: string;
  spans: { spanID: string; operationName: string; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

let dataDir: string;
let jaeger: RunningJaeger | undefined;
let system: ProcessSystem | undefined;

beforeAll(async () => {
  dataDir = await createTempDir('atalaia-jaeger-');
});

afterAll(async () => {
  await system?.stop();
  await jaeger?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test(
  'when the launcher starts Jaeger and a span is exported to its OTLP/HTTP endpoint, then its query API returns that span, and stop ends the process',
  async () => {
    jaeger = await startJaeger({ dataDir, onBuildStart: (line) => process.stdout.write(`${line}\n`) });
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');

    const exported = await fetch(`${jaeger.otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(oneSpan('atalaia-e2e-check', traceId, spanId, 'POST /api/integrations/occurrences')),
    });
    expect(exported.status).toBe(200);

    // The query API answers 404 until the batch processor has handed the span to storage.
    const trace = await waitFor(
      async () => {
        const response = await fetch(`${jaeger!.queryUrl}/api/traces/${traceId}`);
        return response.ok ? ((await response.json()) as { data: JaegerTrace[] }).data[0] : undefined;
      },
      { timeoutMs: 30_000, description: `trace ${traceId} in Jaeger` },
    );
    expect(trace.traceID).toBe(traceId);
    expect(trace.spans).toHaveLength(1);
    const [span] = trace.spans;
    expect(span).toMatchObject({ spanID: spanId, operationName: 'POST /api/integrations/occurrences' });
    expect(trace.processes[span!.processID]?.serviceName).toBe('atalaia-e2e-check');

    const { pid } = jaeger;
    expect(isAlive(pid)).toBe(true);
    await jaeger.stop();
    jaeger = undefined;
    expect(isAlive(pid)).toBe(false);
  },
  FIRST_BUILD_TIMEOUT_MS,
);

const services = ['atalaia-gateway', 'atalaia-occurrence', 'atalaia-dispatch', 'atalaia-audit', 'atalaia-relay'];

test(
  'when npm start runs with ATALAIA_JAEGER=1, then it says where Jaeger is on its own line and in the ready line, every service exports to it, and the console links to it',
  async () => {
    // Built (once) before the launcher starts, whose ready-line wait is not meant for a Go build.
    await resolveJaegerBinary({ onBuildStart: (line) => process.stdout.write(`${line}\n`) });
    const [otlpPort, queryPort] = (await getFreePorts(2)) as [number, number];
    system = await startProcessSystem('jaeger', {
      ATALAIA_JAEGER: '1',
      ATALAIA_JAEGER_OTLP_PORT: String(otlpPort),
      ATALAIA_JAEGER_QUERY_PORT: String(queryPort),
      ATALAIA_JAEGER_OTLP_GRPC_PORT: '0',
    });
    const queryUrl = `http://127.0.0.1:${queryPort}`;
    const jaegerLine = `[atalaia] jaeger — query API ${queryUrl}/api/traces  (OTLP http://127.0.0.1:${otlpPort})`;
    const readyLine = system.output.findIndex((line) => line.startsWith(`[atalaia] ready — gateway ${system!.gatewayUrl}  console `));
    expect(readyLine).toBeGreaterThan(system.output.indexOf(jaegerLine));
    expect(system.output[readyLine]).toContain(`  jaeger ${queryUrl}/api/traces  API key: `);
    expect(system.output.indexOf(jaegerLine)).toBeGreaterThanOrEqual(0);

    const gateway = new GatewayClient(system.gatewayUrl, system.apiKey);
    await gateway.createOccurrence();

    const known = await waitFor(
      async () => {
        const { data } = (await (await fetch(`${queryUrl}/api/services`)).json()) as { data: string[] | null };
        return services.every((service) => data?.includes(service)) && data;
      },
      { timeoutMs: 30_000, description: `spans from ${services.join(', ')} in Jaeger` },
    );
    expect(known).toEqual(expect.arrayContaining(services));

    const session = await gateway.request('POST', '/api/session', { body: { apiKey: system.apiKey } });
    expect(session.body).toMatchObject({ jaegerUrl: queryUrl });

    await system.stop();
    system = undefined;
    await waitFor(async () => (await fetch(`${queryUrl}/api/services`).then(() => false, () => true)) || undefined, {
      description: 'Jaeger stopped with the rest',
    });
  },
  FIRST_BUILD_TIMEOUT_MS,
);
