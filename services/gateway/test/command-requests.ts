import { fingerprint, occurrenceIdFor, topicNames } from '@atalaia/contracts';
import type { CommandRequest } from '../src/db/command-store';

/** Builders for the requests the command routes hand to the command store. */
export const testClient = { id: 'client-1', agencyId: 'agency-1', scopes: [], rateLimitPerMinute: null };

/** An integration's create-or-update of occurrence `externalId`, keyed by it unless `overrides` say otherwise. */
export function occurrenceCommand(externalId: string, overrides: Partial<CommandRequest> = {}): CommandRequest {
  const payload = overrides.payload ?? {
    externalId,
    type: 'incendio_urbano',
    description: 'Incêndio em residência',
    reportedAt: '2026-02-01T14:32:00-03:00',
  };
  return {
    client: testClient,
    idempotencyKey: `${externalId.toLowerCase()}-create`,
    type: 'occurrence.create_or_update',
    aggregateType: 'occurrence',
    scopeKey: `${testClient.agencyId}:${externalId}`,
    messageKey: occurrenceIdFor(testClient.agencyId, externalId),
    topic: topicNames('batching-test').occurrenceCommands,
    payloadHash: fingerprint(payload),
    expiresAt: new Date(Date.now() + 86_400_000),
    ...overrides,
    payload,
  };
}
