import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { startTelemetry } from '@atalaia/telemetry';
import { hostileRequests, startInProcessSystem, type HostileRequest, type InProcessSystem } from '../src';

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

  beforeAll(async () => {
    system = await startInProcessSystem('fuzz');
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  it('when they are sent, then none gets a 5xx, every refusal is problem+json with a code, and only accepted ones are stored', async () => {
    const requests = hostileRequests(system.apiKey, COUNT, SEED);
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
    const { rows } = await client.query('SELECT (SELECT count(*) FROM commands)::int AS commands, (SELECT count(*) FROM outbox_messages)::int AS outbox');
    await client.end();
    expect(rows[0]).toEqual({ commands: accepted.length, outbox: accepted.length });
    expect(answers.length).toBeGreaterThanOrEqual(2000);
  });
});
