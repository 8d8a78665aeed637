import { z } from 'zod';
import { configFields, databaseServiceConfigFields, loadConfig } from '@atalaia/config';

export const gatewayConfigSchema = z.object({
  ...databaseServiceConfigFields(8000),
  /** Optional development key with every scope within DEV_AGENCY_ID, as in the seeds' single-key setup; agencies use API clients. */
  API_KEY: configFields.developmentApiKey(),
  DEV_AGENCY_ID: z.string().regex(/^[a-z0-9-]{1,64}$/).default('dev-agency'),
  OCCURRENCE_SERVICE_URL: z.url().default('http://127.0.0.1:8101'),
  DISPATCH_SERVICE_URL: z.url().default('http://127.0.0.1:8102'),
  AUDIT_SERVICE_URL: z.url().default('http://127.0.0.1:8103'),
  /** The relay's HTTP server: the operations overview asks it for the outbox figures. */
  RELAY_SERVICE_URL: z.url().default('http://127.0.0.1:8104'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** How often each instance adds the requests it counted to the shared per-client totals (see RateLimitCounter). */
  RATE_LIMIT_FLUSH_INTERVAL_MS: z.coerce.number().int().positive().default(200),
  /** Failed authentications per minute one remote address may make before it gets 429 without a key lookup. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
  /** Optional development operator key (the local stack's console sign-in): every scope, agencies:all and operations included. */
  OPERATOR_API_KEY: configFields.developmentApiKey(),
  OPERATOR_AGENCY_ID: z.string().regex(/^[a-z0-9-]{1,64}$/).default('central'),
  /**
   * A development administrator (the local stack's first account): when a
   * password is given, the account DEV_ADMIN_LOGIN is created at start in
   * DEV_AGENCY_ID with the roles agency_admin, supervisor and auditor, unless
   * that login exists. Deployments create the first account with `npm run users`.
   */
  DEV_ADMIN_LOGIN: z.string().min(2).max(100).default('admin'),
  DEV_ADMIN_PASSWORD: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(12).max(128).optional()),
  /** Absolute lifetime of a console session (default one 12 h shift). */
  CONSOLE_SESSION_TTL_SECONDS: z.coerce.number().int().positive().default(43_200),
  /** Mark the session cookie Secure: set it when the console is served over https. */
  CONSOLE_COOKIE_SECURE: z.enum(['true', 'false', '1', '0', '']).default('false').transform((value) => value === 'true' || value === '1'),
  /** Where the console links traces (`${url}/trace/${traceId}`), e.g. http://127.0.0.1:16686; unset shows no links. */
  CONSOLE_JAEGER_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
  /** The gateway's address as browsers reach it, e.g. https://atalaia.cbm.example; unset: each request's own Host. Single sign-on's redirect URI is `<it>/api/sso/callback`. */
  PUBLIC_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
  /** The console's build output; by default packages/console/dist of this checkout. */
  CONSOLE_DIST_DIR: z.string().min(1).optional(),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
