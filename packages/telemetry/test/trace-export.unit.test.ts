import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { contextFromCarrier, startTelemetry, withSpan } from '../src';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

interface OtlpJsonBody {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; traceId: string }[] }[] }[];
}

/** Stands in for a collector's OTLP/HTTP endpoint (Jaeger's 4318): keeps each request's path and JSON body. */
async function startOtlpReceiver() {
  const requests: { path: string | undefined; body: OtlpJsonBody }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/traces`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('span export', () => {
  it('when an OTLP endpoint is set, then a finished span reaches it as OTLP/JSON under the service name', async () => {
    const receiver = await startOtlpReceiver();
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', join('test', 'fixtures', 'export-one-span.ts'), receiver.url, traceparent], {
        cwd: join(__dirname, '..'),
      });

      const [request] = receiver.requests;
      expect(request?.path).toBe('/v1/traces');
      const [resourceSpans] = request!.body.resourceSpans;
      expect(resourceSpans!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'atalaia-export-test' } });
      expect(resourceSpans!.scopeSpans.flatMap(({ spans }) => spans)).toContainEqual(expect.objectContaining({ name: 'exported', traceId }));
    } finally {
      await receiver.close();
    }
  });

  it('when extra span processors are given, then they see each span with the service resource', async () => {
    const memory = new InMemorySpanExporter();
    const processor = new SimpleSpanProcessor({ exporter: memory });
    const telemetry = startTelemetry({ serviceName: 'atalaia-export-test', extraSpanProcessors: [processor] });
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
