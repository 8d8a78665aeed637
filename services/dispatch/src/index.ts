export { dispatchConfigSchema, loadDispatchConfig, type DispatchConfig } from './config';
export { startDispatchService, type RunningDispatchService } from './dispatch-service';
