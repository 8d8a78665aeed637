import { runService } from '@atalaia/service-runtime';
import { loadAuditConfig } from './config';
import { startAuditService } from './audit-service';

const config = loadAuditConfig();
void runService({
  name: 'audit',
  otlpTracesEndpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  start: () => startAuditService(config),
});
