import type { Topics } from '@atalaia/contracts';
import type { OccurrenceRepository } from '../db/occurrence-repository';

export const OCCURRENCE_SOURCE = 'atalaia.occurrence';

export interface OccurrenceUseCaseDeps {
  repository: OccurrenceRepository;
  topics: Topics;
}
