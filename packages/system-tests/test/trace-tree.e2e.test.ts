import { randomBytes, randomUUID } from 'node:crypto';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startProcessSystem, type ProcessSystem } from '../src';
import { orphansOf, OtlpReceiver, SpanKinds, type ReceivedSpan } from '../src/otlp-receiver';

/**
 * The trace an SRE follows in Jaeger: the launcher's real process tree (one
 * process, so one service.name, per service) exporting with the standard
 * OpenTelemetry settings to an OTLP/HTTP JSON receiver inside the test.
 */
const receiver = new OtlpReceiver();
let system: ProcessSystem;
let api: GatewayClient;

beforeAll(async () => {
  const endpoint = await receiver.start();
  system = await startProcessSystem('trace', {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  api = new GatewayClient(system.gatewayUrl, system.apiKey);
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await receiver.stop();
});

const UUID_OR_HEX_ID = /[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16}/i;

const of = (spans: ReceivedSpan[], service: string, kind: number) => spans.filter((span) => span.service === service && span.kind === kind);
const parentOf = (spans: ReceivedSpan[], span: ReceivedSpan) => spans.find((candidate) => candidate.spanId === span.parentSpanId);
const isDatabaseSpan = (span: ReceivedSpan) => span.kind === SpanKinds.CLIENT && span.attributes['db.system.name'] === 'postgresql';
const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);
const databaseChildrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => childrenOf(spans, parent).filter(isDatabaseSpan);

/** A database span as the semantic conventions ask: named by its summary, with the database's attributes and no query text. */
function expectDatabaseSpan(span: ReceivedSpan | undefined, summary: string): void {
  expect(span).toMatchObject({ kind: SpanKinds.CLIENT, name: summary });
  const [operation, collection] = summary.split(' ');
  expect(span!.attributes).toMatchObject({
    'db.system.name': 'postgresql',
    'db.query.summary': summary,
    'db.operation.name': operation,
    'db.collection.name': collection,
    'db.namespace': expect.any(String),
    'server.address': expect.any(String),
    'server.port': expect.any(Number),
  });
  expect(span!.attributes['db.query.text']).toBeUndefined();
}

/** Waits until the trace holds what `complete` asks and every span's parent has arrived (exporters batch). */
/** The trace's spans, each service by its short name (`atalaia-gateway` → `gateway`). */
const traceSpans = (traceId: string) => receiver.trace(traceId).map((span) => ({ ...span, service: span.service.replace(/^atalaia-/, '') }));

async function completeTrace(traceId: string, complete: (spans: ReceivedSpan[]) => boolean, entries = 1): Promise<ReceivedSpan[]> {
  try {
    return await waitFor(
      async () => {
        const spans = traceSpans(traceId);
        const unparented = orphansOf(spans).length + spans.filter((span) => span.parentSpanId === '').length;
        return complete(spans) && unparented === entries && spans;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: `trace ${traceId} complete` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; spans so far:\n${describe(traceSpans(traceId))}`);
  }
}

function describe(spans: ReceivedSpan[]): string {
  return spans.map((span) => `${span.service} ${span.kind} ${span.name} ${span.spanId} <- ${span.parentSpanId}`).join('\n');
}

/** Each consumer's span continues the producer span of the message it processed. */
function expectConsumersUnderProducers(spans: ReceivedSpan[]): void {
  for (const consumer of spans.filter((span) => span.kind === SpanKinds.CONSUMER)) {
    const destination = consumer.attributes['messaging.destination.name'];
    expect(consumer.name).toBe(`process ${destination}`);
    expect(consumer.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.operation.name': 'process' });
    expect(consumer.attributes['messaging.consumer.group.name']).toEqual(expect.any(String));
    expect(consumer.attributes['messaging.destination.partition.id']).toEqual(expect.any(String));
    expect(consumer.attributes['messaging.message.id']).toEqual(expect.any(String));
    const producer = parentOf(spans, consumer)!;
    expect(producer).toMatchObject({ service: 'relay', kind: SpanKinds.PRODUCER, name: `send ${destination}` });
    expect(producer.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': destination,
      'messaging.message.id': consumer.attributes['messaging.message.id'],
    });
    expect(producer.attributes['messaging.kafka.message.key']).toEqual(expect.any(String));
  }
}

function expectShortStableNames(spans: ReceivedSpan[]): void {
  for (const span of spans) {
    expect(span.name.length).toBeLessThanOrEqual(60);
    expect(span.name).not.toMatch(UUID_OR_HEX_ID);
  }
}

/** Services with a span of `kind` in the trace. */
const servicesWith = (spans: ReceivedSpan[], kind: number) => new Set(spans.filter((span) => span.kind === kind).map((span) => span.service));

let occurrenceId: string;
let dispatchId: string;

/**
 * The spine every command's trace shares: one root (the gateway's server span,
 * named by method and route), no orphans, the accept span, the relay's send of
 * the command, and the consuming service's `process <commands topic>` span with
 * its transaction's database spans, among them the aggregate's own table.
 */
async function expectCommandTree(traceId: string, route: string, consumer: 'occurrence' | 'dispatch', consumers: string[]): Promise<ReceivedSpan[]> {
  const spans = await completeTrace(traceId, (found) => {
    const consuming = servicesWith(found, SpanKinds.CONSUMER);
    return consumers.every((service) => consuming.has(service));
  });
  expect(orphansOf(spans)).toEqual([]);
  const [root, ...others] = spans.filter((span) => span.parentSpanId === '');
  expect(others).toEqual([]);
  expect(root).toMatchObject({ service: 'gateway', kind: SpanKinds.SERVER, name: route });
  const accept = childrenOf(spans, root!).find((span) => span.name === 'accept command')!;
  const send = of(spans, 'relay', SpanKinds.PRODUCER).find((span) => span.parentSpanId === accept.spanId)!;
  const [processCommand, ...again] = childrenOf(spans, send).filter((span) => span.service === consumer && span.kind === SpanKinds.CONSUMER);
  expect(again).toEqual([]);
  expect(processCommand!.attributes['messaging.destination.name']).toMatch(new RegExp(`${consumer}\\.commands`));
  expect(processCommand!.name).toBe(`process ${processCommand!.attributes['messaging.destination.name']}`);
  const statements = databaseChildrenOf(spans, processCommand!).map((span) => span.name);
  expect(statements).toEqual(expect.arrayContaining(['BEGIN', 'COMMIT', expect.stringMatching(new RegExp(`^(SELECT|UPDATE|INSERT) ${consumer === 'occurrence' ? 'occurrences' : 'dispatches'}`))]));
  expectConsumersUnderProducers(spans);
  expectShortStableNames(spans);
  return spans;
}

test('when an occurrence is created, then one connected trace runs from the gateway through the relay to every consumer, with database spans', async () => {
  const commandId = await api.send('POST', '/api/integrations/occurrences', {
    externalId: `EXT-${randomUUID()}`,
    type: 'incendio_urbano',
    description: 'Incêndio em residência',
    reportedAt: '2026-02-01T14:32:00-03:00',
  });
  const command = await api.settle(commandId);
  expect(command.status).toBe('processed');
  occurrenceId = command.result.occurrenceId;
  expect(command.traceId).toMatch(/^[0-9a-f]{32}$/);

  const spans = await expectCommandTree(command.traceId, 'POST /api/integrations/occurrences', 'occurrence', ['occurrence', 'audit', 'dispatch', 'gateway']);

  expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway', 'relay', 'occurrence', 'audit', 'dispatch']));
  const root = spans.find((span) => span.parentSpanId === '');
  expect(root!.attributes).toMatchObject({
    'http.request.method': 'POST',
    'http.route': '/api/integrations/occurrences',
    'url.path': '/api/integrations/occurrences',
    'http.response.status_code': 202,
    'server.address': expect.any(String),
  });

  const [accept] = of(spans, 'gateway', SpanKinds.INTERNAL).filter((span) => span.name === 'accept command');
  expect(accept?.parentSpanId).toBe(root!.spanId);
  const acceptStatement = spans.find((span) => isDatabaseSpan(span) && span.parentSpanId === accept!.spanId)!;
  expect(acceptStatement.service).toBe('gateway');
  expect(acceptStatement.name).toMatch(/^INSERT (commands outbox_messages|outbox_messages commands)$/);
  expect(acceptStatement.attributes).toMatchObject({ 'db.operation.name': 'INSERT', 'db.query.summary': acceptStatement.name, 'db.namespace': expect.any(String), 'server.port': expect.any(Number) });
  // Prisma runs the accept statement inside its own span: no second database span under it.
  expect(childrenOf(spans, acceptStatement)).toEqual([]);
  const commandSend = of(spans, 'relay', SpanKinds.PRODUCER).find((span) => span.parentSpanId === accept!.spanId);
  expect(commandSend).toBeDefined();

  expect(new Set(spans.map((span) => span.kind))).toEqual(new Set(Object.values(SpanKinds)));
  expect(receiver.unreadable).toEqual([]);
});

test('when a unit is dispatched, then its trace runs through the dispatch service, its database work and the consumers of its events', async () => {
  expect(occurrenceId).toBeDefined();
  await api.ensureUnit('ABT-12');
  const command = await api.settle(await api.send('POST', `/api/occurrences/${occurrenceId}/dispatches`, { resourceCode: 'ABT-12' }));
  expect(command.status).toBe('processed');
  dispatchId = command.result.dispatchId;

  const spans = await expectCommandTree(command.traceId, 'POST /api/occurrences/:id/dispatches', 'dispatch', ['dispatch', 'audit', 'gateway']);
  const root = spans.find((span) => span.parentSpanId === '');
  expect(root!.attributes).toMatchObject({ 'http.route': '/api/occurrences/:id/dispatches', 'url.path': `/api/occurrences/${occurrenceId}/dispatches` });
  expect(of(spans, 'relay', SpanKinds.PRODUCER).length).toBeGreaterThanOrEqual(2);
});

test.each([
  ['dispatch.update_status', 'PATCH', () => `/api/dispatches/${dispatchId}/status`, { status: 'en_route' }, 'PATCH /api/dispatches/:id/status', 'dispatch'],
  ['dispatch.close', 'POST', () => `/api/dispatches/${dispatchId}/close`, { reason: 'Retorno à base' }, 'POST /api/dispatches/:id/close', 'dispatch'],
  ['occurrence.start', 'POST', () => `/api/occurrences/${occurrenceId}/start`, undefined, 'POST /api/occurrences/:id/start', 'occurrence'],
  ['occurrence.resolve', 'POST', () => `/api/occurrences/${occurrenceId}/resolve`, { note: 'Fogo extinto' }, 'POST /api/occurrences/:id/resolve', 'occurrence'],
] as const)('when the %s command is processed, then it makes one connected trace through its consumer and that consumer\'s database work', async (_type, method, path, body, route, consumer) => {
  expect(dispatchId).toBeDefined();
  const command = await api.settle(await api.send(method, path(), body));
  expect(command.status).toBe('processed');

  await expectCommandTree(command.traceId, route, consumer, consumer === 'occurrence' ? ['occurrence', 'audit', 'dispatch', 'gateway'] : ['dispatch', 'audit', 'gateway']);
});

test('when an occurrence is cancelled, then the cancel makes one connected trace through the occurrence service and the consumers of its event', async () => {
  const reported = await api.createOccurrence();
  const command = await api.settle(await api.send('POST', `/api/occurrences/${reported}/cancel`, { reason: 'Trote' }));
  expect(command.status).toBe('processed');

  await expectCommandTree(command.traceId, 'POST /api/occurrences/:id/cancel', 'occurrence', ['occurrence', 'audit', 'dispatch', 'gateway']);
});

test('when an occurrence is read through the gateway, then the caller\'s trace goes on through the gateway\'s client spans to the owning services\' server spans', async () => {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');

  const answer = await api.request('GET', `/api/occurrences/${occurrenceId}`, { headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
  expect(answer.status).toBe(200);

  const spans = await completeTrace(traceId, (found) => ['occurrence', 'dispatch'].every((service) => found.some((span) => span.service === service && isDatabaseSpan(span))));
  const [entry, ...others] = orphansOf(spans);
  expect(others).toEqual([]);
  expect(entry).toMatchObject({ service: 'gateway', kind: SpanKinds.SERVER, name: 'GET /api/occurrences/:id', parentSpanId: callerSpanId });
  expect(entry!.attributes).toMatchObject({ 'http.route': '/api/occurrences/:id', 'http.response.status_code': 200 });
  const [served] = of(spans, 'occurrence', SpanKinds.SERVER);
  expect(served).toMatchObject({ name: 'GET /api/occurrences/:id' });
  expect(served!.attributes).toMatchObject({ 'http.response.status_code': 200, 'url.path': `/api/occurrences/${occurrenceId}` });
  const call = parentOf(spans, served!)!;
  expect(call).toMatchObject({ service: 'gateway', kind: SpanKinds.CLIENT, name: 'GET', parentSpanId: entry!.spanId });
  expect(call.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.full': expect.stringContaining(`/api/occurrences/${occurrenceId}`) });
  expectDatabaseSpan(databaseChildrenOf(spans, served!)[0], 'SELECT occurrences');
  const [listed] = of(spans, 'dispatch', SpanKinds.SERVER);
  expect(listed).toMatchObject({ name: 'GET /api/occurrences/:id/dispatches' });
  expectDatabaseSpan(databaseChildrenOf(spans, listed!)[0], 'SELECT dispatches');
  expectShortStableNames(spans);
});

test('when occurrences are listed or a command is read, then the owning service\'s server span holds its Prisma query\'s database span', async () => {
  const traceparent = (traceId: string) => ({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
  const listTrace = randomBytes(16).toString('hex');
  const commandTrace = randomBytes(16).toString('hex');

  const list = await api.request('GET', '/api/occurrences?limit=5', { headers: traceparent(listTrace) });
  const commands = await api.request('GET', '/api/commands?limit=5', { headers: traceparent(commandTrace) });
  expect([list.status, commands.status]).toEqual([200, 200]);

  const listSpans = await completeTrace(listTrace, (found) => found.some((span) => span.service === 'occurrence' && isDatabaseSpan(span)));
  const [served] = of(listSpans, 'occurrence', SpanKinds.SERVER);
  expect(served).toMatchObject({ name: 'GET /api/occurrences' });
  expectDatabaseSpan(databaseChildrenOf(listSpans, served!).find((span) => span.name === 'SELECT occurrences'), 'SELECT occurrences');
  const commandSpans = await completeTrace(commandTrace, (found) => found.some((span) => span.service === 'gateway' && isDatabaseSpan(span)));
  const [entry] = orphansOf(commandSpans);
  expect(entry).toMatchObject({ service: 'gateway', kind: SpanKinds.SERVER, name: 'GET /api/commands' });
  expectDatabaseSpan(databaseChildrenOf(commandSpans, entry!).find((span) => span.name === 'SELECT commands'), 'SELECT commands');
});
