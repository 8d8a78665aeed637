import { gatewayListing, instanceCountsSchema, peerOf, planInstances, type InstanceCounts } from '../src/service-instances';

const defaultPorts = { occurrence: 8101, dispatch: 8102, audit: 8103, relay: 8104, gateway: 8000 };
const counts = (value: string | undefined): InstanceCounts => instanceCountsSchema.parse(value);
const issuesOf = (value: string) => {
  const parsed = instanceCountsSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe('service instances of npm start (ATALAIA_INSTANCES)', () => {
  test('when unset or empty, then every service runs once, named and listening as a single-instance system does', () => {
    expect(counts(undefined)).toEqual({ occurrence: 1, dispatch: 1, audit: 1, relay: 1, gateway: 1 });
    expect(counts('')).toEqual(counts(undefined));

    expect(planInstances(counts(undefined), defaultPorts, 10)).toEqual([
      { service: 'occurrence', index: 1, name: 'occurrence', port: 8101 },
      { service: 'dispatch', index: 1, name: 'dispatch', port: 8102 },
      { service: 'audit', index: 1, name: 'audit', port: 8103 },
      { service: 'relay', index: 1, name: 'relay', port: 8104 },
      { service: 'gateway', index: 1, name: 'gateway', port: 8000 },
    ]);
  });

  test('when services are named with counts, then those run that often and the others once', () => {
    expect(counts(' gateway=2, relay=3 ,audit=1')).toEqual({ occurrence: 1, dispatch: 1, audit: 1, relay: 3, gateway: 2 });
  });

  test('when a pair is malformed, names an unknown service, a count outside 1–16 or a service twice, then each is refused by name', () => {
    expect(issuesOf('gateway')).toEqual([expect.stringContaining('"gateway" is not <service>=<1–16>')]);
    expect(issuesOf('billing=2')).toEqual([expect.stringContaining('a service among occurrence, dispatch, audit, relay, gateway')]);
    expect(issuesOf('relay=0,gateway=17')).toHaveLength(2);
    expect(issuesOf('relay=2,relay=3')).toEqual(['relay is named twice']);
  });

  test('when a service has several instances, then instance k is <service>-<k> on its port + (k − 1) × the step, and the first is unchanged', () => {
    const instances = planInstances(counts('gateway=2,relay=2,occurrence=3'), defaultPorts, 10);

    expect(instances.map(({ name, port }) => `${name}:${port}`)).toEqual([
      'occurrence:8101',
      'occurrence-2:8111',
      'occurrence-3:8121',
      'dispatch:8102',
      'audit:8103',
      'relay:8104',
      'relay-2:8114',
      'gateway:8000',
      'gateway-2:8010',
    ]);
  });

  test('when two instances would share a port or one would pass 65535, then planning fails naming them', () => {
    expect(() => planInstances(counts('occurrence=2'), defaultPorts, 1)).toThrow('occurrence-2 and dispatch would both listen on port 8102');
    expect(() => planInstances(counts('gateway=2'), { ...defaultPorts, gateway: 65530 }, 10)).toThrow('gateway-2 would listen on port 65540');
  });

  test('when gateways outnumber a service, then they call its instances round-robin', () => {
    const instances = planInstances(counts('gateway=3,occurrence=2'), defaultPorts, 10);

    expect([1, 2, 3].map((index) => peerOf(instances, 'occurrence', index).name)).toEqual(['occurrence', 'occurrence-2', 'occurrence']);
    expect([1, 2, 3].map((index) => peerOf(instances, 'relay', index).name)).toEqual(['relay', 'relay', 'relay']);
  });

  test('when the ready line lists the gateways, then one gateway reads as it always has and several are each named', () => {
    expect(gatewayListing(planInstances(counts(''), defaultPorts, 10), '127.0.0.1')).toBe('gateway http://127.0.0.1:8000');
    expect(gatewayListing(planInstances(counts('gateway=2'), defaultPorts, 10), '127.0.0.1')).toBe(
      'gateway http://127.0.0.1:8000  gateway-2 http://127.0.0.1:8010',
    );
  });
});
