import type { Topics } from '@atalaia/contracts';
import type { OccurrenceRepository } from '../db/occurrence-repository';
import type { Geocoder } from '../geocoding/geocoder';

export const OCCURRENCE_SOURCE = 'atalaia.occurrence';

export interface OccurrenceUseCaseDeps {
  repository: OccurrenceRepository;
  topics: Topics;
  /** Finds the point of an address sent without one; `noGeocoder` unless GEOCODER_URL is set. */
  geocoder: Geocoder;
}
