import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { Client } from 'pg';
import { createTempDir, startEmbeddedPostgres, startKafkaBroker } from '../src';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'local-stack-test', brokers, logLevel: logLevel.NOTHING });
}

let root: string;

beforeAll(async () => {
  root = await createTempDir('atalaia-local-stack-');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const durabilityOf = async (client: Client) => {
  const shown: Record<string, string> = {};
  for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) shown[name] = (await client.query(`show ${name}`)).rows[0][name];
  return shown;
};

test('PostgreSQL starts durable by default, serves a database, stops without leftovers and restarts on its data, fast when asked', async () => {
  const dataDir = join(root, 'postgres');
  const postgres = await startEmbeddedPostgres({ dataDir });
  try {
    await postgres.createDatabase('local_stack_check');
    await postgres.createDatabase('local_stack_check');
    const client = new Client({ connectionString: postgres.url('local_stack_check') });
    await client.connect();
    try {
      const result = await client.query<{ one: number }>('select 1 as one');
      expect(result.rows).toEqual([{ one: 1 }]);
      const settings = await client.query<{ max_connections: string }>('show max_connections');
      expect(Number(settings.rows[0]?.max_connections)).toBeGreaterThanOrEqual(300);
      expect(await durabilityOf(client)).toEqual({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
    } finally {
      await client.end();
    }
  } finally {
    await postgres.stop();
    await postgres.stop();
  }
  expect(isAlive(postgres.pid)).toBe(false);
  expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

  const restarted = await startEmbeddedPostgres({ dataDir, port: postgres.port, durability: 'fast' });
  try {
    const client = new Client({ connectionString: restarted.url('local_stack_check') });
    await client.connect();
    expect(await durabilityOf(client)).toEqual({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
    await client.end();
    await restarted.dropDatabase('local_stack_check');
    await restarted.dropDatabase('local_stack_check');
  } finally {
    await restarted.stop();
  }
  expect(isAlive(restarted.pid)).toBe(false);
});

test('Kafka starts, round-trips messages in order, stops, and keeps its topics across a restart', async () => {
  const dataDir = join(root, 'kafka');
  const topic = 'local-stack.check';
  const broker = await startKafkaBroker({ dataDir });
  try {
    const kafka = kafkaClient(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: ['one', 'two', 'three'].map((value) => ({ value })) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'local-stack-check' });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    const allReceived = new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }: EachMessagePayload) => {
            received.push(message.value?.toString() ?? '');
            if (received.length === 3) resolve();
          },
        })
        .catch(reject);
    });
    await allReceived;
    await consumer.disconnect();
    expect(received).toEqual(['one', 'two', 'three']);
  } finally {
    await broker.stop();
    await broker.stop();
  }
  expect(isAlive(broker.pid)).toBe(false);

  const restarted = await startKafkaBroker({ dataDir, port: broker.port });
  try {
    expect(restarted.brokers).toEqual(broker.brokers);
    const admin = kafkaClient(restarted.brokers).admin();
    await admin.connect();
    await expect(admin.listTopics()).resolves.toContain(topic);
    await admin.disconnect();
  } finally {
    await restarted.stop();
  }
  expect(isAlive(restarted.pid)).toBe(false);
});
