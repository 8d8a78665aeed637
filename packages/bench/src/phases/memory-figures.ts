import { serviceNames } from '../bench-system';
import { figure, targets, type Figure } from '../figures';

/** P4: one row per service and moment; a service with no process found is an error, not 0 MiB. */
export function memoryFigures(idle: Map<string, number> | undefined, peak: Map<string, number> | undefined): Figure[] {
  const rows = (moment: string, sample: Map<string, number> | undefined, target: typeof targets.p4IdleMiB) =>
    serviceNames.map((service) => {
      const mib = sample?.get(service);
      const found = mib !== undefined && mib > 0;
      return figure('P4', `RSS ${service} ${moment}`, found ? mib : null, 'mib', {
        target,
        ...(found ? {} : { error: sample ? `no process of ${service} found` : `not measured` }),
      });
    });
  return [...rows('idle', idle, targets.p4IdleMiB), ...rows('peak during P2', peak, targets.p4LoadMiB)];
}
