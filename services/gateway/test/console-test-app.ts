import { topicNames } from '@atalaia/contracts';
import { AccessContextSigner } from '@atalaia/http';
import { createLogger } from '@atalaia/telemetry';
import type { FastifyInstance } from 'fastify';
import { ApiClientStore } from '../src/db/api-client-store';
import { CommandCompletions } from '../src/domain/command-completions';
import { CommandStore } from '../src/db/command-store';
import { argon2PasswordHasher } from '../src/accounts/password-hashing';
import { PasswordSignIn } from '../src/accounts/password-sign-in';
import { AccountAdministration } from '../src/accounts/account-administration';
import { AccountAudit } from '../src/accounts/account-audit';
import { SingleSignOn } from '../src/accounts/single-sign-on';
import { ConsoleSessionStore } from '../src/db/console-session-store';
import { UserStore } from '../src/db/user-store';
import type { GatewayPrisma } from '../src/db/prisma';
import { RateLimitStore } from '../src/db/rate-limit-store';
import { LiveEventHub } from '../src/domain/live-event-hub';
import { DevelopmentKeyResolver, developmentClient, developmentOperator, ResolverChain, StoredClientResolver } from '../src/http/api-client-resolvers';
import { buildGatewayApp, type GatewayAppDeps } from '../src/http/build-app';
import { ConsoleSessions } from '../src/http/console-sessions';
import { RateLimitCounter } from '../src/http/rate-limit-counter';
import { LiveStreams } from '../src/http/stream-route';

export interface ConsoleTestAppOptions {
  sessionTtlSeconds?: number;
  cookieSecure?: boolean;
  authFailuresPerMinute?: number;
  devKey?: string;
  operatorKey?: string;
  publicUrl?: string;
}

export interface ConsoleTestApp {
  app: FastifyInstance;
  /** Every log line the app wrote, at debug level. */
  logs: string[];
  close(): Promise<void>;
}

/** The gateway's HTTP app on a test database, wired as gateway-service.ts does, with its logs captured (no Kafka: nothing here consumes). */
export async function buildConsoleTestApp(prisma: GatewayPrisma, options: ConsoleTestAppOptions = {}): Promise<ConsoleTestApp> {
  const logs: string[] = [];
  const logger = createLogger('gateway', 'debug', { write: (line: string) => void logs.push(line) });
  const resolver = new ResolverChain([
    new StoredClientResolver(new ApiClientStore(prisma), logger),
    ...(options.devKey ? [new DevelopmentKeyResolver(options.devKey, developmentClient('dev-agency'))] : []),
    ...(options.operatorKey ? [new DevelopmentKeyResolver(options.operatorKey, developmentOperator('central'))] : []),
  ]);
  const counter = new RateLimitCounter(new RateLimitStore(prisma), { windowMs: 60_000, flushIntervalMs: 200, onFlushError: () => undefined });
  const app = await buildGatewayApp({
    logger,
    store: new CommandStore(prisma),
    resolver,
    authFailuresPerMinute: options.authFailuresPerMinute ?? 60,
    topics: topicNames('console-test'),
    idempotencyTtlHours: 24,
    occurrenceServiceUrl: 'http://127.0.0.1:9',
    dispatchServiceUrl: 'http://127.0.0.1:9',
    auditServiceUrl: 'http://127.0.0.1:9',
    accessContext: new AccessContextSigner('console-test-access-context-signing-key'),
    healthChecks: {},
    // Only the operations routes use it, and these tests call none.
    operations: {} as GatewayAppDeps['operations'],
    rateLimit: { counter, defaultPerMinute: 100_000, windowSeconds: 60 },
    completions: new CommandCompletions(),
    accounts: new AccountAdministration(prisma, argon2PasswordHasher(), new AccountAudit(topicNames('console-test').auditEvents)),
    console: {
      sessions: new ConsoleSessions(new ConsoleSessionStore(prisma), resolver, { ttlSeconds: options.sessionTtlSeconds ?? 3600, users: new UserStore(prisma) }),
      passwordSignIn: new PasswordSignIn(new UserStore(prisma), argon2PasswordHasher(), { maxAttempts: 5, lockSeconds: 900 }),
      singleSignOn: new SingleSignOn(prisma),
      publicUrl: options.publicUrl ?? null,
      cookieSecure: options.cookieSecure ?? false,
      jaegerUrl: 'http://127.0.0.1:16686',
      distDir: null,
      hub: new LiveEventHub({ capacity: 100, epoch: 'test', idleGraceMs: 0 }),
      streams: new LiveStreams(),
    },
  });
  return { app, logs, close: async () => { await app.close(); await counter.stop(); } };
}
