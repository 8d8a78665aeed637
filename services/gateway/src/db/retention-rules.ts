import { outboxRetentionRule, processedMessageRetentionRule, type RetentionRule, type RetentionSettings } from '@atalaia/database';

/** What the gateway's purge deletes: its messaging rows, expired idempotency keys, expired console sessions and sign-ons, spent account links, old rate-limit windows. */
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
      // A single sign-on abandoned at the provider: its state can never be used again.
      name: 'expired single sign-ons',
      table: 'sso_sign_ins',
      expired: 'expires_at < now() - make_interval(secs => $1)',
      retentionSeconds: 0,
    },
    {
      // A used or expired one-time link is kept a month: who set which password when is in the audit trail, this is only for support.
      name: 'spent account links',
      table: 'account_links',
      expired: 'coalesce(used_at, expires_at) < now() - make_interval(secs => $1)',
      retentionSeconds: 30 * 24 * 3600,
    },
    {
      name: 'rate limit windows',
      table: 'rate_limit_windows',
      expired: 'window_start < now() - make_interval(secs => $1)',
      retentionSeconds: 3600,
    },
  ];
}
