import { coordinatesSchema, type Coordinates } from '@atalaia/contracts';
import type { Logger } from '@atalaia/telemetry';
import type { Geocoder } from './geocoder';

export interface NominatimOptions {
  /** Base URL of a Nominatim server, e.g. `https://nominatim.openstreetmap.org` or one the brigade runs. */
  url: string;
  timeoutMs: number;
  /** Nominatim's usage policy asks every client to name itself. */
  userAgent: string;
  logger: Logger;
}

/**
 * A geocoder over Nominatim's `/search` API (OpenStreetMap): the first match's
 * point. A slow, failing or empty answer is `null`, logged; the occurrence is
 * then stored without coordinates rather than held back.
 */
export function nominatimGeocoder(options: NominatimOptions): Geocoder {
  return {
    async locate(address, hint) {
      const query = hint.municipality ? `${address}, ${hint.municipality}` : address;
      const url = new URL('search', options.url.endsWith('/') ? options.url : `${options.url}/`);
      url.search = new URLSearchParams({ q: query, format: 'jsonv2', limit: '1' }).toString();
      try {
        const response = await fetch(url, {
          headers: { 'user-agent': options.userAgent, accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!response.ok) throw new Error(`Nominatim answered ${response.status}`);
        return firstPoint(await response.json());
      } catch (error) {
        options.logger.warn({ err: error, address: query }, 'geocoding failed; the occurrence is kept without coordinates');
        return null;
      }
    },
  };
}

/** Nominatim gives `lat` and `lon` as strings; anything else is no answer. */
function firstPoint(body: unknown): Coordinates | null {
  const first = Array.isArray(body) ? (body[0] as { lat?: unknown; lon?: unknown } | undefined) : undefined;
  if (!first) return null;
  const parsed = coordinatesSchema.safeParse({ latitude: Number(first.lat), longitude: Number(first.lon) });
  return parsed.success ? parsed.data : null;
}
