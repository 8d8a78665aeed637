import { runService } from '@atalaia/service-runtime';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway-service';

const config = loadGatewayConfig();
void runService({
  name: 'gateway',
  start: () => startGateway(config),
});
