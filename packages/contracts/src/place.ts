import { z } from 'zod';

/** WGS84 degrees; range-checked so a swapped or garbage pair is a 400 naming the field, never a stored point. */
export const latitudeSchema = z.number().min(-90).max(90);
export const longitudeSchema = z.number().min(-180).max(180);

/** A point on the map (WGS84). */
export const coordinatesSchema = z.strictObject({ latitude: latitudeSchema, longitude: longitudeSchema });
export type Coordinates = z.infer<typeof coordinatesSchema>;

/**
 * Where an occurrence is, as an agency sends it: any of an address, a point,
 * a municipality and a free region code. Latitude and longitude come together
 * or not at all; an address without them may be geocoded by the occurrence
 * service when a geocoder is configured.
 */
export const occurrenceLocationSchema = z
  .strictObject({
    address: z.string().trim().min(1).max(500).optional(),
    latitude: latitudeSchema.optional(),
    longitude: longitudeSchema.optional(),
    municipality: z.string().trim().min(1).max(120).optional(),
    region: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only')
      .optional(),
  })
  .superRefine((location, context) => {
    if ((location.latitude === undefined) !== (location.longitude === undefined)) {
      const missing = location.latitude === undefined ? 'latitude' : 'longitude';
      context.addIssue({ code: 'custom', path: [missing], message: 'latitude and longitude come together' });
    }
  });
export type OccurrenceLocationInput = z.infer<typeof occurrenceLocationSchema>;

/** The place as the owner publishes it: every field present, null when unknown; `geocoded` says where the point came from. */
export const occurrenceLocationSnapshotSchema = z.object({
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  municipality: z.string().nullable(),
  region: z.string().nullable(),
  /** True when the point came from the configured geocoder rather than from the agency. */
  geocoded: z.boolean(),
});
export type OccurrenceLocation = z.infer<typeof occurrenceLocationSnapshotSchema>;

/**
 * Priority on EIDO's 0–10 scale: 0 is the least urgent, 10 the most. Named
 * bands for screens and reports: 0–3 low, 4–6 medium, 7–8 high, 9–10 critical.
 */
export const occurrencePrioritySchema = z.number().int().min(0).max(10);
export const priorityBands = ['low', 'medium', 'high', 'critical'] as const;
export type PriorityBand = (typeof priorityBands)[number];

export function priorityBandOf(priority: number): PriorityBand {
  if (priority >= 9) return 'critical';
  if (priority >= 7) return 'high';
  if (priority >= 4) return 'medium';
  return 'low';
}

const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle (haversine) distance in kilometres: a straight line over the sphere, not a road route. */
export function haversineKm(from: Coordinates, to: Coordinates): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
