import { useConsole, useNow } from '../app/console-context';
import { errorCodeOf } from '../api/http-client';
import { UnitStatusBadge } from '../components/status-badge';
import { UnitCard } from '../components/unit-card';
import type { Permission } from '../domain/permissions';
import { unitStatuses, type UnitView } from '../domain/types';
import { groupUnitsByStatus } from '../domain/units-board';
import { useI18n } from '../i18n/i18n-context';
import { useUnitsBoard } from './use-units-board';

/** Every registered unit by status (available, on a job, returning, out of service), live. */
export function UnitsBoard() {
  const { session } = useConsole();
  const { t, explain } = useI18n();
  const board = useUnitsBoard();
  return (
    <section className="units" aria-labelledby="units-title" data-testid="units-board">
      <h1 id="units-title">{t('units.title')}</h1>
      {board.error !== undefined && (
        <p className="error-text" role="alert">
          {explain(errorCodeOf(board.error))}
        </p>
      )}
      {board.loading ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <UnitColumns units={board.units} held={session.client.permissions} crossAgency={session.client.crossAgency} />
      )}
    </section>
  );
}

interface UnitColumnsProps {
  units: readonly UnitView[];
  /** The session's permissions: out of service and back need `units:status`. */
  held: readonly Permission[];
  crossAgency: boolean;
}

export function UnitColumns({ units, held, crossAgency }: UnitColumnsProps) {
  const { t } = useI18n();
  const now = useNow(5000);
  const groups = groupUnitsByStatus(units);
  return (
    <div className="unit-columns">
      {unitStatuses.map((status) => (
        <section key={status} className={`unit-column column-${status}`} data-testid="units-column" data-status={status} aria-labelledby={`units-${status}`}>
          <h2 id={`units-${status}`}>
            <UnitStatusBadge status={status} />{' '}
            <span className="count-value" aria-label={t('units.count', { count: groups[status].length })}>
              {groups[status].length}
            </span>
          </h2>
          {groups[status].length === 0 ? (
            <p className="muted">{t('units.empty')}</p>
          ) : (
            <ul>
              {groups[status].map((unit) => (
                <UnitCard key={unit.id} unit={unit} now={now} held={held} crossAgency={crossAgency} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
