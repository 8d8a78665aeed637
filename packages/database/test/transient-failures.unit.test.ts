import { isTransientFailure } from '../src/transient-failures';

/** The shape of Prisma's PrismaClientKnownRequestError, without loading a generated client. */
function prismaKnownRequestError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code, clientVersion: '7.10.1', meta: { modelName: 'Dispatch' } });
}

/** The shape of Prisma's DriverAdapterError: the adapter's mapped error sits in `cause`. */
function driverAdapterError(cause: Record<string, unknown>): Error {
  return Object.assign(new Error(String(cause.kind)), { name: 'DriverAdapterError', cause });
}

describe('transient failure classifier', () => {
  it.each([
    ['a transaction that could not start in time (P2028)', prismaKnownRequestError('P2028', 'Transaction API error: Unable to start a transaction in the given time.')],
    [
      'a transaction that expired before its query (P2028)',
      prismaKnownRequestError(
        'P2028',
        'Transaction API error: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5012 ms passed since the start of the transaction.',
      ),
    ],
    ['a Prisma pool timeout (P2024)', prismaKnownRequestError('P2024', 'Timed out fetching a new connection from the connection pool.')],
    ['an exhausted pg pool', new Error('timeout exceeded when trying to connect')],
    ['a pg connect timeout', new Error('Connection terminated due to connection timeout')],
    ['an exhausted pg pool, wrapped by the client', new Error('Invalid `prisma.dispatch.create()` invocation', { cause: new Error('timeout exceeded when trying to connect') })],
    ['a transaction-expired message without a code', new Error('Transaction already closed: A commit cannot be executed on an expired transaction.')],
    ['too many connections from the adapter', driverAdapterError({ kind: 'TooManyConnections', cause: 'sorry, too many clients already', originalCode: '53300' })],
    ['a socket timeout from the adapter', driverAdapterError({ kind: 'SocketTimeout' })],
    ['a closed connection from the adapter', driverAdapterError({ kind: 'ConnectionClosed' })],
  ])('when the failure is %s, then it is transient', (_name, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation (P2002)', prismaKnownRequestError('P2002', 'Unique constraint failed on the fields: (`resourceCode`)')],
    ['a record not found (P2025)', prismaKnownRequestError('P2025', 'An operation failed because it depends on one or more records that were required but not found.')],
    ['a unique violation from the adapter', driverAdapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['resourceCode'] } })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('when the failure is %s, then it is not transient', (_name, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});
