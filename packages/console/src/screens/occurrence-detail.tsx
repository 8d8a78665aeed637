import { useCallback, useEffect, useRef } from 'react';
import { useConsole, useLiveEvents, useNow, useTrackedCommands } from '../app/console-context';
import { Link } from '../app/router';
import { useResource } from '../app/use-resource';
import { ApiError, errorCodeOf } from '../api/http-client';
import { CommandFeedback } from '../components/command-feedback';
import { DispatchActions } from '../components/dispatch-actions';
import { OccurrenceActionBar } from '../components/occurrence-action-bar';
import { DispatchStatusBadge, OccurrenceStatusBadge } from '../components/status-badge';
import { hasPermission } from '../domain/permissions';
import type { Dispatch, Occurrence, OccurrenceDetail as Detail } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { formatDuration } from '../i18n/time-format';
import { OccurrenceTimeline } from './occurrence-timeline';

/** When the occurrence entered its current status. */
export function statusSince(occurrence: Occurrence): string {
  if (occurrence.status === 'in_progress') return occurrence.startedAt ?? occurrence.updatedAt;
  if (occurrence.status === 'reported') return occurrence.reportedAt;
  return occurrence.closedAt ?? occurrence.updatedAt;
}

export function OccurrenceDetail({ occurrenceId }: { occurrenceId: string }) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const detail = useResource(() => api.occurrence(occurrenceId), occurrenceId);
  const { reload } = detail;
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshSoon = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(reload, 300);
  }, [reload]);
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  useLiveEvents((event) => {
    if (event.kind === 'resync') refreshSoon();
    if (event.kind === 'occurrence' && event.occurrence.id === occurrenceId) refreshSoon();
    if (event.kind === 'dispatch' && event.dispatch.occurrenceId === occurrenceId) refreshSoon();
  });

  // Fallback for a stream that is down: a settled command about this occurrence refreshes it.
  const commands = useTrackedCommands().filter((command) => command.occurrenceId === occurrenceId);
  const settledCount = commands.filter((command) => command.status !== 'pending').length;
  useEffect(() => {
    if (settledCount > 0) refreshSoon();
  }, [settledCount, refreshSoon]);

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return (
      <section className="detail" aria-live="polite">
        <p>{t('detail.notFound')}</p>
        <Link to={{ screen: 'occurrences' }}>{t('detail.back')}</Link>
      </section>
    );
  }
  if (!detail.data) {
    return (
      <section className="detail" aria-busy="true">
        {detail.error !== undefined ? <p className="error-text" role="alert">{explain(errorCodeOf(detail.error))}</p> : <p className="muted">{t('app.loading')}</p>}
      </section>
    );
  }
  return <OccurrenceDetailView detail={detail.data} commands={commands} />;
}

interface ViewProps {
  detail: Detail;
  commands: ReturnType<typeof useTrackedCommands>;
}

export function OccurrenceDetailView({ detail, commands }: ViewProps) {
  const { session } = useConsole();
  const { t, dateTime } = useI18n();
  const now = useNow(5000);
  return (
    <section className="detail" aria-labelledby="detail-title" data-testid="occurrence-detail" data-status={detail.status}>
      <Link className="back-link" to={{ screen: 'occurrences' }}>
        ← {t('detail.back')}
      </Link>
      <header className="detail-header">
        <h2 id="detail-title">{t('detail.title', { externalId: detail.externalId })}</h2>
        <OccurrenceStatusBadge status={detail.status} />
        <span className="muted">{t('detail.timeInStatus', { duration: formatDuration(now - Date.parse(statusSince(detail))) })}</span>
      </header>
      <dl className="facts">
        <dt>{t('detail.type')}</dt>
        <dd>{detail.type}</dd>
        <dt>{t('detail.agency')}</dt>
        <dd>{detail.agencyId}</dd>
        <dt>{t('detail.reportedAt')}</dt>
        <dd>{dateTime(detail.reportedAt)}</dd>
        {detail.startedAt && (
          <>
            <dt>{t('detail.startedAt')}</dt>
            <dd>{dateTime(detail.startedAt)}</dd>
          </>
        )}
        {detail.closedAt && (
          <>
            <dt>{t('detail.closedAt')}</dt>
            <dd>{dateTime(detail.closedAt)}</dd>
          </>
        )}
        {detail.statusReason && (
          <>
            <dt>{t('detail.statusReason')}</dt>
            <dd>{detail.statusReason}</dd>
          </>
        )}
        <dt>{t('detail.description')}</dt>
        <dd className="description">{detail.description}</dd>
      </dl>
      <h3>{t('detail.actions')}</h3>
      <OccurrenceActionBar occurrence={detail} />
      {commands.length > 0 && (
        <>
          <h3>{t('detail.commands')}</h3>
          <CommandFeedback commands={commands.slice(0, 6)} />
        </>
      )}
      <h3>{t('detail.dispatches')}</h3>
      <DispatchList dispatches={detail.dispatches} occurrenceId={detail.id} now={now} />
      <h3>{t('detail.timeline')}</h3>
      {hasPermission(session, 'audit:read') ? (
        <OccurrenceTimeline occurrenceId={detail.id} dispatches={detail.dispatches} version={detail.updatedAt} />
      ) : (
        <p className="muted" data-testid="timeline-forbidden">{t('detail.timelineForbidden')}</p>
      )}
    </section>
  );
}

function DispatchList({ dispatches, occurrenceId, now }: { dispatches: Dispatch[]; occurrenceId: string; now: number }) {
  const { t } = useI18n();
  if (dispatches.length === 0) return <p className="muted">{t('detail.noDispatches')}</p>;
  return (
    <ul className="dispatch-list">
      {dispatches.map((dispatch) => (
        <li key={dispatch.id} className="dispatch-item" data-testid="dispatch-row" data-resource-code={dispatch.resourceCode} data-status={dispatch.status}>
          <div className="dispatch-summary">
            <strong>{dispatch.resourceCode}</strong>
            <DispatchStatusBadge status={dispatch.status} />
            <span className="muted">{t('detail.timeInStatus', { duration: formatDuration(now - Date.parse(dispatch.closedAt ?? dispatch.updatedAt)) })}</span>
          </div>
          <DispatchActions dispatch={dispatch} occurrenceId={occurrenceId} />
        </li>
      ))}
    </ul>
  );
}
