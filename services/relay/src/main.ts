import { runService } from '@atalaia/service-runtime';
import { loadRelayConfig } from './config';
import { startRelay } from './relay-service';

const config = loadRelayConfig();
void runService({
  name: 'relay',
  start: () => startRelay(config),
});
