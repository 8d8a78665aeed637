import type { Coordinates } from '@atalaia/contracts';

/**
 * Finds the point of an address. An installation configures at most one;
 * with none, an address without coordinates simply stays without them.
 * A geocoder never throws: an answer it cannot give is `null`.
 */
export interface Geocoder {
  locate(address: string, hint: { municipality?: string | undefined }): Promise<Coordinates | null>;
}

/** The default: no provider, no network call. */
export const noGeocoder: Geocoder = { locate: async () => null };
