import { createConnection } from 'node:net';
import { waitFor } from '@atalaia/testing';
import { startProcessSystem, type ProcessSystem } from '../src';

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** `npm start`'s launcher as a real process tree against the run's PostgreSQL and Kafka. */
describe('local system launcher (npm start)', () => {
  let system: ProcessSystem;

  beforeAll(async () => {
    system = await startProcessSystem('launcher');
  });

  afterAll(async () => {
    if (system.launcher.exitCode === null) await system.stop();
  });

  it('when started, then it prints one ready line naming the gateway and the API key given in API_KEY, and every service runs as its own process', async () => {
    expect(system.output).toContain(`[atalaia] ready — gateway ${system.gatewayUrl}  API key: cbm_prova_2026_key  (Ctrl+C stops everything)`);
    const pids = ['gateway', 'occurrence', 'dispatch', 'audit', 'relay'].map((service) => system.pidOf(service));
    expect(new Set(pids).size).toBe(5);
    expect((await fetch(`${system.gatewayUrl}/health/ready`)).status).toBe(200);
  });

  it('when the seed request is sent to the gateway process, then the other processes process it', async () => {
    const headers = { 'X-API-Key': system.apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': 'launcher-seed' };
    const body = JSON.stringify({
      externalId: 'EXT-2026-000123',
      type: 'incendio_urbano',
      description: 'Incêndio em residência',
      reportedAt: '2026-02-01T14:32:00-03:00',
    });
    const accepted = await fetch(`${system.gatewayUrl}/api/integrations/occurrences`, { method: 'POST', headers, body });
    expect(accepted.status).toBe(202);

    const command = await waitFor(async () => {
      const answer = (await (await fetch(`${system.gatewayUrl}${accepted.headers.get('location')}`, { headers })).json()) as { status: string };
      return answer.status !== 'pending' && answer;
    }, { description: 'the command to be processed' });
    expect(command).toMatchObject({ status: 'processed', result: { outcome: 'created' } });
  });

  it('when it receives SIGTERM, then it stops every service process and exits 0', async () => {
    const pids = ['gateway', 'occurrence', 'dispatch', 'audit', 'relay'].map((service) => system.pidOf(service));

    expect(await system.stop()).toBe(0);

    expect(system.output).toContain('[atalaia] stopped');
    expect(await Promise.all(system.ports.map(portIsOpen))).toEqual([false, false, false, false, false]);
    expect(pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } })).toEqual([]);
  });
});
