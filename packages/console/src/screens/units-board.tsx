import { useEffect, useState } from 'react';
import { useConsole, useLiveEvents, useNow } from '../app/console-context';
import { Link } from '../app/router';
import { useResource } from '../app/use-resource';
import { errorCodeOf } from '../api/http-client';
import { DispatchStatusBadge } from '../components/status-badge';
import { activeDispatchStatuses, type Dispatch } from '../domain/types';
import { applyDispatchSnapshot, groupByStatus } from '../domain/units-board';
import { useI18n } from '../i18n/i18n-context';
import { formatDuration } from '../i18n/time-format';

/** Units on duty in three columns (assigned, en route, on scene), live. */
export function UnitsBoard() {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const resource = useResource(() => api.activeDispatches(), 'dispatches');
  const [dispatches, setDispatches] = useState<Dispatch[]>([]);
  useEffect(() => {
    if (resource.data) setDispatches(resource.data.data);
  }, [resource.data]);
  useLiveEvents((event) => {
    if (event.kind === 'resync') resource.reload();
    if (event.kind === 'dispatch') setDispatches((current) => applyDispatchSnapshot(current, event.dispatch));
  });
  return (
    <section className="units" aria-labelledby="units-title" data-testid="units-board">
      <h1 id="units-title">{t('units.title')}</h1>
      {resource.error !== undefined && (
        <p className="error-text" role="alert">
          {explain(errorCodeOf(resource.error))}
        </p>
      )}
      {resource.loading && !resource.data ? <p className="muted">{t('app.loading')}</p> : <UnitColumns dispatches={dispatches} />}
    </section>
  );
}

export function UnitColumns({ dispatches }: { dispatches: readonly Dispatch[] }) {
  const { t } = useI18n();
  const now = useNow(5000);
  const groups = groupByStatus(dispatches);
  return (
    <div className="unit-columns">
      {activeDispatchStatuses.map((status) => (
        <section key={status} className={`unit-column column-${status}`} data-testid="units-column" data-status={status} aria-labelledby={`units-${status}`}>
          <h2 id={`units-${status}`}>
            <DispatchStatusBadge status={status} /> <span className="count-value">{groups[status].length}</span>
          </h2>
          {groups[status].length === 0 ? (
            <p className="muted">{t('units.empty')}</p>
          ) : (
            <ul>
              {groups[status].map((dispatch) => (
                <li key={dispatch.id} className="unit-card" data-testid="unit-card" data-resource-code={dispatch.resourceCode}>
                  <strong>{dispatch.resourceCode}</strong>
                  <span className="muted">{t('units.since', { duration: formatDuration(now - Date.parse(dispatch.updatedAt)) })}</span>
                  {dispatch.occurrenceId && (
                    <Link to={{ screen: 'occurrences', occurrenceId: dispatch.occurrenceId }}>
                      {t('units.occurrence')} <code>{dispatch.occurrenceId.slice(0, 8)}</code>
                    </Link>
                  )}
                  {dispatch.agencyId && <span className="muted">{dispatch.agencyId}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
