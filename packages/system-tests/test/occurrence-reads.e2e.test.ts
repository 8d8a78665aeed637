import { startTelemetry } from '@atalaia/telemetry';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

describe('occurrence list: filters, ordering and cursor pagination', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await startInProcessSystem('reads');
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
    const reports = [
      ['A', 'incendio_urbano', '2026-02-01T10:00:00Z'],
      ['B', 'incendio_urbano', '2026-02-01T11:00:00Z'],
      ['C', 'resgate', '2026-02-01T11:00:00Z'],
      ['D', 'resgate', '2026-02-01T12:00:00Z'],
      ['E', 'alagamento', '2026-02-01T13:00:00Z'],
    ];
    for (const [externalId, type, reportedAt] of reports) {
      ids[externalId!] = await api.createOccurrence({ externalId: `READS-${externalId}`, type, reportedAt });
    }
    await api.run('POST', `/api/occurrences/${ids.D}/start`);
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  const list = async (query: string): Promise<Json> => (await api.get(`/api/occurrences?${query}`)).body;
  const externalIds = (page: Json) => page.data.map((occurrence: Json) => occurrence.externalId.replace('READS-', ''));

  it('when listed without filters, then the newest reported come first, ties broken by id', async () => {
    const page = await list('limit=100');
    const tie = [ids.B!, ids.C!].sort().reverse().map((id) => (id === ids.B ? 'B' : 'C'));
    expect(externalIds(page)).toEqual(['E', 'D', ...tie, 'A']);
    expect(page.nextCursor).toBeNull();
  });

  it('when paged two at a time, then the pages join into the full list with no gap or repeat', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    do {
      const page: Json = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...externalIds(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(externalIds(await list('limit=100')));
  });

  it.each([
    ['status=in_progress', ['D']],
    ['type=resgate', ['D', 'C']],
    ['externalId=READS-B', ['B']],
    ['agencyId=dev-agency&type=alagamento', ['E']],
    ['agencyId=another-agency', []],
    ['reportedFrom=2026-02-01T11:00:00Z&reportedTo=2026-02-01T13:00:00Z', ['D', 'B', 'C']],
  ])('when filtered by %s, then only matching occurrences come back', async (query, expected) => {
    const found = externalIds(await list(`${query}&limit=100`));
    expect([...found].sort()).toEqual([...expected].sort());
  });

  it('when a filter or cursor is malformed, then it is a 400 problem naming it', async () => {
    const badStatus = await api.get('/api/occurrences?status=burning');
    const badCursor = await api.get('/api/occurrences?cursor=abc');
    const badLimit = await api.get('/api/occurrences?limit=1000');
    const unknownParameter = await api.get('/api/occurrences?colour=red');

    expect(badStatus.body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'query.status' })] });
    expect(badCursor.body).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect(badLimit.body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'query.limit' })] });
    expect(unknownParameter.status).toBe(400);
  });
});
