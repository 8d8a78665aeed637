/** What the gateway knows about a command when it is asked to accept one. */
export interface CommandIdentity {
  type: string;
  scopeKey: string;
  payloadHash: string;
}

export type ReplayDecision = { kind: 'replay' } | { kind: 'conflict'; reason: 'different_payload' | 'different_operation' };

/**
 * A request reusing an idempotency key is a replay only when it asks for the
 * very same thing: same operation on the same target with the same payload
 * fingerprint. Anything else is a conflict and must have no effect.
 */
export function decideOnReusedKey(stored: CommandIdentity, incoming: CommandIdentity): ReplayDecision {
  if (stored.type !== incoming.type || stored.scopeKey !== incoming.scopeKey) {
    return { kind: 'conflict', reason: 'different_operation' };
  }
  if (stored.payloadHash !== incoming.payloadHash) {
    return { kind: 'conflict', reason: 'different_payload' };
  }
  return { kind: 'replay' };
}
