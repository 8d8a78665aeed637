export { loadRelayConfig, relayConfigSchema, type RelayConfig } from './config';
export { startRelay, type RunningRelay } from './relay-service';
