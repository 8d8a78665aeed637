import type { HistogramBucket } from './types';

/** Where a bar of the histogram goes, in the SVG's own units. */
export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  /** The bucket holds values above this… */
  fromSeconds: number;
  /** …up to this (null: the overflow bucket, no upper bound). */
  upToSeconds: number | null;
  /** Every value in the bucket is beyond the target. */
  overTarget: boolean;
}

export interface HistogramChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: ChartBar[];
  /** Count axis: from 0 to a round top. */
  ticks: { value: number; y: number }[];
  /** The x of the 90th percentile and of the target, when there are some. */
  p90X: number | null;
  targetX: number | null;
}

export interface ChartInput {
  histogram: readonly HistogramBucket[];
  p90Seconds: number | null;
  targetSeconds: number | null;
}

const defaultSize = { width: 420, height: 200 };
const margin = { top: 22, right: 8, bottom: 30, left: 34 };
const barGap = 2;

/** A round top for a count axis and its step (1, 2 or 5 times a power of ten, never a fraction), about `maxTicks` steps. */
export function niceScale(max: number, maxTicks = 4): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * Maps seconds to x: buckets are drawn at equal widths (their bounds grow
 * from 30 s to 30 min), so within each bucket the mapping is linear between
 * its bounds; past the last bound the overflow bucket is read as reaching
 * twice it. A value on a bound sits at the edge between two bars.
 */
export function secondsToX(seconds: number, histogram: readonly HistogramBucket[], left: number, slot: number): number {
  let from = 0;
  for (const [index, { upToSeconds }] of histogram.entries()) {
    const upTo = upToSeconds ?? Math.max(from * 2, from + 1);
    if (seconds <= upTo || index === histogram.length - 1) {
      const fraction = Math.min(1, Math.max(0, (seconds - from) / (upTo - from)));
      return left + slot * (index + fraction);
    }
    from = upTo;
  }
  return left;
}

/** The geometry of one interval's histogram, with its p90 and target marked on the same seconds axis. */
export function histogramChart({ histogram, p90Seconds, targetSeconds }: ChartInput, size = defaultSize): HistogramChart {
  const plot = { left: margin.left, top: margin.top, right: size.width - margin.right, bottom: size.height - margin.bottom };
  const slot = histogram.length > 0 ? (plot.right - plot.left) / histogram.length : 0;
  const { top, step } = niceScale(Math.max(0, ...histogram.map((bucket) => bucket.count)));
  const yOf = (count: number) => plot.bottom - (count / top) * (plot.bottom - plot.top);
  let from = 0;
  const bars = histogram.map(({ upToSeconds, count }, index) => {
    const bar: ChartBar = {
      x: plot.left + slot * index + barGap / 2,
      y: yOf(count),
      width: Math.max(0, slot - barGap),
      height: plot.bottom - yOf(count),
      count,
      fromSeconds: from,
      upToSeconds,
      overTarget: targetSeconds !== null && from >= targetSeconds,
    };
    from = upToSeconds ?? from;
    return bar;
  });
  const ticks = Array.from({ length: top / step + 1 }, (_, index) => ({ value: index * step, y: yOf(index * step) }));
  const xOf = (seconds: number | null) => (seconds === null || histogram.length === 0 ? null : secondsToX(seconds, histogram, plot.left, slot));
  return { width: size.width, height: size.height, plot, bars, ticks, p90X: xOf(p90Seconds), targetX: xOf(targetSeconds) };
}
