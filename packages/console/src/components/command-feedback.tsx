import type { TrackedCommand } from '../api/command-tracker';
import type { Problem } from '../domain/types';
import { Link } from '../app/router';
import { currentDispatchOf } from '../i18n/command-failures';
import { useI18n } from '../i18n/i18n-context';
import { CommandStatusBadge } from './status-badge';

/** Commands this console sent, each going pending → processed/failed, a failure explained in words. */
export function CommandFeedback({ commands }: { commands: readonly TrackedCommand[] }) {
  const { t, label, explainFailure } = useI18n();
  if (commands.length === 0) return null;
  return (
    <ul className="command-feedback" aria-live="polite">
      {commands.map((command) => (
        <li key={command.commandId} data-testid="command-feedback" data-command-id={command.commandId}>
          <CommandStatusBadge status={command.status} />{' '}
          <Link to={{ screen: 'commands', commandId: command.commandId }}>{label(`commandType.${command.type}`, command.type)}</Link>
          {command.subject && <span className="muted"> · {command.subject}</span>}
          {command.status === 'failed' && command.error && (
            <p className="error-text" data-testid="command-error" data-code={command.error.code}>
              {explainFailure(command.error, { unitCode: command.unitCode })} <HoldingOccurrenceLink error={command.error} label={t('units.occurrence')} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The occurrence whose job holds a refused unit, to go and look. */
function HoldingOccurrenceLink({ error, label }: { error: Problem; label: string }) {
  const current = currentDispatchOf(error);
  if (!current) return null;
  return (
    <Link to={{ screen: 'occurrences', occurrenceId: current.occurrenceId }} data-testid="holding-occurrence">
      {label} <code>{current.occurrenceId.slice(0, 8)}</code>
    </Link>
  );
}
