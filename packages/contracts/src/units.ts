import { z } from 'zod';
import { uuidV5 } from './occurrence-identity';
import { coordinatesSchema, latitudeSchema, longitudeSchema } from './place';

/**
 * The unit (vehicle or team) status machine; the table is in the README and
 * the rules in the dispatch service's `unit-status-machine.ts`.
 *   available ─assigned→ assigned ─en route→ en_route ─on scene→ on_scene
 *   dispatch closed: from assigned → available; from en_route/on_scene → returning
 *   returning ─in service→ available; available/returning ─out of service→ out_of_service ─in service→ available
 */
export const unitStatuses = ['available', 'assigned', 'en_route', 'on_scene', 'returning', 'out_of_service'] as const;
export const unitStatusSchema = z.enum(unitStatuses);
export type UnitStatus = z.infer<typeof unitStatusSchema>;

/** The kinds every installation knows (CBM nomenclature); `UNIT_KINDS` in the dispatch service's config adds more. */
export const defaultUnitKinds = {
  ABT: 'Auto Bomba Tanque',
  ABS: 'Auto Bomba Salvamento',
  AT: 'Auto Tanque',
  AP: 'Auto Plataforma',
  AEM: 'Auto Escada Mecânica',
  ASE: 'Auto Socorro de Emergência',
  AR: 'Auto Resgate',
  UR: 'Unidade de Resgate',
  USA: 'Unidade de Suporte Avançado',
  USB: 'Unidade de Suporte Básico',
  ABSL: 'Auto Busca e Salvamento',
  AAF: 'Auto Apoio Florestal',
  EMB: 'Embarcação',
  AER: 'Aeronave',
} as const satisfies Record<string, string>;

export const unitKindCodeSchema = z.string().regex(/^[A-Z][A-Z0-9]{0,11}$/, 'an upper-case unit kind code, e.g. ABT');

export const unitCodeSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'an upper-case vehicle or team code, e.g. ABT-12');

const capabilitySchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case tag, e.g. water_rescue');

/** A base units leave from and return to. */
export const stationSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  latitude: latitudeSchema,
  longitude: longitudeSchema,
});
export type Station = z.infer<typeof stationSchema>;

/** What describes a unit, as `POST /api/units` and the bulk import take it. */
export const unitRegistrationSchema = z.strictObject({
  code: unitCodeSchema,
  kind: unitKindCodeSchema,
  name: z.string().trim().min(1).max(120).optional(),
  station: stationSchema.optional(),
  capabilities: z.array(capabilitySchema).max(32).default([]),
  crewSize: z.number().int().min(1).max(99).optional(),
});
export type UnitRegistration = z.infer<typeof unitRegistrationSchema>;

/** `PATCH /api/units/{id}`: what changes; null clears an optional field. */
export const unitUpdateBodySchema = z
  .strictObject({
    kind: unitKindCodeSchema.optional(),
    name: z.string().trim().min(1).max(120).nullable().optional(),
    station: stationSchema.nullable().optional(),
    capabilities: z.array(capabilitySchema).max(32).optional(),
    crewSize: z.number().int().min(1).max(99).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');

export const unitRetireBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() });
export const unitOutOfServiceBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const unitInServiceBodySchema = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() });

/** At most this many units in one import command; a larger fleet is several imports. */
export const UNIT_IMPORT_LIMIT = 500;
export const unitImportBodySchema = z.strictObject({ units: z.array(unitRegistrationSchema).min(1).max(UNIT_IMPORT_LIMIT) });

export const registerUnitCommandSchema = unitRegistrationSchema.extend({ unitId: z.uuid() });
export const updateUnitCommandSchema = z.object({
  unitId: z.uuid(),
  changes: z.object({
    kind: unitKindCodeSchema.optional(),
    name: z.string().nullable().optional(),
    station: stationSchema.nullable().optional(),
    capabilities: z.array(capabilitySchema).optional(),
    crewSize: z.number().int().nullable().optional(),
  }),
});
export const retireUnitCommandSchema = unitRetireBodySchema.extend({ unitId: z.uuid() });
export const setUnitServiceCommandSchema = z.object({
  unitId: z.uuid(),
  inService: z.boolean(),
  reason: z.string().trim().min(1).max(2000).optional(),
});
export const importUnitsCommandSchema = z.object({ units: z.array(unitRegistrationSchema).min(1).max(UNIT_IMPORT_LIMIT) });

/** The dispatch a busy unit holds. */
export const unitDispatchRefSchema = z.object({ id: z.uuid(), occurrenceId: z.uuid(), status: z.string() });

/** A station as events carry it: read tolerantly, as every object of an event is (the request's station stays strict). */
const stationSnapshotSchema = z.object(stationSchema.shape);

/** A unit as the dispatch service publishes it in events and reads. */
export const unitSnapshotSchema = z.object({
  id: z.uuid(),
  agencyId: z.string(),
  code: z.string(),
  kind: z.string(),
  name: z.string().nullable(),
  station: stationSnapshotSchema.nullable(),
  capabilities: z.array(z.string()),
  crewSize: z.number().int().nullable(),
  status: unitStatusSchema,
  /** Why it is out of service, or what last moved it. */
  statusReason: z.string().nullable(),
  statusSince: z.iso.datetime({ offset: true }),
  /** Set once retired: a retired unit is never dispatched again, its history stays. */
  retiredAt: z.iso.datetime({ offset: true }).nullable(),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type UnitSnapshot = z.infer<typeof unitSnapshotSchema>;

/** What moved a unit's status: a dispatch event or an operator. */
export const unitStatusCauses = ['dispatch_assigned', 'dispatch_en_route', 'dispatch_on_scene', 'dispatch_closed', 'out_of_service', 'in_service'] as const;
export const unitStatusCauseSchema = z.enum(unitStatusCauses);
export type UnitStatusCause = z.infer<typeof unitStatusCauseSchema>;

export const unitStatusChangedSchema = z.object({
  unit: unitSnapshotSchema,
  previousStatus: unitStatusSchema,
  cause: unitStatusCauseSchema,
  dispatchId: z.uuid().nullable(),
});
export const unitChangedSchema = z.object({ unit: unitSnapshotSchema, changedFields: z.array(z.string()) });

/** Query of `GET /api/units`. */
export const unitListQuerySchema = z.strictObject({
  status: unitStatusSchema.optional(),
  kind: unitKindCodeSchema.optional(),
  station: z.string().min(1).max(120).optional(),
  agencyId: z.string().min(1).max(64).optional(),
  includeRetired: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/** Query of `GET /api/occurrences/{id}/nearest-units`. */
export const nearestUnitsQuerySchema = z.strictObject({
  kind: unitKindCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

/** The UUID namespace of unit ids (a fixed random v4 UUID). */
export const UNIT_ID_NAMESPACE = '3f0c9a52-7d1e-4b8a-a6c3-5e9d2b7f1c04';

/**
 * The id of an agency's unit with `code`, known before it exists: the gateway
 * keys every command about the unit with it, so they keep their order, and a
 * registration or import of a code that exists lands on the same row.
 */
export function unitIdFor(agencyId: string, code: string): string {
  return uuidV5(`${agencyId}\n${code}`, UNIT_ID_NAMESPACE);
}

export { coordinatesSchema };
