import { createEnvelope, type Actor, type TypedEnvelope } from '@atalaia/contracts';
import {
  chainHash,
  ChainVerifier,
  GENESIS_HASH,
  verifyChain,
  type ChainedContent,
  type ChainedEntry,
} from '../src/domain/audit-chain';
import { contentOfEvent } from '../src/domain/audit-entry-content';

interface Person {
  actorUserId: string;
  actorUserName: string;
}

/** A legacy-shaped entry (no owner, no person) unless `ownerAgencyId` or `person` is given. */
function content(index: number, ownerAgencyId?: string, person?: Person): ChainedContent {
  return {
    eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    action: 'occurrence.created',
    aggregateType: 'occurrence',
    aggregateId: `occ-${index}`,
    ...(ownerAgencyId ? { ownerAgencyId } : {}),
    actorClientId: 'client',
    actorAgencyId: 'agency',
    ...person,
    commandId: null,
    correlationId: null,
    source: 'atalaia.occurrence',
    before: null,
    after: { status: 'reported', index },
    occurredAt: '2026-02-01T17:32:00.000Z',
  };
}

function buildChain(
  length: number,
  ownerOf: (index: number) => string | undefined = () => undefined,
  personOf: (index: number) => Person | undefined = () => undefined,
): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let index = 1; index <= length; index += 1) {
    const hash = chainHash(previousHash, content(index, ownerOf(index), personOf(index)));
    entries.push({ sequence: String(index), content: content(index, ownerOf(index), personOf(index)), previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

const alternatingOwners = (index: number) => (index % 2 ? 'agency-a' : 'agency-b');
const ana: Person = { actorUserId: '3f0c1a52-8f0e-4d6b-9a51-0d7f2c4e8b11', actorUserName: 'Ana Souza' };

/** An `audit.entry` message with a fixed id and time, so its entry's hash can be pinned. */
function pinnedAuditEvent(actor: Actor): TypedEnvelope<'audit.entry'> {
  return createEnvelope({
    id: '00000000-0000-4000-8000-000000000001',
    time: new Date('2026-02-01T17:32:00.000Z'),
    type: 'audit.entry',
    source: 'atalaia.occurrence',
    aggregateType: 'occurrence',
    subject: 'occ-1',
    actor,
    data: {
      action: 'occurrence.created',
      aggregateType: 'occurrence',
      aggregateId: 'occ-1',
      ownerAgencyId: 'agency-a',
      actor,
      before: null,
      after: { status: 'reported' },
      occurredAt: '2026-02-01T17:32:00.000Z',
    },
  }) as TypedEnvelope<'audit.entry'>;
}

describe('audit hash chain', () => {
  it('when the trail is intact, then it verifies through its last entry', () => {
    const chain = buildChain(5);
    expect(verifyChain(chain)).toEqual({ valid: true, entries: 5, checkedThroughSequence: '5', headHash: chain[4]!.hash });
  });

  it('when the trail is empty, then it verifies with nothing checked', () => {
    expect(verifyChain([])).toEqual({ valid: true, entries: 0, checkedThroughSequence: null, headHash: null });
  });

  it('when an entry content is edited, then verification breaks at that entry because of its hash', () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2]!, content: { ...chain[2]!.content, after: { status: 'resolved' } } };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '3', reason: 'hash', entries: 2, checkedThroughSequence: '2' });
  });

  it('when an entry is deleted, then verification breaks at the next one because of the gap', () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '3', reason: 'gap', entries: 1 });
  });

  it('when an edited entry is re-hashed to hide the edit, then the following entry breaks its link', () => {
    const chain = buildChain(4);
    const forged = { ...chain[1]!.content, actorClientId: 'someone-else' };
    chain[1] = { ...chain[1]!, content: forged, hash: chainHash(chain[1]!.previousHash, forged) };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '3', reason: 'link' });
  });

  it('when the first entry is missing, then verification breaks at the second because of the gap', () => {
    expect(verifyChain(buildChain(3).slice(1))).toMatchObject({ valid: false, brokenAtSequence: '2', reason: 'gap', entries: 0 });
  });

  it('when an owned entry is renumbered past a free number with its link intact, then it is a gap', () => {
    const chain = buildChain(3, () => 'agency-a');
    chain[2] = { ...chain[2]!, sequence: '4' };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '4', reason: 'gap' });
  });

  it('when a legacy entry follows a number the old serial skipped and its link holds, then the chain verifies', () => {
    const chain = buildChain(3);
    chain[2] = { ...chain[2]!, sequence: '7' };
    expect(verifyChain(chain)).toEqual({ valid: true, entries: 3, checkedThroughSequence: '7', headHash: chain[2]!.hash });
  });

  it('when an entry has no owner agency, then its hash is the one computed before owners were stored', () => {
    // Computed by the chain code as it was before owner agencies existed.
    expect(chainHash(GENESIS_HASH, content(1))).toBe('b2c91bb0dcafeb8336764d12b86d174747f4359e983641296092ba94a1015764');
  });

  it('when entries carry an owner agency, then the owner is part of what the hash covers', () => {
    const chain = buildChain(3, () => 'agency-a');
    chain[1] = { ...chain[1]!, content: { ...chain[1]!.content, ownerAgencyId: 'agency-b' } };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '2', reason: 'hash' });
  });
});

describe('the person who acted, in the hash chain', () => {
  it('when a message names no person, then its entry has no person fields and hashes exactly as before people were stored', () => {
    const entry = contentOfEvent(pinnedAuditEvent({ clientId: 'client-agency-a', agencyId: 'agency-a', roles: ['dispatcher'] }));

    expect(entry).not.toHaveProperty('actorUserId');
    expect(entry).not.toHaveProperty('actorUserName');
    // Computed by the content and chain code as they were before people were stored.
    expect(chainHash(GENESIS_HASH, entry)).toBe('2970012b9966d4df99610e36b50d0ce314b20b791356e4b97254da318707a793');
  });

  it('when a message names a person, then their account id and name are part of what the hash covers', () => {
    const actor = { clientId: `user:${ana.actorUserId}`, agencyId: 'agency-a', userId: ana.actorUserId, userName: ana.actorUserName, roles: ['dispatcher'] };

    const entry = contentOfEvent(pinnedAuditEvent(actor));

    expect(entry).toMatchObject(ana);
    expect(chainHash(GENESIS_HASH, entry)).not.toBe(chainHash(GENESIS_HASH, contentOfEvent(pinnedAuditEvent({ ...actor, userName: 'Someone Else' }))));
  });

  it("when a stored person's name is changed, then verification breaks at that entry because of its hash", () => {
    const chain = buildChain(3, () => 'agency-a', () => ana);
    chain[1] = { ...chain[1]!, content: { ...chain[1]!.content, actorUserName: 'Someone Else' } };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '2', reason: 'hash', entries: 1 });
  });

  it("when a stored person is erased from an entry, then verification breaks at that entry because of its hash", () => {
    const chain = buildChain(3, () => 'agency-a', () => ana);
    const { actorUserId: _id, actorUserName: _name, ...anonymous } = chain[1]!.content;
    chain[1] = { ...chain[1]!, content: anonymous };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '2', reason: 'hash', entries: 1 });
  });

  it('when entries with and without a person alternate, then the chain verifies', () => {
    const chain = buildChain(6, () => 'agency-a', (index) => (index % 2 ? ana : undefined));
    expect(verifyChain(chain)).toEqual({ valid: true, entries: 6, checkedThroughSequence: '6', headHash: chain[5]!.hash });
  });
});

describe('incremental chain verifier', () => {
  it('when the chain comes in pages, then the result equals verifying it at once', () => {
    const chain = buildChain(10);
    const verifier = new ChainVerifier();

    const continued = [chain.slice(0, 4), chain.slice(4, 8), chain.slice(8)].map((page) => verifier.check(page));

    expect(continued).toEqual([true, true, true]);
    expect(verifier.result()).toEqual(verifyChain(chain));
  });

  it('when an entry is missing at a page boundary, then the next page reports the gap and stops the walk', () => {
    const chain = buildChain(9);
    const verifier = new ChainVerifier();

    const continued = [verifier.check(chain.slice(0, 3)), verifier.check(chain.slice(4, 6)), verifier.check(chain.slice(6))];

    expect(continued).toEqual([true, false, false]);
    expect(verifier.result()).toMatchObject({ valid: false, reason: 'gap', brokenAtSequence: '5', entries: 3, checkedThroughSequence: '3' });
  });

  it('when only some entries count, then the figures mention only those', () => {
    const chain = buildChain(6, alternatingOwners);
    const verifier = new ChainVerifier((entry) => entry.content.ownerAgencyId === 'agency-b');

    verifier.check(chain);

    expect(verifier.result()).toEqual({ valid: true, entries: 3, checkedThroughSequence: '6', headHash: chain[5]!.hash });
  });

  it('when the broken entry does not count, then the result says why but not where', () => {
    const chain = buildChain(6, alternatingOwners);
    chain[2] = { ...chain[2]!, content: { ...chain[2]!.content, after: { status: 'forged' } } };
    const verifier = new ChainVerifier((entry) => entry.content.ownerAgencyId === 'agency-b');

    verifier.check(chain);

    expect(verifier.result()).toEqual({ valid: false, reason: 'hash', entries: 1, checkedThroughSequence: '2', headHash: chain[1]!.hash });
  });

  it('when the broken entry counts, then the result says where', () => {
    const chain = buildChain(6, alternatingOwners);
    chain[3] = { ...chain[3]!, content: { ...chain[3]!.content, after: { status: 'forged' } } };
    const verifier = new ChainVerifier((entry) => entry.content.ownerAgencyId === 'agency-b');

    verifier.check(chain);

    expect(verifier.result()).toMatchObject({ valid: false, reason: 'hash', brokenAtSequence: '4', entries: 1 });
  });
});
