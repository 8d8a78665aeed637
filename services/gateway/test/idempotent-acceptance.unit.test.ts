import { decideOnReusedKey } from '../src/domain/idempotent-acceptance';

const stored = { type: 'occurrence.create_or_update', scopeKey: 'agency:EXT-1', payloadHash: 'a'.repeat(64) };

describe('reused idempotency key', () => {
  it('when type, target and payload fingerprint match, then it is a replay', () => {
    expect(decideOnReusedKey(stored, { ...stored })).toEqual({ kind: 'replay' });
  });

  it('when the payload fingerprint differs, then it is a conflict', () => {
    expect(decideOnReusedKey(stored, { ...stored, payloadHash: 'b'.repeat(64) })).toEqual({
      kind: 'conflict',
      reason: 'different_payload',
    });
  });

  it('when the operation or its target differs, then it is a conflict', () => {
    expect(decideOnReusedKey(stored, { ...stored, type: 'occurrence.start' })).toMatchObject({ reason: 'different_operation' });
    expect(decideOnReusedKey(stored, { ...stored, scopeKey: 'agency:EXT-2' })).toMatchObject({ reason: 'different_operation' });
  });
});
