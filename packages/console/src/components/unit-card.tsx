import { useState } from 'react';
import { useConsole, useTrackedCommands } from '../app/console-context';
import { Link } from '../app/router';
import { availableUnitActions, permittedActions, unitActionPermissions } from '../domain/available-actions';
import type { Permission } from '../domain/permissions';
import type { UnitView } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { formatDuration } from '../i18n/time-format';
import { CommandFeedback } from './command-feedback';
import { IntentButton } from './intent-button';
import { OutOfServiceDialog } from './out-of-service-dialog';
import { useCommandIntent } from './use-command-intent';

interface UnitCardProps {
  unit: UnitView;
  now: number;
  /** The session's permissions: the service actions need `units:status`. */
  held: readonly Permission[];
  crossAgency: boolean;
}

/** One unit: its time in status, why it is out of service, the occurrence it is on, and its operator actions. */
export function UnitCard({ unit, now, held, crossAgency }: UnitCardProps) {
  const { t } = useI18n();
  const job = unit.currentDispatch;
  return (
    <li className="unit-card" data-testid="unit-card" data-unit-code={unit.code} data-status={unit.status}>
      <div className="unit-card-head">
        <strong>{unit.code}</strong> <span className="tag">{unit.kind}</span>
        {unit.name && <span className="muted"> {unit.name}</span>}
      </div>
      <time className="muted" dateTime={unit.statusSince}>
        {t('units.timeInStatus', { duration: formatDuration(now - Date.parse(unit.statusSince)) })}
      </time>
      {unit.status === 'out_of_service' && unit.statusReason && <span>{t('units.reason', { reason: unit.statusReason })}</span>}
      {job && (
        <Link to={{ screen: 'occurrences', occurrenceId: job.occurrenceId }} data-testid="unit-occurrence" data-occurrence-id={job.occurrenceId}>
          {t('units.occurrence')} <code>{job.occurrenceId.slice(0, 8)}</code>
        </Link>
      )}
      {unit.station && <span className="muted">{t('units.station', { station: unit.station.name })}</span>}
      {crossAgency && <span className="muted">{t('units.agency', { agency: unit.agencyId })}</span>}
      <UnitServiceActions unit={unit} held={held} />
    </li>
  );
}

/** Out of service (with a reason) and back, as the unit status machine allows; the outcome of each is shown on the card. */
function UnitServiceActions({ unit, held }: { unit: UnitView; held: readonly Permission[] }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const context = { unitId: unit.id, unitCode: unit.code, subject: unit.code };
  const inService = useCommandIntent<void>((key) => api.setInService(unit.id, key), context);
  const commands = useTrackedCommands().filter((command) => command.unitId === unit.id && command.type === 'unit.set_service');
  const actions = permittedActions(availableUnitActions(unit.status), unitActionPermissions, held);
  return (
    <>
      {actions.length > 0 && (
        <div className="action-bar action-bar-compact" role="group" aria-label={t('units.actionsFor', { code: unit.code })}>
          {actions.includes('out_of_service') && (
            <button type="button" className="button button-danger" data-testid="unit-out-of-service" onClick={() => setAsking(true)}>
              {t('units.outOfService')}
            </button>
          )}
          {actions.includes('in_service') && (
            <IntentButton controls={inService} testId="unit-in-service">
              {t('units.inService')}
            </IntentButton>
          )}
        </div>
      )}
      <CommandFeedback commands={commands.slice(0, 2)} />
      {asking && <OutOfServiceDialog unit={unit} onClose={() => setAsking(false)} />}
    </>
  );
}
