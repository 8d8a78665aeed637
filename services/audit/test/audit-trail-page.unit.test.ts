import { ProblemError } from '@atalaia/http';
import { auditTrailQuerySchema } from '@atalaia/contracts';
import { decodeCursor, encodeCursor } from '../src/http/audit-trail-page';

const aggregate = { aggregateType: 'occurrence', aggregateId: 'occ-1' };

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
