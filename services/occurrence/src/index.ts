export { loadOccurrenceConfig, occurrenceConfigSchema, type OccurrenceConfig } from './config';
export { startOccurrenceService, type RunningOccurrenceService } from './occurrence-service';
