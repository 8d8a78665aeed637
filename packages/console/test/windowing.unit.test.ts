import { scrollToReveal, visibleWindow } from '../src/domain/windowing';

const base = { rowHeight: 50, viewportHeight: 500, rowCount: 1000, overscan: 5 };

describe('visible window', () => {
  it('when at the top, then it renders the visible rows plus overscan below', () => {
    expect(visibleWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 15, offsetTop: 0, totalHeight: 50000 });
  });

  it('when scrolled into the middle, then it renders the visible rows with overscan on both sides, placed at the first one', () => {
    expect(visibleWindow({ ...base, scrollTop: 10000 })).toEqual({ start: 195, end: 215, offsetTop: 9750, totalHeight: 50000 });
  });

  it('when scrolled mid-row, then the partly visible rows are included', () => {
    const window = visibleWindow({ ...base, overscan: 0, scrollTop: 125 });
    expect([window.start, window.end]).toEqual([2, 13]);
  });

  it('when scrolled to the end, then the last row is rendered and nothing past it', () => {
    const window = visibleWindow({ ...base, scrollTop: 49500 });
    expect(window.end).toBe(1000);
    expect(window.start).toBe(985);
  });

  it('when the scroll position is beyond the list (rows were removed), then it is clamped', () => {
    const window = visibleWindow({ ...base, rowCount: 20, scrollTop: 99999 });
    expect(window).toEqual({ start: 5, end: 20, offsetTop: 250, totalHeight: 1000 });
  });

  it('when there are fewer rows than fit, then all are rendered', () => {
    expect(visibleWindow({ ...base, rowCount: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3, offsetTop: 0, totalHeight: 150 });
  });

  it('when the list is empty, then nothing is rendered', () => {
    expect(visibleWindow({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('when there are 100,000 rows, then at most a viewport and its overscan are rendered', () => {
    const window = visibleWindow({ ...base, rowCount: 100000, scrollTop: 2_500_000 });
    expect(window.end - window.start).toBeLessThanOrEqual(500 / 50 + 2 * 5 + 1);
  });
});

describe('scroll to reveal', () => {
  it('when the row is above the viewport, then it scrolls up to its top', () => {
    expect(scrollToReveal(3, 500, 500, 50)).toBe(150);
  });

  it('when the row is below the viewport, then it scrolls just enough to show its bottom', () => {
    expect(scrollToReveal(20, 0, 500, 50)).toBe(550);
  });

  it('when the row is visible, then it does not scroll', () => {
    expect(scrollToReveal(5, 0, 500, 50)).toBeUndefined();
  });
});
