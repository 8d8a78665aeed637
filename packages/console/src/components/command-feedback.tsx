import type { TrackedCommand } from '../api/command-tracker';
import { Link } from '../app/router';
import { useI18n } from '../i18n/i18n-context';
import { CommandStatusBadge } from './status-badge';

/** Commands this console sent, each going pending → processed/failed, a failure explained in words. */
export function CommandFeedback({ commands }: { commands: readonly TrackedCommand[] }) {
  const { label, explain } = useI18n();
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
              {explain(command.error.code, command.error.detail)}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
