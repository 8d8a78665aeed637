import { useConsole, useLiveEvents, useTrackedCommands } from '../app/console-context';
import { Link } from '../app/router';
import { useResource } from '../app/use-resource';
import { ApiError, errorCodeOf } from '../api/http-client';
import { CommandStatusBadge } from '../components/status-badge';
import type { Command } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

/** Trace link for a command, when the gateway names a Jaeger UI. */
export function traceUrl(jaegerUrl: string | null, traceId: string | null | undefined): string | undefined {
  if (!jaegerUrl || !traceId) return undefined;
  return `${jaegerUrl.replace(/\/+$/, '')}/trace/${traceId}`;
}

/** This client's recent commands, and the one selected: its outcome, correlation id and trace. */
export function CommandsScreen({ selectedId }: { selectedId?: string }) {
  const { api } = useConsole();
  const { t, label, dateTime, explain } = useI18n();
  const tracked = useTrackedCommands();
  const settledHere = tracked.filter((command) => command.status !== 'pending').length;
  const list = useResource(() => api.commands(), `commands-${tracked.length}-${settledHere}`);
  useLiveEvents((event) => (event.kind === 'command' || event.kind === 'resync') && list.reload());
  const commands = list.data?.data ?? [];
  return (
    <div className={`board-layout${selectedId ? ' has-detail' : ''}`}>
      <section aria-labelledby="commands-title" data-testid="commands-list">
        <h1 id="commands-title">{t('commands.title')}</h1>
        {list.error !== undefined && <p className="error-text" role="alert">{explain(errorCodeOf(list.error))}</p>}
        {list.loading && !list.data ? (
          <p className="muted">{t('app.loading')}</p>
        ) : commands.length === 0 ? (
          <p className="muted">{t('commands.empty')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('commands.type')}</th>
                <th scope="col">{t('commands.status')}</th>
                <th scope="col">{t('commands.acceptedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {commands.map((command) => (
                <tr key={command.commandId} aria-current={command.commandId === selectedId ? 'true' : undefined} data-testid="command-row" data-command-id={command.commandId}>
                  <td>
                    <Link to={{ screen: 'commands', commandId: command.commandId }} aria-label={t('commands.open', { id: command.commandId })}>
                      {label(`commandType.${command.type}`, command.type)}
                    </Link>
                  </td>
                  <td>
                    <CommandStatusBadge status={command.status} />
                  </td>
                  <td>{dateTime(command.acceptedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selectedId ? <CommandDetail key={`${selectedId}-${settledHere}`} commandId={selectedId} /> : <aside className="detail-placeholder muted">{t('commands.select')}</aside>}
    </div>
  );
}

function CommandDetail({ commandId }: { commandId: string }) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const command = useResource(() => api.command(commandId), commandId);
  useLiveEvents((event) => event.kind === 'command' && event.command.commandId === commandId && command.reload());
  if (command.error instanceof ApiError && command.error.status === 404) return <section className="detail">{t('commands.notFound')}</section>;
  if (!command.data) {
    return <section className="detail">{command.error !== undefined ? <p className="error-text">{explain(errorCodeOf(command.error))}</p> : <p className="muted">{t('app.loading')}</p>}</section>;
  }
  return <CommandDetailView command={command.data} />;
}

export function CommandDetailView({ command }: { command: Command }) {
  const { session } = useConsole();
  const { t, label, dateTime, explainFailure } = useI18n();
  const trace = traceUrl(session.jaegerUrl, command.traceId);
  return (
    <section className="detail" aria-labelledby="command-title" data-testid="command-detail">
      <header className="detail-header">
        <h2 id="command-title">{label(`commandType.${command.type}`, command.type)}</h2>
        <CommandStatusBadge status={command.status} />
      </header>
      {command.status === 'failed' && command.error && (
        <p className="error-text" role="alert" data-testid="command-error" data-code={command.error.code}>
          {explainFailure(command.error)} <code>{command.error.code}</code>
        </p>
      )}
      <dl className="facts">
        <dt>Id</dt>
        <dd><code>{command.commandId}</code></dd>
        <dt>{t('commands.acceptedAt')}</dt>
        <dd>{dateTime(command.acceptedAt)}</dd>
        <dt>{t('commands.processedAt')}</dt>
        <dd>{dateTime(command.processedAt)}</dd>
        <dt>{t('commands.correlationId')}</dt>
        <dd><code>{command.correlationId ?? '—'}</code></dd>
        {command.aggregateId && (
          <>
            <dt>{t('commands.aggregate')}</dt>
            <dd>
              {command.aggregateType === 'occurrence' ? (
                <Link to={{ screen: 'occurrences', occurrenceId: command.aggregateId }}>{command.aggregateType} <code>{command.aggregateId}</code></Link>
              ) : (
                <>{command.aggregateType} <code>{command.aggregateId}</code></>
              )}
            </dd>
          </>
        )}
      </dl>
      {command.result && (
        <>
          <h3>{t('commands.result')}</h3>
          <pre className="json">{JSON.stringify(command.result, null, 2)}</pre>
        </>
      )}
      {command.error && (
        <>
          <h3>{t('commands.error')}</h3>
          <pre className="json">{JSON.stringify(command.error, null, 2)}</pre>
        </>
      )}
      {trace ? (
        <a className="button" href={trace} target="_blank" rel="noreferrer" data-testid="trace-link">
          {t('commands.trace')} ↗
        </a>
      ) : (
        <p className="muted">{t('commands.noTrace')}</p>
      )}
    </section>
  );
}
