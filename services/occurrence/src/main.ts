import { runService } from '@atalaia/service-runtime';
import { loadOccurrenceConfig } from './config';
import { startOccurrenceService } from './occurrence-service';

const config = loadOccurrenceConfig();
void runService({
  name: 'occurrence',
  start: () => startOccurrenceService(config),
});
