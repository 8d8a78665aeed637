import { failedFigure, figure, ratioTo, targets, verdictOf } from '../src/figures';

describe('figures', () => {
  it('when a rate meets its own target but not its share of the limit, then it fails', () => {
    const accepted = figure('P1', 'accepted', 1_600, 'per_second', {
      target: targets.p1AcceptRate,
      ratio: { to: 'L1', value: ratioTo(1_600, 4_000)!, target: targets.p1ShareOfL1 },
    });

    expect(accepted.ratio?.value).toBeCloseTo(0.4);
    expect(verdictOf(accepted)).toBe('FAIL');
  });

  it('when a latency is at its bound, then it passes (targets are inclusive)', () => {
    expect(verdictOf(figure('P3', 'p50', 25, 'ms', { target: targets.p3ProcessedP50 }))).toBe('pass');
    expect(verdictOf(figure('P3', 'p50', 25.1, 'ms', { target: targets.p3ProcessedP50 }))).toBe('FAIL');
  });

  it('when a figure has no target, then it is information; when its measurement failed, then it is an error even with a value', () => {
    expect(verdictOf(figure('L1', 'limit', 2_900, 'per_second'))).toBe('info');
    expect(verdictOf(figure('P2', 'rate', 900, 'per_second', { target: targets.p2EndToEndRate, error: '3 commands never processed' }))).toBe('ERROR');
    expect(verdictOf(failedFigure('P5', 'ready', 's', new Error('no ready line')))).toBe('ERROR');
    expect(verdictOf(figure('P6', 'ratio', null, 'ratio', { skipped: true }))).toBe('skipped');
  });

  it('when the limit is missing or zero, then there is no ratio', () => {
    expect(ratioTo(100, 0)).toBeUndefined();
    expect(ratioTo(100, null)).toBeUndefined();
    expect(ratioTo(null, 100)).toBeUndefined();
  });
});
