import { median, percentile, summarizeLatencies } from '../src/percentiles';

describe('percentiles', () => {
  it('when asked for p50 and p99 of 1..100, then it gives the nearest-rank samples 50 and 99', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);

    const summary = summarizeLatencies(samples.reverse());

    expect(summary).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('when there are fewer samples than the percentile can split, then it gives a sample that was really seen', () => {
    expect(percentile([3, 7], 99)).toBe(7);
    expect(percentile([3, 7], 1)).toBe(3);
    expect(percentile([5], 50)).toBe(5);
  });

  it('when there are no samples, then every percentile is NaN and the count is 0', () => {
    const summary = summarizeLatencies([]);

    expect(summary.count).toBe(0);
    expect(summary.p99).toBeNaN();
  });

  it('when repeats are summarised, then the median of an odd count is the middle one whatever the order', () => {
    expect(median([9.5, 4.1, 7.2])).toBe(7.2);
  });
});
