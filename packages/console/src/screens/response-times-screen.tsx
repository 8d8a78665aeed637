import { useId, useState, type FormEvent } from 'react';
import { useConsole } from '../app/console-context';
import { downloadText } from '../app/download';
import { useResource } from '../app/use-resource';
import { errorCodeOf } from '../api/http-client';
import { IntervalHistogram } from '../components/interval-histogram';
import { ResponseTimesTable } from '../components/response-times-table';
import { lastDays, periodRange, type ReportPeriod } from '../domain/report-period';
import { csvFileName, responseTimesCsv } from '../domain/response-times-csv';
import { responseIntervals, type ResponseTimesGroup, type ResponseTimesGroupBy, type ResponseTimesReport } from '../domain/types';
import { useI18n, type I18n } from '../i18n/i18n-context';

const groupings: readonly ResponseTimesGroupBy[] = ['none', 'agency', 'type', 'priority'];

interface Query {
  period: ReportPeriod;
  groupBy: ResponseTimesGroupBy;
}

/** Response times of the occurrences reported in a period: per interval a histogram against its target, the figures, and a CSV export. */
export function ResponseTimesScreen() {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const [query, setQuery] = useState<Query>(() => ({ period: lastDays(new Date()), groupBy: 'none' }));
  const range = periodRange(query.period);
  const report = useResource(
    () => (range ? api.responseTimes(range.from, range.to, query.groupBy) : Promise.reject(new Error('no period'))),
    `${range?.from}|${range?.to}|${query.groupBy}`,
  );
  const exportCsv = (data: ResponseTimesReport) => downloadText(csvFileName(query.period.from, query.period.to), responseTimesCsv(data));
  return (
    <section className="response-times" aria-labelledby="response-times-title" data-testid="response-times">
      <div className="section-head">
        <h1 id="response-times-title">{t('responseTimes.title')}</h1>
        <button type="button" className="button" data-testid="response-times-export" disabled={!report.data} onClick={() => report.data && exportCsv(report.data)}>
          {t('responseTimes.export')}
        </button>
      </div>
      <PeriodForm query={query} onApply={(next) => (JSON.stringify(next) === JSON.stringify(query) ? report.reload() : setQuery(next))} />
      {report.error !== undefined && range && (
        <p className="error-text" role="alert">
          {explain(errorCodeOf(report.error))}
        </p>
      )}
      {report.loading && !report.data ? <p className="muted">{t('app.loading')}</p> : report.data && <ReportView report={report.data} />}
    </section>
  );
}

function PeriodForm({ query, onApply }: { query: Query; onApply(query: Query): void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(query);
  const invalid = periodRange(draft.period) === null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid) onApply(draft);
  };
  const lastWeek = () => {
    const next = { ...draft, period: lastDays(new Date()) };
    setDraft(next);
    onApply(next);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={t('responseTimes.period')} data-testid="response-times-period" noValidate>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('responseTimes.from')}</label>
        <input id={`${id}-from`} type="date" data-testid="period-from" value={draft.period.from} aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(event) => setDraft({ ...draft, period: { ...draft.period, from: event.target.value } })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('responseTimes.to')}</label>
        <input id={`${id}-to`} type="date" data-testid="period-to" value={draft.period.to} aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(event) => setDraft({ ...draft, period: { ...draft.period, to: event.target.value } })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>{t('responseTimes.groupBy')}</label>
        <select id={`${id}-group`} data-testid="period-group-by" value={draft.groupBy} onChange={(event) => setDraft({ ...draft, groupBy: event.target.value as ResponseTimesGroupBy })}>
          {groupings.map((grouping) => (
            <option key={grouping} value={grouping}>
              {t(`responseTimes.groupBy.${grouping}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-buttons">
        <button type="submit" className="button button-primary" data-testid="period-apply" disabled={invalid}>
          {t('responseTimes.apply')}
        </button>
        <button type="button" className="button" onClick={lastWeek}>
          {t('responseTimes.lastDays', { days: 7 })}
        </button>
      </div>
      {invalid && (
        <p id={`${id}-error`} className="error-text" role="alert">
          {t('responseTimes.invalidPeriod')}
        </p>
      )}
    </form>
  );
}

export function groupLabel(group: ResponseTimesGroup, t: I18n['t']): string {
  const parts = [
    group.agencyId !== null ? t('responseTimes.groupAgency', { agency: group.agencyId }) : undefined,
    group.type !== null ? t('responseTimes.groupType', { type: group.type }) : undefined,
    group.priority !== null ? t('responseTimes.groupPriority', { priority: group.priority }) : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' · ') : t('responseTimes.groupAll');
}

export function ReportView({ report }: { report: ResponseTimesReport }) {
  const { t } = useI18n();
  return (
    <>
      {report.truncated && (
        <p className="notice" role="status">
          {t('responseTimes.truncated')}
        </p>
      )}
      {report.groups.length === 0 ? (
        <p className="empty" data-testid="response-times-empty">{t('responseTimes.empty')}</p>
      ) : (
        report.groups.map((group) => {
          const label = groupLabel(group, t);
          return (
            <section key={label} className="response-group" data-testid="response-group" aria-label={label}>
              <h2>
                {label} <span className="muted">· {t('responseTimes.occurrences', { count: group.occurrences })}</span>
              </h2>
              <div className="response-charts">
                {responseIntervals.map((interval) => (
                  <IntervalHistogram key={interval} interval={interval} figures={group.intervals[interval]} />
                ))}
              </div>
              <ResponseTimesTable group={group} caption={label} />
            </section>
          );
        })
      )}
    </>
  );
}
