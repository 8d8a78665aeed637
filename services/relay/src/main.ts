import { runService } from '@atalaia/service-runtime';
import { loadRelayConfig } from './config';
import { startRelay } from './relay-service';

const config = loadRelayConfig();
void runService({
  name: 'relay',
  otlpTracesEndpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  start: () => startRelay(config),
});
