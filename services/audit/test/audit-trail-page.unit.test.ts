import { ProblemError } from '@atalaia/http';
import { auditTrailQuerySchema } from '@atalaia/contracts';
import { decodeCursor, encodeCursor, trailSelectionOf } from '../src/http/audit-trail-page';

const aggregate = { aggregateType: 'occurrence', aggregateId: 'occ-1' };
const userId = '3f0c1a52-8f0e-4d6b-9a51-0d7f2c4e8b11';

describe('audit trail page query', () => {
  it('when no limit is given, then a page holds 100 entries from the start', () => {
    expect(auditTrailQuerySchema.parse(aggregate)).toEqual({ ...aggregate, limit: 100 });
  });

  it('when the limit is outside 1..500 or not an integer, then the query is invalid', () => {
    for (const limit of ['0', '501', '2.5', 'ten']) {
      expect(auditTrailQuerySchema.safeParse({ ...aggregate, limit }).success).toBe(false);
    }
    expect(auditTrailQuerySchema.parse({ ...aggregate, limit: '500' }).limit).toBe(500);
  });

  it('when the query carries an unknown parameter, then it is invalid', () => {
    expect(auditTrailQuerySchema.safeParse({ ...aggregate, agencyId: 'agency-b' }).success).toBe(false);
  });

  it('when the query names an aggregate, a person or both, then it selects exactly that', () => {
    expect(trailSelectionOf(auditTrailQuerySchema.parse(aggregate))).toEqual({ aggregate: { type: 'occurrence', id: 'occ-1' } });
    expect(trailSelectionOf(auditTrailQuerySchema.parse({ userId }))).toEqual({ actorUserId: userId });
    expect(trailSelectionOf(auditTrailQuerySchema.parse({ ...aggregate, userId }))).toEqual({ aggregate: { type: 'occurrence', id: 'occ-1' }, actorUserId: userId });
  });

  it('when the query names neither an aggregate nor a person, half an aggregate or a userId that is not a uuid, then it is invalid', () => {
    for (const query of [{}, { limit: '10' }, { aggregateType: 'occurrence' }, { aggregateId: 'occ-1', userId }, { userId: 'call-taker-1' }]) {
      expect({ query, success: auditTrailQuerySchema.safeParse(query).success }).toEqual({ query, success: false });
    }
  });
});

describe('audit trail cursor', () => {
  it('when a cursor is minted for a sequence, then it decodes to that sequence', () => {
    expect(decodeCursor(encodeCursor(9_007_199_254_740_993n))).toBe(9_007_199_254_740_993n);
  });

  it('when a cursor was not minted by the service, then it is an INVALID_CURSOR problem', () => {
    const forged = ['', 'not base64!', Buffer.from('-1').toString('base64url'), Buffer.from('0').toString('base64url'), Buffer.from('01').toString('base64url'), Buffer.from('9'.repeat(19)).toString('base64url'), `${encodeCursor(12n)}=`];
    for (const cursor of forged) {
      expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_CURSOR' }) as ProblemError);
    }
  });
});
