import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createTempDir } from '../src';
import { ServiceSupervisor } from '../src/service-supervisor';

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(50);
  }
}

describe('service supervisor (npm start)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await createTempDir('atalaia-supervisor-');
    // Lives until killed; answers nothing, which is all the supervisor needs here.
    await writeFile(join(dir, 'steady.mjs'), 'setInterval(() => {}, 1000);\n');
    await writeFile(join(dir, 'crashing.mjs'), 'process.exit(3);\n');
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const service = (name: string, entry: string) => ({ name, entry, cwd: dir, env: {}, readyUrl: 'http://127.0.0.1:1/unused' });

  it('when a service process is killed, then it is restarted and the restart is logged', async () => {
    const lines: string[] = [];
    const supervisor = new ServiceSupervisor([service('steady', 'steady.mjs')], { log: (line) => lines.push(line), onGiveUp: () => undefined });
    supervisor.start();
    try {
      await until(() => lines.some((line) => line.startsWith('▶ steady started')));
      const pid = Number(/pid (\d+)/.exec(lines[0]!)![1]);
      await delay(300);
      expect(() => process.kill(pid, 0)).not.toThrow();

      process.kill(pid, 'SIGKILL');

      await until(() => lines.filter((line) => line.startsWith('▶ steady started')).length === 2);
      expect(lines).toContainEqual(expect.stringMatching(/^↻ steady died \(signal SIGKILL\); restarting in \d+ ms/));
      const restartedPid = Number(/pid (\d+)/.exec(lines.filter((line) => line.startsWith('▶'))[1]!)![1]);
      expect(restartedPid).not.toBe(pid);
      expect(() => process.kill(restartedPid, 0)).not.toThrow();
    } finally {
      await supervisor.stop();
    }
  });

  it('when a service keeps crashing, then the supervisor gives up with a clear message after the allowed crashes', async () => {
    const lines: string[] = [];
    let gaveUp: string | undefined;
    const supervisor = new ServiceSupervisor([service('crashing', 'crashing.mjs')], {
      log: (line) => lines.push(line),
      onGiveUp: (name) => (gaveUp = name),
      maxCrashes: 3,
      crashWindowMs: 60_000,
    });
    supervisor.start();
    try {
      await until(() => gaveUp !== undefined);
      expect(gaveUp).toBe('crashing');
      expect(lines.filter((line) => line.startsWith('▶ crashing started'))).toHaveLength(4);
      expect(lines.at(-1)).toMatch(/^✖ crashing crashed 4 times within 60s \(last: exit code 3\); giving up$/);
    } finally {
      await supervisor.stop();
    }
  });
});
