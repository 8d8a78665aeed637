import { summarizeModelOperation, summarizeRawQuery, withQuerySpans } from '../src/prisma-tracing';

describe('summarizeModelOperation', () => {
  it.each([
    ['findMany', 'SELECT'],
    ['findFirst', 'SELECT'],
    ['findUnique', 'SELECT'],
    ['findUniqueOrThrow', 'SELECT'],
    ['count', 'SELECT'],
    ['aggregate', 'SELECT'],
    ['groupBy', 'SELECT'],
    ['create', 'INSERT'],
    ['createMany', 'INSERT'],
    ['update', 'UPDATE'],
    ['updateMany', 'UPDATE'],
    ['upsert', 'UPSERT'],
    ['delete', 'DELETE'],
    ['deleteMany', 'DELETE'],
  ])('when the operation is %s, then the summary is %s and the table', (operation, sqlOperation) => {
    expect(summarizeModelOperation(operation, 'occurrences')).toEqual({
      summary: `${sqlOperation} occurrences`,
      operation: sqlOperation,
      collection: 'occurrences',
    });
  });

  it('when Prisma adds an operation this map does not know, then its own name stands for it', () => {
    expect(summarizeModelOperation('findRaw', 'commands').summary).toBe('findRaw commands');
  });
});

describe('summarizeRawQuery', () => {
  it('when an unsafe raw query has its text and values, then only the text is summarised', () => {
    expect(summarizeRawQuery(['SELECT id FROM api_clients WHERE key_hash = $1', 'secret-value'])).toEqual({
      summary: 'SELECT api_clients',
      operation: 'SELECT',
      collection: 'api_clients',
    });
  });

  it('when a tagged raw query arrives as a Sql object, then its text is summarised', () => {
    expect(summarizeRawQuery({ sql: 'UPDATE api_clients SET last_used_at = now() WHERE id = $1', values: ['x'] })?.summary).toBe('UPDATE api_clients');
    expect(summarizeRawQuery({ strings: ['INSERT INTO rate_limits (key) VALUES (', ')'], values: ['k'] })?.summary).toBe('INSERT rate_limits');
  });

  it('when the arguments hold no query text, then there is no summary', () => {
    expect(summarizeRawQuery([{ command: 'ping' }])).toBeUndefined();
  });
});

describe('withQuerySpans', () => {
  it('when no span is active, then the query runs as it is, unwrapped', async () => {
    let hook: ((params: { model?: string; operation: string; args: unknown; query: (args: unknown) => Promise<unknown> }) => Promise<unknown>) | undefined;
    const client = {
      _runtimeDataModel: { models: { Occurrence: { dbName: 'occurrences' } } },
      $extends(extension: { query: { $allOperations: typeof hook } }) {
        hook = extension.query.$allOperations;
        return this;
      },
    };
    expect(withQuerySpans(client, {})).toBe(client);
    const query = jest.fn(async (args: unknown) => ({ ran: args }));
    await expect(hook!({ model: 'Occurrence', operation: 'findMany', args: { take: 1 }, query })).resolves.toEqual({ ran: { take: 1 } });
    expect(query).toHaveBeenCalledTimes(1);
  });
});
