import { z } from 'zod';

/** The services `npm start` runs, in the order it starts them. */
export const systemServices = ['occurrence', 'dispatch', 'audit', 'relay', 'gateway'] as const;
export type SystemService = (typeof systemServices)[number];
export type InstanceCounts = Record<SystemService, number>;

/** A bound against a typo such as `gateway=20` starting twenty processes on a laptop. */
export const MAX_INSTANCES = 16;

const isSystemService = (name: string | undefined): name is SystemService => systemServices.includes(name as SystemService);

/**
 * `ATALAIA_INSTANCES`: `<service>=<count>` pairs, comma-separated, e.g.
 * `gateway=2,relay=2`; a service not named runs once, so unset is today's
 * system of one process per service.
 */
export const instanceCountsSchema = z
  .string()
  .default('')
  .transform((value, ctx): InstanceCounts => {
    const counts = Object.fromEntries(systemServices.map((service) => [service, 1])) as InstanceCounts;
    const named = new Set<SystemService>();
    for (const pair of value.split(',').map((part) => part.trim()).filter(Boolean)) {
      const [, service, count] = /^([a-z]+)=(\d+)$/.exec(pair) ?? [];
      if (!isSystemService(service) || Number(count) < 1 || Number(count) > MAX_INSTANCES) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not <service>=<1–${MAX_INSTANCES}>, with a service among ${systemServices.join(', ')}` });
      } else if (named.has(service)) {
        ctx.addIssue({ code: 'custom', message: `${service} is named twice` });
      } else {
        named.add(service);
        counts[service] = Number(count);
      }
    }
    return counts;
  });

export interface ServiceInstance {
  service: SystemService;
  /** 1 for the first instance. */
  index: number;
  /** The name in the supervisor's log lines: `<service>` for the first instance, `<service>-<k>` for the k-th. */
  name: string;
  port: number;
}

export function instanceName(service: SystemService, index: number): string {
  return index === 1 ? service : `${service}-${index}`;
}

/**
 * Every process `npm start` runs: instance k of a service listens on the
 * service's port + (k − 1) × `step`, so the first instance is exactly what a
 * single-instance system runs. Throws, naming both, when two instances would
 * share a port, and when one would fall past 65535.
 */
export function planInstances(counts: InstanceCounts, ports: Record<SystemService, number>, step: number): ServiceInstance[] {
  const instances = systemServices.flatMap((service) =>
    Array.from({ length: counts[service] }, (_, offset) => ({
      service,
      index: offset + 1,
      name: instanceName(service, offset + 1),
      port: ports[service] + offset * step,
    })),
  );
  const byPort = new Map<number, string>();
  for (const { name, port } of instances) {
    if (port > 65535) throw new Error(`${name} would listen on port ${port}: lower ATALAIA_INSTANCE_PORT_STEP or the service's port`);
    const other = byPort.get(port);
    if (other) throw new Error(`${other} and ${name} would both listen on port ${port}: change ATALAIA_INSTANCE_PORT_STEP or a port`);
    byPort.set(port, name);
  }
  return instances;
}

/**
 * The instance of `service` that instance `index` of another service calls
 * (a gateway's reads, its operations overview): round-robin, as there is no
 * load balancer in front of them locally.
 */
export function peerOf(instances: ServiceInstance[], service: SystemService, index: number): ServiceInstance {
  const candidates = instances.filter((instance) => instance.service === service);
  return candidates[(index - 1) % candidates.length]!;
}

/** `gateway http://… gateway-2 http://…`: every gateway, for the ready line. */
export function gatewayListing(instances: ServiceInstance[], host: string): string {
  return instances
    .filter((instance) => instance.service === 'gateway')
    .map(({ name, port }) => `${name} http://${host}:${port}`)
    .join('  ');
}
