import { ReportView } from '../src/screens/response-times-screen';
import type { ResponseIntervalFigures, ResponseTimesReport } from '../src/domain/types';
import { render, testIds } from './render';

const histogram = [30, 60, 80, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, null].map((upToSeconds) => ({ upToSeconds, count: upToSeconds === 120 ? 3 : upToSeconds === 60 ? 5 : 0 }));
const figures = (overrides: Partial<ResponseIntervalFigures> = {}): ResponseIntervalFigures => ({
  count: 8,
  p50Seconds: 55,
  p90Seconds: 110,
  targetSeconds: null,
  meetingTarget: null,
  histogram,
  ...overrides,
});

const report = (groups: ResponseTimesReport['groups']): ResponseTimesReport => ({
  from: '2026-02-04T03:00:00.000Z',
  to: '2026-02-11T03:00:00.000Z',
  targets: { default: { turnoutSeconds: 80, travelSeconds: 240 } },
  groups,
  truncated: false,
});

const oneGroup = report([
  {
    agencyId: null,
    type: null,
    priority: null,
    occurrences: 8,
    intervals: { callProcessing: figures(), turnout: figures({ targetSeconds: 80, meetingTarget: 0.625 }), travel: figures({ targetSeconds: 240, meetingTarget: 1 }), onScene: figures({ count: 0, p50Seconds: null, p90Seconds: null, histogram: histogram.map((bucket) => ({ ...bucket, count: 0 })) }) },
  },
]);

describe('response times screen', () => {
  it('when a report is shown, then each interval has an SVG chart with a bar per bucket, and the table has a row per interval', () => {
    const html = render(<ReportView report={oneGroup} />);
    const ids = testIds(html);
    expect(ids.filter((id) => id === 'response-chart')).toHaveLength(4);
    expect(ids.filter((id) => id === 'histogram-bar')).toHaveLength(4 * 13);
    expect(ids.filter((id) => id === 'response-row')).toHaveLength(4);
    expect(html).toMatch(/<svg class="histogram" viewBox="0 0 420 200" role="img" aria-labelledby="[^"]+" data-testid="response-chart" data-interval="callProcessing">/);
    expect(html).toContain('Todas as ocorrências');
  });

  it('when an interval has a target, then the chart draws the target line and the p90 marker; without one, only the p90', () => {
    const html = render(<ReportView report={oneGroup} />, { language: 'en' });
    expect(ids(html, 'target-line')).toBe(2); // turnout and travel
    expect(ids(html, 'p90-marker')).toBe(3); // every interval with a count
    expect(html).toContain('target 1 min 20 s');
    expect(html).toMatch(/class="p90 p90-late"/); // turnout: p90 110 s over its 80 s target
  });

  it('when the table is shown, then it has the share within the target and says when there is no target', () => {
    const html = render(<ReportView report={oneGroup} />, { language: 'en' });
    expect(html).toMatch(/data-interval="turnout" data-count="8"><th scope="row">Turnout<\/th><td class="numeric">8<\/td><td class="numeric">55 s<\/td><td class="numeric">1 min 50 s<\/td><td class="numeric">1 min 20 s<\/td><td class="numeric">63%<\/td>/);
    expect(html).toContain('no target');
  });

  it('when the period has no occurrences, then the screen says so instead of drawing empty charts', () => {
    const html = render(<ReportView report={report([])} />, { language: 'en' });
    expect(html).toMatch(/data-testid="response-times-empty">No occurrences reported in this period/);
  });
});

function ids(html: string, id: string): number {
  return testIds(html).filter((candidate) => candidate === id).length;
}
