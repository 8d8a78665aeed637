import { chainHash, GENESIS_HASH, verifyChain, type ChainedContent, type ChainedEntry } from '../src/domain/audit-chain';

function content(index: number): ChainedContent {
  return {
    eventId: `00000000-0000-4000-8000-00000000000${index}`,
    action: 'occurrence.created',
    aggregateType: 'occurrence',
    aggregateId: `occ-${index}`,
    actorClientId: 'client',
    actorAgencyId: 'agency',
    commandId: null,
    correlationId: null,
    source: 'atalaia.occurrence',
    before: null,
    after: { status: 'reported', index },
    occurredAt: '2026-02-01T17:32:00.000Z',
  };
}

function buildChain(length: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let index = 1; index <= length; index += 1) {
    const hash = chainHash(previousHash, content(index));
    entries.push({ sequence: String(index), content: content(index), previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('when the trail is intact, then it verifies', () => {
    expect(verifyChain(buildChain(5))).toEqual({ valid: true, entries: 5 });
  });

  it('when an entry content is edited, then verification breaks at that entry', () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2]!, content: { ...chain[2]!.content, after: { status: 'resolved' } } };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '3' });
  });

  it('when an entry is deleted, then verification breaks at the next one', () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '3' });
  });

  it('when an edited entry is re-hashed to hide the edit, then the following entry breaks', () => {
    const chain = buildChain(4);
    const forged = { ...chain[1]!.content, actorClientId: 'someone-else' };
    chain[1] = { ...chain[1]!, content: forged, hash: chainHash(chain[1]!.previousHash, forged) };
    expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSequence: '3' });
  });
});
