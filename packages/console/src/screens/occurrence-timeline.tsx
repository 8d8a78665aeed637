import { useConsole } from '../app/console-context';
import { Link } from '../app/router';
import { useResource } from '../app/use-resource';
import { ApiError, errorCodeOf } from '../api/http-client';
import { diffFields, displayValue, mergeTrails } from '../domain/audit-diff';
import type { AuditEntry, Dispatch } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

interface TimelineProps {
  occurrenceId: string;
  dispatches: Dispatch[];
  /** Changes when the occurrence or its dispatches change, to refetch the trail. */
  version: string;
}

/** The occurrence's audit trail and each dispatch's, merged in time order. */
export function OccurrenceTimeline({ occurrenceId, dispatches, version }: TimelineProps) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const unitOf = new Map(dispatches.map((dispatch) => [dispatch.id, dispatch.resourceCode]));
  const key = [occurrenceId, version, ...dispatches.map((dispatch) => `${dispatch.id}:${dispatch.updatedAt}`)].join('|');
  const trail = useResource(async () => {
    const pages = await Promise.all([
      api.audit('occurrence', occurrenceId).then((page) => page.data.map((entry) => ({ ...entry, aggregateType: 'occurrence', aggregateId: occurrenceId }))),
      ...dispatches.map((dispatch) => api.audit('dispatch', dispatch.id).then((page) => page.data.map((entry) => ({ ...entry, aggregateType: 'dispatch', aggregateId: dispatch.id })))),
    ]);
    return mergeTrails(pages);
  }, key);

  if (trail.error instanceof ApiError && trail.error.code === 'INSUFFICIENT_SCOPE') return <p className="muted">{t('detail.timelineForbidden')}</p>;
  if (trail.error !== undefined && !trail.data) return <p className="error-text">{explain(errorCodeOf(trail.error))}</p>;
  if (!trail.data) return <p className="muted">{t('app.loading')}</p>;
  if (trail.data.length === 0) return <p className="muted">{t('detail.noTimeline')}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {trail.data.map((entry) => (
        <TimelineEntry key={`${entry.aggregateId}-${entry.sequence}`} entry={entry} unit={entry.aggregateType === 'dispatch' ? unitOf.get(entry.aggregateId ?? '') : undefined} />
      ))}
    </ol>
  );
}

export function TimelineEntry({ entry, unit }: { entry: AuditEntry; unit?: string }) {
  const { t, dateTime } = useI18n();
  const changes = diffFields(entry.before, entry.after);
  return (
    <li className="timeline-entry" data-testid="timeline-entry" data-action={entry.action}>
      <div className="timeline-head">
        <time dateTime={entry.occurredAt}>{dateTime(entry.occurredAt)}</time>
        <strong>{entry.action}</strong>
        {unit && <span className="tag">{t('timeline.dispatch', { resourceCode: unit })}</span>}
      </div>
      <div className="muted">
        <span data-testid="timeline-actor" data-user-id={entry.actor.userId}>
          {entry.actor.userName
            ? t('timeline.person', { name: entry.actor.userName, agency: entry.actor.agencyId })
            : t('timeline.actor', { client: entry.actor.clientId, agency: entry.actor.agencyId })}
        </span>
        {entry.actor.crossAgency && ` ${t('timeline.crossAgency')}`}
        {entry.commandId && (
          <>
            {' · '}
            {t('timeline.command')} <Link to={{ screen: 'commands', commandId: entry.commandId }}><code>{entry.commandId.slice(0, 8)}</code></Link>
          </>
        )}
      </div>
      {changes.length > 0 && (
        <table className="diff">
          <thead>
            <tr>
              <th scope="col">{t('timeline.field')}</th>
              <th scope="col">{t('timeline.before')}</th>
              <th scope="col">{t('timeline.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.field}>
                <th scope="row">{change.field}</th>
                <td><del>{displayValue(change.before)}</del></td>
                <td><ins>{displayValue(change.after)}</ins></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
