import { runService } from '@atalaia/service-runtime';
import { loadAuditConfig } from './config';
import { startAuditService } from './audit-service';

const config = loadAuditConfig();
void runService({
  name: 'audit',
  start: () => startAuditService(config),
});
