import path from 'node:path';
import { topicNames, type Topics } from '@atalaia/contracts';
import { loadAuditConfig, startAuditService } from '@atalaia/audit';
import { loadDispatchConfig, startDispatchService } from '@atalaia/dispatch';
import { loadGatewayConfig, startGateway } from '@atalaia/gateway';
import { loadOccurrenceConfig, startOccurrenceService } from '@atalaia/occurrence';
import { loadRelayConfig, startRelay } from '@atalaia/relay';
import { createTestDatabase, TEST_ACCESS_CONTEXT_SIGNING_KEY, type TestDatabase, testKafkaBrokers, uniqueSuffix, uniqueTopicNamespace } from '@atalaia/testing';

const servicesDir = path.resolve(__dirname, '../../../services');
const migrationsOf = (service: string) => path.join(servicesDir, service, 'prisma', 'migrations');

export interface InProcessSystem {
  gatewayUrl: string;
  /** The services behind the gateway, which only answer reads whose access context the gateway signed. */
  serviceUrls: Record<'occurrence' | 'dispatch' | 'audit', string>;
  topics: Topics;
  kafkaBrokers: string[];
  apiKey: string;
  databases: Record<'gateway' | 'occurrence' | 'dispatch' | 'audit', TestDatabase>;
  /** One more gateway instance on the same database and topics, as a horizontally scaled deployment has. */
  startAnotherGateway(): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * The whole system in this process — gateway, relay, occurrence, dispatch and
 * audit, each with its own fresh database — on the test run's real Postgres
 * and Kafka, isolated by database names and a topic namespace.
 */
export interface InfrastructureOverrides {
  /** A private PostgreSQL server (admin URL) instead of the run's shared one, e.g. to restart it. */
  postgresAdminUrl?: string;
  /** A private Kafka broker instead of the run's shared one, e.g. to stop it. */
  kafkaBrokers?: string[];
}

export async function startInProcessSystem(
  label: string,
  settings: Record<string, string> = {},
  infrastructure: InfrastructureOverrides = {},
): Promise<InProcessSystem> {
  const namespace = uniqueTopicNamespace(label);
  const [gatewayDb, occurrenceDb, dispatchDb, auditDb] = await Promise.all(
    ['gateway', 'occurrence', 'dispatch', 'audit'].map((service) =>
      createTestDatabase(`${label}_${service}`, migrationsOf(service), infrastructure.postgresAdminUrl),
    ),
  );
  const common = {
    HOST: '127.0.0.1',
    PORT: '0',
    KAFKA_BROKERS: (infrastructure.kafkaBrokers ?? testKafkaBrokers()).join(','),
    KAFKA_TOPIC_NAMESPACE: namespace,
    LOG_LEVEL: process.env.ATALAIA_TEST_LOG_LEVEL ?? 'silent',
    // Tests poll hard; rate limiting is tested with clients that carry their own limit.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ACCESS_CONTEXT_SIGNING_KEY: TEST_ACCESS_CONTEXT_SIGNING_KEY,
    ...settings,
  };
  const occurrence = await startOccurrenceService(loadOccurrenceConfig({ ...common, DATABASE_URL: occurrenceDb!.url }));
  const audit = await startAuditService(loadAuditConfig({ ...common, DATABASE_URL: auditDb!.url }));
  const dispatch = await startDispatchService(loadDispatchConfig({ ...common, DATABASE_URL: dispatchDb!.url }));
  const relay = await startRelay(
    loadRelayConfig({
      ...common,
      OUTBOX_SOURCES: `gateway=${gatewayDb!.url},occurrence=${occurrenceDb!.url},dispatch=${dispatchDb!.url}`,
      RELAY_POLL_INTERVAL_MS: '250',
    }),
  );
  const apiKey = `test-key-${uniqueSuffix()}`;
  const gatewayConfig = loadGatewayConfig({
    ...common,
    DATABASE_URL: gatewayDb!.url,
    API_KEY: apiKey,
    OCCURRENCE_SERVICE_URL: occurrence.url,
    DISPATCH_SERVICE_URL: dispatch.url,
    AUDIT_SERVICE_URL: audit.url,
    RELAY_SERVICE_URL: relay.url,
  });
  const gateway = await startGateway(gatewayConfig);
  const extraGateways: Array<{ stop(): Promise<void> }> = [];
  const databases = { gateway: gatewayDb!, occurrence: occurrenceDb!, dispatch: dispatchDb!, audit: auditDb! };
  return {
    gatewayUrl: gateway.url,
    serviceUrls: { occurrence: occurrence.url, dispatch: dispatch.url, audit: audit.url },
    topics: topicNames(namespace),
    kafkaBrokers: infrastructure.kafkaBrokers ?? testKafkaBrokers(),
    apiKey,
    databases,
    startAnotherGateway: async () => {
      const another = await startGateway(gatewayConfig);
      extraGateways.push(another);
      return another;
    },
    stop: async () => {
      await Promise.all(extraGateways.map((another) => another.stop()));
      await gateway.stop();
      await relay.stop();
      await Promise.all([occurrence.stop(), audit.stop(), dispatch.stop()]);
      await Promise.all(Object.values(databases).map((database) => database.drop()));
    },
  };
}
