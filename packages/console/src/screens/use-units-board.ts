import { useEffect, useState } from 'react';
import { useConsole, useLiveEvents, useTrackedCommands } from '../app/console-context';
import { useResource } from '../app/use-resource';
import type { UnitView } from '../domain/types';
import { applyDispatchToUnits, applyUnitSnapshot } from '../domain/units-board';

/**
 * Every unit the session may see, kept live: unit events move units between
 * statuses, dispatch events name their jobs, a `resync` refetches. While the
 * stream is down, a settled unit command refetches instead.
 */
export function useUnitsBoard() {
  const { api } = useConsole();
  const resource = useResource(() => api.allUnits(), 'units');
  const { reload } = resource;
  const [units, setUnits] = useState<UnitView[]>([]);
  useEffect(() => {
    if (resource.data) setUnits(resource.data);
  }, [resource.data]);

  useLiveEvents((event) => {
    if (event.kind === 'resync') reload();
    if (event.kind === 'unit') setUnits((current) => applyUnitSnapshot(current, event.unit));
    if (event.kind === 'dispatch') setUnits((current) => applyDispatchToUnits(current, event.dispatch));
  });

  const settled = useTrackedCommands().filter((command) => command.unitId !== undefined && command.status !== 'pending').length;
  useEffect(() => {
    if (settled > 0) reload();
  }, [settled, reload]);

  return { units, loading: resource.loading && !resource.data, error: resource.error };
}
