import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { ApiClientStore, createGatewayPrisma } from '@atalaia/gateway';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import {
  countRows,
  FOREIGN_ID_FAMILY,
  GatewayClient,
  hostileRequests,
  startInProcessSystem,
  type ForeignIds,
  type HostileRequest,
  type InProcessSystem,
} from '../src';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(baseUrl: string, hostile: HostileRequest): Promise<Answer> {
  const url = new URL(hostile.path, baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method: hostile.method, path: `${url.pathname}${url.search}`, headers: hostile.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(hostile.body);
  });
}

const SEED = 20261123;
const COUNT = 2160;

describe(`gateway fuzz: ${COUNT} malformed or hostile requests (seed ${SEED})`, () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let victim: GatewayClient;
  let foreign: ForeignIds;

  beforeAll(async () => {
    system = await startInProcessSystem('fuzz');
    const prisma = createGatewayPrisma(system.databases.gateway.url);
    const { key } = await new ApiClientStore(prisma).create({
      name: 'victim',
      agencyId: 'fuzz-victim',
      scopes: ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read'],
      rateLimitPerMinute: null,
    });
    await prisma.$disconnect();
    victim = new GatewayClient(system.gatewayUrl, key);
    const occurrenceId = await victim.createOccurrence();
    const dispatched = await victim.dispatchUnit(occurrenceId, 'ABT-99');
    foreign = { occurrenceId, dispatchId: dispatched.result.dispatchId, commandId: dispatched.commandId };
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  it('when they are sent, then none gets a 5xx, every refusal is problem+json with a code, and only accepted ones are stored', async () => {
    const requests = hostileRequests(system.apiKey, COUNT, SEED, foreign);
    const answers: Array<{ hostile: HostileRequest; answer: Answer }> = [];
    for (let start = 0; start < requests.length; start += 24) {
      const batch = requests.slice(start, start + 24);
      answers.push(...(await Promise.all(batch.map(async (hostile) => ({ hostile, answer: await send(system.gatewayUrl, hostile) })))));
    }

    const serverErrors = answers.filter(({ answer }) => answer.status >= 500);
    const notProblems = answers.filter(({ answer }) => {
      if (answer.status < 400) return false;
      if (!answer.contentType?.startsWith('application/problem+json')) return true;
      const body = JSON.parse(answer.body) as { status?: number; code?: unknown };
      return body.status !== answer.status || typeof body.code !== 'string';
    });
    const accepted = answers.filter(({ answer }) => answer.status === 202);
    const byFamily = answers.reduce<Record<string, Record<number, number>>>((families, { hostile, answer }) => {
      const family = (families[hostile.label] ??= {});
      family[answer.status] = (family[answer.status] ?? 0) + 1;
      return families;
    }, {});
    process.stdout.write(`fuzz (seed ${SEED}): ${answers.length} requests, ${accepted.length} accepted\n${JSON.stringify(byFamily, null, 1)}\n`);

    expect(serverErrors.map(({ hostile, answer }) => `${hostile.label}: ${answer.status} ${answer.body.slice(0, 200)}`)).toEqual([]);
    expect(notProblems.map(({ hostile, answer }) => `${hostile.label}: ${answer.status} ${answer.contentType}`)).toEqual([]);
    const client = new pg.Client({ connectionString: system.databases.gateway.url });
    await client.connect();
    // The victim agency's own setup commands (and their outbox rows) are not the fuzzer's.
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM commands WHERE agency_id <> 'fuzz-victim')::int AS commands,
              (SELECT count(*) FROM outbox_messages WHERE payload->'actor'->>'agencyId' <> 'fuzz-victim')::int AS outbox`,
    );
    await client.end();
    expect(rows[0]).toEqual({ commands: accepted.length, outbox: accepted.length });
    expect(answers.length).toBeGreaterThanOrEqual(2000);
  });

  it("when requests aim at another agency's real ids, then reads find nothing, commands fail as for unknown ids, and its data is untouched", async () => {
    const aimed = hostileRequests(system.apiKey, COUNT, SEED, foreign).filter((hostile) => hostile.label === FOREIGN_ID_FAMILY);
    const answers = await Promise.all(aimed.map(async (hostile) => ({ hostile, answer: await send(system.gatewayUrl, hostile) })));
    const reads = answers.filter(({ hostile }) => hostile.method === 'GET');
    const commands = answers.filter(({ hostile }) => hostile.method !== 'GET');

    const leaks = reads.filter(({ answer }) => answer.status !== 404 && !/^\{"data":\[\]/.test(answer.body));
    expect(leaks.map(({ hostile, answer }) => `${hostile.path}: ${answer.status} ${answer.body.slice(0, 120)}`)).toEqual([]);
    expect(new Set(commands.map(({ answer }) => answer.status))).toEqual(new Set([202]));
    const commandIds = commands.map(({ answer }) => JSON.parse(answer.body).commandId as string);
    const idList = commandIds.map((id) => `'${id}'`).join(',');
    await waitFor(
      async () => (await countRows(system.databases.gateway.url, `SELECT count(*)::int AS n FROM commands WHERE id IN (${idList}) AND status = 'pending'`)) === 0 || undefined,
      { description: 'every command aimed at foreign ids to settle', timeoutMs: 90_000 },
    );
    const notFound = await countRows(
      system.databases.gateway.url,
      `SELECT count(*)::int AS n FROM commands WHERE id IN (${idList}) AND status = 'failed' AND error->>'code' IN ('OCCURRENCE_NOT_FOUND', 'DISPATCH_NOT_FOUND')`,
    );
    expect(notFound).toBe(commandIds.length);
    expect((await victim.get(`/api/occurrences/${foreign.occurrenceId}`)).body).toMatchObject({
      status: 'reported',
      version: 1,
      dispatches: [{ id: foreign.dispatchId, status: 'assigned' }],
    });
    expect(commands.length).toBeGreaterThan(50);
  });
});
