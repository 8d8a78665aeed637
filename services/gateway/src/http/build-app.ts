import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Topics } from '@atalaia/contracts';
import { createServiceApp, type AccessContextSigner, type HealthChecks } from '@atalaia/http';
import type { Logger } from '@atalaia/telemetry';
import type { CommandStore } from '../db/command-store';
import type { CommandCompletions } from '../domain/command-completions';
import type { LiveEventHub } from '../domain/live-event-hub';
import { registerApiDocs } from './api-docs';
import type { ApiClientResolver } from './api-client-resolvers';
import type { AccountAdministration } from '../accounts/account-administration';
import type { PasswordSignIn } from '../accounts/password-sign-in';
import type { SingleSignOn } from '../accounts/single-sign-on';
import { authenticationHook, requireDeclaredPermissions, type RoutePermission } from './authentication';
import { AuthenticationGuard } from './authentication-guard';
import { rateLimitHook, type RateLimitOptions } from './rate-limiting';
import { registerCommandReads } from './command-reads';
import { registerCommandRoutes } from './command-routes';
import { registerConsole } from './console-static';
import type { ConsoleSessions } from './console-sessions';
import { registerOperationsRoutes, type OperationsRoutesDeps } from './operations-routes';
import { registerReadForwarding } from './read-forwarding';
import { registerSessionRoutes } from './session-routes';
import { registerSsoRoutes } from './sso-routes';
import { registerStreamRoute, type LiveStreams } from './stream-route';
import { registerAccountLinkRoutes, registerUserRoutes } from './user-routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every authenticated route's permission, `METHOD url` → permission (see `requireDeclaredPermissions`). */
    routePermissions: ReadonlyMap<string, RoutePermission>;
  }
}

/** The operator console's side of the gateway: sign-in sessions, the live stream, its files. */
export interface ConsoleDeps {
  sessions: ConsoleSessions;
  cookieSecure: boolean;
  jaegerUrl: string | null;
  /** packages/console/dist, or null when there is none: /console/ then answers 503 CONSOLE_NOT_BUILT. */
  distDir: string | null;
  hub: LiveEventHub;
  streams: LiveStreams;
  /** People's sign-in by login and password (`POST /api/session` with `login`). */
  passwordSignIn?: PasswordSignIn;
  /** People's sign-in through their agency's OpenID Connect provider. */
  singleSignOn: SingleSignOn;
  /** The gateway's address as browsers reach it; null: each request's own. */
  publicUrl: string | null;
}

export interface GatewayAppDeps extends OperationsRoutesDeps {
  logger: Logger;
  store: CommandStore;
  resolver: ApiClientResolver;
  authFailuresPerMinute: number;
  topics: Topics;
  idempotencyTtlHours: number;
  occurrenceServiceUrl: string;
  dispatchServiceUrl: string;
  auditServiceUrl: string;
  /** Signs the access context of every read forwarded to an owning service. */
  accessContext: AccessContextSigner;
  healthChecks: HealthChecks;
  rateLimit: RateLimitOptions;
  console: ConsoleDeps;
  /** Reads that wait for commands to settle (`?wait=`), told by the live feed. */
  completions: CommandCompletions;
  /** People's accounts: administration, one-time links, and the audit of sign-ins. */
  accounts: AccountAdministration;
}

/** Builds the gateway's HTTP app without listening; main.ts and tests share it. */
export async function buildGatewayApp(deps: GatewayAppDeps): Promise<FastifyInstance> {
  const app = await createServiceApp({ name: 'gateway', logger: deps.logger, healthChecks: deps.healthChecks });
  const routePermissions = new Map<string, RoutePermission>();
  app.decorate('routePermissions', routePermissions);
  await registerApiDocs(app);
  await app.register(cookie);
  const guard = new AuthenticationGuard({ failuresPerMinute: deps.authFailuresPerMinute });
  const session = { sessions: deps.console.sessions, cookieSecure: deps.console.cookieSecure };
  await app.register(async (api) => {
    requireDeclaredPermissions(api, routePermissions);
    api.addHook('onRequest', authenticationHook(deps.resolver, guard, session));
    api.addHook('onRequest', rateLimitHook(deps.rateLimit));
    // A fleet import may come as CSV; every other route then answers a CSV body with a 400 naming the body.
    api.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 1_048_576 }, (_request, body, done) => done(null, body));
    await registerCommandRoutes(api, deps);
    await registerCommandReads(api, deps);
    await registerReadForwarding(api, deps);
    await registerOperationsRoutes(api, deps);
    await registerStreamRoute(api, deps.console);
    await registerUserRoutes(api, deps);
  });
  await registerSessionRoutes(app, { ...deps.console, resolver: deps.resolver, guard, accounts: deps.accounts });
  await registerAccountLinkRoutes(app, deps);
  await registerSsoRoutes(app, { ...deps.console, accounts: deps.accounts });
  await registerConsole(app, deps.console.distDir);
  // Open event streams would hold the server's close open for ever.
  app.addHook('preClose', async () => deps.console.streams.closeAll());
  // …and so would reads waiting for a command: they answer with its status now.
  app.addHook('preClose', async () => deps.completions.close());
  return app;
}
