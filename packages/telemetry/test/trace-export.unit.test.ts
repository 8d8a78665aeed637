import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { contextFromCarrier, startTelemetry, withSpan } from '../src';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
const repositoryVersion = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

interface OtlpJsonBody {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; traceId: string }[] }[] }[];
}

interface ReceivedRequest {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Stands in for a collector's OTLP/HTTP endpoint (Jaeger's 4318): keeps each request's path, headers and body. */
async function startOtlpReceiver() {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      const json = request.headers['content-type'] === 'application/json';
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Runs the fixture: telemetry started with `env` only, `spans` made, then shut down (which flushes every export). */
async function exportSpans(env: Record<string, string>, spans: string[], parent?: string) {
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join('test', 'fixtures', 'export-one-span.ts'), JSON.stringify({ env, spans, traceparent: parent })], {
    cwd: join(__dirname, '..'),
    env: childEnv,
  });
}

const jsonBodies = (requests: ReceivedRequest[]) => requests.map((request) => JSON.parse(request.body.toString('utf8')) as OtlpJsonBody);
const spanNames = (requests: ReceivedRequest[]) =>
  jsonBodies(requests).flatMap((body) => body.resourceSpans.flatMap(({ scopeSpans }) => scopeSpans.flatMap(({ spans }) => spans.map(({ name }) => name))));
const attributes = (body: OtlpJsonBody) =>
  Object.fromEntries(body.resourceSpans[0]!.resource.attributes.map(({ key, value }) => [key, value.stringValue]));

describe('span export configured by the standard OTEL_* environment', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(() => receiver.close());

  it('when the protocol is http/json, then spans arrive as OTLP/JSON with the service resource, OTEL_RESOURCE_ATTRIBUTES and the headers', async () => {
    await exportSpans(
      {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.base}/v1/traces`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,team=sre%20on%20call',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=atalaia',
      },
      ['exported'],
      traceparent,
    );

    const [request] = receiver.requests;
    expect(request?.path).toBe('/v1/traces');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-tenant']).toBe('atalaia');
    const [body] = jsonBodies(receiver.requests);
    expect(attributes(body!)).toMatchObject({
      'service.name': 'atalaia-export-test',
      'service.namespace': 'atalaia',
      'service.version': repositoryVersion,
      'service.instance.id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'deployment.environment.name': 'staging',
      team: 'sre on call',
    });
    expect(body!.resourceSpans[0]!.scopeSpans.flatMap(({ spans }) => spans)).toContainEqual(expect.objectContaining({ name: 'exported', traceId }));
  });

  it('when OTEL_SERVICE_NAME and ATALAIA_VERSION are set, then they name the service over its own name and OTEL_RESOURCE_ATTRIBUTES', async () => {
    await exportSpans(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.base,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'gateway-canary',
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=ignored',
        ATALAIA_VERSION: '9.9.9-test',
      },
      ['exported'],
    );

    const [body] = jsonBodies(receiver.requests);
    expect(attributes(body!)).toMatchObject({ 'service.name': 'gateway-canary', 'service.version': '9.9.9-test' });
  });

  it('when no protocol is set, then spans arrive as OTLP/protobuf at the base endpoint with /v1/traces appended', async () => {
    await exportSpans({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.base}/collector` }, ['exported-as-protobuf']);

    const [request] = receiver.requests;
    expect(request?.path).toBe('/collector/v1/traces');
    expect(request?.headers['content-type']).toBe('application/x-protobuf');
    expect(request?.body.includes('atalaia-export-test')).toBe(true);
    expect(request?.body.includes('exported-as-protobuf')).toBe(true);
    expect(request?.body.includes(repositoryVersion)).toBe(true);
  });

  it('when the sampler is always_off, then nothing is sent, while the same spans with always_on arrive', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    await exportSpans({ ...env, OTEL_TRACES_SAMPLER: 'always_off' }, ['sampled-out']);
    await exportSpans({ ...env, OTEL_TRACES_SAMPLER: 'always_on' }, ['control']);

    expect(spanNames(receiver.requests)).toEqual(['control']);
  });

  it('when OTEL_SDK_DISABLED is true, then nothing is sent, while the same settings enabled send', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    await exportSpans({ ...env, OTEL_SDK_DISABLED: 'true' }, ['disabled']);
    await exportSpans({ ...env, OTEL_SDK_DISABLED: 'false' }, ['control']);

    expect(spanNames(receiver.requests)).toEqual(['control']);
  });

  it('when OTEL_TRACES_EXPORTER is none, then nothing is sent although an endpoint is set', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    await exportSpans({ ...env, OTEL_TRACES_EXPORTER: 'none' }, ['not-exported']);
    await exportSpans({ ...env, OTEL_TRACES_EXPORTER: 'otlp' }, ['control']);

    expect(spanNames(receiver.requests)).toEqual(['control']);
  });

  it('when OTEL_BSP_MAX_EXPORT_BATCH_SIZE is 1, then each span goes in a request of its own (default: one batch)', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    await exportSpans(env, ['a', 'b']);
    expect(receiver.requests).toHaveLength(1);

    await exportSpans({ ...env, OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1' }, ['c', 'd']);
    expect(receiver.requests).toHaveLength(3);
    expect(spanNames(receiver.requests.slice(1))).toEqual(['c', 'd']);
  });
});

describe('span processors given in code', () => {
  it('when extra span processors are given, then they see each span with the service resource', async () => {
    const memory = new InMemorySpanExporter();
    const processor = new SimpleSpanProcessor({ exporter: memory });
    const telemetry = startTelemetry({ serviceName: 'atalaia-export-test', env: {}, extraSpanProcessors: [processor] });
    try {
      await withSpan('recorded', { parent: contextFromCarrier({ traceparent }) }, async () => undefined);
      await processor.forceFlush(); // export waits for the resource's detected (asynchronous) attributes

      const [span] = memory.getFinishedSpans();
      expect(span?.name).toBe('recorded');
      expect(span?.spanContext().traceId).toBe(traceId);
      expect(span?.resource.attributes['service.name']).toBe('atalaia-export-test');
    } finally {
      await telemetry.shutdown();
    }
  });
});
