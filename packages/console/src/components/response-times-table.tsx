import { responseIntervals, type ResponseTimesGroup } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { formatShare } from '../i18n/number-format';
import { formatSeconds } from '../i18n/time-format';

const seconds = (value: number | null) => (value === null ? '—' : formatSeconds(value));

/** A group's figures per interval: count, median, p90 against its target, and the share within the target. */
export function ResponseTimesTable({ group, caption }: { group: ResponseTimesGroup; caption: string }) {
  const { t, language } = useI18n();
  return (
    <table className="data-table response-table" data-testid="response-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('responseTimes.interval')}</th>
          <th scope="col" className="numeric">{t('responseTimes.count')}</th>
          <th scope="col" className="numeric">{t('responseTimes.p50')}</th>
          <th scope="col" className="numeric">{t('responseTimes.p90')}</th>
          <th scope="col" className="numeric">{t('responseTimes.target')}</th>
          <th scope="col" className="numeric">{t('responseTimes.meeting')}</th>
        </tr>
      </thead>
      <tbody>
        {responseIntervals.map((interval) => {
          const figures = group.intervals[interval];
          const late = figures.p90Seconds !== null && figures.targetSeconds !== null && figures.p90Seconds > figures.targetSeconds;
          return (
            <tr key={interval} className={late ? 'warn' : undefined} data-testid="response-row" data-interval={interval} data-count={figures.count}>
              <th scope="row">{t(`responseTimes.interval.${interval}`)}</th>
              <td className="numeric">{figures.count}</td>
              <td className="numeric">{seconds(figures.p50Seconds)}</td>
              <td className="numeric">{seconds(figures.p90Seconds)}</td>
              <td className="numeric">{figures.targetSeconds === null ? t('responseTimes.noTarget') : formatSeconds(figures.targetSeconds)}</td>
              <td className="numeric">{figures.meetingTarget === null ? '—' : formatShare(figures.meetingTarget, language)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
