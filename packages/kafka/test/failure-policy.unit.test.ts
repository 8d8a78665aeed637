import { backoffDelay, classifyFailure } from '../src/failure-policy';
import { RetryableMessageError } from '../src/retryable-error';

const withCode = (code: string) => Object.assign(new Error('failed'), { code });

describe('consumer failure policy', () => {
  it.each([
    ['a RetryableMessageError', new RetryableMessageError('view lags')],
    ['a serialization failure', withCode('40001')],
    ['a deadlock', withCode('40P01')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['Prisma unable to reach the database', withCode('P1001')],
    ['a terminated connection, wrapped', new Error('query failed', { cause: new Error('Connection terminated unexpectedly') })],
    ['an admin shutdown', withCode('57P01')],
  ])('when the handler fails with %s, then it is transient', (_name, error) => {
    expect(classifyFailure(error)).toBe('transient');
  });

  it.each([
    ['a type error (a bug)', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', withCode('23505')],
    ['a check violation', withCode('23514')],
    ['a thrown string', 'nope'],
  ])('when the handler fails with %s, then it is permanent', (_name, error) => {
    expect(classifyFailure(error)).toBe('permanent');
  });

  it('when attempts grow, then the backoff ceiling doubles up to the cap, and jitter spreads within it', () => {
    const settings = { baseMs: 100, maxMs: 5_000 };
    expect([1, 2, 3, 4, 7, 20].map((attempt) => backoffDelay(attempt, settings, () => 0.999999))).toEqual([99, 199, 399, 799, 4999, 4999]);
    expect(backoffDelay(5, settings, () => 0)).toBe(0);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(200);
  });
});
