import type { CommandStatus, DispatchStatus, OccurrenceStatus, UnitStatus } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

// Colour is never the only signal: every badge carries its label, and a shape marker.
const markers: Record<string, string> = {
  reported: '●',
  in_progress: '▶',
  resolved: '✓',
  cancelled: '✕',
  assigned: '○',
  en_route: '➜',
  on_scene: '◆',
  closed: '■',
  available: '✓',
  returning: '↩',
  out_of_service: '⊘',
  pending: '…',
  processed: '✓',
  failed: '✕',
};

export function OccurrenceStatusBadge({ status }: { status: OccurrenceStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{markers[status]} </span>
      {t(`status.${status}`)}
    </span>
  );
}

export function DispatchStatusBadge({ status }: { status: DispatchStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{markers[status]} </span>
      {t(`dispatchStatus.${status}`)}
    </span>
  );
}

export function UnitStatusBadge({ status }: { status: UnitStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-unit-${status}`} data-status={status}>
      <span aria-hidden="true">{markers[status]} </span>
      {t(`unitStatus.${status}`)}
    </span>
  );
}

export function CommandStatusBadge({ status }: { status: CommandStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-command-${status}`} data-testid="command-status" data-status={status} role="status">
      <span aria-hidden="true">{markers[status]} </span>
      {t(`commandStatus.${status}`)}
    </span>
  );
}
