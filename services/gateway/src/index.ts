export { gatewayConfigSchema, loadGatewayConfig, type GatewayConfig } from './config';
export { startGateway, type RunningGateway } from './gateway-service';
