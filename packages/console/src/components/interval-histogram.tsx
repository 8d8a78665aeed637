import { useId } from 'react';
import { histogramChart } from '../domain/histogram-chart';
import type { ResponseInterval, ResponseIntervalFigures } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { formatSeconds } from '../i18n/time-format';

const seconds = (value: number | null) => (value === null ? '—' : formatSeconds(value));

/**
 * One interval's histogram as an SVG bar chart: a bar per bucket (counts, not
 * cumulative), the target as a solid line and the p90 as a dashed one on the
 * same seconds axis, so a p90 past its target shows at a glance. Bars past
 * the target are drawn hatched, not only in another colour.
 */
export function IntervalHistogram({ interval, figures }: { interval: ResponseInterval; figures: ResponseIntervalFigures }) {
  const { t } = useI18n();
  const titleId = useId();
  const hatchId = `hatch${titleId.replace(/[^A-Za-z0-9_-]/g, '')}`; // url(#…) takes no colons or guillemets
  const chart = histogramChart(figures);
  const { plot } = chart;
  const name = t(`responseTimes.interval.${interval}`);
  const target = figures.targetSeconds === null ? t('responseTimes.noTarget') : formatSeconds(figures.targetSeconds);
  const late = figures.p90Seconds !== null && figures.targetSeconds !== null && figures.p90Seconds > figures.targetSeconds;
  const anchor = (x: number) => (x > chart.width * 0.7 ? 'end' : 'start');
  const nudge = (x: number) => (x > chart.width * 0.7 ? x - 3 : x + 3);
  return (
    <figure className="response-chart" data-testid="response-interval" data-interval={interval}>
      <figcaption>
        <strong>{name}</strong> <span className="muted">{t(`responseTimes.intervalHint.${interval}`)}</span>
      </figcaption>
      <svg className="histogram" viewBox={`0 0 ${chart.width} ${chart.height}`} role="img" aria-labelledby={titleId} data-testid="response-chart" data-interval={interval}>
        <title id={titleId}>{t('responseTimes.chartLabel', { interval: name, count: figures.count, p90: seconds(figures.p90Seconds), target })}</title>
        <defs>
          <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="bar-over-fill" />
            <line x1="0" y1="0" x2="0" y2="6" className="bar-over-hatch" />
          </pattern>
        </defs>
        {chart.ticks.map((tick) => (
          <g key={tick.value} className="tick">
            <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
            <text x={plot.left - 4} y={tick.y + 3} textAnchor="end">
              {tick.value}
            </text>
          </g>
        ))}
        {chart.bars.map((bar) => (
          <g key={bar.upToSeconds ?? 'over'}>
            <rect
              className={bar.overTarget ? 'bar bar-over' : 'bar'}
              fill={bar.overTarget ? `url(#${hatchId})` : undefined}
              data-testid="histogram-bar"
              data-count={bar.count}
              data-up-to={bar.upToSeconds ?? ''}
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height}
            >
              <title>{`${bar.fromSeconds}–${bar.upToSeconds ?? '∞'} s: ${bar.count}`}</title>
            </rect>
            <text className="bucket-label" x={bar.x + bar.width / 2} y={plot.bottom + 11} textAnchor="middle">
              {bar.upToSeconds ?? `>${bar.fromSeconds}`}
            </text>
          </g>
        ))}
        <line className="axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        <text className="axis-label" x={(plot.left + plot.right) / 2} y={chart.height - 3} textAnchor="middle">
          {t('responseTimes.axisSeconds')}
        </text>
        {chart.targetX !== null && (
          <g className="target" data-testid="target-line">
            <line x1={chart.targetX} x2={chart.targetX} y1={plot.top - 12} y2={plot.bottom} />
            <text x={nudge(chart.targetX)} y={plot.top - 13} textAnchor={anchor(chart.targetX)}>
              {`${t('responseTimes.legendTarget')} ${target}`}
            </text>
          </g>
        )}
        {chart.p90X !== null && (
          <g className={late ? 'p90 p90-late' : 'p90'} data-testid="p90-marker">
            <line x1={chart.p90X} x2={chart.p90X} y1={plot.top - 2} y2={plot.bottom} />
            <text x={nudge(chart.p90X)} y={plot.top - 3} textAnchor={anchor(chart.p90X)}>
              {`${t('responseTimes.legendP90')} ${seconds(figures.p90Seconds)}`}
            </text>
          </g>
        )}
      </svg>
      {figures.count === 0 && <p className="muted">{t('responseTimes.noData')}</p>}
    </figure>
  );
}
