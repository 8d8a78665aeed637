import { canonicalJson, sha256Hex } from '@atalaia/contracts';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * What an entry's hash covers: everything it asserts, but not where it is stored.
 * Fields added after the first entries were recorded are absent (not null) when
 * an entry has none: `ownerAgencyId` on entries recorded before owners were
 * stored, `actorUserId` / `actorUserName` whenever no person acted (an API
 * client, or any entry recorded before people were stored). The canonical JSON
 * of such an entry is then byte for byte what it was, so its hash still verifies.
 */
export interface ChainedContent {
  eventId: string;
  action: string;
  aggregateType: string;
  aggregateId: string;
  ownerAgencyId?: string;
  actorClientId: string;
  actorAgencyId: string;
  actorUserId?: string;
  actorUserName?: string;
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

/** Why an entry breaks the chain: a number is missing before it, it links elsewhere, or its content does not hash to its hash. */
export type ChainBreakReason = 'gap' | 'link' | 'hash';

/** How far a walk got: the entries it counted, the last one's sequence and hash (null when it counted none). */
export interface ChainProgress {
  entries: number;
  checkedThroughSequence: string | null;
  headHash: string | null;
}

export type ChainVerification =
  | ({ valid: true } & ChainProgress)
  | ({ valid: false; reason: ChainBreakReason; brokenAtSequence?: string } & ChainProgress);

function breakOf(entry: ChainedEntry, expectedSequence: bigint, expectedPrevious: string): ChainBreakReason | null {
  const linked = entry.previousHash === expectedPrevious;
  // The serial that numbered entries before owners were stored skipped numbers on
  // rollbacks; a legacy entry still linked to its predecessor across a skip lost nothing.
  const legacySkip = linked && entry.content.ownerAgencyId === undefined;
  if (BigInt(entry.sequence) !== expectedSequence && !legacySkip) return 'gap';
  if (!linked) return 'link';
  if (chainHash(entry.previousHash, entry.content) !== entry.hash) return 'hash';
  return null;
}

/**
 * Walks the chain from the genesis one page at a time, keeping only the running
 * link, so a trail of any length verifies in bounded memory. Each entry must
 * carry the next sequence number, link to the hash before it and hash to what
 * it claims; the first that does not is where the trail was cut, reordered or
 * edited, and nothing after it can be trusted.
 *
 * `counts` decides which entries the figures mention: a caller that may see
 * only some entries learns nothing about the count or place of the others.
 */
export class ChainVerifier {
  private expectedSequence = 1n;
  private previousHash = GENESIS_HASH;
  private progress: ChainProgress = { entries: 0, checkedThroughSequence: null, headHash: null };
  private broken: { reason: ChainBreakReason; brokenAtSequence?: string } | null = null;

  constructor(private readonly counts: (entry: ChainedEntry) => boolean = () => true) {}

  /** Checks the next page, in sequence order. False once the chain is broken: later pages would prove nothing. */
  check(page: readonly ChainedEntry[]): boolean {
    for (const entry of page) {
      if (this.broken) return false;
      this.checkEntry(entry);
    }
    return this.broken === null;
  }

  result(): ChainVerification {
    return this.broken ? { valid: false, ...this.progress, ...this.broken } : { valid: true, ...this.progress };
  }

  private checkEntry(entry: ChainedEntry): void {
    const reason = breakOf(entry, this.expectedSequence, this.previousHash);
    if (reason) {
      this.broken = this.counts(entry) ? { reason, brokenAtSequence: entry.sequence } : { reason };
      return;
    }
    this.expectedSequence = BigInt(entry.sequence) + 1n;
    this.previousHash = entry.hash;
    if (this.counts(entry)) {
      this.progress = { entries: this.progress.entries + 1, checkedThroughSequence: entry.sequence, headHash: entry.hash };
    }
  }
}

/** Verifies a whole chain held in memory: one page. */
export function verifyChain(entries: readonly ChainedEntry[]): ChainVerification {
  const verifier = new ChainVerifier();
  verifier.check(entries);
  return verifier.result();
}
