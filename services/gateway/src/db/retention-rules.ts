import { outboxRetentionRule, processedMessageRetentionRule, type RetentionRule, type RetentionSettings } from '@atalaia/database';

/** What the gateway's purge deletes: its messaging rows, expired idempotency keys, expired console sessions, old rate-limit windows. */
export function gatewayRetentionRules(settings: RetentionSettings): RetentionRule[] {
  return [
    outboxRetentionRule(settings),
    processedMessageRetentionRule(settings),
    {
      // Idempotency keys expire with their command, once it has settled; a stuck pending command stays visible.
      name: 'expired commands',
      table: 'commands',
      expired: "status <> 'pending' AND expires_at < now() - make_interval(secs => $1)",
      retentionSeconds: 0,
    },
    {
      // A session's lifetime is absolute: once expired it can never be used again.
      name: 'expired console sessions',
      table: 'console_sessions',
      expired: 'expires_at < now() - make_interval(secs => $1)',
      retentionSeconds: 0,
    },
    {
      name: 'rate limit windows',
      table: 'rate_limit_windows',
      expired: 'window_start < now() - make_interval(secs => $1)',
      retentionSeconds: 3600,
    },
  ];
}
