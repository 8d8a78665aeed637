import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createTempDir, getFreePorts } from '@atalaia/local-stack';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';

const repoRoot = path.resolve(__dirname, '../../..');

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * The launcher behind `npm start`, run as a real process tree (one process per
 * service) against the test run's PostgreSQL and Kafka, as an operator would
 * with external DATABASE_URLs and KAFKA_BROKERS.
 */
describe('local system launcher (npm start)', () => {
  let launcher: ChildProcess;
  let output: string[];
  let databases: TestDatabase[];
  let dataDir: string;
  let ports: number[];

  beforeAll(async () => {
    databases = await Promise.all(['gateway', 'occurrence', 'dispatch', 'audit'].map((service) => createTestDatabase(`launcher_${service}`)));
    dataDir = await createTempDir('atalaia-launcher-');
    ports = await getFreePorts(5);
    const [gateway, occurrence, dispatch, audit, relay] = ports.map(String);
    output = [];
    launcher = spawn(process.execPath, ['--import', 'tsx', 'deploy/local-stack/src/start-system.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: gateway,
        OCCURRENCE_PORT: occurrence,
        DISPATCH_PORT: dispatch,
        AUDIT_PORT: audit,
        RELAY_PORT: relay,
        API_KEY: 'cbm_prova_2026_key',
        GATEWAY_DATABASE_URL: databases[0]!.url,
        OCCURRENCE_DATABASE_URL: databases[1]!.url,
        DISPATCH_DATABASE_URL: databases[2]!.url,
        AUDIT_DATABASE_URL: databases[3]!.url,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_NAMESPACE: uniqueTopicNamespace('launcher'),
        ATALAIA_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [launcher.stdout!, launcher.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  });

  afterAll(async () => {
    if (launcher.exitCode === null) launcher.kill('SIGKILL');
    await Promise.all(databases.map((database) => database.drop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when started, then it prints one ready line naming the gateway and the API key given in API_KEY', async () => {
    const ready = await waitFor(async () => output.find((line) => line.includes('ready — gateway')), {
      timeoutMs: 90_000,
      description: `the ready line; output so far:\n${output.join('\n')}`,
    });
    expect(ready).toBe(`[atalaia] ready — gateway http://127.0.0.1:${ports[0]}  API key: cbm_prova_2026_key  (Ctrl+C stops everything)`);
    expect((await fetch(`http://127.0.0.1:${ports[0]}/health/ready`)).status).toBe(200);
  });

  it('when the seed request is sent to the gateway process, then the other processes process it', async () => {
    const headers = { 'X-API-Key': 'cbm_prova_2026_key', 'Content-Type': 'application/json', 'Idempotency-Key': 'launcher-seed' };
    const body = JSON.stringify({
      externalId: 'EXT-2026-000123',
      type: 'incendio_urbano',
      description: 'Incêndio em residência',
      reportedAt: '2026-02-01T14:32:00-03:00',
    });
    const accepted = await fetch(`http://127.0.0.1:${ports[0]}/api/integrations/occurrences`, { method: 'POST', headers, body });
    expect(accepted.status).toBe(202);

    const command = await waitFor(async () => {
      const answer = (await (await fetch(`http://127.0.0.1:${ports[0]}${accepted.headers.get('location')}`, { headers })).json()) as {
        status: string;
      };
      return answer.status !== 'pending' && answer;
    }, { description: 'the command to be processed' });
    expect(command).toMatchObject({ status: 'processed', result: { outcome: 'created' } });
  });

  it('when it receives SIGTERM, then it stops every service process and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(output).toContain('[atalaia] stopped');
    const stillOpen = await Promise.all(ports.map(portIsOpen));
    expect(stillOpen).toEqual([false, false, false, false, false]);
  });
});
