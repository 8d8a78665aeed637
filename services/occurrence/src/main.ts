import { runService } from '@atalaia/service-runtime';
import { loadOccurrenceConfig } from './config';
import { startOccurrenceService } from './occurrence-service';

const config = loadOccurrenceConfig();
void runService({
  name: 'occurrence',
  otlpTracesEndpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  start: () => startOccurrenceService(config),
});
