import { randomBytes } from 'node:crypto';
import { createPostgresPool, databaseEndpointOf } from '@atalaia/database';
import { KafkaReadinessCheck } from '@atalaia/kafka';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import { createLogger } from '@atalaia/telemetry';
import type { GatewayConfig } from './config';
import { createCommandResultConsumer } from './consumers/command-result-consumer';
import { PipelineOperations } from './operations/pipeline-operations';
import { LiveEventFeed } from './consumers/live-event-feed';
import { CommandCompletions } from './domain/command-completions';
import { ApiClientStore } from './db/api-client-store';
import { CommandStore } from './db/command-store';
import { ConsoleSessionStore } from './db/console-session-store';
import { createGatewayPrisma } from './db/prisma';
import { RateLimitStore } from './db/rate-limit-store';
import { gatewayRetentionRules } from './db/retention-rules';
import { LiveEventHub } from './domain/live-event-hub';
import {
  DevelopmentKeyResolver,
  developmentClient,
  developmentOperator,
  ResolverChain,
  StoredClientResolver,
  type ApiClientResolver,
} from './http/api-client-resolvers';
import { buildGatewayApp } from './http/build-app';
import { defaultConsoleDist } from './http/console-static';
import { ConsoleSessions } from './http/console-sessions';
import { argon2PasswordHasher } from './accounts/password-hashing';
import { PasswordSignIn } from './accounts/password-sign-in';
import { UserStore } from './db/user-store';
import { AccountAdministration } from './accounts/account-administration';
import { AccountAudit } from './accounts/account-audit';
import { AccessContextSigner } from '@atalaia/http';
import { SingleSignOn } from './accounts/single-sign-on';
import { LiveStreams } from './http/stream-route';
import { RateLimitCounter } from './http/rate-limit-counter';

export type RunningGateway = RunningServiceHost;

/**
 * Connections in the gateway's one pool. Accepts share a few statements
 * (group commit) but a batch that fails is retried one request at a time, up
 * to a batch's worth at once; command reads, the result consumer (one per
 * batch), the rate-limit flush, API-client lookups, the retention purge and
 * readiness probes take the rest.
 */
const DATABASE_POOL_SIZE = 40;

/** The live stream's replay window, and how long it keeps recording after its last subscriber left (see LiveEventHub). */
const LIVE_EVENT_CAPACITY = 10_000;
const LIVE_EVENT_IDLE_GRACE_MS = 60_000;

/** Names this process's live stream: event ids of an earlier run or another instance are not replayable here. */
const instanceEpoch = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Wires and starts the gateway: public HTTP API, command-result consumer, retention purge. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const databaseLogger = createLogger('gateway', config.LOG_LEVEL).child({ component: 'database' });
  const pool = createPostgresPool(config.DATABASE_URL, {
    max: DATABASE_POOL_SIZE,
    onIdleError: (error) => databaseLogger.warn({ err: error }, 'an idle database connection failed; the pool dropped it'),
  });
  const prisma = createGatewayPrisma(pool);
  const users = new UserStore(prisma);
  const store = new CommandStore(
    prisma,
    { onBatchFailure: (error, items) => databaseLogger.warn({ err: error, items }, 'a batch of accepts failed as a whole; each is retried alone') },
    databaseEndpointOf(pool),
  );
  return startServiceHost({
    name: 'gateway',
    config,
    database: prisma,
    pool,
    retentionRules: gatewayRetentionRules,
    topics: (topics) => [
      topics.commandResults,
      topics.occurrenceCommands,
      topics.dispatchCommands,
      topics.unitCommands,
      topics.occurrenceEvents,
      topics.dispatchEvents,
      topics.unitEvents,
      // Account changes and sign-ins are audited from the gateway's own outbox.
      topics.auditEvents,
    ],
    consumers: (context) => [createCommandResultConsumer({ ...context, pool })],
    buildApp: async ({ logger, kafka, topics, topicNamespace }, healthChecks) => {
      const kafkaReadiness = new KafkaReadinessCheck(kafka);
      const operations = new PipelineOperations({ kafka, topics, topicNamespace: config.KAFKA_TOPIC_NAMESPACE, relayServiceUrl: config.RELAY_SERVICE_URL });
      const resolvers: ApiClientResolver[] = [new StoredClientResolver(new ApiClientStore(prisma), logger)];
      if (config.API_KEY) resolvers.push(new DevelopmentKeyResolver(config.API_KEY, developmentClient(config.DEV_AGENCY_ID)));
      if (config.OPERATOR_API_KEY) resolvers.push(new DevelopmentKeyResolver(config.OPERATOR_API_KEY, developmentOperator(config.OPERATOR_AGENCY_ID)));
      const resolver = new ResolverChain(resolvers);
      const hub = new LiveEventHub({ capacity: LIVE_EVENT_CAPACITY, epoch: instanceEpoch(), idleGraceMs: LIVE_EVENT_IDLE_GRACE_MS });
      const completions = new CommandCompletions();
      const feed = new LiveEventFeed({ kafka, topics, topicNamespace, logger, hub, completions, instanceId: hub.epoch });
      // Joins its group while the app is built; awaited (and so its failure reported) below.
      const feedStarted = feed.start();
      feedStarted.catch(() => undefined);
      const rateLimitCounter = new RateLimitCounter(new RateLimitStore(prisma), {
        windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
        flushIntervalMs: config.RATE_LIMIT_FLUSH_INTERVAL_MS,
        onFlushError: (error) => logger.warn({ err: error }, 'could not add rate-limit counts; will retry'),
      });
      const accounts = new AccountAdministration(prisma, argon2PasswordHasher(), new AccountAudit(topics.auditEvents));
      if (config.DEV_ADMIN_PASSWORD && (await accounts.ensureDevelopmentAdministrator(config.DEV_AGENCY_ID, config.DEV_ADMIN_LOGIN, config.DEV_ADMIN_PASSWORD))) {
        logger.info({ login: config.DEV_ADMIN_LOGIN, agencyId: config.DEV_AGENCY_ID }, 'development administrator created');
      }
      const app = await buildGatewayApp({
        logger,
        store,
        resolver,
        authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
        topics,
        idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
        occurrenceServiceUrl: config.OCCURRENCE_SERVICE_URL,
        dispatchServiceUrl: config.DISPATCH_SERVICE_URL,
        auditServiceUrl: config.AUDIT_SERVICE_URL,
        accessContext: new AccessContextSigner(config.ACCESS_CONTEXT_SIGNING_KEY),
        operations,
        rateLimit: {
          counter: rateLimitCounter,
          defaultPerMinute: config.RATE_LIMIT_PER_MINUTE,
          windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        },
        healthChecks: { ...healthChecks, kafka: kafkaReadiness.isReachable },
        completions,
        accounts,
        console: {
          sessions: new ConsoleSessions(new ConsoleSessionStore(prisma), resolver, { ttlSeconds: config.CONSOLE_SESSION_TTL_SECONDS, users }),
          passwordSignIn: new PasswordSignIn(users, argon2PasswordHasher()),
          singleSignOn: new SingleSignOn(prisma),
          publicUrl: config.PUBLIC_URL ?? null,
          cookieSecure: config.CONSOLE_COOKIE_SECURE,
          jaegerUrl: config.CONSOLE_JAEGER_URL ?? null,
          distDir: config.CONSOLE_DIST_DIR ?? defaultConsoleDist(),
          hub,
          streams: new LiveStreams(),
        },
      });
      app.addHook('onClose', () => feed.stop());
      await feedStarted;
      rateLimitCounter.start();
      app.addHook('onClose', () => kafkaReadiness.close());
      app.addHook('onClose', () => operations.close());
      app.addHook('onClose', () => rateLimitCounter.stop());
      return app;
    },
  });
}
