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
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** How often each instance adds the requests it counted to the shared per-client totals (see RateLimitCounter). */
  RATE_LIMIT_FLUSH_INTERVAL_MS: z.coerce.number().int().positive().default(200),
  /** Failed authentications per minute one remote address may make before it gets 429 without a key lookup. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().default(24),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
