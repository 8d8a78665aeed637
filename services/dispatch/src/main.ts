import { runService } from '@atalaia/service-runtime';
import { loadDispatchConfig } from './config';
import { startDispatchService } from './dispatch-service';

const config = loadDispatchConfig();
void runService({
  name: 'dispatch',
  start: () => startDispatchService(config),
});
