import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { configFields, loadConfig } from '@atalaia/config';
import { applyMigrations } from '@atalaia/database';
import { postgresDurabilities, startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
import { jaegerReadyLine, otlpExportEnvironment } from './jaeger-config';
import { startJaeger, type RunningJaeger } from './jaeger-server';
import { startKafkaBroker, type RunningKafkaBroker } from './kafka-broker';
import { findRepoRoot } from './repo-root';
import { gatewayListing, instanceCountsSchema, peerOf, planInstances, type ServiceInstance } from './service-instances';
import { ServiceSupervisor, type SupervisedService } from './service-supervisor';

const repoRoot = findRepoRoot();
const databaseServices = ['gateway', 'occurrence', 'dispatch', 'audit'] as const;
type DatabaseService = (typeof databaseServices)[number];

const optionalUrl = z.string().regex(/^postgres(ql)?:\/\//).optional();
const systemConfigSchema = z.object({
  HOST: configFields.host(),
  PORT: configFields.port(8000),
  API_KEY: configFields.developmentApiKey(),
  OPERATOR_API_KEY: configFields.developmentApiKey(),
  OPERATOR_AGENCY_ID: z.string().regex(/^[a-z0-9-]{1,64}$/).default('central'),
  /** The agency of API_KEY and of the development administrator. */
  DEV_AGENCY_ID: z.string().regex(/^[a-z0-9-]{1,64}$/).default('dev-agency'),
  /** The key the gateway signs access contexts with for the services; generated once and kept in the data dir when unset. */
  ACCESS_CONTEXT_SIGNING_KEY: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(32).optional()),
  /** The development administrator's password; generated once and kept in the data dir when unset. */
  DEV_ADMIN_PASSWORD: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(12).max(128).optional()),
  DATABASE_URL: optionalUrl,
  GATEWAY_DATABASE_URL: optionalUrl,
  OCCURRENCE_DATABASE_URL: optionalUrl,
  DISPATCH_DATABASE_URL: optionalUrl,
  AUDIT_DATABASE_URL: optionalUrl,
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace(),
  ATALAIA_DATA_DIR: z.string().default(join(repoRoot, '.atalaia', 'data')),
  ATALAIA_POSTGRES_PORT: configFields.port(55432),
  /** `durable` (default) or `fast` (fsync, synchronous_commit and full_page_writes off: tests and throwaway data only). */
  ATALAIA_POSTGRES_DURABILITY: z.enum(postgresDurabilities).default('durable'),
  ATALAIA_KAFKA_PORT: configFields.port(19092),
  ATALAIA_KAFKA_CONTROLLER_PORT: configFields.port(19093),
  OCCURRENCE_PORT: configFields.port(8101),
  DISPATCH_PORT: configFields.port(8102),
  AUDIT_PORT: configFields.port(8103),
  RELAY_PORT: configFields.port(8104),
  /** `<service>=<count>` pairs, e.g. `gateway=2,relay=2`; a service not named runs once. */
  ATALAIA_INSTANCES: instanceCountsSchema,
  /** Instance k of a service listens on the service's port + (k − 1) × this. */
  ATALAIA_INSTANCE_PORT_STEP: z.coerce.number().int().min(1).max(1000).default(10),
  LOG_LEVEL: configFields.logLevel(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  ATALAIA_JAEGER: z.stringbool().default(false),
  ATALAIA_JAEGER_OTLP_PORT: configFields.port(4318),
  ATALAIA_JAEGER_OTLP_GRPC_PORT: configFields.port(4317),
  ATALAIA_JAEGER_QUERY_PORT: configFields.port(16686),
});
type SystemConfig = z.infer<typeof systemConfigSchema>;

const say = (line: string) => process.stdout.write(`[atalaia] ${line}\n`);

/**
 * A development key: `given` when set, else one generated once and kept in
 * `fileName` in the data dir. The `atalaia_dev_` prefix is what the log
 * scrubber recognises.
 */
async function developmentKey(config: SystemConfig, given: string | undefined, fileName: string, kind: string): Promise<string> {
  return given ?? developmentSecret(config, fileName, () => `atalaia_dev_${kind}${randomBytes(18).toString('base64url')}`);
}

interface DevelopmentKeys {
  apiKey: string;
  operatorKey: string;
  /** The console's first account, `admin` (agency administrator, supervisor and auditor of the development agency). */
  adminPassword: string;
  /** Shared by the gateway (it signs the access context of every read it forwards) and the services (they check it). */
  accessContextKey: string;
}

/**
 * The agency-scoped development key (API_KEY, as in the seeds), the console's
 * operator key (OPERATOR_API_KEY: every scope) and the development
 * administrator's password (DEV_ADMIN_PASSWORD).
 */
async function developmentKeys(config: SystemConfig): Promise<DevelopmentKeys> {
  return {
    apiKey: await developmentKey(config, config.API_KEY, 'dev-api-key', ''),
    operatorKey: await developmentKey(config, config.OPERATOR_API_KEY, 'dev-operator-key', 'op_'),
    adminPassword: config.DEV_ADMIN_PASSWORD ?? (await developmentSecret(config, 'dev-admin-password', () => randomBytes(18).toString('base64url'))),
    accessContextKey: config.ACCESS_CONTEXT_SIGNING_KEY ?? (await developmentSecret(config, 'access-context-signing-key', () => randomBytes(32).toString('base64url'))),
  };
}

/** A secret generated once and kept (mode 0600) in `fileName` in the data dir. */
async function developmentSecret(config: SystemConfig, fileName: string, generate: () => string): Promise<string> {
  const file = join(config.ATALAIA_DATA_DIR, fileName);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = generate();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function databaseUrlFor(config: SystemConfig, service: DatabaseService, postgres?: RunningPostgres): string {
  const explicit = config[`${service.toUpperCase() as Uppercase<DatabaseService>}_DATABASE_URL`];
  if (explicit) return explicit;
  if (postgres) return postgres.url(`atalaia_${service}`);
  const url = new URL(config.DATABASE_URL!);
  url.pathname = `/atalaia_${service}`;
  return url.toString();
}

async function main(): Promise<void> {
  const config = loadConfig(systemConfigSchema);
  await mkdir(config.ATALAIA_DATA_DIR, { recursive: true });
  const needsPostgres = !config.DATABASE_URL && databaseServices.some((service) => !config[`${service.toUpperCase() as Uppercase<DatabaseService>}_DATABASE_URL`]);

  let postgres: RunningPostgres | undefined;
  let kafka: RunningKafkaBroker | undefined;
  let jaeger: RunningJaeger | undefined;
  let supervisor: ServiceSupervisor | undefined;
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await supervisor?.stop();
    await kafka?.stop();
    await postgres?.stop();
    await jaeger?.stop();
    say('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // Kafka takes longest to boot: it starts first, and PostgreSQL and the migrations happen meanwhile.
  let kafkaStarting: Promise<unknown> | undefined;
  let jaegerStarting: Promise<unknown> | undefined;
  try {
    const instances = planInstances(
      config.ATALAIA_INSTANCES,
      { occurrence: config.OCCURRENCE_PORT, dispatch: config.DISPATCH_PORT, audit: config.AUDIT_PORT, relay: config.RELAY_PORT, gateway: config.PORT },
      config.ATALAIA_INSTANCE_PORT_STEP,
    );
    if (!config.KAFKA_BROKERS) {
      say(`starting Kafka (KRaft) on 127.0.0.1:${config.ATALAIA_KAFKA_PORT} — the first run fetches its jars with Maven`);
      kafkaStarting = startKafkaBroker({
        dataDir: join(config.ATALAIA_DATA_DIR, 'kafka'),
        port: config.ATALAIA_KAFKA_PORT,
        controllerPort: config.ATALAIA_KAFKA_CONTROLLER_PORT,
      }).then((broker) => (kafka = broker));
      // Handled here so a failure while PostgreSQL starts is not an unhandled rejection; awaited below.
      kafkaStarting.catch(() => undefined);
    }
    if (config.ATALAIA_JAEGER) {
      // Its first run builds it with Go for minutes: that happens while the rest starts.
      jaegerStarting = startJaeger({
        dataDir: join(config.ATALAIA_DATA_DIR, 'jaeger'),
        otlpHttpPort: config.ATALAIA_JAEGER_OTLP_PORT,
        queryPort: config.ATALAIA_JAEGER_QUERY_PORT,
        otlpGrpcPort: config.ATALAIA_JAEGER_OTLP_GRPC_PORT,
        onBuildStart: say,
      }).then((started) => (jaeger = started));
      jaegerStarting.catch(() => undefined);
    }
    if (needsPostgres) {
      const durability = config.ATALAIA_POSTGRES_DURABILITY;
      const warning = durability === 'fast' ? ' — fsync off: a power loss can lose or corrupt this data' : '';
      say(`starting embedded PostgreSQL on 127.0.0.1:${config.ATALAIA_POSTGRES_PORT} (${durability}${warning})`);
      postgres = await startEmbeddedPostgres({ dataDir: join(config.ATALAIA_DATA_DIR, 'postgres'), port: config.ATALAIA_POSTGRES_PORT, durability });
    }
    const databaseUrls = Object.fromEntries(
      await Promise.all(
        databaseServices.map(async (service) => {
          if (postgres) await postgres.createDatabase(`atalaia_${service}`);
          const url = databaseUrlFor(config, service, postgres);
          await applyMigrations(url, join(repoRoot, 'services', service, 'prisma', 'migrations'));
          return [service, url];
        }),
      ),
    ) as Record<DatabaseService, string>;
    await kafkaStarting;
    await jaegerStarting;

    const keys = await developmentKeys(config);
    const services = describeServices(config, instances, databaseUrls, kafka?.brokers.join(',') ?? config.KAFKA_BROKERS!, keys, jaeger);
    supervisor = new ServiceSupervisor(services, { log: say, onGiveUp: () => void stopAll(1) });
    supervisor.start();
    await supervisor.waitUntilReady(120_000);
    // The console and Jaeger lines come first: whoever waits for the ready line has them all.
    if (jaeger) say(jaegerReadyLine(jaeger.queryUrl, jaeger.otlpHttpUrl));
    say(`operator key for the console: ${keys.operatorKey}`);
    say(`console administrator: login admin, password ${keys.adminPassword} (agency ${config.DEV_AGENCY_ID}; unless changed since)`);
    const jaegerApi = jaeger ? `  jaeger ${jaeger.queryUrl}/api/traces` : '';
    say(`ready — ${gatewayListing(instances, config.HOST)}  console http://${config.HOST}:${config.PORT}/console/${jaegerApi}  API key: ${keys.apiKey}  (Ctrl+C stops everything)`);
  } catch (error) {
    say(`failed to start: ${(error as Error).message}`);
    // A broker still booting is stopped too, once it is up (or has failed).
    await kafkaStarting?.catch(() => undefined);
    await jaegerStarting?.catch(() => undefined);
    await stopAll(1);
  }
}

/**
 * One supervised process per instance. Instances of a service share its
 * database and its consumer groups (the group ids come from the topic
 * namespace), and relays contend for each outbox's leadership lock; only the
 * port differs, and which instance of each service a gateway calls.
 */
function describeServices(
  config: SystemConfig,
  instances: ServiceInstance[],
  databaseUrls: Record<DatabaseService, string>,
  brokers: string,
  keys: DevelopmentKeys,
  jaeger: RunningJaeger | undefined,
): SupervisedService[] {
  const common: Record<string, string> = {
    HOST: config.HOST,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_NAMESPACE: config.KAFKA_TOPIC_NAMESPACE,
    LOG_LEVEL: config.LOG_LEVEL,
    ...(config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT } : {}),
    ...(jaeger ? otlpExportEnvironment(jaeger.otlpHttpUrl) : {}),
  };
  const urlOf = (instance: ServiceInstance) => `http://${config.HOST}:${instance.port}`;
  const serviceEnv = (instance: ServiceInstance): Record<string, string> => {
    switch (instance.service) {
      case 'occurrence':
      case 'dispatch':
      case 'audit':
        return { DATABASE_URL: databaseUrls[instance.service], ACCESS_CONTEXT_SIGNING_KEY: keys.accessContextKey };
      case 'relay':
        return { OUTBOX_SOURCES: `gateway=${databaseUrls.gateway},occurrence=${databaseUrls.occurrence},dispatch=${databaseUrls.dispatch}` };
      case 'gateway':
        return {
          DATABASE_URL: databaseUrls.gateway,
          ACCESS_CONTEXT_SIGNING_KEY: keys.accessContextKey,
          API_KEY: keys.apiKey,
          OPERATOR_API_KEY: keys.operatorKey,
          OPERATOR_AGENCY_ID: config.OPERATOR_AGENCY_ID,
          DEV_AGENCY_ID: config.DEV_AGENCY_ID,
          DEV_ADMIN_PASSWORD: keys.adminPassword,
          OCCURRENCE_SERVICE_URL: urlOf(peerOf(instances, 'occurrence', instance.index)),
          DISPATCH_SERVICE_URL: urlOf(peerOf(instances, 'dispatch', instance.index)),
          AUDIT_SERVICE_URL: urlOf(peerOf(instances, 'audit', instance.index)),
          RELAY_SERVICE_URL: urlOf(peerOf(instances, 'relay', instance.index)),
          ...(jaeger ? { CONSOLE_JAEGER_URL: jaeger.queryUrl } : {}),
        };
    }
  };
  return instances.map((instance) => ({
    name: instance.name,
    entry: 'dist/main.js',
    cwd: join(repoRoot, 'services', instance.service),
    env: { ...common, PORT: String(instance.port), ...serviceEnv(instance) },
    readyUrl: `${urlOf(instance)}/health/ready`,
  }));
}

void main();
