import type { OccurrenceIntake } from '@atalaia/contracts';
import { occurrenceIntakeSchema, type OccurrenceLocation } from '@atalaia/contracts';
import { addressToGeocode, decideIntake, type ExistingOccurrence } from '../src/domain/occurrence-intake';

const intake: OccurrenceIntake = {
  externalId: 'EXT-2026-000123',
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
};

const existing = (overrides: Partial<ExistingOccurrence> = {}): ExistingOccurrence => ({
  type: intake.type,
  description: intake.description,
  reportedAt: new Date(intake.reportedAt),
  location: null,
  priority: null,
  status: 'reported',
  ...overrides,
});

describe('occurrence create-or-update rule', () => {
  it('when no occurrence exists for the agency and externalId, then it is created from the report', () => {
    expect(decideIntake(null, intake)).toEqual({
      kind: 'create',
      fields: { type: intake.type, description: intake.description, reportedAt: new Date('2026-02-01T17:32:00Z'), location: null, priority: null },
    });
  });

  it('when the same report arrives again, then nothing changes', () => {
    expect(decideIntake(existing(), intake)).toEqual({ kind: 'unchanged' });
  });

  it('when the same instant is written in another offset, then it is not a change', () => {
    expect(decideIntake(existing(), { ...intake, reportedAt: '2026-02-01T17:32:00Z' })).toEqual({ kind: 'unchanged' });
  });

  it('when fields differ, then it is an update naming exactly the changed fields', () => {
    const decision = decideIntake(existing(), { ...intake, description: 'Fogo controlado', type: 'incendio_florestal' });
    expect(decision).toMatchObject({ kind: 'update', changedFields: ['type', 'description'] });
  });

  it('when the occurrence is resolved or cancelled and the report changes it, then it is rejected', () => {
    for (const status of ['resolved', 'cancelled'] as const) {
      expect(decideIntake(existing({ status }), { ...intake, description: 'late news' })).toMatchObject({
        kind: 'rejected',
        code: 'OCCURRENCE_CLOSED',
      });
    }
  });

  it('when the occurrence is in progress, then updates still apply', () => {
    expect(decideIntake(existing({ status: 'in_progress' }), { ...intake, description: 'x' })).toMatchObject({ kind: 'update' });
  });

  it('when the seed\'s payload is sent, then it is valid as it always was, with no place and no priority', () => {
    const seedPayload = '{"externalId":"EXT-2026-000123","type":"incendio_urbano","description":"Incêndio em residência","reportedAt":"2026-02-01T14:32:00-03:00"}';
    const parsed = occurrenceIntakeSchema.parse(JSON.parse(seedPayload));
    expect(JSON.stringify(parsed)).toBe(seedPayload);
    expect(decideIntake(null, parsed)).toMatchObject({ kind: 'create', fields: { location: null, priority: null } });
  });

  it.each([
    ['latitude above 90', { latitude: 90.5, longitude: 0 }, 'location.latitude'],
    ['longitude below -180', { latitude: 0, longitude: -180.1 }, 'location.longitude'],
    ['latitude as a string', { latitude: '-23.5', longitude: -46.6 }, 'location.latitude'],
    ['latitude NaN', { latitude: Number.NaN, longitude: -46.6 }, 'location.latitude'],
    ['longitude missing', { latitude: -23.5 }, 'location.longitude'],
    ['an unknown field', { latitude: -23.5, longitude: -46.6, altitude: 3 }, 'location'],
  ])('when the place has %s, then the intake is refused naming %s', (_, location, field) => {
    const result = occurrenceIntakeSchema.safeParse({ ...intake, location });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });

  it.each([-1, 11, 2.5, '5'])('when the priority is %p, then the intake is refused naming priority', (priority) => {
    const result = occurrenceIntakeSchema.safeParse({ ...intake, priority });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['priority']);
  });

  it('when a report sends a place and a priority, then the occurrence keeps every place field, the agency\'s point not geocoded', () => {
    const decision = decideIntake(null, { ...intake, location: { address: 'Rua A, 1', latitude: -23.5, longitude: -46.6 }, priority: 9 });
    expect(decision).toMatchObject({
      kind: 'create',
      fields: { priority: 9, location: { address: 'Rua A, 1', latitude: -23.5, longitude: -46.6, municipality: null, region: null, geocoded: false } },
    });
  });

  it('when a later report leaves place and priority out, then the occurrence keeps them; when it changes them, they are named as changed', () => {
    const place: OccurrenceLocation = { address: 'Rua A, 1', latitude: -23.5, longitude: -46.6, municipality: null, region: null, geocoded: false };
    const known = existing({ location: place, priority: 5 });
    expect(decideIntake(known, intake)).toEqual({ kind: 'unchanged' });
    expect(decideIntake(known, { ...intake, priority: 7, location: { address: 'Rua B, 2' } })).toMatchObject({
      kind: 'update',
      changedFields: ['location', 'priority'],
      fields: { priority: 7, location: { address: 'Rua B, 2', latitude: null, longitude: null } },
    });
  });

  it('when an address comes without a point, then it is the one to geocode, once: not again for the same address, never over the agency\'s point', () => {
    const addressOnly = { ...intake, location: { address: 'Rua A, 1', municipality: 'Lisboa' } };
    expect(addressToGeocode(null, addressOnly)).toBe('Rua A, 1');
    expect(addressToGeocode(null, { ...intake, location: { address: 'Rua A, 1', latitude: 1, longitude: 2 } })).toBeNull();
    expect(addressToGeocode(null, intake)).toBeNull();

    const decision = decideIntake(null, addressOnly, { latitude: 38.7, longitude: -9.1 });
    expect(decision).toMatchObject({ fields: { location: { address: 'Rua A, 1', latitude: 38.7, longitude: -9.1, municipality: 'Lisboa', geocoded: true } } });
    if (decision.kind !== 'create') throw new Error('expected a create');
    const geocoded = existing({ location: decision.fields.location });
    expect(addressToGeocode(geocoded, addressOnly)).toBeNull();
    expect(decideIntake(geocoded, addressOnly)).toEqual({ kind: 'unchanged' });
    expect(addressToGeocode(geocoded, { ...intake, location: { address: 'Rua B, 2' } })).toBe('Rua B, 2');
  });

  it('when no geocoder answers, then the address is kept without coordinates', () => {
    expect(decideIntake(null, { ...intake, location: { address: 'Rua A, 1' } }, null)).toMatchObject({
      fields: { location: { address: 'Rua A, 1', latitude: null, longitude: null, geocoded: false } },
    });
  });
});
