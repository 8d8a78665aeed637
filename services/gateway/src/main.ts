import { runService } from '@atalaia/service-runtime';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway-service';

const config = loadGatewayConfig();
void runService({
  name: 'gateway',
  otlpTracesEndpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  start: () => startGateway(config),
});
