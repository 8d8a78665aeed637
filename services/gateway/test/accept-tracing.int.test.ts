import path from 'node:path';
import type pg from 'pg';
import { createPostgresPool, databaseEndpointOf, endPostgresPool } from '@atalaia/database';
import { contextFromCarrier, currentTraceCarrier, SpanKind, startTelemetry, withSpan, type TelemetryOptions } from '@atalaia/telemetry';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { CommandStore } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { occurrenceCommand } from './command-requests';

const migrations = path.resolve(__dirname, '../prisma/migrations');

type SpanProcessor = NonNullable<TelemetryOptions['extraSpanProcessors']>[number];
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];

const ended: EndedSpan[] = [];
const collector: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (span) => void ended.push(span),
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

const traceIdOf = (index: number) => index.toString(16).padStart(32, 'b');

describe('accept tracing', () => {
  const telemetry = startTelemetry({ serviceName: 'gateway-test', env: {}, extraSpanProcessors: [collector] });
  let database: TestDatabase;
  let pool: pg.Pool;
  let prisma: GatewayPrisma;

  beforeAll(async () => {
    database = await createTestDatabase('gateway_accept_tracing', migrations);
    pool = createPostgresPool(database.url);
    prisma = createGatewayPrisma(pool);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
    await telemetry.shutdown();
  });

  it('when accepts share a group-commit statement, then each has its accept span, the statement span is the first one\'s child and is linked to and from the others', async () => {
    const store = new CommandStore(prisma, { maxInFlight: 1, maxBatchItems: 64 }, databaseEndpointOf(pool));
    const requests = Array.from({ length: 5 }, (_, index) => occurrenceCommand(`EXT-TRACE-${index}`));

    await Promise.all(
      requests.map((request, index) =>
        withSpan('request', { parent: contextFromCarrier({ traceparent: `00-${traceIdOf(index)}-00f067aa0ba902b7-01` }) }, () =>
          store.accept({ ...request, traceparent: currentTraceCarrier().traceparent }),
        ),
      ),
    );

    const accepts = ended.filter((span) => span.name === 'accept command');
    const statements = ended.filter((span) => span.kind === SpanKind.CLIENT);
    expect(accepts.map((span) => span.spanContext().traceId).sort()).toEqual(requests.map((_, index) => traceIdOf(index)).sort());
    expect(accepts.every((span) => span.kind === SpanKind.INTERNAL)).toBe(true);
    // The first request goes alone; the four that queued meanwhile share the next statement.
    expect(statements.map((span) => span.attributes['atalaia.accept.batch_size'])).toEqual([1, 4]);
    const batch = statements[1]!;
    expect(batch.name).toBe('INSERT commands outbox_messages');
    expect(batch.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'INSERT',
      'db.query.summary': 'INSERT commands outbox_messages',
      'db.namespace': database.name,
      'server.port': expect.any(Number),
    });
    const parent = accepts.find((span) => span.spanContext().spanId === batch.parentSpanContext?.spanId)!;
    expect(parent.spanContext().traceId).toBe(batch.spanContext().traceId);
    const others = accepts.filter((span) => span !== parent && span.spanContext().spanId !== statements[0]!.parentSpanContext?.spanId);
    expect(others).toHaveLength(3);
    expect(batch.links.map((link) => link.context.spanId).sort()).toEqual(others.map((span) => span.spanContext().spanId).sort());
    for (const other of others) expect(other.links.map((link) => link.context.spanId)).toEqual([batch.spanContext().spanId]);
  });
});
