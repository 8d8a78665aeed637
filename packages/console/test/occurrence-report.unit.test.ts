import { callExternalId, newCallExternalId, newReportDraft, priorityBandOf, reportBodyOf, type ReportDraft } from '../src/domain/occurrence-report';

const now = new Date(2026, 11, 7, 14, 32, 5); // local time, as the call taker's clock reads
const aDraft = (overrides: Partial<ReportDraft> = {}): ReportDraft => ({ ...newReportDraft(now, 'CALL-20261207-1432-4f3a9c2e'), description: 'Fumaça saindo do telhado', ...overrides });

describe('call external id', () => {
  it('when a call is taken, then its id reads as the local date and time and a random part', () => {
    expect(callExternalId(now, '4F3A9C2E77')).toBe('CALL-20261207-1432-4f3a9c2e');
  });

  it('when two calls are taken in the same minute, then their ids differ, and each is a valid external id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newCallExternalId(now)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(reportBodyOf(aDraft({ externalId: id }))).toHaveProperty('body');
  });
});

describe('report body', () => {
  it('when only what is required is filled, then the body is the intake\'s, reported at the moment the form opened', () => {
    expect(reportBodyOf(aDraft())).toEqual({
      body: { externalId: 'CALL-20261207-1432-4f3a9c2e', type: 'incendio_urbano', description: 'Fumaça saindo do telhado', reportedAt: now.toISOString() },
    });
  });

  it('when the place and priority are given, then they go as the location and priority, with a decimal comma read as a point', () => {
    const checked = reportBodyOf(aDraft({ address: ' Rua Itabaiana, 120 ', municipality: 'Aracaju', latitude: '-10,9111', longitude: '-37.0717', priority: '9' }));
    expect(checked).toMatchObject({ body: { location: { address: 'Rua Itabaiana, 120', municipality: 'Aracaju', latitude: -10.9111, longitude: -37.0717 }, priority: 9 } });
  });

  it.each<[Partial<ReportDraft>, Record<string, string>]>([
    [{ description: '   ' }, { description: 'required' }],
    [{ externalId: '' }, { externalId: 'required' }],
    [{ externalId: '-CALL 1' }, { externalId: 'invalid_external_id' }],
    [{ type: 'Incêndio' }, { type: 'invalid_type' }],
    [{ reportedAt: '' }, { reportedAt: 'invalid_time' }],
    [{ latitude: '-10.9' }, { longitude: 'coordinates_together' }],
    [{ longitude: '-37' }, { latitude: 'coordinates_together' }],
    [{ latitude: '95', longitude: '0' }, { latitude: 'out_of_range' }],
    [{ latitude: 'norte', longitude: '0' }, { latitude: 'invalid_number' }],
    [{ address: 'x'.repeat(501) }, { address: 'too_long' }],
  ])('when the form holds %j, then it names the problem %j and sends nothing', (overrides, problems) => {
    expect(reportBodyOf(aDraft(overrides))).toEqual({ problems });
  });

  it.each([
    [0, 'low'],
    [3, 'low'],
    [4, 'medium'],
    [7, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ] as const)('when the priority is %i, then its band is %s', (priority, band) => {
    expect(priorityBandOf(priority)).toBe(band);
  });
});
