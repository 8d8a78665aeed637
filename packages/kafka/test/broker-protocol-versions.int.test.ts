import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers, uniqueTopicNamespace, waitFor } from '@atalaia/testing';
import { ensureTopics } from '../src';

/**
 * kafkajs 2.2.4 (2023) picks min(its newest version, the broker's newest) for
 * each request and never looks at the broker's oldest one. Kafka 4 dropped old
 * request versions (KIP-896); a broker that no longer accepts the version
 * kafkajs picks closes the connection, which kafkajs reports as a network
 * error, not as "unsupported". This names every such request up front.
 */
const kafkajsRequire = createRequire(require.resolve('kafkajs'));
const Broker = kafkajsRequire('./src/broker') as { prototype: { connect(): Promise<void> } };
const { requests } = kafkajsRequire('./src/protocol/requests') as { requests: Record<string, { versions: string[] }> };
const apiKeys = kafkajsRequire('./src/protocol/requests/apiKeys') as Record<string, number>;

type BrokerVersions = Record<number, { minVersion: number; maxVersion: number }>;

/** The requests Atalaia's producers, consumer groups and admin calls send. */
const USED = [
  'ApiVersions', 'Metadata', 'Produce', 'InitProducerId', 'Fetch', 'ListOffsets',
  'GroupCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch',
  'ListGroups', 'DescribeGroups', 'CreateTopics', 'DeleteTopics',
];

/** The ApiVersions answer of the test broker, as kafkajs received it. */
async function brokerVersions(kafka: Kafka): Promise<BrokerVersions> {
  const connect = Broker.prototype.connect;
  let seen: BrokerVersions | undefined;
  Broker.prototype.connect = async function (this: { versions: BrokerVersions }) {
    await connect.call(this);
    seen = this.versions;
  };
  const admin = kafka.admin();
  try {
    await admin.connect();
  } finally {
    Broker.prototype.connect = connect;
    await admin.disconnect();
  }
  if (!seen) throw new Error('kafkajs connected without asking the broker for its API versions');
  return seen;
}

function refusedRequests(versions: BrokerVersions): string[] {
  return USED.flatMap((api) => {
    const implemented = requests[api]!.versions.map(Number);
    const broker = versions[apiKeys[api]!];
    if (!broker) return [`${api}: not served by the broker`];
    const chosen = Math.min(Math.max(...implemented), broker.maxVersion);
    return chosen < broker.minVersion ? [`${api}: kafkajs sends v${chosen}, broker accepts v${broker.minVersion}-v${broker.maxVersion}`] : [];
  });
}

describe('kafkajs against the test broker', () => {
  const kafka = new Kafka({ clientId: 'protocol-versions-test', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });

  it('when kafkajs negotiates request versions, then the broker accepts the version it picks for every request Atalaia sends', async () => {
    const versions = await brokerVersions(kafka);

    expect(refusedRequests(versions)).toEqual([]);
  });

  it('when a kafkajs consumer joins a group, then the broker runs it as a classic group the admin client can describe', async () => {
    const topic = `${uniqueTopicNamespace('protocol')}.events`;
    const groupId = `protocol-${randomUUID()}`;
    await ensureTopics(kafka, [topic], 1);
    const consumer = kafka.consumer({ groupId });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let joined = false;
      consumer.on(consumer.events.GROUP_JOIN, () => void (joined = true));
      await consumer.run({ eachMessage: async () => undefined });
      await waitFor(async () => joined, { description: 'consumer joined its group' });

      const { groups } = await admin.describeGroups([groupId]);

      expect(groups).toEqual([
        expect.objectContaining({ groupId, protocolType: 'consumer', state: 'Stable', members: [expect.objectContaining({ clientId: 'protocol-versions-test' })] }),
      ]);
    } finally {
      await consumer.disconnect();
      await admin.disconnect();
    }
  });
});
