import type { FastifyInstance } from 'fastify';
import type { Topics } from '@atalaia/contracts';
import { createServiceApp, type HealthChecks } from '@atalaia/http';
import type { Logger } from '@atalaia/telemetry';
import type { CommandStore } from '../db/command-store';
import { registerApiDocs } from './api-docs';
import { authenticationHook, type ApiClientResolver } from './authentication';
import { AuthenticationGuard } from './authentication-guard';
import { rateLimitHook, type RateLimitOptions } from './rate-limiting';
import { registerCommandRoutes } from './command-routes';
import { registerReadForwarding } from './read-forwarding';

export interface GatewayAppDeps {
  logger: Logger;
  store: CommandStore;
  resolver: ApiClientResolver;
  authFailuresPerMinute: number;
  topics: Topics;
  idempotencyTtlHours: number;
  occurrenceServiceUrl: string;
  dispatchServiceUrl: string;
  auditServiceUrl: string;
  healthChecks: HealthChecks;
  rateLimit: RateLimitOptions;
}

/** Builds the gateway's HTTP app without listening; main.ts and tests share it. */
export async function buildGatewayApp(deps: GatewayAppDeps): Promise<FastifyInstance> {
  const app = await createServiceApp({ name: 'gateway', logger: deps.logger, healthChecks: deps.healthChecks });
  await registerApiDocs(app);
  await app.register(async (api) => {
    api.addHook('onRequest', authenticationHook(deps.resolver, new AuthenticationGuard({ failuresPerMinute: deps.authFailuresPerMinute })));
    api.addHook('onRequest', rateLimitHook(deps.rateLimit));
    await registerCommandRoutes(api, deps);
    await registerReadForwarding(api, deps);
  });
  return app;
}
