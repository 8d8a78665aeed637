import { canonicalJson, sha256Hex } from '@atalaia/contracts';

export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: everything it asserts, but not where it is stored. */
export interface ChainedContent {
  eventId: string;
  action: string;
  aggregateType: string;
  aggregateId: string;
  actorClientId: string;
  actorAgencyId: string;
  commandId: string | null;
  correlationId: string | null;
  source: string;
  before: unknown;
  after: unknown;
  occurredAt: string;
}

export interface ChainedEntry {
  sequence: string;
  content: ChainedContent;
  previousHash: string;
  hash: string;
}

export function chainHash(previousHash: string, content: ChainedContent): string {
  return sha256Hex(`${previousHash}\n${canonicalJson(content)}`);
}

export type ChainVerification = { valid: true; entries: number } | { valid: false; entries: number; brokenAtSequence: string };

/**
 * Walks entries in sequence order from the genesis: each must link to the hash
 * before it and hash to what it claims. The first entry that does not is where
 * the trail was edited, reordered or cut.
 */
export function verifyChain(entries: ChainedEntry[]): ChainVerification {
  let expectedPrevious = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.previousHash !== expectedPrevious || chainHash(entry.previousHash, entry.content) !== entry.hash) {
      return { valid: false, entries: entries.length, brokenAtSequence: entry.sequence };
    }
    expectedPrevious = entry.hash;
  }
  return { valid: true, entries: entries.length };
}
